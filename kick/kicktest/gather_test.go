package kicktest_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kickflow/kickflow/kick/kicktest"
	"github.com/kickflow/kickflow/xml"
)

// gatherApp answers /answer with a Gather built from attrs (action
// /action) and a fall-through Speak, and /action with a Speak of the
// digits or speech it got.
func gatherApp(t *testing.T, attrs xml.GatherAttrs, prompts func(*xml.GatherBuilder)) *testApp {
	t.Helper()
	app := newApp(t)
	attrs.Action = app.URL + "/action"
	if prompts == nil {
		prompts = func(*xml.GatherBuilder) {}
	}
	app.route("/answer", fixed(xml.NewResponse().Gather(attrs, prompts).Speak("fall through")))
	app.route("/action", func(w *xml.Webhook) *xml.Response {
		return xml.NewResponse().Speak("got " + w.Digits + w.Speech)
	})
	return app
}

func runCall(t *testing.T, srv *kicktest.Server, spec kicktest.CallSpec) *kicktest.Call {
	t.Helper()
	call := srv.StartCall(spec)
	_, err := call.Wait(t.Context())
	require.NoError(t, err)
	return call
}

func TestGather_scriptedInput(t *testing.T) {
	t.Parallel()
	prompt := func(g *xml.GatherBuilder) { g.Speak("Enter your PIN") }
	tests := []struct {
		name      string
		attrs     xml.GatherAttrs
		input     []kicktest.Input
		wantSteps []kicktest.Step
		wantForm  map[string]string // nil: no action request
	}{
		{
			name:  "finish key ends the digits and is not posted",
			attrs: xml.GatherAttrs{},
			input: []kicktest.Input{kicktest.Keys{Digits: "1234#"}},
			wantSteps: []kicktest.Step{
				kicktest.Gathered{InputType: xml.InputDTMF, Digits: "1234"},
				kicktest.Spoke{Text: "got 1234"},
			},
			wantForm: map[string]string{"InputType": "dtmf", "Digits": "1234", "Speech": "", "SpeechConfidenceScore": "0"},
		},
		{
			name:      "numDigits ends the input",
			attrs:     xml.GatherAttrs{NumDigits: xml.Int(2)},
			input:     []kicktest.Input{kicktest.Keys{Digits: "1234"}},
			wantSteps: []kicktest.Step{kicktest.Gathered{InputType: xml.InputDTMF, Digits: "12"}, kicktest.Spoke{Text: "got 12"}},
			wantForm:  map[string]string{"Digits": "12"},
		},
		{
			name:      "other finish key",
			attrs:     xml.GatherAttrs{FinishOnKey: "*"},
			input:     []kicktest.Input{kicktest.Keys{Digits: "12#3*9"}},
			wantSteps: []kicktest.Step{kicktest.Gathered{InputType: xml.InputDTMF, Digits: "12#3"}, kicktest.Spoke{Text: "got 12#3"}},
		},
		{
			name:      "digitEndTimeout ends slow digits",
			attrs:     xml.GatherAttrs{DigitEndTimeout: xml.EndAfter(3 * time.Second)},
			input:     []kicktest.Input{kicktest.Keys{Digits: "123", Gap: 4 * time.Second}},
			wantSteps: []kicktest.Step{kicktest.Gathered{InputType: xml.InputDTMF, Digits: "1"}, kicktest.Spoke{Text: "got 1"}},
		},
		{
			name:      "digits within digitEndTimeout",
			attrs:     xml.GatherAttrs{DigitEndTimeout: xml.EndAfter(3 * time.Second), FinishOnKey: "none"},
			input:     []kicktest.Input{kicktest.Keys{Digits: "123", Gap: 2 * time.Second}},
			wantSteps: []kicktest.Step{kicktest.Gathered{InputType: xml.InputDTMF, Digits: "123"}, kicktest.Spoke{Text: "got 123"}},
		},
		{
			name:      "input after executionTimeout is a timeout",
			attrs:     xml.GatherAttrs{ExecutionTimeout: 5 * time.Second},
			input:     []kicktest.Input{kicktest.Keys{Digits: "1#", Delay: 6 * time.Second}},
			wantSteps: []kicktest.Step{kicktest.GatherTimedOut{}, kicktest.Spoke{Text: "fall through"}},
		},
		{
			name:      "no input times out and falls through",
			attrs:     xml.GatherAttrs{},
			input:     nil,
			wantSteps: []kicktest.Step{kicktest.GatherTimedOut{}, kicktest.Spoke{Text: "fall through"}},
		},
		{
			name:      "speech",
			attrs:     xml.GatherAttrs{InputType: xml.InputSpeech},
			input:     []kicktest.Input{kicktest.Speech{Text: "sales", Confidence: 0.9}},
			wantSteps: []kicktest.Step{kicktest.Gathered{InputType: xml.InputSpeech, Speech: "sales", Confidence: 0.9}, kicktest.Spoke{Text: "got sales"}},
			wantForm:  map[string]string{"InputType": "speech", "Digits": "", "Speech": "sales", "SpeechConfidenceScore": "0.9"},
		},
		{
			name:      "keys ignored by a speech gather",
			attrs:     xml.GatherAttrs{InputType: xml.InputSpeech},
			input:     []kicktest.Input{kicktest.Keys{Digits: "1#"}},
			wantSteps: []kicktest.Step{kicktest.GatherTimedOut{}, kicktest.Spoke{Text: "fall through"}},
		},
		{
			name:      "speech ignored by a dtmf gather",
			attrs:     xml.GatherAttrs{InputType: xml.InputDTMF},
			input:     []kicktest.Input{kicktest.Speech{Text: "sales", Confidence: 0.9}},
			wantSteps: []kicktest.Step{kicktest.GatherTimedOut{}, kicktest.Spoke{Text: "fall through"}},
		},
		{
			name:      "dtmf speech takes the first input",
			attrs:     xml.GatherAttrs{InputType: xml.InputDTMFSpeech},
			input:     []kicktest.Input{kicktest.Keys{Digits: "7#"}},
			wantSteps: []kicktest.Step{kicktest.Gathered{InputType: xml.InputDTMF, Digits: "7"}, kicktest.Spoke{Text: "got 7"}},
		},
		{
			name:      "GET puts the parameters in the query string",
			attrs:     xml.GatherAttrs{Method: xml.MethodGet},
			input:     []kicktest.Input{kicktest.Keys{Digits: "8#"}},
			wantSteps: []kicktest.Step{kicktest.Gathered{InputType: xml.InputDTMF, Digits: "8"}, kicktest.Spoke{Text: "got 8"}},
			wantForm:  map[string]string{"Digits": "8", "InputType": "dtmf"},
		},
		{
			name:      "redirect false requests the action and goes on",
			attrs:     xml.GatherAttrs{Redirect: xml.False},
			input:     []kicktest.Input{kicktest.Keys{Digits: "5#"}},
			wantSteps: []kicktest.Step{kicktest.Gathered{InputType: xml.InputDTMF, Digits: "5"}, kicktest.Spoke{Text: "fall through"}},
			wantForm:  map[string]string{"Digits": "5"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			app := gatherApp(t, tt.attrs, prompt)
			srv := newPlatform(t)
			call := runCall(t, srv, kicktest.CallSpec{AnswerURL: app.URL + "/answer", Input: tt.input})
			steps := call.Transcript().Steps()
			require.GreaterOrEqual(t, len(steps), 3)
			assert.IsType(t, kicktest.Gathering{}, steps[0])
			assert.Equal(t, kicktest.Spoke{Text: "Enter your PIN"}, steps[1])
			assert.Equal(t, tt.wantSteps, steps[2:len(steps)-1])
			actions := app.events("/action")
			if tt.wantForm == nil && tt.wantSteps[0] == (kicktest.GatherTimedOut{}) {
				assert.Empty(t, actions)
				return
			}
			require.Len(t, actions, 1)
			for k, v := range tt.wantForm {
				assert.Equal(t, v, actions[0].Form.Get(k), k)
			}
			assert.Equal(t, call.UUID(), actions[0].CallUUID)
			for _, ex := range srv.Exchanges() {
				if strings.Contains(ex.URL, "/action") {
					want := "POST"
					if tt.attrs.Method == xml.MethodGet {
						want = "GET"
						assert.Contains(t, ex.URL, "Digits=8")
					}
					assert.Equal(t, want, ex.Method)
				}
			}
		})
	}
}

