package xml_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	vxml "github.com/kickflow/kickflow/xml"
)

const fallbackWant = `<?xml version="1.0" encoding="UTF-8"?><Response><Speak>Sorry, something went wrong on our side.` +
	` Please call again later.</Speak><Hangup/></Response>`

func TestWrite(t *testing.T) {
	t.Parallel()
	doc := vxml.NewResponse().Conference("Room").Speak("Bye")
	want, err := doc.Render()
	require.NoError(t, err)

	rec := httptest.NewRecorder()
	require.NoError(t, vxml.Write(rec, doc))

	assert.Equal(t, http.StatusOK, rec.Code)
	assert.Equal(t, "application/xml; charset=utf-8", rec.Header().Get("Content-Type"))
	assert.Equal(t, strconv.Itoa(len(want)), rec.Header().Get("Content-Length"))
	assert.Equal(t, string(want), rec.Body.String())
}

func TestWriteInvalidWritesNothing(t *testing.T) {
	t.Parallel()
	rec := httptest.NewRecorder()
	err := vxml.Write(rec, vxml.NewResponse().Conference(""))
	assert.ErrorIs(t, err, vxml.ErrInvalid)
	assert.Empty(t, rec.Header())
	assert.Zero(t, rec.Body.Len())
	assert.False(t, rec.Flushed)
}

// failingWriter is a ResponseWriter whose body writes fail.
type failingWriter struct {
	header http.Header
	status int
	err    error
}

func (w *failingWriter) Header() http.Header         { return w.header }
func (w *failingWriter) WriteHeader(status int)      { w.status = status }
func (w *failingWriter) Write(b []byte) (int, error) { return 0, w.err }

func TestWriteBodyError(t *testing.T) {
	t.Parallel()
	broken := errors.New("broken pipe")
	w := &failingWriter{header: http.Header{}, err: broken}
	err := vxml.Write(w, vxml.NewResponse().Hangup())
	assert.ErrorIs(t, err, broken)
	assert.Equal(t, http.StatusOK, w.status)
}

func TestDefaultFallback(t *testing.T) {
	t.Parallel()
	out, err := vxml.DefaultFallback().Render()
	require.NoError(t, err)
	assert.Equal(t, fallbackWant, string(out))
}

// logged holds the records a handler logged.
type logged struct {
	buf bytes.Buffer
}

func (l *logged) logger() *slog.Logger { return slog.New(slog.NewJSONHandler(&l.buf, nil)) }

// records decodes the logged JSON records.
func (l *logged) records(t *testing.T) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(l.buf.String()), "\n") {
		if line == "" {
			continue
		}
		var rec map[string]any
		require.NoError(t, json.Unmarshal([]byte(line), &rec))
		out = append(out, rec)
	}
	return out
}

// vobizRequest is a webhook as Vobiz sends it, carrying secrets in the
// query and the headers that must never reach a log.
func vobizRequest() *http.Request {
	form := "CallUUID=call-1&From=14155550100&To=14155550101&Event=StartApp"
	req := httptest.NewRequest(http.MethodPost, "/answer?token=query-secret", strings.NewReader(form))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("auth-token", "header-secret")
	req.Header.Set("X-Vobiz-Signature-V3", "signature-secret")
	return req
}

func TestHandler(t *testing.T) {
	t.Parallel()
	custom := vxml.NewResponse().Speak("Please hold").Redirect("https://a.example/retry")
	customWant, err := custom.Render()
	require.NoError(t, err)
	ok := vxml.NewResponse().Conference("Room").Speak("Bye")
	okWant, err := ok.Render()
	require.NoError(t, err)

	tests := []struct {
		name      string
		give      vxml.HandlerFunc
		giveOpts  []vxml.HandlerOption
		wantBody  string
		wantError string // the logged error; empty when nothing is logged
	}{
		{
			name:     "success",
			give:     func(*http.Request) (*vxml.Response, error) { return ok, nil },
			wantBody: string(okWant),
		},
		{
			name:     "nil document",
			give:     func(*http.Request) (*vxml.Response, error) { return nil, nil },
			wantBody: `<?xml version="1.0" encoding="UTF-8"?><Response/>`,
		},
		{
			name: "handler error",
			give: func(req *http.Request) (*vxml.Response, error) {
				if _, err := vxml.ParseWebhook(req); err != nil {
					return nil, err
				}
				return nil, errors.New("store unavailable")
			},
			wantBody:  fallbackWant,
			wantError: "store unavailable",
		},
		{
			name:      "render failure",
			give:      func(*http.Request) (*vxml.Response, error) { return vxml.NewResponse().Conference(""), nil },
			wantBody:  fallbackWant,
			wantError: "Response/Conference[1]: room name is empty",
		},
		{
			name:      "panic",
			give:      func(*http.Request) (*vxml.Response, error) { panic("nil map") },
			wantBody:  fallbackWant,
			wantError: "xml: handler panicked: nil map",
		},
		{
			name:      "custom fallback",
			give:      func(*http.Request) (*vxml.Response, error) { return nil, errors.New("boom") },
			giveOpts:  []vxml.HandlerOption{vxml.WithFallback(custom)},
			wantBody:  string(customWant),
			wantError: "boom",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var logs logged
			h, err := vxml.NewHandler(tt.give, append(tt.giveOpts, vxml.WithLogger(logs.logger()))...)
			require.NoError(t, err)

			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, vobizRequest())

			assert.Equal(t, http.StatusOK, rec.Code)
			assert.Equal(t, "application/xml; charset=utf-8", rec.Header().Get("Content-Type"))
			assert.Equal(t, strconv.Itoa(len(tt.wantBody)), rec.Header().Get("Content-Length"))
			assert.Equal(t, tt.wantBody, rec.Body.String())

			records := logs.records(t)
			if tt.wantError == "" {
				assert.Empty(t, records)
				return
			}
			require.Len(t, records, 1)
			rec0 := records[0]
			assert.Equal(t, "ERROR", rec0["level"])
			assert.Equal(t, http.MethodPost, rec0["method"])
			assert.Equal(t, "/answer", rec0["path"])
			assert.Contains(t, rec0["error"], tt.wantError)
			for _, secret := range []string{"query-secret", "header-secret", "signature-secret"} {
				assert.NotContains(t, logs.buf.String(), secret)
			}
		})
	}
}

