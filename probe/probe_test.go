package probe_test

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kickflow/kickflow/internal/signature"
	"github.com/kickflow/kickflow/probe"
	"github.com/kickflow/kickflow/xml"
)

const goodDoc = `<?xml version="1.0" encoding="UTF-8"?><Response><Conference stayAlone="true">Room</Conference><Hangup/></Response>`

// serve starts a test server answering with h.
func serve(t *testing.T, h http.HandlerFunc) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

// xmlAnswer answers with body as application/xml.
func xmlAnswer(body string) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/xml; charset=utf-8")
		_, _ = w.Write([]byte(body))
	}
}

// rules returns the severity and rule of each finding.
func rules(fs []xml.Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Severity.String()+" "+string(f.Rule))
	}
	return out
}

func TestAnswerSendsWebhook(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		giveMethod string
		wantMethod string
	}{
		{name: "default POST", wantMethod: http.MethodPost},
		{name: "GET", giveMethod: "get", wantMethod: http.MethodGet},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			const token = "secret-token"
			got := make(chan *http.Request, 1)
			srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
				assert.NoError(t, r.ParseForm())
				got <- r
				xmlAnswer(goodDoc)(w, r)
			})
			res, err := probe.Answer(t.Context(), probe.Request{
				URL: srv.URL + "/answer?app=1", Method: tt.giveMethod, From: "+1555", CallUUID: "uuid-1",
				AuthToken: token, MaxLatency: time.Minute,
			})
			require.NoError(t, err)
			assert.Empty(t, res.Findings)
			assert.False(t, res.Failed())
			assert.Equal(t, http.StatusOK, res.Status)
			assert.Equal(t, goodDoc, string(res.Body))

			r := <-got
			assert.Equal(t, tt.wantMethod, r.Method)
			assert.Equal(t, "Vobiz", r.UserAgent())
			assert.Equal(t, "1", r.Form.Get("app"), "the URL's own query is kept")
			assert.Equal(t, "+1555", r.Form.Get("From"))
			assert.Equal(t, probe.DefaultTo, r.Form.Get("To"))
			assert.Equal(t, "uuid-1", r.Form.Get("CallUUID"))
			assert.Equal(t, "StartApp", r.Form.Get("Event"))
			assert.Equal(t, "inbound", r.Form.Get("Direction"))
			assert.Equal(t, "ringing", r.Form.Get("CallStatus"))
			base := srv.URL + "/answer"
			assert.True(t, signature.Valid(token, base, r.Header.Get(signature.HeaderV3Nonce), r.Header.Get(signature.HeaderV3), true), "V3 signature")
			assert.True(t, signature.Valid(token, base, r.Header.Get(signature.HeaderV2Nonce), r.Header.Get(signature.HeaderV2), false), "V2 signature")
		})
	}
}

func TestAnswerUnsigned(t *testing.T) {
	t.Parallel()
	got := make(chan http.Header, 1)
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		got <- r.Header
		xmlAnswer(goodDoc)(w, r)
	})
	_, err := probe.Answer(t.Context(), probe.Request{URL: srv.URL, MaxLatency: time.Minute})
	require.NoError(t, err)
	h := <-got
	assert.Empty(t, h.Get(signature.HeaderV3))
	assert.Empty(t, h.Get(signature.HeaderV2))
	assert.NotEmpty(t, h.Get("Content-Type"))
}

func TestAnswerFindings(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		give       http.HandlerFunc
		giveMax    time.Duration
		wantRules  []string
		wantStatus int
	}{
		{name: "wrong Content-Type", give: func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			_, _ = w.Write([]byte(goodDoc))
		}, wantRules: []string{"error content-type"}, wantStatus: 200},
		{name: "server error", give: func(w http.ResponseWriter, _ *http.Request) {
			http.Error(w, "boom", http.StatusInternalServerError)
		}, wantRules: []string{"error http-status"}, wantStatus: 500},
		{name: "not found", give: http.NotFound, wantRules: []string{"error http-status"}, wantStatus: 404},
		{name: "invalid XML", give: xmlAnswer(`<Response><Speak>hi</Response>`),
			wantRules: []string{"error syntax"}, wantStatus: 200},
		{name: "invalid document", give: xmlAnswer(`<Response><Gather numDigits="0" action="https://a.example/"/></Response>`),
			wantRules: []string{"error invalid"}, wantStatus: 200},
		{name: "lint warning only", give: xmlAnswer(`<Response><Conference>Room</Conference><Hangup/></Response>`),
			wantRules: []string{"warning stay-alone"}, wantStatus: 200},
		{name: "too large", give: xmlAnswer(`<Response>` + strings.Repeat(" ", xml.MaxSize) + `</Response>`),
			wantRules: []string{"error body-size"}, wantStatus: 200},
		{name: "slow", give: func(w http.ResponseWriter, r *http.Request) {
			time.Sleep(300 * time.Millisecond)
			xmlAnswer(goodDoc)(w, r)
		}, giveMax: time.Millisecond, wantRules: []string{"error latency"}, wantStatus: 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := serve(t, tt.give)
			maxLatency := tt.giveMax
			if maxLatency == 0 {
				maxLatency = time.Minute
			}
			res, err := probe.Answer(t.Context(), probe.Request{URL: srv.URL, MaxLatency: maxLatency})
			require.NoError(t, err)
			assert.Equal(t, tt.wantRules, rules(res.Findings))
			assert.Equal(t, tt.wantStatus, res.Status)
			assert.Equal(t, strings.HasPrefix(tt.wantRules[0], "error"), res.Failed())
		})
	}
}

func TestAnswerTimeout(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	})
	defer close(release)
	res, err := probe.Answer(t.Context(), probe.Request{URL: srv.URL, Timeout: 50 * time.Millisecond})
	require.NoError(t, err)
	assert.Equal(t, []string{"error latency"}, rules(res.Findings))
	assert.True(t, res.Failed())
}

func TestAnswerNoAnswer(t *testing.T) {
	t.Parallel()
	closed := httptest.NewServer(http.NotFoundHandler())
	closed.Close()
	tests := []struct {
		name string
		give probe.Request
	}{
		{name: "connection refused", give: probe.Request{URL: closed.URL}},
		{name: "relative URL", give: probe.Request{URL: "/answer"}},
		{name: "ws URL", give: probe.Request{URL: "ws://a.example/"}},
		{name: "bad method", give: probe.Request{URL: "https://a.example/", Method: "PUT"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			res, err := probe.Answer(t.Context(), tt.give)
			assert.Nil(t, res)
			assert.True(t, errors.Is(err, probe.ErrRequest), "Answer(%+v) = %v, want ErrRequest", tt.give, err)
		})
	}
}
