package kicktest_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/coder/websocket/wsjson"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kickflow/kickflow/kick/kicktest"
	"github.com/kickflow/kickflow/xml"
)

// TestEveryElement runs documents that use every element, and the
// attributes with an observable effect, and checks that nothing is
// skipped.
func TestEveryElement(t *testing.T) {
	t.Parallel()
	bot := newWSApp(t, func(ctx context.Context, _ int, c *websocket.Conn) error {
		return wsjson.Write(ctx, c, map[string]any{"event": "stop"})
	})
	app := newApp(t)
	app.route("/answer", func(*xml.Webhook) *xml.Response {
		return xml.NewResponse().
			PreAnswer(func(p *xml.PreAnswerBuilder) { p.Speak("early media") }).
			Speak("hello", xml.SpeakAttrs{Loop: xml.Int(2)}).
			Play("https://cdn.example.com/a.mp3").
			Wait(xml.WaitAttrs{Length: 3 * time.Second, Silence: xml.True, MinSilence: time.Second}).
			DTMF("12", xml.DTMFAttrs{Async: xml.False}).
			Record(xml.RecordAttrs{RecordSession: xml.True, CallbackURL: app.URL + "/rec"}).
			Gather(xml.GatherAttrs{Action: app.URL + "/gathered", NumDigits: xml.Int(1)}, func(g *xml.GatherBuilder) {
				g.Speak("press")
				g.Play("https://cdn.example.com/b.mp3")
			})
	})
	app.route("/gathered", func(*xml.Webhook) *xml.Response {
		return xml.NewResponse().
			Record(xml.RecordAttrs{MaxLength: 5 * time.Second, CallbackURL: app.URL + "/rec"}).
			Record(xml.RecordAttrs{StartOnDialAnswer: xml.True, CallbackURL: app.URL + "/rec"}).
			Dial(xml.DialAttrs{CallerID: kicktest.DefaultTo, HangupOnStar: xml.True, CallbackURL: app.URL + "/dial"}, func(d *xml.DialBuilder) {
				d.Number("+14155550111", xml.NumberAttrs{SendDigits: "1"})
				d.User("sip:bob@example.com")
			}).
			Stream(bot.wsURL(), xml.StreamAttrs{KeepCallAlive: xml.True, Bidirectional: xml.True}).
			Hangup(xml.HangupAttrs{Schedule: time.Hour}).
			Redirect(app.URL + "/room")
	})
	app.route("/room", fixed(xml.NewResponse().
		Conference("Room", xml.ConferenceAttrs{StayAlone: xml.True, WaitSound: app.URL + "/music", StartConferenceOnEnter: xml.False}).
		Hangup(xml.HangupAttrs{Reason: xml.ReasonBusy})))
	app.route("/music", fixed(xml.NewResponse().Speak("hold on")))
	srv := newPlatform(t, kicktest.WithDefaultCallee(kicktest.Callee{Answer: kicktest.Busy}),
		kicktest.WithCallee("sip:bob@example.com", kicktest.Callee{Answer: kicktest.NoAnswer}))
	call := srv.StartCall(kicktest.CallSpec{AnswerURL: app.URL + "/answer", CallUUID: "every", Input: []kicktest.Input{
		kicktest.Keys{Digits: "7"},
		kicktest.Talk{Length: 2 * time.Second, Key: "#"},
	}})
	m, err := srv.WaitMember(t.Context(), "Room", "every")
	require.NoError(t, err)
	_, err = newKickClient(t, srv).Kick(t.Context(), "Room", m.ID)
	require.NoError(t, err)
	cause, err := call.Wait(t.Context())
	require.NoError(t, err)
	assert.Equal(t, kicktest.CauseNormalHangup, cause)
	text := call.Transcript().String()
	assert.NotContains(t, text, "skipped")
	for _, want := range []string{
		`spoke "early media"`, `spoke "hello"`, "played https://cdn.example.com/a.mp3", "waited 1s", "sent DTMF 12",
		"(session)", "gathered digits 7", "FinishedOnKey", "(on dial answer)", "dialing +14155550111, sip:bob@example.com",
		"busy (USER_BUSY)", "no-answer (NO_ANSWER)", "dial no-answer", "connected", "ended: stop",
		"hangup in 1h0m0s", "redirected POST", "waiting in Room for the start", `spoke "hold on"`,
		"left Room as member 1 (kicked)", "hangup (busy)", "(HungUp)", "hung up: Normal Hangup (4000)",
	} {
		assert.True(t, strings.Contains(text, want), "missing %q in\n%s", want, text)
	}
}
