package kicktest_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kickflow/kickflow/kick/kicktest"
	"github.com/kickflow/kickflow/xml"
)

const (
	numA  = "+14155550111"
	numB  = "+14155550122"
	userC = "sip:carol@example.com"
)

// dialApp answers /answer with a Dial to numA, numB and userC built from
// attrs (action /action, callbackUrl /events) followed by a Speak, and
// /action with a Speak of the DialStatus.
func dialApp(t *testing.T, attrs xml.DialAttrs, targets ...string) *testApp {
	t.Helper()
	app := newApp(t)
	attrs.Action = app.URL + "/action"
	attrs.CallbackURL = app.URL + "/events"
	if attrs.CallerID == "" {
		attrs.CallerID = kicktest.DefaultTo
	}
	if targets == nil {
		targets = []string{numA}
	}
	app.route("/answer", fixed(xml.NewResponse().Dial(attrs, func(d *xml.DialBuilder) {
		for _, tg := range targets {
			if tg == userC {
				d.User(tg)
			} else {
				d.Number(tg)
			}
		}
	}).Speak("after dial")))
	app.route("/action", func(w *xml.Webhook) *xml.Response {
		return xml.NewResponse().Speak("dial " + w.Form.Get("DialStatus"))
	})
	return app
}

// eventsOf returns the Event of each callback received on /events.
func eventsOf(t *testing.T, srv *kicktest.Server, app *testApp) (names []string, forms []map[string]string) {
	t.Helper()
	require.NoError(t, srv.WaitCallbacks(t.Context()))
	for _, w := range app.events("/events") {
		names = append(names, w.Form.Get("Event")+" "+w.Form.Get("DialBLegTo"))
		f := map[string]string{}
		for k := range w.Form {
			f[k] = w.Form.Get(k)
		}
		forms = append(forms, f)
	}
	return names, forms
}