func TestGather_timeoutActionOption(t *testing.T) {
	t.Parallel()
	app := gatherApp(t, xml.GatherAttrs{}, nil)
	srv := newPlatform(t, kicktest.WithGatherTimeoutAction())
	call := runCall(t, srv, kicktest.CallSpec{AnswerURL: app.URL + "/answer"})
	assert.Equal(t, []kicktest.Step{
		kicktest.Gathering{InputType: xml.InputDTMF, NumDigits: 32, FinishOnKey: "#", Timeout: 15 * time.Second},
		kicktest.GatherTimedOut{},
		kicktest.Spoke{Text: "got"},
		kicktest.Ended{Cause: kicktest.CauseEndOfXML},
	}, call.Transcript().Steps())
	actions := app.events("/action")
	require.Len(t, actions, 1)
	assert.Equal(t, "", actions[0].Form.Get("Digits"))
	assert.Equal(t, "dtmf", actions[0].Form.Get("InputType"))
}

func TestGather_timesAndBargeIn(t *testing.T) {
	t.Parallel()
	prompts := func(g *xml.GatherBuilder) {
		g.Speak("one", xml.SpeakAttrs{Loop: xml.Int(2)})
		g.Play("https://cdn.example.com/two.mp3")
	}
	t.Run("timeout counted after the prompts", func(t *testing.T) {
		t.Parallel()
		app := gatherApp(t, xml.GatherAttrs{ExecutionTimeout: 10 * time.Second}, prompts)
		srv := newPlatform(t)
		call := runCall(t, srv, kicktest.CallSpec{AnswerURL: app.URL + "/answer"})
		assert.Equal(t, `0s gathering dtmf (32 digits, finish #, 10s)
0s spoke "one"
2s played https://cdn.example.com/two.mp3
13s gather timed out
13s spoke "fall through"
14s hung up: End Of XML Instructions (4010)
`, call.Transcript().String())
	})
	t.Run("barge-in stops the prompts", func(t *testing.T) {
		t.Parallel()
		app := gatherApp(t, xml.GatherAttrs{}, prompts)
		srv := newPlatform(t)
		call := runCall(t, srv, kicktest.CallSpec{AnswerURL: app.URL + "/answer", Input: []kicktest.Input{
			kicktest.Keys{Digits: "42#", BargeIn: true, Gap: time.Second},
		}})
		assert.Equal(t, `0s gathering dtmf (32 digits, finish #, 15s)
0s spoke "one"
2s gathered digits 42
2s spoke "got 42"
3s hung up: End Of XML Instructions (4010)
`, call.Transcript().String())
	})
	t.Run("speech waits speechEndTimeout", func(t *testing.T) {
		t.Parallel()
		app := gatherApp(t, xml.GatherAttrs{InputType: xml.InputSpeech, SpeechEndTimeout: xml.EndAfter(4 * time.Second)}, prompts)
		srv := newPlatform(t)
		call := runCall(t, srv, kicktest.CallSpec{AnswerURL: app.URL + "/answer", Input: []kicktest.Input{
			kicktest.Speech{Text: "support", Confidence: 0.5, Delay: time.Second},
		}})
		assert.Equal(t, `0s gathering speech (32 digits, finish #, 15s)
0s spoke "one"
2s played https://cdn.example.com/two.mp3
8s gathered speech "support" (0.5)
8s spoke "got support"
9s hung up: End Of XML Instructions (4010)
`, call.Transcript().String())
	})
	t.Run("hang-up during the gather", func(t *testing.T) {
		t.Parallel()
		app := gatherApp(t, xml.GatherAttrs{}, prompts)
		srv := newPlatform(t)
		call := runCall(t, srv, kicktest.CallSpec{AnswerURL: app.URL + "/answer", Input: []kicktest.Input{
			kicktest.HangUp{Delay: 5 * time.Second},
		}})
		steps := call.Transcript().Steps()
		assert.Equal(t, kicktest.Ended{Cause: kicktest.CauseNormalHangup}, steps[len(steps)-1])
		assert.Empty(t, app.events("/action"))
	})
}

