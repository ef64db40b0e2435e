package kicktest_test

import (
	"context"
	"encoding/binary"
	"io"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kickflow/kickflow/kick/kicktest"
	"github.com/kickflow/kickflow/xml"
)

// recordApp answers /answer with a Record built from attrs (callbackUrl
// /stop) and a goodbye, and /action with a Speak.
func recordApp(t *testing.T, attrs xml.RecordAttrs) *testApp {
	t.Helper()
	app := newApp(t)
	attrs.CallbackURL = app.URL + "/stop"
	app.route("/answer", fixed(xml.NewResponse().Record(attrs).Speak("goodbye")))
	app.route("/action", fixed(xml.NewResponse().Speak("from action")))
	return app
}

func TestRecord_scripted(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		attrs      xml.RecordAttrs
		input      []kicktest.Input
		wantLength time.Duration
		wantReason kicktest.EndReason
		wantCause  kicktest.Cause
	}{
		{"ended by key", xml.RecordAttrs{}, []kicktest.Input{kicktest.Talk{Length: 5 * time.Second, Key: "#"}}, 5 * time.Second, kicktest.EndKey, kicktest.CauseEndOfXML},
		{"key not in finishOnKey", xml.RecordAttrs{FinishOnKey: "*", Timeout: 3 * time.Second}, []kicktest.Input{kicktest.Talk{Length: 5 * time.Second, Key: "#"}}, 8 * time.Second, kicktest.EndTimeout, kicktest.CauseEndOfXML},
		{"ended by silence", xml.RecordAttrs{Timeout: 4 * time.Second}, []kicktest.Input{kicktest.Talk{Length: 10 * time.Second}}, 14 * time.Second, kicktest.EndTimeout, kicktest.CauseEndOfXML},
		{"maxLength", xml.RecordAttrs{MaxLength: 20 * time.Second}, []kicktest.Input{kicktest.Talk{Length: 30 * time.Second, Key: "#"}}, 20 * time.Second, kicktest.EndMaxLength, kicktest.CauseEndOfXML},
		{"hang-up", xml.RecordAttrs{}, []kicktest.Input{kicktest.Talk{Length: 7 * time.Second, HangUp: true}}, 7 * time.Second, kicktest.EndHungUp, kicktest.CauseNormalHangup},
		{"silent caller", xml.RecordAttrs{Timeout: 5 * time.Second}, []kicktest.Input{kicktest.Silence{}}, 5 * time.Second, kicktest.EndTimeout, kicktest.CauseEndOfXML},
		{"no input: default timeout", xml.RecordAttrs{}, nil, 60 * time.Second, kicktest.EndTimeout, kicktest.CauseEndOfXML},
		{"keys", xml.RecordAttrs{}, []kicktest.Input{kicktest.Keys{Digits: "5", Delay: 2 * time.Second}}, 2 * time.Second, kicktest.EndKey, kicktest.CauseEndOfXML},
		{"hang-up before the timeout", xml.RecordAttrs{}, []kicktest.Input{kicktest.HangUp{Delay: 3 * time.Second}}, 3 * time.Second, kicktest.EndHungUp, kicktest.CauseNormalHangup},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			app := recordApp(t, tt.attrs)
			srv := newPlatform(t)
			call := runCall(t, srv, kicktest.CallSpec{AnswerURL: app.URL + "/answer", Input: tt.input})
			cause, _ := call.Cause()
			assert.Equal(t, tt.wantCause, cause)
			steps := call.Transcript().Steps()
			require.GreaterOrEqual(t, len(steps), 3)
			started, ok := steps[0].(kicktest.RecordStarted)
			require.True(t, ok, "%v", steps[0])
			assert.True(t, started.Beep)
			done, ok := steps[1].(kicktest.Recorded)
			require.True(t, ok, "%v", steps[1])
			assert.Equal(t, kicktest.Recorded{ID: started.ID, Duration: tt.wantLength, EndReason: tt.wantReason, URL: srv.URL + "/media/recordings/" + started.ID + ".wav"}, done)
			if tt.wantCause == kicktest.CauseEndOfXML {
				assert.Equal(t, kicktest.Spoke{Text: "goodbye"}, steps[2])
			}

			require.NoError(t, srv.WaitCallbacks(t.Context()))
			stops := app.events("/stop")
			require.Len(t, stops, 1)
			f := stops[0].Form
			assert.Equal(t, "RecordStop", f.Get("Event"))
			assert.Equal(t, started.ID, f.Get("RecordingID"))
			assert.Equal(t, done.URL, f.Get("RecordUrl"))
			assert.Equal(t, done.URL, f.Get("RecordFile"))
			assert.Equal(t, strconv.Itoa(int(tt.wantLength/time.Second)), f.Get("RecordingDuration"))
			assert.Equal(t, strconv.FormatInt(tt.wantLength.Milliseconds(), 10), f.Get("RecordingDurationMs"))
			assert.Equal(t, string(tt.wantReason), f.Get("RecordingEndReason"))
			startMs, err := strconv.ParseInt(f.Get("RecordingStartMs"), 10, 64)
			require.NoError(t, err)
			endMs, err := strconv.ParseInt(f.Get("RecordingEndMs"), 10, 64)
			require.NoError(t, err)
			assert.Equal(t, tt.wantLength.Milliseconds(), endMs-startMs)
			for _, k := range []string{"CallUUID", "ALegUUID"} {
				assert.Equal(t, call.UUID(), f.Get(k), k)
			}
			for _, k := range []string{"From", "To", "Direction", "CallStatus"} {
				assert.NotEmpty(t, f.Get(k), k)
			}
			assert.Empty(t, app.events("/action"), "no action set")
		})
	}
}

