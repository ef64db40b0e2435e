package kicktest_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kickflow/kickflow/internal/signature"
	"github.com/kickflow/kickflow/kick/kicktest"
	"github.com/kickflow/kickflow/xml"
)

func TestCall_transcript(t *testing.T) {
	t.Parallel()
	app := newApp(t)
	app.route("/answer", fixed(xml.NewResponse().
		Speak("Welcome", xml.SpeakAttrs{Voice: xml.VoiceMan, Language: "en-GB", Loop: xml.Int(2)}).
		Play("https://cdn.example.com/hold.mp3").
		Wait(xml.WaitAttrs{Length: 3 * time.Second}).
		DTMF("12#").
		Redirect(app.URL+"/next")))
	app.route("/next", fixed(xml.NewResponse().Speak("Bye").Hangup().Speak("never")))
	srv := newPlatform(t)

	call := srv.StartCall(kicktest.CallSpec{AnswerURL: app.URL + "/answer", CallUUID: "call-1"})
	cause, err := call.Wait(t.Context())
	require.NoError(t, err)
	assert.Equal(t, kicktest.CauseNormalHangup, cause)
	assert.Equal(t, "call-1", call.UUID())
	assert.Equal(t, []kicktest.Step{
		kicktest.Spoke{Text: "Welcome", Voice: xml.VoiceMan, Language: "en-GB"},
		kicktest.Played{URL: "https://cdn.example.com/hold.mp3"},
		kicktest.Waited{Length: 3 * time.Second},
		kicktest.SentDTMF{Digits: "12#"},
		kicktest.Redirected{URL: app.URL + "/next", Method: xml.MethodPost},
		kicktest.Spoke{Text: "Bye"},
		kicktest.Ended{Cause: kicktest.CauseNormalHangup},
	}, call.Transcript().Steps())
	assert.Equal(t, `0s spoke "Welcome" (MAN, en-GB)
2s played https://cdn.example.com/hold.mp3
3s waited 3s
6s sent DTMF 12#
6s redirected POST `+app.URL+`/next
6s spoke "Bye"
7s hung up: Normal Hangup (4000)
`, call.Transcript().String())
}

func TestCall_endOfXML(t *testing.T) {
	t.Parallel()
	app := newApp(t)
	app.route("/answer", fixed(xml.NewResponse().Speak("Hello").PreAnswer(func(p *xml.PreAnswerBuilder) {})))
	srv := newPlatform(t)
	call := srv.StartCall(kicktest.CallSpec{AnswerURL: app.URL + "/answer"})
	cause, err := call.Wait(t.Context())
	require.NoError(t, err)
	assert.Equal(t, kicktest.CauseEndOfXML, cause)
	got, ok := call.Cause()
	assert.True(t, ok)
	assert.Equal(t, kicktest.CauseEndOfXML, got)
	assert.Equal(t, "End Of XML Instructions (4010)", got.String())
}

// rawApp answers every request with the handler.
func rawApp(t *testing.T, h http.HandlerFunc) string {
	t.Helper()
	ts := httptest.NewServer(h)
	t.Cleanup(ts.Close)
	return ts.URL
}

