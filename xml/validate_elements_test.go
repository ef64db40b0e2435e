package xml_test

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	vxml "github.com/kickflow/kickflow/xml"
)

// validCase is a document Validate must accept.
type validCase struct {
	name string
	give *vxml.Response
}

// invalidCase is a document with exactly one problem, at wantPath and
// wantAttr.
type invalidCase struct {
	name     string
	give     *vxml.Response
	wantPath string
	wantAttr string
}

func runValid(t *testing.T, tests []validCase) {
	t.Helper()
	t.Run("valid", func(t *testing.T) {
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				t.Parallel()
				assert.NoError(t, tt.give.Validate())
			})
		}
	})
}

func runInvalid(t *testing.T, tests []invalidCase) {
	t.Helper()
	t.Run("invalid", func(t *testing.T) {
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				t.Parallel()
				errs := problems(t, tt.give)
				require.Len(t, errs, 1, "%v", errs)
				assert.Equal(t, tt.wantPath, errs[0].Path, "%v", errs[0])
				assert.Equal(t, tt.wantAttr, errs[0].Attr, "%v", errs[0])
			})
		}
	})
}

// dial wraps destinations in a Dial.
func dial(elems ...vxml.Element) *vxml.Response {
	return vxml.NewResponse().Add(&vxml.Dial{Elements: elems})
}

func TestValidateSpeak(t *testing.T) {
	t.Parallel()
	runValid(t, []validCase{
		{name: "plain", give: vxml.NewResponse().Speak("Hello")},
		{name: "all attributes", give: vxml.NewResponse().Speak("Hello", vxml.SpeakAttrs{Voice: vxml.VoiceMan, Language: "en-GB", Loop: vxml.Int(3)})},
		{name: "loop 0 forever", give: vxml.NewResponse().Speak("Hello", vxml.SpeakAttrs{Loop: vxml.Int(0)})},
		{name: "Polly voice", give: vxml.NewResponse().Speak("Hello", vxml.SpeakAttrs{Voice: "Polly.Amy"})},
		{name: "unlisted language", give: vxml.NewResponse().Speak("Namaste", vxml.SpeakAttrs{Language: "hi-IN"})},
		{name: "in Gather and PreAnswer", give: vxml.NewResponse().
			PreAnswer(func(p *vxml.PreAnswerBuilder) { p.Speak("a") }).
			Gather(vxml.GatherAttrs{Action: "https://a.example/g"}, func(g *vxml.GatherBuilder) { g.Speak("b") })},
		{name: "ssml", give: vxml.NewResponse().SpeakSSML(vxml.SpeakAttrs{}, func(s *vxml.SSMLBuilder) {
			s.Text("a").Break(vxml.Attr{Name: "time", Value: "1s"}).SayAs("digits", "12")
		})},
	})
	runInvalid(t, []invalidCase{
		{name: "empty", give: vxml.NewResponse().Speak(""), wantPath: "Response/Speak[1]"},
		{name: "voice", give: vxml.NewResponse().Speak("a", vxml.SpeakAttrs{Voice: "ROBOT"}), wantPath: "Response/Speak[1]", wantAttr: "voice"},
		{name: "lower-case voice", give: vxml.NewResponse().Speak("a", vxml.SpeakAttrs{Voice: "woman"}), wantPath: "Response/Speak[1]", wantAttr: "voice"},
		{name: "Polly without name", give: vxml.NewResponse().Speak("a", vxml.SpeakAttrs{Voice: "Polly."}), wantPath: "Response/Speak[1]", wantAttr: "voice"},
		{name: "negative loop", give: vxml.NewResponse().Speak("a", vxml.SpeakAttrs{Loop: vxml.Int(-1)}), wantPath: "Response/Speak[1]", wantAttr: "loop"},
		{name: "language character", give: vxml.NewResponse().Speak("a", vxml.SpeakAttrs{Language: "en\tUS"}), wantPath: "Response/Speak[1]", wantAttr: "language"},
		{name: "unknown ssml attribute", give: vxml.NewResponse().SpeakSSML(vxml.SpeakAttrs{}, func(s *vxml.SSMLBuilder) {
			s.Break(vxml.Attr{Name: "level", Value: "x"})
		}), wantPath: "Response/Speak[1]/break[1]", wantAttr: "level"},
		{name: "in Dial", give: dial(&vxml.Number{Phone: "1"}, &vxml.Speak{Content: []vxml.Node{vxml.Text("a")}}), wantPath: "Response/Dial[1]/Speak[1]"},
	})
}