func TestDial_outcomes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		attrs      xml.DialAttrs
		callees    map[string]kicktest.Callee
		targets    []string
		wantText   string
		wantStatus string
		wantCause  string
		wantEvents []string
		wantEnd    kicktest.Cause
	}{
		{
			name:    "answer then the callee hangs up",
			callees: map[string]kicktest.Callee{numA: {RingFor: 3 * time.Second, HangUpAfter: 20 * time.Second}},
			wantText: `0s dialing +14155550111
3s b-leg +14155550111 answered
3s bridged to +14155550111
23s b-leg +14155550111 hung-up (NORMAL_CLEARING)
23s dial completed (NORMAL_CLEARING)
23s spoke "dial completed"
24s hung up: End Of XML Instructions (4010)
`,
			wantStatus: "completed", wantCause: "NORMAL_CLEARING",
			wantEvents: []string{"DialAnswer " + numA, "DialConnected " + numA, "DialHangup " + numA},
		},
		{
			name:    "busy",
			callees: map[string]kicktest.Callee{numA: {Answer: kicktest.Busy, RingFor: 2 * time.Second}},
			wantText: `0s dialing +14155550111
2s b-leg +14155550111 busy (USER_BUSY)
2s dial busy (USER_BUSY)
2s spoke "dial busy"
3s hung up: End Of XML Instructions (4010)
`,
			wantStatus: "busy", wantCause: "USER_BUSY",
			wantEvents: []string{"DialHangup " + numA},
		},
		{
			name:    "no answer within the timeout",
			attrs:   xml.DialAttrs{Timeout: 10 * time.Second},
			callees: map[string]kicktest.Callee{numA: {Answer: kicktest.NoAnswer}},
			wantText: `0s dialing +14155550111
10s b-leg +14155550111 no-answer (NO_ANSWER)
10s dial no-answer (NO_ANSWER)
10s spoke "dial no-answer"
11s hung up: End Of XML Instructions (4010)
`,
			wantStatus: "no-answer", wantCause: "NO_ANSWER",
			wantEvents: []string{"DialHangup " + numA},
		},
		{
			name:    "answer after the timeout",
			attrs:   xml.DialAttrs{Timeout: 10 * time.Second},
			callees: map[string]kicktest.Callee{numA: {RingFor: 11 * time.Second}},
			wantText: `0s dialing +14155550111
10s b-leg +14155550111 no-answer (NO_ANSWER)
10s dial no-answer (NO_ANSWER)
10s spoke "dial no-answer"
11s hung up: End Of XML Instructions (4010)
`,
			wantStatus: "no-answer", wantCause: "NO_ANSWER",
			wantEvents: []string{"DialHangup " + numA},
		},
		{
			name:    "fails",
			callees: map[string]kicktest.Callee{numA: {Answer: kicktest.Fails}},
			wantText: `0s dialing +14155550111
0s b-leg +14155550111 failed (UNALLOCATED_NUMBER)
0s dial failed (UNALLOCATED_NUMBER)
0s spoke "dial failed"
1s hung up: End Of XML Instructions (4010)
`,
			wantStatus: "failed", wantCause: "UNALLOCATED_NUMBER",
			wantEvents: []string{"DialHangup " + numA},
		},
		{
			name:    "siblings ring at once; the first to answer wins",
			targets: []string{numA, numB, userC},
			callees: map[string]kicktest.Callee{
				numA:  {Answer: kicktest.Busy, RingFor: 2 * time.Second},
				numB:  {RingFor: 8 * time.Second, HangUpAfter: time.Minute},
				userC: {RingFor: 5 * time.Second, HangUpAfter: 10 * time.Second},
			},
			wantText: `0s dialing +14155550111, +14155550122, sip:carol@example.com
2s b-leg +14155550111 busy (USER_BUSY)
5s b-leg +14155550122 lost-race (LOSE_RACE)
5s b-leg sip:carol@example.com answered
5s bridged to sip:carol@example.com
15s b-leg sip:carol@example.com hung-up (NORMAL_CLEARING)
15s dial completed (NORMAL_CLEARING)
15s spoke "dial completed"
16s hung up: End Of XML Instructions (4010)
`,
			wantStatus: "completed", wantCause: "NORMAL_CLEARING",
			wantEvents: []string{"DialHangup " + numA, "DialHangup " + numB, "DialAnswer " + userC, "DialConnected " + userC, "DialHangup " + userC},
		},
		{
			name:    "timeLimit ends the bridge",
			attrs:   xml.DialAttrs{TimeLimit: 30 * time.Second},
			callees: map[string]kicktest.Callee{numA: {}},
			wantText: `0s dialing +14155550111
0s b-leg +14155550111 answered
0s bridged to +14155550111
30s b-leg +14155550111 hung-up (ALLOTTED_TIMEOUT)
30s dial completed (ALLOTTED_TIMEOUT)
30s spoke "dial completed"
31s hung up: End Of XML Instructions (4010)
`,
			wantStatus: "completed", wantCause: "ALLOTTED_TIMEOUT",
			wantEvents: []string{"DialAnswer " + numA, "DialConnected " + numA, "DialHangup " + numA},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			app := dialApp(t, tt.attrs, tt.targets...)
			srv := newPlatform(t)
			call := runCall(t, srv, kicktest.CallSpec{AnswerURL: app.URL + "/answer", Callees: tt.callees})
			assert.Equal(t, tt.wantText, call.Transcript().String())
			actions := app.events("/action")
			require.Len(t, actions, 1)
			f := actions[0].Form
			assert.Equal(t, "DialAction", f.Get("Event"))
			assert.Equal(t, tt.wantStatus, f.Get("DialStatus"))
			assert.Equal(t, tt.wantCause, f.Get("DialHangupCause"))
			assert.Equal(t, call.UUID(), f.Get("DialALegUUID"))
			if tt.wantStatus == "completed" {
				assert.NotEmpty(t, f.Get("DialBLegUUID"))
			} else {
				assert.Empty(t, f.Get("DialBLegUUID"))
			}
			assert.Equal(t, tt.wantStatus != "failed", f.Get("DialRingStatus") == "true")
			names, forms := eventsOf(t, srv, app)
			assert.ElementsMatch(t, tt.wantEvents, names)
			for _, f := range forms {
				assert.Equal(t, call.UUID(), f["DialALegUUID"])
				assert.Equal(t, call.UUID(), f["CallUUID"])
				assert.Equal(t, kicktest.DefaultTo, f["DialBLegFrom"])
				assert.NotEmpty(t, f["DialBLegUUID"])
				assert.NotEmpty(t, f["DialBLegPosition"])
				if f["Event"] == "DialHangup" {
					assert.NotEmpty(t, f["DialBLegHangupCause"])
					assert.NotEmpty(t, f["DialBLegHangupSource"])
					assert.NotEmpty(t, f["DialBLegDuration"])
				}
			}
		})
	}
}

