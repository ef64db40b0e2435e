package golden_test

import (
	"net/http"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kickflow/kickflow/golden"
	vxml "github.com/kickflow/kickflow/xml"
)

// answer is an app's answer handler: it greets the caller by the number
// Vobiz sent and puts the call into a room named after the called number.
func answer(w http.ResponseWriter, r *http.Request) {
	hook, err := vxml.ParseWebhook(r)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	out, err := vxml.NewResponse().
		Speak("Welcome, caller "+hook.From).
		Conference("room-"+hook.To, vxml.ConferenceAttrs{CallbackURL: "https://app.example.com/events?call=" + hook.CallUUID}).
		Render()
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/xml; charset=utf-8")
	if _, err := w.Write(out); err != nil {
		panic(err) // a ResponseRecorder does not fail
	}
}

// call is the webhook the answer tests send.
var call = golden.Webhook{
	URL:      "https://app.example.com/answer",
	CallUUID: "1c1f4d52-0c5e-4c37-9d3b-6a4f3f1c2b10",
	From:     "14155550100",
	To:       "14155550199",
	Event:    vxml.EventStartApp,
}

func TestAssertHandler(t *testing.T) {
	t.Parallel()
	assert.True(t, golden.AssertHandler(t, "answer", http.HandlerFunc(answer), call))
}

func TestAssertHandlerGet(t *testing.T) {
	t.Parallel()
	get := call
	get.Method = http.MethodGet
	assert.True(t, golden.AssertHandler(t, "answer", http.HandlerFunc(answer), get))
}

// fixed is a handler that answers with a fixed status, Content-Type and body.
func fixed(status int, contentType, body string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		if contentType != "" {
			w.Header().Set("Content-Type", contentType)
		}
		w.WriteHeader(status)
		if _, err := w.Write([]byte(body)); err != nil {
			panic(err)
		}
	})
}

const hangup = `<?xml version="1.0" encoding="UTF-8"?><Response><Hangup/></Response>`

func TestAssertHandlerAccepts(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name            string
		giveStatus      int
		giveContentType string
		giveOpts        []golden.Option
	}{
		{name: "application/xml utf-8", giveStatus: 200, giveContentType: "application/xml; charset=utf-8"},
		{name: "application/xml", giveStatus: 200, giveContentType: "application/xml"},
		{name: "text/xml UTF-8", giveStatus: 200, giveContentType: "text/xml; charset=UTF-8"},
		{name: "sniffed", giveStatus: 200},
		{name: "other status wanted", giveStatus: 201, giveContentType: "application/xml", giveOpts: []golden.Option{golden.WithStatus(201)}},
		{name: "exact type wanted", giveStatus: 200, giveContentType: "text/xml", giveOpts: []golden.Option{golden.WithContentType("text/xml")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			writeGolden(t, dir, "hangup", []byte(hangup))
			opts := append([]golden.Option{golden.WithFixtureDir(dir), golden.WithUpdate(false)}, tt.giveOpts...)

			rec, ok := record(t, func(tb testing.TB) bool {
				return golden.AssertHandler(tb, "hangup", fixed(tt.giveStatus, tt.giveContentType, hangup), call, opts...)
			})

			assert.True(t, ok, rec.output())
		})
	}
}

func TestAssertHandlerRejects(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name            string
		giveStatus      int
		giveContentType string
		giveBody        string
		giveOpts        []golden.Option
		want            string
	}{
		{name: "500", giveStatus: 500, giveContentType: "application/xml", giveBody: hangup, want: "answered status 500, want 200"},
		{name: "404 text", giveStatus: 404, giveContentType: "text/plain; charset=utf-8", giveBody: "404 page not found", want: "answered status 404, want 200"},
		{name: "200 wanted 201", giveStatus: 200, giveContentType: "application/xml", giveBody: hangup, giveOpts: []golden.Option{golden.WithStatus(201)}, want: "answered status 200, want 201"},
		{name: "text/html", giveStatus: 200, giveContentType: "text/html", giveBody: hangup, want: `answered Content-Type "text/html", want application/xml or text/xml`},
		{name: "text/plain", giveStatus: 200, giveContentType: "text/plain; charset=utf-8", giveBody: hangup, want: `Content-Type "text/plain; charset=utf-8"`},
		{name: "latin-1", giveStatus: 200, giveContentType: "application/xml; charset=iso-8859-1", giveBody: hangup, want: `Content-Type "application/xml; charset=iso-8859-1"`},
		{name: "not the exact type", giveStatus: 200, giveContentType: "text/xml", giveBody: hangup, giveOpts: []golden.Option{golden.WithContentType("application/xml; charset=utf-8")}, want: `want application/xml; charset=utf-8`},
		{name: "bad status option", giveStatus: 200, giveContentType: "application/xml", giveBody: hangup, giveOpts: []golden.Option{golden.WithStatus(42)}, want: "status 42 out of range"},
		{name: "empty type option", giveStatus: 200, giveContentType: "application/xml", giveBody: hangup, giveOpts: []golden.Option{golden.WithContentType("")}, want: "empty content type"},
		{name: "not XML", giveStatus: 200, giveContentType: "application/xml", giveBody: "OK", want: "not a well-formed XML document"},
		{name: "unknown element", giveStatus: 200, giveContentType: "application/xml", giveBody: `<Response><GetDigits/></Response>`, want: "a document Vobiz cannot run"},
		{name: "element in the wrong parent", giveStatus: 200, giveContentType: "application/xml", giveBody: `<Response><Gather action="https://a.test/g"><Hangup/></Gather></Response>`, want: "Response/Gather[1]/Hangup[1]"},
		{name: "two roots", giveStatus: 200, giveContentType: "application/xml", giveBody: `<Response/><Response/>`, want: "not a well-formed XML document"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			opts := append([]golden.Option{golden.WithFixtureDir(dir), golden.WithUpdate(true)}, tt.giveOpts...)

			rec, ok := record(t, func(tb testing.TB) bool {
				return golden.AssertHandler(tb, "answer", fixed(tt.giveStatus, tt.giveContentType, tt.giveBody), call, opts...)
			})

			assert.False(t, ok)
			assert.Contains(t, rec.output(), tt.want)
			entries, err := os.ReadDir(dir)
			require.NoError(t, err)
			assert.Empty(t, entries, "a rejected answer never becomes a golden file")
		})
	}
}

func TestAssertHandlerBadWebhook(t *testing.T) {
	t.Parallel()
	rec, ok := record(t, func(tb testing.TB) bool {
		return golden.AssertHandler(tb, "answer", http.HandlerFunc(answer), golden.Webhook{Method: http.MethodPut})
	})

	assert.False(t, ok)
	assert.Contains(t, rec.output(), `webhook method "PUT"`)
}
