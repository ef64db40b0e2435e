package kicktest_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/kickflow/kickflow/kick/kicktest"
	"github.com/kickflow/kickflow/xml"
)

func TestWaitElement_attributes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		attrs xml.WaitAttrs
		want  time.Duration
	}{
		{"length", xml.WaitAttrs{Length: 5 * time.Second}, 5 * time.Second},
		{"unset length", xml.WaitAttrs{}, time.Second},
		{"silence ends after minSilence", xml.WaitAttrs{Length: 10 * time.Second, Silence: xml.True, MinSilence: 3 * time.Second}, 3 * time.Second},
		{"silence with the default minSilence", xml.WaitAttrs{Length: 10 * time.Second, Silence: xml.True}, 2 * time.Second},
		{"beep: no machine, the whole length", xml.WaitAttrs{Length: 7 * time.Second, Beep: xml.True}, 7 * time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			app := newApp(t)
			app.route("/answer", fixed(xml.NewResponse().Wait(tt.attrs).Speak("after")))
			srv := newPlatform(t)
			call := runCall(t, srv, kicktest.CallSpec{AnswerURL: app.URL + "/answer"})
			tr := call.Transcript()
			assert.Equal(t, kicktest.Waited{Length: tt.want}, tr[0].Step)
			assert.Equal(t, tt.want, tr[1].At)
		})
	}
}

func TestDTMF_async(t *testing.T) {
	t.Parallel()
	app := newApp(t)
	app.route("/answer", fixed(xml.NewResponse().
		DTMF("12", xml.DTMFAttrs{Async: xml.False}).
		DTMF("1wW", xml.DTMFAttrs{Async: xml.False}).
		DTMF("99").
		Speak("after")))
	srv := newPlatform(t)
	call := runCall(t, srv, kicktest.CallSpec{AnswerURL: app.URL + "/answer"})
	assert.Equal(t, `0s sent DTMF 12
200ms sent DTMF 1wW
1.8s sent DTMF 99
1.8s spoke "after"
2.8s hung up: End Of XML Instructions (4010)
`, call.Transcript().String())
}

func TestHangup_reasonAndSchedule(t *testing.T) {
	t.Parallel()
	t.Run("reason", func(t *testing.T) {
		t.Parallel()
		app := newApp(t)
		app.route("/answer", fixed(xml.NewResponse().Hangup(xml.HangupAttrs{Reason: xml.ReasonBusy})))
		srv := newPlatform(t)
		call := runCall(t, srv, kicktest.CallSpec{AnswerURL: app.URL + "/answer"})
		assert.Equal(t, "0s hangup (busy)\n0s hung up: Normal Hangup (4000)\n", call.Transcript().String())
	})
	t.Run("schedule cuts the next elements", func(t *testing.T) {
		t.Parallel()
		app := newApp(t)
		app.route("/answer", fixed(xml.NewResponse().
			Hangup(xml.HangupAttrs{Schedule: 3 * time.Second}).
			Speak("long", xml.SpeakAttrs{Loop: xml.Int(10)}).
			Speak("never")))
		srv := newPlatform(t)
		call := runCall(t, srv, kicktest.CallSpec{AnswerURL: app.URL + "/answer"})
		assert.Equal(t, `0s hangup in 3s
0s spoke "long"
3s hung up: Scheduled Hangup (6000)
`, call.Transcript().String())
	})
	t.Run("schedule after the document ends", func(t *testing.T) {
		t.Parallel()
		app := newApp(t)
		app.route("/answer", fixed(xml.NewResponse().Hangup(xml.HangupAttrs{Schedule: 60 * time.Second}).Speak("short")))
		srv := newPlatform(t)
		call := runCall(t, srv, kicktest.CallSpec{AnswerURL: app.URL + "/answer"})
		cause, _ := call.Cause()
		assert.Equal(t, kicktest.CauseEndOfXML, cause)
	})
}

func TestRedirect_loopBound(t *testing.T) {
	t.Parallel()
	app := newApp(t)
	app.route("/answer", func(*xml.Webhook) *xml.Response { return xml.NewResponse().Redirect(app.URL + "/answer") })
	srv := newPlatform(t, kicktest.WithMaxDocuments(5))
	call := runCall(t, srv, kicktest.CallSpec{AnswerURL: app.URL + "/answer"})
	steps := call.Transcript().Steps()
	assert.Equal(t, kicktest.RedirectLoop{Documents: 5}, steps[len(steps)-2])
	assert.Equal(t, kicktest.Ended{Cause: kicktest.CauseRedirectURLError}, steps[len(steps)-1])
	assert.Len(t, srv.Exchanges(), 5)
	assert.Equal(t, "redirect loop after 5 documents", steps[len(steps)-2].String())
}