func TestValidatePlay(t *testing.T) {
	t.Parallel()
	runValid(t, []validCase{
		{name: "https", give: vxml.NewResponse().Play("https://a.example/a.mp3")},
		{name: "http", give: vxml.NewResponse().Play("http://a.example/a.mp3")},
		{name: "upper-case scheme", give: vxml.NewResponse().Play("HTTPS://a.example/a.mp3")},
		{name: "fragment kept", give: vxml.NewResponse().Play("https://a.example/a.mp3#ct=2000&rt=4000")},
		{name: "surrounding whitespace", give: vxml.NewResponse().Add(&vxml.Play{URL: "\n  https://a.example/a.mp3\n"})},
		{name: "loop 0", give: vxml.NewResponse().Play("https://a.example/a.mp3", vxml.PlayAttrs{Loop: vxml.Int(0)})},
		{name: "in Gather", give: vxml.NewResponse().Gather(vxml.GatherAttrs{Action: "https://a.example/g"}, func(g *vxml.GatherBuilder) {
			g.Play("https://a.example/a.mp3")
		})},
	})
	runInvalid(t, []invalidCase{
		{name: "empty", give: vxml.NewResponse().Play(""), wantPath: "Response/Play[1]"},
		{name: "relative", give: vxml.NewResponse().Play("/a.mp3"), wantPath: "Response/Play[1]"},
		{name: "no host", give: vxml.NewResponse().Play("https:///a.mp3"), wantPath: "Response/Play[1]"},
		{name: "ftp", give: vxml.NewResponse().Play("ftp://a.example/a.mp3"), wantPath: "Response/Play[1]"},
		{name: "negative loop", give: vxml.NewResponse().Play("https://a.example/a.mp3", vxml.PlayAttrs{Loop: vxml.Int(-2)}), wantPath: "Response/Play[1]", wantAttr: "loop"},
	})
}

func TestValidateWait(t *testing.T) {
	t.Parallel()
	runValid(t, []validCase{
		{name: "bare", give: vxml.NewResponse().Wait()},
		{name: "length", give: vxml.NewResponse().Wait(vxml.WaitAttrs{Length: 10 * time.Second})},
		{name: "silence", give: vxml.NewResponse().Wait(vxml.WaitAttrs{Length: 5 * time.Second, Silence: vxml.True, MinSilence: 1500 * time.Millisecond})},
		{name: "silence with default length", give: vxml.NewResponse().Wait(vxml.WaitAttrs{Silence: vxml.True})},
		{name: "beep", give: vxml.NewResponse().Wait(vxml.WaitAttrs{Length: 30 * time.Second, Beep: vxml.True})},
		{name: "beep with silence off", give: vxml.NewResponse().Wait(vxml.WaitAttrs{Beep: vxml.True, Silence: vxml.False})},
		{name: "in PreAnswer", give: vxml.NewResponse().PreAnswer(func(p *vxml.PreAnswerBuilder) { p.Wait() })},
	})
	runInvalid(t, []invalidCase{
		{name: "negative length", give: vxml.NewResponse().Wait(vxml.WaitAttrs{Length: -time.Second}), wantPath: "Response/Wait[1]", wantAttr: "length"},
		{name: "fractional minSilence", give: vxml.NewResponse().Wait(vxml.WaitAttrs{MinSilence: 10 * time.Microsecond}), wantPath: "Response/Wait[1]", wantAttr: "minSilence"},
		{name: "beep and silence", give: vxml.NewResponse().Wait(vxml.WaitAttrs{Beep: vxml.True, Silence: vxml.True}), wantPath: "Response/Wait[1]", wantAttr: "beep"},
		{name: "minSilence not shorter", give: vxml.NewResponse().Wait(vxml.WaitAttrs{Length: 2 * time.Second, Silence: vxml.True, MinSilence: 2 * time.Second}), wantPath: "Response/Wait[1]", wantAttr: "minSilence"},
		{name: "bad bool", give: vxml.NewResponse().Wait(vxml.WaitAttrs{Silence: vxml.Bool(3)}), wantPath: "Response/Wait[1]", wantAttr: "silence"},
		{name: "in Gather", give: vxml.NewResponse().Add(&vxml.Gather{Attrs: vxml.GatherAttrs{Action: "https://a.example/g"}, Elements: []vxml.Element{&vxml.Wait{}}}), wantPath: "Response/Gather[1]/Wait[1]"},
	})
}