func TestRecord_fileServed(t *testing.T) {
	t.Parallel()
	app := recordApp(t, xml.RecordAttrs{})
	srv := newPlatform(t)
	call := runCall(t, srv, kicktest.CallSpec{AnswerURL: app.URL + "/answer", Input: []kicktest.Input{kicktest.Talk{Length: 2 * time.Second, Key: "#"}}})
	rec := call.Transcript().Steps()[1].(kicktest.Recorded)

	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, rec.URL, nil)
	require.NoError(t, err)
	resp, err := srv.Client().Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, "audio/wav", resp.Header.Get("Content-Type"))
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	require.GreaterOrEqual(t, len(body), 44)
	assert.Equal(t, "RIFF", string(body[0:4]))
	assert.Equal(t, "WAVE", string(body[8:12]))
	assert.Equal(t, uint32(8000), binary.LittleEndian.Uint32(body[24:28]))
	assert.Equal(t, uint32(2*8000*2), binary.LittleEndian.Uint32(body[40:44]), "two seconds of 16-bit samples")
	assert.Len(t, body, 44+2*8000*2)

	missing, err := http.NewRequestWithContext(t.Context(), http.MethodGet, srv.URL+"/media/recordings/nope.wav", nil)
	require.NoError(t, err)
	resp2, err := srv.Client().Do(missing)
	require.NoError(t, err)
	resp2.Body.Close()
	assert.Equal(t, http.StatusNotFound, resp2.StatusCode)
	assert.Empty(t, srv.Requests(), "media requests are not REST requests")
}

func TestRecord_actionAndRedirect(t *testing.T) {
	t.Parallel()
	for _, redirect := range []xml.Bool{xml.Unset, xml.False, xml.True} {
		t.Run(strconv.Itoa(int(redirect)), func(t *testing.T) {
			t.Parallel()
			app := newApp(t)
			app.route("/answer", func(*xml.Webhook) *xml.Response {
				return xml.NewResponse().
					Record(xml.RecordAttrs{Action: app.URL + "/action", Redirect: redirect, PlayBeep: xml.False}).
					Speak("after record")
			})
			app.route("/action", fixed(xml.NewResponse().Speak("from action")))
			srv := newPlatform(t)
			call := runCall(t, srv, kicktest.CallSpec{AnswerURL: app.URL + "/answer", Input: []kicktest.Input{kicktest.Talk{Length: 3 * time.Second, Key: "1"}}})
			steps := call.Transcript().Steps()
			started := steps[0].(kicktest.RecordStarted)
			assert.False(t, started.Beep)
			want := "after record"
			if redirect == xml.True {
				want = "from action"
			}
			assert.Equal(t, kicktest.Spoke{Text: want}, steps[2])
			actions := app.events("/action")
			require.Len(t, actions, 1)
			f := actions[0].Form
			assert.Equal(t, "Record", f.Get("Event"))
			assert.Equal(t, started.ID, f.Get("RecordingID"))
			assert.Equal(t, "-1", f.Get("RecordingDuration"), "the action comes near the start")
			ex := srv.Exchanges()
			require.Len(t, ex, 2)
			assert.Equal(t, xml.Event("Record"), ex[1].Event)
		})
	}
}