func TestDial_hangupFields(t *testing.T) {
	t.Parallel()
	app := dialApp(t, xml.DialAttrs{Timeout: 10 * time.Second}, numA, numB)
	srv := newPlatform(t)
	runCall(t, srv, kicktest.CallSpec{AnswerURL: app.URL + "/answer", Callees: map[string]kicktest.Callee{
		numA: {Answer: kicktest.NoAnswer},
		numB: {RingFor: time.Second, HangUpAfter: 42 * time.Second},
	}})
	_, forms := eventsOf(t, srv, app)
	byKey := map[string]map[string]string{}
	for _, f := range forms {
		byKey[f["Event"]+" "+f["DialBLegTo"]] = f
	}
	lost := byKey["DialHangup "+numA]
	assert.Equal(t, "LOSE_RACE", lost["DialBLegHangupCause"])
	assert.Equal(t, "9000", lost["DialBLegHangupCauseCode"])
	assert.Equal(t, "Lost Race", lost["DialBLegHangupCauseName"])
	assert.Equal(t, "Vobiz", lost["DialBLegHangupSource"])
	assert.Equal(t, "1", lost["DialBLegPosition"])
	done := byKey["DialHangup "+numB]
	assert.Equal(t, "42", done["DialBLegDuration"])
	assert.Equal(t, "2", done["DialBLegPosition"])
	assert.Equal(t, "Callee", done["DialBLegHangupSource"])
	assert.Equal(t, "connected", byKey["DialConnected "+numB]["DialBLegStatus"])
}

func TestDial_callerID(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		opts     []kicktest.Option
		callerID string
		from     string
		rejected bool
	}{
		{"no callerId on an inbound call", nil, "", "", true},
		{"explicit callerId, numbers not listed", nil, "+15550001111", "", false},
		{"callerId not among the account's numbers", []kicktest.Option{kicktest.WithNumbers("+15550002222")}, "+15550001111", "", true},
		{"callerId among the account's numbers", []kicktest.Option{kicktest.WithNumbers("+15550002222")}, "+15550002222", "", false},
		{"callerId is the number called", []kicktest.Option{kicktest.WithNumbers()}, kicktest.DefaultTo, "", false},
		{"no callerId, the caller's number owned", []kicktest.Option{kicktest.WithNumbers("+15550003333")}, "", "+15550003333", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			app := newApp(t)
			app.route("/answer", func(*xml.Webhook) *xml.Response {
				return xml.NewResponse().Dial(xml.DialAttrs{CallerID: tt.callerID, Action: app.URL + "/action", CallbackURL: app.URL + "/events"},
					func(d *xml.DialBuilder) { d.Number(numA) }).Speak("next")
			})
			srv := newPlatform(t, tt.opts...)
			call := runCall(t, srv, kicktest.CallSpec{AnswerURL: app.URL + "/answer", From: tt.from,
				Callees: map[string]kicktest.Callee{numA: {Answer: kicktest.Busy}}})
			steps := call.Transcript().Steps()
			_, rejected := steps[1].(kicktest.DialRejected)
			assert.Equal(t, tt.rejected, rejected, "%v", call.Transcript())
			if tt.rejected {
				assert.Equal(t, kicktest.Spoke{Text: "next"}, steps[2], "the next element runs")
				assert.Empty(t, app.events("/action"), "no action")
				require.NoError(t, srv.WaitCallbacks(t.Context()))
				assert.Empty(t, app.events("/events"), "no callbacks")
			}
		})
	}
}

func TestDial_redirectFalse(t *testing.T) {
	t.Parallel()
	app := dialApp(t, xml.DialAttrs{Redirect: xml.False})
	srv := newPlatform(t)
	call := runCall(t, srv, kicktest.CallSpec{AnswerURL: app.URL + "/answer", Callees: map[string]kicktest.Callee{numA: {Answer: kicktest.Busy}}})
	steps := call.Transcript().Steps()
	assert.Equal(t, kicktest.Spoke{Text: "after dial"}, steps[len(steps)-2])
	assert.Len(t, app.events("/action"), 1, "requested, answer ignored")
}

func TestDial_bridgeEndsTheDocument(t *testing.T) {
	t.Parallel()
	app := newApp(t)
	app.route("/answer", fixed(xml.NewResponse().
		Dial(xml.DialAttrs{CallerID: kicktest.DefaultTo}, func(d *xml.DialBuilder) { d.Number(numA) }).
		Speak("only when no bridge")))
	srv := newPlatform(t, kicktest.WithDefaultCallee(kicktest.Callee{HangUpAfter: 5 * time.Second}))
	call := runCall(t, srv, kicktest.CallSpec{AnswerURL: app.URL + "/answer"})
	cause, _ := call.Cause()
	assert.Equal(t, kicktest.CauseNormalHangup, cause)
	assert.NotContains(t, call.Transcript().Steps(), kicktest.Spoke{Text: "only when no bridge"})
}