func TestValidateRedirect(t *testing.T) {
	t.Parallel()
	runValid(t, []validCase{
		{name: "https", give: vxml.NewResponse().Redirect("https://a.example/next?a=1&b=2")},
		{name: "GET", give: vxml.NewResponse().Redirect("https://a.example/next", vxml.RedirectAttrs{Method: vxml.MethodGet})},
		{name: "POST", give: vxml.NewResponse().Redirect("https://a.example/next", vxml.RedirectAttrs{Method: vxml.MethodPost})},
	})
	runInvalid(t, []invalidCase{
		{name: "empty", give: vxml.NewResponse().Redirect(""), wantPath: "Response/Redirect[1]"},
		{name: "relative", give: vxml.NewResponse().Redirect("/next"), wantPath: "Response/Redirect[1]"},
		{name: "method", give: vxml.NewResponse().Redirect("https://a.example/", vxml.RedirectAttrs{Method: "PUT"}), wantPath: "Response/Redirect[1]", wantAttr: "method"},
		{name: "lower-case method", give: vxml.NewResponse().Redirect("https://a.example/", vxml.RedirectAttrs{Method: "post"}), wantPath: "Response/Redirect[1]", wantAttr: "method"},
		{name: "in PreAnswer", give: vxml.NewResponse().Add(&vxml.PreAnswer{Elements: []vxml.Element{&vxml.Redirect{URL: "https://a.example/"}}}), wantPath: "Response/PreAnswer[1]/Redirect[1]"},
	})
}

func TestValidateHangup(t *testing.T) {
	t.Parallel()
	runValid(t, []validCase{
		{name: "bare", give: vxml.NewResponse().Hangup()},
		{name: "rejected", give: vxml.NewResponse().Hangup(vxml.HangupAttrs{Reason: vxml.ReasonRejected})},
		{name: "busy", give: vxml.NewResponse().Hangup(vxml.HangupAttrs{Reason: vxml.ReasonBusy})},
		{name: "schedule", give: vxml.NewResponse().Hangup(vxml.HangupAttrs{Schedule: time.Minute}).Speak("a")},
	})
	runInvalid(t, []invalidCase{
		{name: "reason", give: vxml.NewResponse().Hangup(vxml.HangupAttrs{Reason: "timeout"}), wantPath: "Response/Hangup[1]", wantAttr: "reason"},
		{name: "negative schedule", give: vxml.NewResponse().Hangup(vxml.HangupAttrs{Schedule: -time.Minute}), wantPath: "Response/Hangup[1]", wantAttr: "schedule"},
		{name: "fractional schedule", give: vxml.NewResponse().Hangup(vxml.HangupAttrs{Schedule: 1500 * time.Millisecond}), wantPath: "Response/Hangup[1]", wantAttr: "schedule"},
	})
}

func TestValidateDTMF(t *testing.T) {
	t.Parallel()
	runValid(t, []validCase{
		{name: "all characters", give: vxml.NewResponse().DTMF("0123456789*#wW")},
		{name: "async false", give: vxml.NewResponse().DTMF("1", vxml.DTMFAttrs{Async: vxml.False})},
		{name: "surrounding whitespace", give: vxml.NewResponse().DTMF(" 12\n")},
	})
	runInvalid(t, []invalidCase{
		{name: "empty", give: vxml.NewResponse().DTMF(""), wantPath: "Response/DTMF[1]"},
		{name: "letter", give: vxml.NewResponse().DTMF("12a"), wantPath: "Response/DTMF[1]"},
		{name: "inner space", give: vxml.NewResponse().DTMF("1 2"), wantPath: "Response/DTMF[1]"},
		{name: "async", give: vxml.NewResponse().DTMF("1", vxml.DTMFAttrs{Async: vxml.Bool(9)}), wantPath: "Response/DTMF[1]", wantAttr: "async"},
	})
}

func TestValidatePreAnswer(t *testing.T) {
	t.Parallel()
	runValid(t, []validCase{
		{name: "empty", give: vxml.NewResponse().PreAnswer(nil)},
		{name: "children", give: vxml.NewResponse().PreAnswer(func(p *vxml.PreAnswerBuilder) {
			p.Speak("a").Play("https://a.example/a.mp3").Wait()
		}).Speak("b")},
	})
	runInvalid(t, []invalidCase{
		{name: "Gather child", give: vxml.NewResponse().Add(&vxml.PreAnswer{Elements: []vxml.Element{
			&vxml.Gather{Attrs: vxml.GatherAttrs{Action: "https://a.example/g"}},
		}}), wantPath: "Response/PreAnswer[1]/Gather[1]"},
		{name: "nested", give: vxml.NewResponse().Add(&vxml.PreAnswer{Elements: []vxml.Element{&vxml.PreAnswer{}}}), wantPath: "Response/PreAnswer[1]/PreAnswer[1]"},
		{name: "bad child", give: vxml.NewResponse().PreAnswer(func(p *vxml.PreAnswerBuilder) { p.Play("a.mp3") }), wantPath: "Response/PreAnswer[1]/Play[1]"},
	})
}