func TestGather_inputsTakenInOrder(t *testing.T) {
	t.Parallel()
	app := newApp(t)
	app.route("/answer", fixed(xml.NewResponse().Redirect(app.URL+"/menu")))
	app.route("/menu", fixed(xml.NewResponse().
		Gather(xml.GatherAttrs{Action: app.URL + "/pin", NumDigits: xml.Int(4)}, func(g *xml.GatherBuilder) { g.Speak("PIN?") }).
		Redirect(app.URL+"/menu")))
	app.route("/pin", func(w *xml.Webhook) *xml.Response {
		if w.Digits == "1234" {
			return xml.NewResponse().Speak("welcome")
		}
		return xml.NewResponse().Speak("wrong").Redirect(app.URL + "/menu")
	})
	srv := newPlatform(t)
	call := runCall(t, srv, kicktest.CallSpec{AnswerURL: app.URL + "/answer", Input: []kicktest.Input{
		kicktest.Keys{Digits: "9999"},
		kicktest.Silence{},
		kicktest.Keys{Digits: "1234"},
	}})
	var got []kicktest.Step
	for _, st := range call.Transcript().Steps() {
		switch st.(type) {
		case kicktest.Gathered, kicktest.GatherTimedOut, kicktest.Spoke:
			got = append(got, st)
		}
	}
	assert.Equal(t, []kicktest.Step{
		kicktest.Spoke{Text: "PIN?"}, kicktest.Gathered{InputType: xml.InputDTMF, Digits: "9999"}, kicktest.Spoke{Text: "wrong"},
		kicktest.Spoke{Text: "PIN?"}, kicktest.GatherTimedOut{},
		kicktest.Spoke{Text: "PIN?"}, kicktest.Gathered{InputType: xml.InputDTMF, Digits: "1234"}, kicktest.Spoke{Text: "welcome"},
	}, got)
}