func TestDial_sounds(t *testing.T) {
	t.Parallel()
	app := newApp(t)
	app.route("/answer", func(*xml.Webhook) *xml.Response {
		return xml.NewResponse().Dial(xml.DialAttrs{
			CallerID:     kicktest.DefaultTo,
			DialMusic:    app.URL + "/music",
			ConfirmSound: app.URL + "/confirm",
			ConfirmKey:   "5",
		}, func(d *xml.DialBuilder) {
			d.Number(numA, xml.NumberAttrs{SendDigits: "1w2", SendOnPreanswer: xml.True})
			d.Number(numB, xml.NumberAttrs{SendDigits: "99"})
		})
	})
	app.route("/music", fixed(xml.NewResponse().Play("https://cdn.example.com/ring.mp3")))
	app.route("/confirm", fixed(xml.NewResponse().Speak("Press 5 to take the call")))
	t.Run("confirmed", func(t *testing.T) {
		t.Parallel()
		srv := newPlatform(t, kicktest.WithCallee(numB, kicktest.Callee{RingFor: time.Second, ConfirmKeys: "5", HangUpAfter: time.Second}),
			kicktest.WithCallee(numA, kicktest.Callee{Answer: kicktest.NoAnswer}))
		call := runCall(t, srv, kicktest.CallSpec{AnswerURL: app.URL + "/answer"})
		assert.Equal(t, `0s dialing +14155550111, +14155550122
0s played https://cdn.example.com/ring.mp3
0s b-leg +14155550111 got DTMF 1w2 (preanswer)
1s b-leg +14155550111 lost-race (LOSE_RACE)
1s b-leg +14155550122 answered
1s b-leg +14155550122 heard: spoke "Press 5 to take the call"
1s b-leg +14155550122 got DTMF 99
1s bridged to +14155550122
2s b-leg +14155550122 hung-up (NORMAL_CLEARING)
2s dial completed (NORMAL_CLEARING)
2s hung up: Normal Hangup (4000)
`, call.Transcript().String())
		for _, ex := range srv.Exchanges() {
			if ex.URL == app.URL+"/music" || ex.URL == app.URL+"/confirm" {
				assert.Equal(t, "POST", ex.Method)
			}
		}
	})
	t.Run("confirm key not pressed", func(t *testing.T) {
		t.Parallel()
		srv := newPlatform(t, kicktest.WithDefaultCallee(kicktest.Callee{ConfirmKeys: "4"}))
		call := runCall(t, srv, kicktest.CallSpec{AnswerURL: app.URL + "/answer"})
		assert.Contains(t, call.Transcript().Steps(), kicktest.DialEnded{Status: "failed", Cause: "CONFIRM_KEY_FAILED"})
		assert.NotContains(t, call.Transcript().String(), "bridged")
	})
}

func TestDial_liveKeysManualClock(t *testing.T) {
	t.Parallel()
	app := dialApp(t, xml.DialAttrs{HangupOnStar: xml.True, DigitsMatch: "12,99"})
	srv := newPlatform(t, kicktest.WithManualClock())
	call := srv.StartCall(kicktest.CallSpec{AnswerURL: app.URL + "/answer"})
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	_, err := call.WaitStep(ctx, func(s kicktest.Step) bool { _, ok := s.(kicktest.Bridged); return ok })
	require.NoError(t, err)
	require.NoError(t, srv.WaitUntil(ctx, func() bool { return srv.Sleeping() == 1 }))
	assert.True(t, call.Press("3"))
	assert.True(t, call.Press("12"))
	require.NoError(t, srv.WaitUntil(ctx, func() bool {
		for _, w := range app.events("/events") {
			if w.Form.Get("Event") == "DialDigitsMatch" {
				return true
			}
		}
		return false
	}))
	srv.Advance(5 * time.Second)
	assert.True(t, call.Press("*"), "hangupOnStar ends the bridge")
	finish(ctx, t, srv, call)
	steps := call.Transcript().Steps()
	assert.Contains(t, steps, kicktest.DialEnded{Status: "completed", Cause: "NORMAL_CLEARING"})
	assert.Contains(t, steps, kicktest.Spoke{Text: "dial completed"}, "the action's document runs")
	names, forms := eventsOf(t, srv, app)
	assert.Contains(t, names, "DialDigitsMatch "+numA)
	for _, f := range forms {
		if f["Event"] == "DialDigitsMatch" {
			assert.Equal(t, "12", f["DialDigitsMatch"])
			assert.Equal(t, "aleg", f["DialDigitsPressedBy"])
			assert.Equal(t, "digits", f["DialAction"])
		}
		if f["Event"] == "DialHangup" {
			assert.Equal(t, "Caller", f["DialBLegHangupSource"])
		}
	}
}