func TestValidateGather(t *testing.T) {
	t.Parallel()
	const action = "https://a.example/g"
	gather := func(a vxml.GatherAttrs) *vxml.Response {
		if a.Action == "" {
			a.Action = action
		}
		return vxml.NewResponse().Gather(a, nil)
	}
	runValid(t, []validCase{
		{name: "prompt-less", give: gather(vxml.GatherAttrs{})},
		{name: "every attribute", give: gather(vxml.GatherAttrs{
			Method: vxml.MethodGet, InputType: vxml.InputDTMFSpeech, ExecutionTimeout: 60 * time.Second,
			DigitEndTimeout: vxml.EndAfter(2 * time.Second), SpeechEndTimeout: vxml.EndTimeoutAuto, FinishOnKey: "*",
			NumDigits: vxml.Int(32), SpeechModel: vxml.SpeechModelPhoneCall, Hints: "sales, support",
			Language: "en-IN", InterimSpeechResultsCallback: "https://a.example/i",
			InterimSpeechResultsCallbackMethod: vxml.MethodPost, Log: vxml.False, Redirect: vxml.True,
			ProfanityFilter: vxml.True,
		})},
		{name: "executionTimeout 5s", give: gather(vxml.GatherAttrs{ExecutionTimeout: 5 * time.Second})},
		{name: "numDigits 1", give: gather(vxml.GatherAttrs{NumDigits: vxml.Int(1)})},
		{name: "end timeout 10", give: gather(vxml.GatherAttrs{DigitEndTimeout: "10"})},
		{name: "finishOnKey none", give: gather(vxml.GatherAttrs{FinishOnKey: "none"})},
		{name: "telephony model", give: gather(vxml.GatherAttrs{SpeechModel: "telephony"})},
		{name: "hints at limits", give: gather(vxml.GatherAttrs{Hints: strings.Repeat("a,", 499) + strings.Repeat("é", 100)})},
		{name: "prompts", give: vxml.NewResponse().Gather(vxml.GatherAttrs{Action: action}, func(g *vxml.GatherBuilder) {
			g.Speak("a").Play("https://a.example/a.mp3")
		})},
	})
	const p = "Response/Gather[1]"
	runInvalid(t, []invalidCase{
		{name: "no action", give: vxml.NewResponse().Gather(vxml.GatherAttrs{}, nil), wantPath: p, wantAttr: "action"},
		{name: "relative action", give: gather(vxml.GatherAttrs{Action: "/menu"}), wantPath: p, wantAttr: "action"},
		{name: "method", give: gather(vxml.GatherAttrs{Method: "PATCH"}), wantPath: p, wantAttr: "method"},
		{name: "inputType", give: gather(vxml.GatherAttrs{InputType: "voice"}), wantPath: p, wantAttr: "inputType"},
		{name: "executionTimeout high", give: gather(vxml.GatherAttrs{ExecutionTimeout: 70 * time.Second}), wantPath: p, wantAttr: "executionTimeout"},
		{name: "executionTimeout low", give: gather(vxml.GatherAttrs{ExecutionTimeout: 4 * time.Second}), wantPath: p, wantAttr: "executionTimeout"},
		{name: "digitEndTimeout high", give: gather(vxml.GatherAttrs{DigitEndTimeout: "11"}), wantPath: p, wantAttr: "digitEndTimeout"},
		{name: "speechEndTimeout low", give: gather(vxml.GatherAttrs{SpeechEndTimeout: "1"}), wantPath: p, wantAttr: "speechEndTimeout"},
		{name: "finishOnKey two keys", give: gather(vxml.GatherAttrs{FinishOnKey: "#*"}), wantPath: p, wantAttr: "finishOnKey"},
		{name: "finishOnKey letter", give: gather(vxml.GatherAttrs{FinishOnKey: "a"}), wantPath: p, wantAttr: "finishOnKey"},
		{name: "numDigits 0", give: gather(vxml.GatherAttrs{NumDigits: vxml.Int(0)}), wantPath: p, wantAttr: "numDigits"},
		{name: "numDigits 33", give: gather(vxml.GatherAttrs{NumDigits: vxml.Int(33)}), wantPath: p, wantAttr: "numDigits"},
		{name: "speechModel", give: gather(vxml.GatherAttrs{SpeechModel: "latest_long"}), wantPath: p, wantAttr: "speechModel"},
		{name: "too many hints", give: gather(vxml.GatherAttrs{Hints: strings.Repeat("a,", 500) + "a"}), wantPath: p, wantAttr: "hints"},
		{name: "too long hints", give: gather(vxml.GatherAttrs{Hints: strings.Repeat(strings.Repeat("a", 99)+",", 100) + "a"}), wantPath: p, wantAttr: "hints"},
		{name: "too long phrase", give: gather(vxml.GatherAttrs{Hints: "a," + strings.Repeat("b", 101)}), wantPath: p, wantAttr: "hints"},
		{name: "interim callback", give: gather(vxml.GatherAttrs{InterimSpeechResultsCallback: "a.example/i"}), wantPath: p, wantAttr: "interimSpeechResultsCallback"},
		{name: "interim method", give: gather(vxml.GatherAttrs{InterimSpeechResultsCallbackMethod: "PUT"}), wantPath: p, wantAttr: "interimSpeechResultsCallbackMethod"},
		{name: "log", give: gather(vxml.GatherAttrs{Log: vxml.Bool(4)}), wantPath: p, wantAttr: "log"},
		{name: "redirect", give: gather(vxml.GatherAttrs{Redirect: vxml.Bool(4)}), wantPath: p, wantAttr: "redirect"},
		{name: "profanityFilter", give: gather(vxml.GatherAttrs{ProfanityFilter: vxml.Bool(4)}), wantPath: p, wantAttr: "profanityFilter"},
		{name: "typed extra", give: gather(vxml.GatherAttrs{Extra: []vxml.Attr{{Name: "numDigits", Value: "3"}}}), wantPath: p, wantAttr: "numDigits"},
		{name: "Record child", give: vxml.NewResponse().Add(&vxml.Gather{Attrs: vxml.GatherAttrs{Action: action}, Elements: []vxml.Element{&vxml.Record{}}}), wantPath: p + "/Record[1]"},
	})
}

