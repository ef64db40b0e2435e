package xml_test

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	vxml "github.com/kickflow/kickflow/xml"
)

// ofRule returns the findings of rule.
func ofRule(fs []vxml.Finding, rule vxml.Rule) []vxml.Finding {
	var out []vxml.Finding
	for _, f := range fs {
		if f.Rule == rule {
			out = append(out, f)
		}
	}
	return out
}

func TestLintRules(t *testing.T) {
	t.Parallel()
	dialTo := func(a vxml.DialAttrs, elems ...vxml.Element) *vxml.Response {
		if len(elems) == 0 {
			elems = []vxml.Element{&vxml.Number{Phone: "+14155550101"}}
		}
		return vxml.NewResponse().Add(&vxml.Dial{Attrs: a, Elements: elems}).Hangup()
	}
	withCaller := vxml.DialAttrs{CallerID: "+14155550100"}
	// stay has stayAlone set, so that only the rule under test fires on a
	// Conference.
	stay := vxml.ConferenceAttrs{StayAlone: vxml.True}
	tests := []struct {
		name     string
		give     *vxml.Response
		wantRule vxml.Rule
		// wantPath is empty when the rule must not fire.
		wantPath string
		wantAttr string
		wantSev  vxml.Severity
	}{
		{name: "after Redirect", give: vxml.NewResponse().Redirect("https://a.example/").Speak("a").Speak("b"),
			wantRule: vxml.RuleUnreachable, wantPath: "Response/Speak[1]", wantSev: vxml.Warning},
		{name: "after Hangup", give: vxml.NewResponse().Speak("a").Hangup().Wait(),
			wantRule: vxml.RuleUnreachable, wantPath: "Response/Wait[1]", wantSev: vxml.Warning},
		{name: "Redirect last", give: vxml.NewResponse().Speak("a").Redirect("https://a.example/"),
			wantRule: vxml.RuleUnreachable},
		{name: "after scheduled Hangup", give: vxml.NewResponse().Hangup(vxml.HangupAttrs{Schedule: time.Minute}).Speak("a"),
			wantRule: vxml.RuleUnreachable},

		{name: "http Play", give: vxml.NewResponse().Play("http://a.example/a.mp3"),
			wantRule: vxml.RuleInsecureURL, wantPath: "Response/Play[1]", wantSev: vxml.Warning},
		{name: "http callback", give: vxml.NewResponse().Conference("r", vxml.ConferenceAttrs{StayAlone: vxml.True, CallbackURL: "http://a.example/cb"}).Hangup(),
			wantRule: vxml.RuleInsecureURL, wantPath: "Response/Conference[1]", wantAttr: "callbackUrl", wantSev: vxml.Warning},
		{name: "http Redirect in Gather action", give: vxml.NewResponse().Gather(vxml.GatherAttrs{Action: "http://a.example/g"}, nil),
			wantRule: vxml.RuleInsecureURL, wantPath: "Response/Gather[1]", wantAttr: "action", wantSev: vxml.Warning},
		{name: "https everywhere", give: vxml.NewResponse().Play("https://a.example/a.mp3").Redirect("https://a.example/n"),
			wantRule: vxml.RuleInsecureURL},

		{name: "ws Stream", give: vxml.NewResponse().Stream("ws://localhost/ws", vxml.StreamAttrs{Bidirectional: vxml.True, KeepCallAlive: vxml.True}),
			wantRule: vxml.RuleInsecureStream, wantPath: "Response/Stream[1]", wantSev: vxml.Warning},
		{name: "wss Stream", give: vxml.NewResponse().Stream("wss://a.example/ws").Speak("a"),
			wantRule: vxml.RuleInsecureStream},

		{name: "stayAlone unset", give: vxml.NewResponse().Conference("r").Hangup(),
			wantRule: vxml.RuleStayAlone, wantPath: "Response/Conference[1]", wantAttr: "stayAlone", wantSev: vxml.Warning},
		{name: "stayAlone false", give: vxml.NewResponse().Conference("r", vxml.ConferenceAttrs{StayAlone: vxml.False}).Hangup(),
			wantRule: vxml.RuleStayAlone},

		{name: "Conference action", give: vxml.NewResponse().Conference("r", vxml.ConferenceAttrs{StayAlone: vxml.True, Action: "https://a.example/a"}).Hangup(),
			wantRule: vxml.RuleConferenceAction, wantPath: "Response/Conference[1]", wantAttr: "action", wantSev: vxml.Warning},
		{name: "Conference without action", give: vxml.NewResponse().Conference("r", stay).Hangup(),
			wantRule: vxml.RuleConferenceAction},

		{name: "Conference last", give: vxml.NewResponse().Speak("a").Conference("r", stay),
			wantRule: vxml.RuleConferenceLast, wantPath: "Response/Conference[1]", wantSev: vxml.Warning},
		{name: "Conference then Speak", give: vxml.NewResponse().Conference("r", stay).Speak("Bye"),
			wantRule: vxml.RuleConferenceLast},

		{name: "PreAnswer second", give: vxml.NewResponse().Speak("a").PreAnswer(func(p *vxml.PreAnswerBuilder) { p.Wait() }),
			wantRule: vxml.RulePreAnswerFirst, wantPath: "Response/PreAnswer[1]", wantSev: vxml.Warning},
		{name: "PreAnswer first", give: vxml.NewResponse().PreAnswer(func(p *vxml.PreAnswerBuilder) { p.Wait() }).Speak("a"),
			wantRule: vxml.RulePreAnswerFirst},

		{name: "schedule last", give: vxml.NewResponse().Speak("a").Hangup(vxml.HangupAttrs{Schedule: time.Minute}),
			wantRule: vxml.RuleScheduleLast, wantPath: "Response/Hangup[1]", wantAttr: "schedule", wantSev: vxml.Warning},
		{name: "schedule then Play", give: vxml.NewResponse().Hangup(vxml.HangupAttrs{Schedule: time.Minute}).Play("https://a.example/a.mp3"),
			wantRule: vxml.RuleScheduleLast},

		{name: "unknown language", give: vxml.NewResponse().Speak("a", vxml.SpeakAttrs{Language: "hi-IN"}),
			wantRule: vxml.RuleSpeakLanguage, wantPath: "Response/Speak[1]", wantAttr: "language", wantSev: vxml.Warning},
		{name: "unknown language in Gather", give: vxml.NewResponse().Gather(vxml.GatherAttrs{Action: "https://a.example/g"}, func(g *vxml.GatherBuilder) {
			g.Speak("a", vxml.SpeakAttrs{Language: "en-IN"})
		}), wantRule: vxml.RuleSpeakLanguage, wantPath: "Response/Gather[1]/Speak[1]", wantAttr: "language", wantSev: vxml.Warning},
		{name: "table language", give: vxml.NewResponse().Speak("a", vxml.SpeakAttrs{Language: "fr-CA"}),
			wantRule: vxml.RuleSpeakLanguage},

		{name: "Polly voice", give: vxml.NewResponse().Speak("a", vxml.SpeakAttrs{Voice: "Polly.Amy"}),
			wantRule: vxml.RulePollyVoice, wantPath: "Response/Speak[1]", wantAttr: "voice", wantSev: vxml.Warning},
		{name: "WOMAN voice", give: vxml.NewResponse().Speak("a", vxml.SpeakAttrs{Voice: vxml.VoiceWoman}),
			wantRule: vxml.RulePollyVoice},

		{name: "telephony model", give: vxml.NewResponse().Gather(vxml.GatherAttrs{Action: "https://a.example/g", SpeechModel: "telephony"}, nil),
			wantRule: vxml.RuleTelephonyModel, wantPath: "Response/Gather[1]", wantAttr: "speechModel", wantSev: vxml.Warning},
		{name: "phone_call model", give: vxml.NewResponse().Gather(vxml.GatherAttrs{Action: "https://a.example/g", SpeechModel: vxml.SpeechModelPhoneCall}, nil),
			wantRule: vxml.RuleTelephonyModel},

		{name: "sipHeaders plain key", give: dialTo(vxml.DialAttrs{CallerID: "+1", SIPHeaders: "ReasonX-VH=a,Reference=b"}),
			wantRule: vxml.RuleSIPHeaderSuffix, wantPath: "Response/Dial[1]", wantAttr: "sipHeaders", wantSev: vxml.Warning},
		{name: "User sipHeaders plain key", give: dialTo(withCaller, &vxml.User{URI: "sip:a@b", Attrs: vxml.UserAttrs{SIPHeaders: "Team=blue"}}),
			wantRule: vxml.RuleSIPHeaderSuffix, wantPath: "Response/Dial[1]/User[1]", wantAttr: "sipHeaders", wantSev: vxml.Warning},
		{name: "sipHeaders suffixed", give: dialTo(vxml.DialAttrs{CallerID: "+1", SIPHeaders: "ReasonX-VH=a, OrderX-VH=order-4821"}),
			wantRule: vxml.RuleSIPHeaderSuffix},

		{name: "placeholder in sipHeaders", give: dialTo(vxml.DialAttrs{CallerID: "+1", SIPHeaders: "OrderX-VH={{order_id}}"}),
			wantRule: vxml.RulePlaceholder, wantPath: "Response/Dial[1]", wantAttr: "sipHeaders", wantSev: vxml.Warning},
		{name: "placeholder in text", give: vxml.NewResponse().Speak("Hello {{name}}"),
			wantRule: vxml.RulePlaceholder, wantPath: "Response/Speak[1]", wantSev: vxml.Warning},
		{name: "placeholder in SSML", give: vxml.NewResponse().SpeakSSML(vxml.SpeakAttrs{}, func(s *vxml.SSMLBuilder) {
			s.Text("Your code is ").SayAs("digits", "{{code}}")
		}), wantRule: vxml.RulePlaceholder, wantPath: "Response/Speak[1]", wantSev: vxml.Warning},
		{name: "braces without placeholder", give: vxml.NewResponse().Speak("a {b} c {{ d"),
			wantRule: vxml.RulePlaceholder},

		{name: "Record unheard", give: vxml.NewResponse().Record(),
			wantRule: vxml.RuleRecordUnheard, wantPath: "Response/Record[1]", wantSev: vxml.Warning},
		{name: "Record with callbackUrl", give: vxml.NewResponse().Record(vxml.RecordAttrs{CallbackURL: "https://a.example/cb"}),
			wantRule: vxml.RuleRecordUnheard},

		{name: "Record in Dial", give: dialTo(withCaller, &vxml.Number{Phone: "1"}, &vxml.Record{Attrs: vxml.RecordAttrs{StartOnDialAnswer: vxml.True, CallbackURL: "https://a.example/cb"}}),
			wantRule: vxml.RuleRecordInDial, wantPath: "Response/Dial[1]/Record[1]", wantSev: vxml.Warning},
		{name: "Record next to Dial", give: vxml.NewResponse().Record(vxml.RecordAttrs{CallbackURL: "https://a.example/cb"}).Add(&vxml.Dial{Phone: "1"}),
			wantRule: vxml.RuleRecordInDial},

		{name: "Record action reply", give: vxml.NewResponse().Record(vxml.RecordAttrs{Action: "https://a.example/r"}),
			wantRule: vxml.RuleRecordReply, wantPath: "Response/Record[1]", wantAttr: "action", wantSev: vxml.Info},
		{name: "Record action redirect", give: vxml.NewResponse().Record(vxml.RecordAttrs{Action: "https://a.example/r", Redirect: vxml.True}),
			wantRule: vxml.RuleRecordReply},

		{name: "no callerId", give: dialTo(vxml.DialAttrs{}),
			wantRule: vxml.RuleCallerID, wantPath: "Response/Dial[1]", wantAttr: "callerId", wantSev: vxml.Warning},
		{name: "callerId", give: dialTo(withCaller),
			wantRule: vxml.RuleCallerID},

		{name: "confirmKey without sound", give: dialTo(vxml.DialAttrs{CallerID: "+1", ConfirmKey: "1"}),
			wantRule: vxml.RuleConfirmKey, wantPath: "Response/Dial[1]", wantAttr: "confirmKey", wantSev: vxml.Warning},
		{name: "confirmKey with sound", give: dialTo(vxml.DialAttrs{CallerID: "+1", ConfirmKey: "1", ConfirmSound: "https://a.example/c"}),
			wantRule: vxml.RuleConfirmKey, wantPath: "Response/Dial[1]", wantAttr: "confirmKey", wantSev: vxml.Info},
		{name: "no confirmKey", give: dialTo(withCaller),
			wantRule: vxml.RuleConfirmKey},

		{name: "Dial shorthand", give: vxml.NewResponse().Add(&vxml.Dial{Attrs: withCaller, Phone: "+14155550101"}),
			wantRule: vxml.RuleDialShorthand, wantPath: "Response/Dial[1]", wantSev: vxml.Info},
		{name: "Dial Number", give: dialTo(withCaller),
			wantRule: vxml.RuleDialShorthand},

		{name: "Stream last", give: vxml.NewResponse().Stream("wss://a.example/ws"),
			wantRule: vxml.RuleStreamLast, wantPath: "Response/Stream[1]", wantSev: vxml.Warning},
		{name: "Stream last kept alive", give: vxml.NewResponse().Stream("wss://a.example/ws", vxml.StreamAttrs{Bidirectional: vxml.True, KeepCallAlive: vxml.True}),
			wantRule: vxml.RuleStreamLast},
		{name: "Stream then Conference", give: vxml.NewResponse().Stream("wss://a.example/ws").Conference("r", stay).Hangup(),
			wantRule: vxml.RuleStreamLast},

		{name: "maxRetries 11", give: vxml.NewResponse().Stream("wss://a.example/ws", vxml.StreamAttrs{MaxRetries: vxml.Int(11)}).Speak("a"),
			wantRule: vxml.RuleMaxRetries, wantPath: "Response/Stream[1]", wantAttr: "maxRetries", wantSev: vxml.Warning},
		{name: "maxRetries -1", give: vxml.NewResponse().Stream("wss://a.example/ws", vxml.StreamAttrs{MaxRetries: vxml.Int(-1)}).Speak("a"),
			wantRule: vxml.RuleMaxRetries, wantPath: "Response/Stream[1]", wantAttr: "maxRetries", wantSev: vxml.Warning},
		{name: "maxRetries 10", give: vxml.NewResponse().Stream("wss://a.example/ws", vxml.StreamAttrs{MaxRetries: vxml.Int(10)}).Speak("a"),
			wantRule: vxml.RuleMaxRetries},

		{name: "extraHeaders underscore", give: vxml.NewResponse().Stream("wss://a.example/ws", vxml.StreamAttrs{ExtraHeaders: "session_id=abc123"}).Speak("a"),
			wantRule: vxml.RuleExtraHeaders, wantPath: "Response/Stream[1]", wantAttr: "extraHeaders", wantSev: vxml.Warning},
		{name: "extraHeaders plain", give: vxml.NewResponse().Stream("wss://a.example/ws", vxml.StreamAttrs{ExtraHeaders: "session=abc123,agent=john"}).Speak("a"),
			wantRule: vxml.RuleExtraHeaders},

		{name: "waitMethod", give: vxml.NewResponse().Conference("r", vxml.ConferenceAttrs{StayAlone: vxml.True, WaitMethod: vxml.MethodGet}).Hangup(),
			wantRule: vxml.RuleIgnoredAttr, wantPath: "Response/Conference[1]", wantAttr: "waitMethod", wantSev: vxml.Warning},
		{name: "record", give: vxml.NewResponse().Conference("r", vxml.ConferenceAttrs{StayAlone: vxml.True, Record: vxml.True}).Hangup(),
			wantRule: vxml.RuleIgnoredAttr, wantPath: "Response/Conference[1]", wantAttr: "record", wantSev: vxml.Warning},
		{name: "maxParticipants", give: vxml.NewResponse().Conference("r", vxml.ConferenceAttrs{StayAlone: vxml.True, MaxParticipants: vxml.Int(5)}).Hangup(),
			wantRule: vxml.RuleIgnoredAttr, wantPath: "Response/Conference[1]", wantAttr: "maxParticipants", wantSev: vxml.Warning},
		{name: "record false", give: vxml.NewResponse().Conference("r", vxml.ConferenceAttrs{StayAlone: vxml.True, Record: vxml.False}).Hangup(),
			wantRule: vxml.RuleIgnoredAttr},

		{name: "near the size limit", give: vxml.NewResponse().Speak(strings.Repeat("x", vxml.MaxSize*95/100)),
			wantRule: vxml.RuleSize, wantPath: "Response", wantSev: vxml.Warning},
		{name: "small document", give: vxml.NewResponse().Speak(strings.Repeat("x", vxml.MaxSize/2)),
			wantRule: vxml.RuleSize},
		{name: "over the limit is a validation error", give: vxml.NewResponse().Speak(strings.Repeat("x", vxml.MaxSize)),
			wantRule: vxml.RuleSize},
	}
	// Every rule has a row where it fires and one where it does not.
	fires, silent := map[vxml.Rule]bool{}, map[vxml.Rule]bool{}
	for _, tt := range tests {
		if tt.wantPath != "" {
			fires[tt.wantRule] = true
		} else {
			silent[tt.wantRule] = true
		}
	}
	for _, rule := range []vxml.Rule{
		vxml.RuleUnreachable, vxml.RuleInsecureURL, vxml.RuleInsecureStream, vxml.RuleStayAlone,
		vxml.RuleConferenceAction, vxml.RuleConferenceLast, vxml.RulePreAnswerFirst, vxml.RuleScheduleLast,
		vxml.RuleSpeakLanguage, vxml.RuleSize, vxml.RulePollyVoice, vxml.RuleTelephonyModel,
		vxml.RuleSIPHeaderSuffix, vxml.RulePlaceholder, vxml.RuleRecordUnheard, vxml.RuleRecordInDial,
		vxml.RuleRecordReply, vxml.RuleCallerID, vxml.RuleConfirmKey, vxml.RuleDialShorthand,
		vxml.RuleStreamLast, vxml.RuleMaxRetries, vxml.RuleExtraHeaders, vxml.RuleIgnoredAttr,
	} {
		assert.True(t, fires[rule], "no positive row for %s", rule)
		assert.True(t, silent[rule], "no negative row for %s", rule)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := ofRule(tt.give.Lint(), tt.wantRule)
			if tt.wantPath == "" {
				assert.Empty(t, got)
				return
			}
			require.Len(t, got, 1, "%v", got)
			assert.Equal(t, tt.wantPath, got[0].Path)
			assert.Equal(t, tt.wantAttr, got[0].Attr)
			assert.Equal(t, tt.wantSev, got[0].Severity)
			assert.NotEmpty(t, got[0].Message)
		})
	}
}