func TestCall_answerFaults(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		giveType  string
		giveCode  int
		giveBody  string
		wantCause kicktest.Cause
	}{
		{"malformed XML", "application/xml", 200, "<Response><Speak>oops</Response>", kicktest.CauseInvalidAnswerXML},
		{"unknown element", "application/xml", 200, "<Response><Shout>hi</Shout></Response>", kicktest.CauseInvalidAnswerXML},
		{"two roots", "text/xml", 200, "<Response/><Response/>", kicktest.CauseInvalidAnswerXML},
		{"served as HTML", "text/html", 200, "<Response><Speak>hi</Speak></Response>", kicktest.CauseInvalidAnswerXML},
		{"too large", "application/xml", 200, "<Response><Speak>" + strings.Repeat("a", 100<<10) + "</Speak></Response>", kicktest.CauseInvalidAnswerXML},
		{"server error", "application/xml", 500, "<Response/>", kicktest.CauseAnswerURLError},
		{"not found", "text/plain", 404, "not found", kicktest.CauseAnswerURLError},
		{"redirect status", "text/plain", 302, "", kicktest.CauseAnswerURLError},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			u := rawApp(t, func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", tt.giveType)
				if tt.giveCode == 302 {
					w.Header().Set("Location", "/elsewhere")
				}
				w.WriteHeader(tt.giveCode)
				writeBody(w, []byte(tt.giveBody))
			})
			srv := newPlatform(t)
			call := srv.StartCall(kicktest.CallSpec{AnswerURL: u + "/answer"})
			cause, err := call.Wait(t.Context())
			require.NoError(t, err)
			assert.Equal(t, tt.wantCause, cause)
			assert.Equal(t, []kicktest.Step{kicktest.Ended{Cause: tt.wantCause}}, call.Transcript().Steps())
			ex := srv.Exchanges()
			require.Len(t, ex, 1)
			assert.Equal(t, tt.giveCode, ex[0].Status)
		})
	}
}

func TestCall_answerTimeout(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	u := rawApp(t, func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-release:
		}
	})
	t.Cleanup(func() { close(release) })
	srv := newPlatform(t, kicktest.WithFetchTimeout(20*time.Millisecond))
	call := srv.StartCall(kicktest.CallSpec{AnswerURL: u})
	cause, err := call.Wait(t.Context())
	require.NoError(t, err)
	assert.Equal(t, kicktest.CauseAnswerURLError, cause)
	ex := srv.Exchanges()
	require.Len(t, ex, 1)
	assert.ErrorIs(t, ex[0].Err, context.DeadlineExceeded)
}

func TestCall_slowAppWithinTimeout(t *testing.T) {
	t.Parallel()
	app := newApp(t)
	app.route("/answer", func(*xml.Webhook) *xml.Response {
		time.Sleep(5 * time.Millisecond)
		return xml.NewResponse().Speak("late but fine")
	})
	srv := newPlatform(t)
	call := srv.StartCall(kicktest.CallSpec{AnswerURL: app.URL + "/answer"})
	cause, err := call.Wait(t.Context())
	require.NoError(t, err)
	assert.Equal(t, kicktest.CauseEndOfXML, cause)
}

func TestCall_redirectFaults(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		giveURL   func(app string) string
		giveAttrs xml.RedirectAttrs
		wantCause kicktest.Cause
	}{
		{"bad XML", func(app string) string { return app + "/bad" }, xml.RedirectAttrs{}, kicktest.CauseInvalidRedirectXML},
		{"unreachable", func(app string) string { return app + "/gone" }, xml.RedirectAttrs{}, kicktest.CauseRedirectURLError},
		{"relative URL", func(string) string { return "/next" }, xml.RedirectAttrs{}, kicktest.CauseInvalidRedirectURL},
		{"bad method", func(app string) string { return app + "/next" }, xml.RedirectAttrs{Method: "PUT"}, kicktest.CauseInvalidRedirectMethod},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var appURL string
			appURL = rawApp(t, func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/xml")
				switch r.URL.Path {
				case "/answer":
					// Built by hand: the model would refuse some of these.
					attr := ""
					if tt.giveAttrs.Method != "" {
						attr = ` method="` + string(tt.giveAttrs.Method) + `"`
					}
					writeBody(w, []byte(`<Response><Redirect`+attr+`>`+tt.giveURL(appURL)+`</Redirect></Response>`))
				case "/bad":
					writeBody(w, []byte("<Response>"))
				default:
					w.WriteHeader(http.StatusServiceUnavailable)
				}
			})
			srv := newPlatform(t)
			call := srv.StartCall(kicktest.CallSpec{AnswerURL: appURL + "/answer"})
			cause, err := call.Wait(t.Context())
			require.NoError(t, err)
			assert.Equal(t, tt.wantCause, cause)
		})
	}
}