func TestValidateDial(t *testing.T) {
	t.Parallel()
	one := func(a vxml.DialAttrs) *vxml.Response {
		return vxml.NewResponse().Dial(a, func(d *vxml.DialBuilder) { d.Number("+14155550101") })
	}
	runValid(t, []validCase{
		{name: "number", give: one(vxml.DialAttrs{})},
		{name: "shorthand", give: vxml.NewResponse().Add(&vxml.Dial{Phone: "+14155550101"})},
		{name: "every attribute", give: one(vxml.DialAttrs{
			Action: "https://a.example/d", Method: vxml.MethodGet, CallbackURL: "https://a.example/cb",
			CallbackMethod: vxml.MethodPost, Redirect: vxml.False, CallerID: "+14155550100", CallerName: "Bob",
			Timeout: 30 * time.Second, TimeLimit: time.Hour, HangupOnStar: vxml.True,
			DialMusic: "https://a.example/music", ConfirmSound: "https://a.example/confirm", ConfirmKey: "5",
			ConfirmTimeout: 10 * time.Second, DigitsMatch: "*1,#2", DigitsMatchBLeg: "9",
			SIPHeaders: "ReasonX-VH=billing,OrderX-VH=order-4821",
		})},
		{name: "dialMusic real", give: one(vxml.DialAttrs{DialMusic: "real"})},
		{name: "plain sipHeaders keys", give: one(vxml.DialAttrs{SIPHeaders: "Reason=billing,Reference=abc123,"})},
		{name: "several destinations", give: vxml.NewResponse().Dial(vxml.DialAttrs{}, func(d *vxml.DialBuilder) {
			d.Number("+14155550101").User("sip:a@b.example").Record(vxml.RecordAttrs{StartOnDialAnswer: vxml.True})
		})},
	})
	const p = "Response/Dial[1]"
	runInvalid(t, []invalidCase{
		{name: "no destination", give: vxml.NewResponse().Dial(vxml.DialAttrs{}, nil), wantPath: p},
		{name: "only Record", give: dial(&vxml.Record{Attrs: vxml.RecordAttrs{StartOnDialAnswer: vxml.True}}), wantPath: p},
		{name: "shorthand and children", give: vxml.NewResponse().Add(&vxml.Dial{Phone: "1", Elements: []vxml.Element{&vxml.Number{Phone: "2"}}}), wantPath: p},
		{name: "action", give: one(vxml.DialAttrs{Action: "d"}), wantPath: p, wantAttr: "action"},
		{name: "method", give: one(vxml.DialAttrs{Method: "DELETE"}), wantPath: p, wantAttr: "method"},
		{name: "callbackUrl", give: one(vxml.DialAttrs{CallbackURL: "mailto:a@b"}), wantPath: p, wantAttr: "callbackUrl"},
		{name: "callbackMethod", give: one(vxml.DialAttrs{CallbackMethod: "get"}), wantPath: p, wantAttr: "callbackMethod"},
		{name: "redirect", give: one(vxml.DialAttrs{Redirect: vxml.Bool(5)}), wantPath: p, wantAttr: "redirect"},
		{name: "timeout", give: one(vxml.DialAttrs{Timeout: -time.Second}), wantPath: p, wantAttr: "timeout"},
		{name: "timeLimit", give: one(vxml.DialAttrs{TimeLimit: time.Millisecond}), wantPath: p, wantAttr: "timeLimit"},
		{name: "hangupOnStar", give: one(vxml.DialAttrs{HangupOnStar: vxml.Bool(5)}), wantPath: p, wantAttr: "hangupOnStar"},
		{name: "dialMusic", give: one(vxml.DialAttrs{DialMusic: "ring.mp3"}), wantPath: p, wantAttr: "dialMusic"},
		{name: "confirmSound", give: one(vxml.DialAttrs{ConfirmSound: "/confirm"}), wantPath: p, wantAttr: "confirmSound"},
		{name: "confirmKey", give: one(vxml.DialAttrs{ConfirmKey: "12"}), wantPath: p, wantAttr: "confirmKey"},
		{name: "confirmTimeout", give: one(vxml.DialAttrs{ConfirmTimeout: -time.Second}), wantPath: p, wantAttr: "confirmTimeout"},
		{name: "callerId", give: one(vxml.DialAttrs{CallerID: "+1\n"}), wantPath: p, wantAttr: "callerId"},
		{name: "sipHeaders without value", give: one(vxml.DialAttrs{SIPHeaders: "ReasonX-VH=a,broken"}), wantPath: p, wantAttr: "sipHeaders"},
		{name: "sipHeaders empty key", give: one(vxml.DialAttrs{SIPHeaders: "=a"}), wantPath: p, wantAttr: "sipHeaders"},
		{name: "Play child", give: dial(&vxml.Number{Phone: "1"}, &vxml.Play{URL: "https://a.example/a.mp3"}), wantPath: p + "/Play[1]"},
		{name: "Record without startOnDialAnswer", give: dial(&vxml.Number{Phone: "1"}, &vxml.Record{}), wantPath: p + "/Record[1]", wantAttr: "startOnDialAnswer"},
	})
}