func TestLintDocuments(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		give *vxml.Response
		want []string
	}{
		{name: "nil", give: nil},
		{name: "empty", give: vxml.NewResponse()},
		{name: "seed", give: seedDoc(), want: []string{
			`Response/Conference[1]@stayAlone: warning: not set: Vobiz's default false disconnects a member who is alone; set it explicitly (stay-alone)`,
		}},
		{name: "reference", give: referenceDoc(), want: []string{
			`Response/Conference[1]@stayAlone: warning: not set: Vobiz's default false disconnects a member who is alone; set it explicitly (stay-alone)`,
		}},
		{name: "kick continuation", give: vxml.NewResponse().
			Conference("Room", vxml.ConferenceAttrs{StayAlone: vxml.True, CallbackURL: "https://a.example/events"}).
			Redirect("https://a.example/continue")},
		{name: "unreachable counted once", give: vxml.NewResponse().Hangup().Speak("a").Speak("b").Redirect("https://a.example/"), want: []string{
			`Response/Speak[1]: warning: never runs: Response/Hangup[1] ends the document; 3 element(s) after it are unreachable (unreachable)`,
		}},
		{name: "nil elements skipped", give: vxml.NewResponse().Add(nil, (*vxml.Conference)(nil), &vxml.Dial{Elements: []vxml.Element{nil}}, &vxml.Speak{Content: []vxml.Node{nil, (*vxml.Tag)(nil)}}), want: []string{
			`Response/Dial[1]@callerId: warning: no callerId: the number derived from the caller may not be yours, and the outgoing leg then fails (caller-id)`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			fs := tt.give.Lint()
			var got []string
			for _, f := range fs {
				got = append(got, f.String())
			}
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestSeverityString(t *testing.T) {
	t.Parallel()
	tests := []struct {
		give vxml.Severity
		want string
	}{
		{give: vxml.Info, want: "info"},
		{give: vxml.Warning, want: "warning"},
		{give: vxml.Severity(0), want: "severity(0)"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tt.want, tt.give.String())
		})
	}
}