func TestCall_requestParameters(t *testing.T) {
	t.Parallel()
	app := newApp(t)
	app.route("/answer", fixed(xml.NewResponse().Redirect(app.URL+"/next?step=2", xml.RedirectAttrs{Method: xml.MethodGet})))
	app.route("/next", fixed(xml.NewResponse().Hangup()))
	srv := newPlatform(t, kicktest.WithCredentials("MA_SIGN", "sign-token"))
	call := srv.StartCall(kicktest.CallSpec{AnswerURL: app.URL + "/answer", From: "+4930123", To: "+4930999", CallUUID: "uuid-1"})
	_, err := call.Wait(t.Context())
	require.NoError(t, err)

	ex := srv.Exchanges()
	require.Len(t, ex, 2)
	assert.Equal(t, http.MethodPost, ex[0].Method)
	assert.Equal(t, xml.EventStartApp, ex[0].Event)
	assert.Equal(t, form("CallUUID", "uuid-1", "From", "+4930123", "To", "+4930999", "Direction", "inbound",
		"CallStatus", "ringing", "Event", "StartApp"), ex[0].Form)
	assert.Equal(t, http.MethodGet, ex[1].Method)
	assert.Equal(t, xml.EventRedirect, ex[1].Event)
	u, err := url.Parse(ex[1].URL)
	require.NoError(t, err)
	assert.Equal(t, "2", u.Query().Get("step"))
	assert.Equal(t, "Redirect", u.Query().Get("Event"))
	assert.Equal(t, "in-progress", u.Query().Get("CallStatus"))

	hooks := app.events("/answer")
	require.Len(t, hooks, 1)
	assert.Equal(t, "uuid-1", hooks[0].CallUUID)
	assert.Equal(t, xml.EventStartApp, hooks[0].Event)
	assert.Equal(t, xml.Inbound, hooks[0].Direction)
	next := app.events("/next")
	require.Len(t, next, 1)
	assert.Equal(t, xml.EventRedirect, next[0].Event)

	app.mu.Lock()
	headers := app.headers
	app.mu.Unlock()
	for i, h := range headers {
		assert.Equal(t, "Vobiz", h.Get("User-Agent"))
		target := ex[i].URL
		wantV2, err := signature.SignV2("sign-token", target, h.Get(signature.HeaderV2Nonce))
		require.NoError(t, err)
		wantV3, err := signature.SignV3("sign-token", target, h.Get(signature.HeaderV3Nonce))
		require.NoError(t, err)
		assert.Equal(t, wantV2, h.Get(signature.HeaderV2), "request %d", i)
		assert.Equal(t, wantV3, h.Get(signature.HeaderV3), "request %d", i)
		assert.Len(t, h.Get(signature.HeaderV3Nonce), signature.NonceDigits)
	}
}

func TestCall_withoutSignatures(t *testing.T) {
	t.Parallel()
	app := newApp(t)
	app.route("/answer", fixed(xml.NewResponse().Hangup()))
	srv := newPlatform(t, kicktest.WithoutSignatures())
	_, err := srv.StartCall(kicktest.CallSpec{AnswerURL: app.URL + "/answer"}).Wait(t.Context())
	require.NoError(t, err)
	app.mu.Lock()
	defer app.mu.Unlock()
	require.Len(t, app.headers, 1)
	for _, name := range []string{signature.HeaderV2, signature.HeaderV2Nonce, signature.HeaderV3, signature.HeaderV3Nonce} {
		assert.Empty(t, app.headers[0].Get(name), name)
	}
}