func TestValidateNumber(t *testing.T) {
	t.Parallel()
	runValid(t, []validCase{
		{name: "e164", give: dial(&vxml.Number{Phone: "+14155550101"})},
		{name: "sendDigits", give: dial(&vxml.Number{Phone: "1", Attrs: vxml.NumberAttrs{SendDigits: "wwww2410*#", SendOnPreanswer: vxml.True}})},
	})
	const p = "Response/Dial[1]/Number[1]"
	runInvalid(t, []invalidCase{
		{name: "empty", give: dial(&vxml.Number{}), wantPath: p},
		{name: "sendDigits letter", give: dial(&vxml.Number{Phone: "1", Attrs: vxml.NumberAttrs{SendDigits: "12x"}}), wantPath: p, wantAttr: "sendDigits"},
		{name: "sendOnPreanswer", give: dial(&vxml.Number{Phone: "1", Attrs: vxml.NumberAttrs{SendOnPreanswer: vxml.Bool(3)}}), wantPath: p, wantAttr: "sendOnPreanswer"},
		{name: "top level", give: vxml.NewResponse().Add(&vxml.Number{Phone: "1"}), wantPath: "Response/Number[1]"},
	})
}

func TestValidateUser(t *testing.T) {
	t.Parallel()
	runValid(t, []validCase{
		{name: "sip", give: dial(&vxml.User{URI: "sip:agent@example.com"})},
		{name: "attributes", give: dial(&vxml.User{URI: "sip:a@b", Attrs: vxml.UserAttrs{SendDigits: "w1", SendOnPreanswer: vxml.False, SIPHeaders: "TeamX-VH=blue"}})},
	})
	const p = "Response/Dial[1]/User[1]"
	runInvalid(t, []invalidCase{
		{name: "empty", give: dial(&vxml.User{}), wantPath: p},
		{name: "sendDigits", give: dial(&vxml.User{URI: "sip:a@b", Attrs: vxml.UserAttrs{SendDigits: "1-2"}}), wantPath: p, wantAttr: "sendDigits"},
		{name: "sipHeaders", give: dial(&vxml.User{URI: "sip:a@b", Attrs: vxml.UserAttrs{SIPHeaders: "nokey"}}), wantPath: p, wantAttr: "sipHeaders"},
		{name: "top level", give: vxml.NewResponse().Add(&vxml.User{URI: "sip:a@b"}), wantPath: "Response/User[1]"},
	})
}