func TestRecord_session(t *testing.T) {
	t.Parallel()
	app := newApp(t)
	app.route("/answer", func(*xml.Webhook) *xml.Response {
		return xml.NewResponse().
			Record(xml.RecordAttrs{RecordSession: xml.True, CallbackURL: app.URL + "/stop"}).
			Speak("this is recorded", xml.SpeakAttrs{Loop: xml.Int(3)}).
			Wait(xml.WaitAttrs{Length: 4 * time.Second})
	})
	srv := newPlatform(t)
	call := runCall(t, srv, kicktest.CallSpec{AnswerURL: app.URL + "/answer"})
	steps := call.Transcript().Steps()
	started := steps[0].(kicktest.RecordStarted)
	assert.True(t, started.Session)
	assert.Equal(t, kicktest.Spoke{Text: "this is recorded"}, steps[1], "a session recording does not block")
	assert.Equal(t, kicktest.Recorded{ID: started.ID, Duration: 7 * time.Second, EndReason: kicktest.EndHungUp, URL: srv.URL + "/media/recordings/" + started.ID + ".wav"}, steps[3])
	assert.Equal(t, kicktest.Ended{Cause: kicktest.CauseEndOfXML}, steps[4])
	require.NoError(t, srv.WaitCallbacks(t.Context()))
	stops := app.events("/stop")
	require.Len(t, stops, 1)
	assert.Equal(t, "HungUp", stops[0].Form.Get("RecordingEndReason"))
	assert.Equal(t, "7", stops[0].Form.Get("RecordingDuration"))
	assert.Equal(t, "completed", stops[0].Form.Get("CallStatus"))
}

func TestRecord_livePressManualClock(t *testing.T) {
	t.Parallel()
	app := recordApp(t, xml.RecordAttrs{FinishOnKey: "#"})
	srv := newPlatform(t, kicktest.WithManualClock())
	call := srv.StartCall(kicktest.CallSpec{AnswerURL: app.URL + "/answer"})
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	_, err := call.WaitStep(ctx, func(s kicktest.Step) bool { _, ok := s.(kicktest.RecordStarted); return ok })
	require.NoError(t, err)
	require.NoError(t, srv.WaitUntil(ctx, func() bool { return srv.Sleeping() == 1 }))
	srv.Advance(3 * time.Second)
	require.NoError(t, srv.WaitUntil(ctx, func() bool { return srv.Sleeping() == 1 }))
	assert.True(t, call.Press("1"), "the record listens")
	require.NoError(t, srv.WaitUntil(ctx, func() bool { return srv.Sleeping() == 1 }))
	assert.True(t, call.Press("#"))
	finish(ctx, t, srv, call)
	var rec kicktest.Recorded
	for _, st := range call.Transcript().Steps() {
		if r, ok := st.(kicktest.Recorded); ok {
			rec = r
		}
	}
	assert.Equal(t, 3*time.Second, rec.Duration, "%v", call.Transcript())
	assert.Equal(t, kicktest.EndKey, rec.EndReason)
}

func TestRecord_hangUpDuringRecording(t *testing.T) {
	t.Parallel()
	app := recordApp(t, xml.RecordAttrs{})
	srv := newPlatform(t, kicktest.WithManualClock())
	call := srv.StartCall(kicktest.CallSpec{AnswerURL: app.URL + "/answer"})
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	require.NoError(t, srv.WaitUntil(ctx, func() bool { return srv.Sleeping() == 1 }))
	srv.Advance(4 * time.Second)
	call.HangUp()
	cause, err := call.Wait(ctx)
	require.NoError(t, err)
	assert.Equal(t, kicktest.CauseNormalHangup, cause)
	require.NoError(t, srv.WaitCallbacks(ctx))
	stops := app.events("/stop")
	require.Len(t, stops, 1)
	assert.Equal(t, "HungUp", stops[0].Form.Get("RecordingEndReason"))
}