func TestHandlerLogsCallUUID(t *testing.T) {
	t.Parallel()
	var logs logged
	h, err := vxml.NewHandler(func(req *http.Request) (*vxml.Response, error) {
		w, err := vxml.ParseWebhook(req)
		require.NoError(t, err)
		return nil, errors.New("no continuation for " + w.CallUUID)
	}, vxml.WithLogger(logs.logger()))
	require.NoError(t, err)
	h.ServeHTTP(httptest.NewRecorder(), vobizRequest())
	records := logs.records(t)
	require.Len(t, records, 1)
	assert.Equal(t, "call-1", records[0]["call_uuid"])
}

// An answer request with one unparsable optional field gets the app's
// document, not the fallback apology.
func TestHandlerAnswerWithInvalidOptionalField(t *testing.T) {
	t.Parallel()
	var logs logged
	var invalid []*vxml.FieldError
	h, err := vxml.NewHandler(func(req *http.Request) (*vxml.Response, error) {
		w, err := vxml.ParseWebhook(req)
		if err != nil {
			return nil, err
		}
		invalid = w.Invalid
		return vxml.NewResponse().Speak("Hello " + w.From), nil
	}, vxml.WithLogger(logs.logger()))
	require.NoError(t, err)
	form := url.Values{"CallUUID": {"call-1"}, "From": {"14155550100"}, "SpeechConfidenceScore": {"n/a"}, "Duration": {"soon"}}
	req := httptest.NewRequest(http.MethodPost, "/answer", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	assert.Equal(t, http.StatusOK, rec.Code)
	assert.Equal(t, `<?xml version="1.0" encoding="UTF-8"?><Response><Speak>Hello 14155550100</Speak></Response>`, rec.Body.String())
	assert.Empty(t, logs.buf.String(), "nothing went wrong")
	require.Len(t, invalid, 2)
}

func TestHandlerFuncServeHTTP(t *testing.T) {
	t.Parallel()
	var h http.Handler = vxml.HandlerFunc(func(*http.Request) (*vxml.Response, error) {
		return vxml.NewResponse().Hangup(), nil
	})
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/answer", nil))
	assert.Equal(t, http.StatusOK, rec.Code)
	assert.Equal(t, vxml.MediaType, rec.Header().Get("Content-Type"))
	assert.Equal(t, `<?xml version="1.0" encoding="UTF-8"?><Response><Hangup/></Response>`, rec.Body.String())
}

func TestHandlerAbortPanicPassesThrough(t *testing.T) {
	t.Parallel()
	h, err := vxml.NewHandler(func(*http.Request) (*vxml.Response, error) { panic(http.ErrAbortHandler) })
	require.NoError(t, err)
	assert.PanicsWithValue(t, http.ErrAbortHandler, func() {
		h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/answer", nil))
	})
}

func TestNewHandlerErrors(t *testing.T) {
	t.Parallel()
	ok := func(*http.Request) (*vxml.Response, error) { return nil, nil }
	tests := []struct {
		name        string
		give        vxml.HandlerFunc
		giveOpts    []vxml.HandlerOption
		wantInvalid bool
	}{
		{name: "nil function", give: nil},
		{name: "nil option", give: ok, giveOpts: []vxml.HandlerOption{nil}},
		{name: "nil fallback", give: ok, giveOpts: []vxml.HandlerOption{vxml.WithFallback(nil)}},
		{name: "nil logger", give: ok, giveOpts: []vxml.HandlerOption{vxml.WithLogger(nil)}},
		{name: "invalid fallback", give: ok, giveOpts: []vxml.HandlerOption{vxml.WithFallback(vxml.NewResponse().Play(""))},
			wantInvalid: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			h, err := vxml.NewHandler(tt.give, tt.giveOpts...)
			assert.Nil(t, h)
			require.Error(t, err)
			assert.Equal(t, tt.wantInvalid, errors.Is(err, vxml.ErrInvalid))
		})
	}
}