func TestValidateRecord(t *testing.T) {
	t.Parallel()
	rec := func(a vxml.RecordAttrs) *vxml.Response { return vxml.NewResponse().Record(a) }
	runValid(t, []validCase{
		{name: "bare", give: rec(vxml.RecordAttrs{})},
		{name: "every attribute", give: rec(vxml.RecordAttrs{
			Action: "https://a.example/r", Method: vxml.MethodGet, FileFormat: vxml.FormatWAV, Redirect: vxml.False,
			Timeout: 5 * time.Second, MaxLength: time.Minute, PlayBeep: vxml.True, FinishOnKey: "1234567890*#",
			RecordSession: vxml.True, StartOnDialAnswer: vxml.False, TranscriptionType: vxml.TranscriptionHybrid,
			TranscriptionURL: "https://a.example/t", TranscriptionMethod: vxml.MethodPost,
			CallbackURL: "https://a.example/cb", CallbackMethod: vxml.MethodGet,
		})},
		{name: "finishOnKey one key", give: rec(vxml.RecordAttrs{FinishOnKey: "#"})},
	})
	const p = "Response/Record[1]"
	runInvalid(t, []invalidCase{
		{name: "action", give: rec(vxml.RecordAttrs{Action: "r"}), wantPath: p, wantAttr: "action"},
		{name: "method", give: rec(vxml.RecordAttrs{Method: "HEAD"}), wantPath: p, wantAttr: "method"},
		{name: "fileFormat", give: rec(vxml.RecordAttrs{FileFormat: "ogg"}), wantPath: p, wantAttr: "fileFormat"},
		{name: "timeout", give: rec(vxml.RecordAttrs{Timeout: -time.Second}), wantPath: p, wantAttr: "timeout"},
		{name: "maxLength", give: rec(vxml.RecordAttrs{MaxLength: 1500 * time.Millisecond}), wantPath: p, wantAttr: "maxLength"},
		{name: "finishOnKey", give: rec(vxml.RecordAttrs{FinishOnKey: "12a"}), wantPath: p, wantAttr: "finishOnKey"},
		{name: "transcriptionType", give: rec(vxml.RecordAttrs{TranscriptionType: "manual"}), wantPath: p, wantAttr: "transcriptionType"},
		{name: "transcriptionUrl", give: rec(vxml.RecordAttrs{TranscriptionURL: "t"}), wantPath: p, wantAttr: "transcriptionUrl"},
		{name: "transcriptionMethod", give: rec(vxml.RecordAttrs{TranscriptionMethod: "PUT"}), wantPath: p, wantAttr: "transcriptionMethod"},
		{name: "callbackUrl", give: rec(vxml.RecordAttrs{CallbackURL: "wss://a.example/"}), wantPath: p, wantAttr: "callbackUrl"},
		{name: "callbackMethod", give: rec(vxml.RecordAttrs{CallbackMethod: "PUT"}), wantPath: p, wantAttr: "callbackMethod"},
		{name: "playBeep", give: rec(vxml.RecordAttrs{PlayBeep: vxml.Bool(3)}), wantPath: p, wantAttr: "playBeep"},
		{name: "in Gather", give: vxml.NewResponse().Add(&vxml.Gather{Attrs: vxml.GatherAttrs{Action: "https://a.example/g"}, Elements: []vxml.Element{&vxml.Record{}}}), wantPath: "Response/Gather[1]/Record[1]"},
	})
}

func TestValidateStream(t *testing.T) {
	t.Parallel()
	const u = "wss://a.example/ws"
	stream := func(a vxml.StreamAttrs) *vxml.Response { return vxml.NewResponse().Stream(u, a) }
	runValid(t, []validCase{
		{name: "bare", give: stream(vxml.StreamAttrs{})},
		{name: "ws", give: vxml.NewResponse().Stream("ws://localhost:8080/ws")},
		{name: "indented url", give: vxml.NewResponse().Stream("\n    " + u + "\n  ")},
		{name: "every attribute", give: stream(vxml.StreamAttrs{
			Bidirectional: vxml.True, AudioTrack: vxml.TrackInbound, StreamTimeout: time.Hour,
			StatusCallbackURL: "https://a.example/s", StatusCallbackMethod: vxml.MethodGet,
			ContentType: vxml.ContentMulawRate8000, ExtraHeaders: "a=1,b=2", MaxRetries: vxml.Int(3),
			KeepCallAlive: vxml.True,
		})},
		{name: "both tracks one way", give: stream(vxml.StreamAttrs{AudioTrack: vxml.TrackBoth, Bidirectional: vxml.False})},
		{name: "maxRetries clamped", give: stream(vxml.StreamAttrs{MaxRetries: vxml.Int(50)})},
		{name: "extraHeaders at 512 bytes", give: stream(vxml.StreamAttrs{ExtraHeaders: "a=" + strings.Repeat("b", 510)})},
		{name: "extraHeaders underscore", give: stream(vxml.StreamAttrs{ExtraHeaders: "session_id=abc123"})},
	})
	const p = "Response/Stream[1]"
	runInvalid(t, []invalidCase{
		{name: "empty", give: vxml.NewResponse().Stream(""), wantPath: p},
		{name: "https url", give: vxml.NewResponse().Stream("https://a.example/ws"), wantPath: p},
		{name: "audioTrack", give: stream(vxml.StreamAttrs{AudioTrack: "left"}), wantPath: p, wantAttr: "audioTrack"},
		{name: "both tracks bidirectional", give: stream(vxml.StreamAttrs{AudioTrack: vxml.TrackBoth, Bidirectional: vxml.True}), wantPath: p, wantAttr: "audioTrack"},
		{name: "keepCallAlive one way", give: stream(vxml.StreamAttrs{KeepCallAlive: vxml.True}), wantPath: p, wantAttr: "keepCallAlive"},
		{name: "streamTimeout", give: stream(vxml.StreamAttrs{StreamTimeout: -time.Second}), wantPath: p, wantAttr: "streamTimeout"},
		{name: "statusCallbackUrl", give: stream(vxml.StreamAttrs{StatusCallbackURL: "/s"}), wantPath: p, wantAttr: "statusCallbackUrl"},
		{name: "statusCallbackMethod", give: stream(vxml.StreamAttrs{StatusCallbackMethod: "PUT"}), wantPath: p, wantAttr: "statusCallbackMethod"},
		{name: "contentType 24 kHz", give: stream(vxml.StreamAttrs{ContentType: "audio/x-l16;rate=24000"}), wantPath: p, wantAttr: "contentType"},
		{name: "contentType", give: stream(vxml.StreamAttrs{ContentType: "audio/wav"}), wantPath: p, wantAttr: "contentType"},
		{name: "extraHeaders too long", give: stream(vxml.StreamAttrs{ExtraHeaders: "a=" + strings.Repeat("b", 511)}), wantPath: p, wantAttr: "extraHeaders"},
		{name: "bidirectional", give: stream(vxml.StreamAttrs{Bidirectional: vxml.Bool(3)}), wantPath: p, wantAttr: "bidirectional"},
	})
}