func TestCall_manualClock(t *testing.T) {
	t.Parallel()
	app := newApp(t)
	app.route("/answer", fixed(xml.NewResponse().
		Speak("one").
		Wait(xml.WaitAttrs{Length: 5 * time.Second}).
		Speak("two")))
	srv := newPlatform(t, kicktest.WithManualClock())
	call := srv.StartCall(kicktest.CallSpec{AnswerURL: app.URL + "/answer"})
	ctx := t.Context()

	require.NoError(t, srv.WaitUntil(ctx, func() bool { return srv.Sleeping() == 1 }))
	assert.Equal(t, []kicktest.Step{kicktest.Spoke{Text: "one"}}, call.Transcript().Steps())
	srv.Advance(time.Second) // the Speak ends; the Wait starts
	_, err := call.WaitStep(ctx, func(s kicktest.Step) bool { _, ok := s.(kicktest.Waited); return ok })
	require.NoError(t, err)
	require.NoError(t, srv.WaitUntil(ctx, func() bool { return srv.Sleeping() == 1 }))
	srv.Advance(4 * time.Second)
	assert.Equal(t, 2, len(call.Transcript()), "still waiting after 4 of 5 seconds")
	srv.Advance(2 * time.Second) // one second late: the next Speak starts at 7s
	_, err = call.WaitStep(ctx, func(s kicktest.Step) bool { return s == kicktest.Spoke{Text: "two"} })
	require.NoError(t, err)
	require.NoError(t, srv.WaitUntil(ctx, func() bool { return srv.Sleeping() == 1 }))
	srv.Advance(time.Second)
	cause, err := call.Wait(ctx)
	require.NoError(t, err)
	assert.Equal(t, kicktest.CauseEndOfXML, cause)
	assert.Equal(t, "0s spoke \"one\"\n1s waited 5s\n7s spoke \"two\"\n8s hung up: End Of XML Instructions (4010)\n",
		call.Transcript().String())
	assert.Equal(t, 8*time.Second, srv.Now())
}

func TestCall_hangUpDuringSpeak(t *testing.T) {
	t.Parallel()
	app := newApp(t)
	app.route("/answer", fixed(xml.NewResponse().Speak("long").Speak("never")))
	srv := newPlatform(t, kicktest.WithManualClock())
	call := srv.StartCall(kicktest.CallSpec{AnswerURL: app.URL + "/answer"})
	require.NoError(t, srv.WaitUntil(t.Context(), func() bool { return srv.Sleeping() == 1 }))
	call.HangUp()
	cause, err := call.Wait(t.Context())
	require.NoError(t, err)
	assert.Equal(t, kicktest.CauseNormalHangup, cause)
	assert.Equal(t, 0, srv.Sleeping())
	assert.Equal(t, []kicktest.Step{kicktest.Spoke{Text: "long"}, kicktest.Ended{Cause: kicktest.CauseNormalHangup}},
		call.Transcript().Steps())
}

func TestServer_StartCall_panicsOnMisuse(t *testing.T) {
	t.Parallel()
	srv := newPlatform(t)
	app := newApp(t)
	app.route("/a", fixed(xml.NewResponse().Conference("Hold", xml.ConferenceAttrs{StayAlone: xml.True})))
	srv.StartCall(kicktest.CallSpec{AnswerURL: app.URL + "/a", CallUUID: "dup"})
	tests := []struct {
		name string
		give kicktest.CallSpec
	}{
		{"relative URL", kicktest.CallSpec{AnswerURL: "/answer"}},
		{"ftp URL", kicktest.CallSpec{AnswerURL: "ftp://example.com/a"}},
		{"bad method", kicktest.CallSpec{AnswerURL: app.URL, AnswerMethod: "PUT"}},
		{"duplicate UUID", kicktest.CallSpec{AnswerURL: app.URL, CallUUID: "dup"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Panics(t, func() { srv.StartCall(tt.give) })
		})
	}
	closed := kicktest.NewServer()
	closed.Close()
	assert.Panics(t, func() { closed.StartCall(kicktest.CallSpec{AnswerURL: app.URL}) })
	assert.Panics(t, func() { srv.Advance(time.Second) }, "automatic clock")
}