func TestDial_hangupOnStarGoesOn(t *testing.T) {
	t.Parallel()
	app := newApp(t)
	app.route("/answer", fixed(xml.NewResponse().
		Dial(xml.DialAttrs{CallerID: kicktest.DefaultTo, HangupOnStar: xml.True}, func(d *xml.DialBuilder) { d.Number(numA) }).
		Speak("back to the menu")))
	srv := newPlatform(t, kicktest.WithManualClock())
	call := srv.StartCall(kicktest.CallSpec{AnswerURL: app.URL + "/answer"})
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	_, err := call.WaitStep(ctx, func(s kicktest.Step) bool { _, ok := s.(kicktest.Bridged); return ok })
	require.NoError(t, err)
	assert.True(t, call.Press("*"))
	finish(ctx, t, srv, call)
	assert.Contains(t, call.Transcript().Steps(), kicktest.Spoke{Text: "back to the menu"})
}

func TestDial_callerHangsUpWhileRinging(t *testing.T) {
	t.Parallel()
	app := dialApp(t, xml.DialAttrs{})
	srv := newPlatform(t, kicktest.WithManualClock(), kicktest.WithDefaultCallee(kicktest.Callee{Answer: kicktest.NoAnswer}))
	call := srv.StartCall(kicktest.CallSpec{AnswerURL: app.URL + "/answer"})
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	_, err := call.WaitStep(ctx, func(s kicktest.Step) bool { _, ok := s.(kicktest.Dialing); return ok })
	require.NoError(t, err)
	require.NoError(t, srv.WaitUntil(ctx, func() bool { return srv.Sleeping() == 1 }))
	call.HangUp()
	cause, err := call.Wait(ctx)
	require.NoError(t, err)
	assert.Equal(t, kicktest.CauseNormalHangup, cause)
	assert.Contains(t, call.Transcript().Steps(), kicktest.DialEnded{Status: "cancel", Cause: "ORIGINATOR_CANCEL"})
}

func TestDial_recordOnAnswer(t *testing.T) {
	t.Parallel()
	app := newApp(t)
	app.route("/answer", func(*xml.Webhook) *xml.Response {
		return xml.NewResponse().
			Speak("connecting").
			Record(xml.RecordAttrs{StartOnDialAnswer: xml.True, CallbackURL: app.URL + "/stop"}).
			Dial(xml.DialAttrs{CallerID: kicktest.DefaultTo}, func(d *xml.DialBuilder) { d.Number(numA) })
	})
	srv := newPlatform(t, kicktest.WithDefaultCallee(kicktest.Callee{RingFor: 4 * time.Second, HangUpAfter: 9 * time.Second}))
	call := runCall(t, srv, kicktest.CallSpec{AnswerURL: app.URL + "/answer"})
	var rec kicktest.Recorded
	for _, st := range call.Transcript().Steps() {
		if r, ok := st.(kicktest.Recorded); ok {
			rec = r
		}
	}
	assert.Equal(t, 9*time.Second, rec.Duration, "from the answer to the end of the bridge")
	assert.Equal(t, kicktest.EndHungUp, rec.EndReason)
	require.NoError(t, srv.WaitCallbacks(t.Context()))
	assert.Len(t, app.events("/stop"), 1)
}

func TestDial_callerHangsUpInTheBridge(t *testing.T) {
	t.Parallel()
	app := dialApp(t, xml.DialAttrs{})
	srv := newPlatform(t, kicktest.WithManualClock())
	call := srv.StartCall(kicktest.CallSpec{AnswerURL: app.URL + "/answer"})
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	_, err := call.WaitStep(ctx, func(s kicktest.Step) bool { _, ok := s.(kicktest.Bridged); return ok })
	require.NoError(t, err)
	call.HangUp()
	cause, err := call.Wait(ctx)
	require.NoError(t, err)
	assert.Equal(t, kicktest.CauseNormalHangup, cause)
	actions := app.events("/action")
	require.Len(t, actions, 1, "the result is posted after the caller left")
	assert.Equal(t, "completed", actions[0].Form.Get("DialStatus"))
	names, forms := eventsOf(t, srv, app)
	assert.Contains(t, names, "DialHangup "+numA)
	for _, f := range forms {
		if f["Event"] == "DialHangup" {
			assert.Equal(t, "Caller", f["DialBLegHangupSource"])
		}
	}
}