func TestGather_liveInputManualClock(t *testing.T) {
	t.Parallel()
	app := gatherApp(t, xml.GatherAttrs{InputType: xml.InputDTMFSpeech, FinishOnKey: "none", DigitEndTimeout: xml.EndAfter(2 * time.Second)},
		func(g *xml.GatherBuilder) { g.Speak("Say or press") })
	srv := newPlatform(t, kicktest.WithManualClock())
	call := srv.StartCall(kicktest.CallSpec{AnswerURL: app.URL + "/answer"})
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	_, err := call.WaitStep(ctx, func(s kicktest.Step) bool { return s == kicktest.Spoke{Text: "Say or press"} })
	require.NoError(t, err)
	require.NoError(t, srv.WaitUntil(ctx, func() bool { return srv.Sleeping() == 1 }))
	assert.True(t, call.Press("4"), "the gather listens during its prompt")
	require.NoError(t, srv.WaitUntil(ctx, func() bool { return srv.Sleeping() == 1 }))
	assert.True(t, call.Press("2"))
	srv.Advance(2 * time.Second) // the digit end timeout
	finish(ctx, t, srv, call)
	cause, err := call.Wait(ctx)
	require.NoError(t, err)
	assert.Equal(t, kicktest.CauseEndOfXML, cause)
	assert.Contains(t, call.Transcript().Steps(), kicktest.Gathered{InputType: xml.InputDTMF, Digits: "42"})
	assert.False(t, call.Press("1"), "nothing listens after the call")
}

func TestGather_liveSpeech(t *testing.T) {
	t.Parallel()
	app := gatherApp(t, xml.GatherAttrs{InputType: xml.InputSpeech}, nil)
	srv := newPlatform(t, kicktest.WithManualClock())
	call := srv.StartCall(kicktest.CallSpec{AnswerURL: app.URL + "/answer"})
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	_, err := call.WaitStep(ctx, func(s kicktest.Step) bool { _, ok := s.(kicktest.Gathering); return ok })
	require.NoError(t, err)
	require.NoError(t, srv.WaitUntil(ctx, func() bool { return srv.Sleeping() == 1 }))
	require.True(t, call.Say("billing", 0.75))
	require.NoError(t, srv.WaitUntil(ctx, func() bool { return srv.Sleeping() == 1 }))
	srv.Advance(2 * time.Second) // the auto speech end timeout
	finish(ctx, t, srv, call)
	_, err = call.Wait(ctx)
	require.NoError(t, err)
	assert.Contains(t, call.Transcript().Steps(), kicktest.Gathered{InputType: xml.InputSpeech, Speech: "billing", Confidence: 0.75})
	actions := app.events("/action")
	require.Len(t, actions, 1)
	assert.Equal(t, "billing", actions[0].Speech)
	assert.InDelta(t, 0.75, actions[0].SpeechConfidenceScore, 1e-9)
}