func TestValidateConference(t *testing.T) {
	t.Parallel()
	conf := func(a vxml.ConferenceAttrs) *vxml.Response { return vxml.NewResponse().Conference("Room", a) }
	runValid(t, []validCase{
		{name: "seed", give: conf(vxml.ConferenceAttrs{EnterSound: "beep:1"})},
		{name: "every attribute", give: conf(vxml.ConferenceAttrs{
			Muted: vxml.True, Beep: vxml.False, StartConferenceOnEnter: vxml.True, EndConferenceOnExit: vxml.False,
			MaxParticipants: vxml.Int(10), StayAlone: vxml.True, EnterSound: "beep:2", ExitSound: "https://a.example/x.mp3",
			RelayDTMF: vxml.True, DigitsMatch: "*1,*2", HangupOnStar: vxml.True, WaitSound: "https://a.example/w",
			WaitMethod: vxml.MethodPost, CallbackURL: "https://a.example/cb", CallbackMethod: vxml.MethodGet,
			Record: vxml.False, RecordFileFormat: vxml.FormatWAV, TimeLimit: 2 * time.Hour,
			Action: "https://a.example/a", Method: vxml.MethodPost,
		})},
		{name: "room with spaces and symbols", give: vxml.NewResponse().Conference("Sales & Support <1>")},
	})
	const p = "Response/Conference[1]"
	runInvalid(t, []invalidCase{
		{name: "empty room", give: vxml.NewResponse().Conference(""), wantPath: p},
		{name: "maxParticipants 0", give: conf(vxml.ConferenceAttrs{MaxParticipants: vxml.Int(0)}), wantPath: p, wantAttr: "maxParticipants"},
		{name: "waitSound", give: conf(vxml.ConferenceAttrs{WaitSound: "hold.xml"}), wantPath: p, wantAttr: "waitSound"},
		{name: "waitMethod", give: conf(vxml.ConferenceAttrs{WaitMethod: "PUT"}), wantPath: p, wantAttr: "waitMethod"},
		{name: "callbackUrl", give: conf(vxml.ConferenceAttrs{CallbackURL: "//a.example/cb"}), wantPath: p, wantAttr: "callbackUrl"},
		{name: "callbackMethod", give: conf(vxml.ConferenceAttrs{CallbackMethod: "PUT"}), wantPath: p, wantAttr: "callbackMethod"},
		{name: "recordFileFormat", give: conf(vxml.ConferenceAttrs{RecordFileFormat: "flac"}), wantPath: p, wantAttr: "recordFileFormat"},
		{name: "timeLimit", give: conf(vxml.ConferenceAttrs{TimeLimit: -time.Hour}), wantPath: p, wantAttr: "timeLimit"},
		{name: "action", give: conf(vxml.ConferenceAttrs{Action: "/after"}), wantPath: p, wantAttr: "action"},
		{name: "method", give: conf(vxml.ConferenceAttrs{Method: "PUT"}), wantPath: p, wantAttr: "method"},
		{name: "stayAlone", give: conf(vxml.ConferenceAttrs{StayAlone: vxml.Bool(3)}), wantPath: p, wantAttr: "stayAlone"},
		{name: "enterSound character", give: conf(vxml.ConferenceAttrs{EnterSound: "beep\n"}), wantPath: p, wantAttr: "enterSound"},
		{name: "in Dial", give: dial(&vxml.Number{Phone: "1"}, &vxml.Conference{Room: "r"}), wantPath: "Response/Dial[1]/Conference[1]"},
	})
}