func TestGather_actionFailures(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		action func(app *testApp) string
		method xml.Method
		want   kicktest.Cause
	}{
		{"unreachable", func(app *testApp) string { return app.URL + "/missing-404" }, "", kicktest.CauseInvalidActionXML},
		{"not http", func(*testApp) string { return "ftp://example.com/a" }, "", kicktest.CauseInvalidActionURL},
		{"bad method", func(app *testApp) string { return app.URL + "/action" }, "PUT", kicktest.CauseInvalidActionMethod},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			app := newApp(t)
			method := ""
			if tt.method != "" {
				method = ` method="` + string(tt.method) + `"`
			}
			raw := xmlApp(t, map[string]string{
				"/answer": `<Response><Gather action="` + tt.action(app) + `"` + method + `/></Response>`,
			})
			app = raw
			srv := newPlatform(t)
			call := runCall(t, srv, kicktest.CallSpec{AnswerURL: app.URL + "/answer", Input: []kicktest.Input{kicktest.Keys{Digits: "1#"}}})
			cause, _ := call.Cause()
			assert.Equal(t, tt.want, cause)
		})
	}
}

// finish advances the manual clock a second at a time until the call ends.
func finish(ctx context.Context, t *testing.T, srv *kicktest.Server, call *kicktest.Call) {
	t.Helper()
	for {
		select {
		case <-call.Done():
			return
		default:
		}
		require.NoError(t, srv.WaitUntil(ctx, func() bool {
			_, ended := call.Cause()
			return ended || srv.Sleeping() > 0
		}))
		if _, ended := call.Cause(); ended {
			return
		}
		srv.Advance(time.Second)
	}
}

// xmlApp is a testApp whose paths answer fixed XML text; "{{URL}}" in a
// text is replaced by the app's URL.
func xmlApp(t *testing.T, docs map[string]string) *testApp {
	t.Helper()
	app := newApp(t)
	for path, text := range docs {
		app.routeRaw(path, func() string { return strings.ReplaceAll(text, "{{URL}}", app.URL) })
	}
	return app
}

func TestGather_numDigitsClamped(t *testing.T) {
	t.Parallel()
	tests := []struct {
		numDigits string
		want      string
	}{
		{"40", "12345678901234567890123456789012"},
		{"0", "1"},
	}
	for _, tt := range tests {
		t.Run(tt.numDigits, func(t *testing.T) {
			t.Parallel()
			app := xmlApp(t, map[string]string{
				"/answer": `<Response><Gather action="{{URL}}/action" finishOnKey="none" numDigits="` + tt.numDigits + `"/></Response>`,
			})
			srv := newPlatform(t)
			call := runCall(t, srv, kicktest.CallSpec{AnswerURL: app.URL + "/answer", Input: []kicktest.Input{
				kicktest.Keys{Digits: "1234567890123456789012345678901234567890"},
			}})
			assert.Contains(t, call.Transcript().Steps(), kicktest.Gathered{InputType: xml.InputDTMF, Digits: tt.want})
		})
	}
}

func TestGather_realClock(t *testing.T) {
	t.Parallel()
	app := gatherApp(t, xml.GatherAttrs{}, func(g *xml.GatherBuilder) { g.Speak("Press a key", xml.SpeakAttrs{Loop: xml.Int(30)}) })
	srv := newPlatform(t, kicktest.WithRealClock())
	call := srv.StartCall(kicktest.CallSpec{AnswerURL: app.URL + "/answer"})
	ctx, cancel := context.WithTimeout(t.Context(), 20*time.Second)
	defer cancel()
	_, err := call.WaitStep(ctx, func(s kicktest.Step) bool { _, ok := s.(kicktest.Spoke); return ok })
	require.NoError(t, err)
	require.True(t, call.Press("7#"), "a person types while the prompt plays")
	entry, err := call.WaitStep(ctx, func(s kicktest.Step) bool { _, ok := s.(kicktest.Gathered); return ok })
	require.NoError(t, err)
	assert.Equal(t, kicktest.Gathered{InputType: xml.InputDTMF, Digits: "7"}, entry.Step)
	assert.Less(t, entry.At, 30*time.Second, "the 30s prompt was interrupted")
	cause, err := call.Wait(ctx)
	require.NoError(t, err)
	assert.Equal(t, kicktest.CauseEndOfXML, cause)
	assert.Positive(t, srv.Now())
}
