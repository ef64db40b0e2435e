package xml_test

import (
	"errors"
	"io"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	vxml "github.com/kickflow/kickflow/xml"
)

// parseModels are valid models touching every element, every typed
// attribute and the SSML tags, each built the way callers build them.
func parseModels() map[string]*vxml.Response {
	return map[string]*vxml.Response{
		"empty": vxml.NewResponse(),
		"seed": vxml.NewResponse().
			Conference("MyConference", vxml.ConferenceAttrs{EnterSound: "beep:1"}).
			Speak("You have been disconnected from the conference"),
		"reference": vxml.NewResponse().
			Conference("Room", vxml.ConferenceAttrs{
				EnterSound: "beep:1", ExitSound: "beep:2",
				StartConferenceOnEnter: vxml.True, EndConferenceOnExit: vxml.False,
			}).
			Speak("Hello, thanks for calling. Please hold.", vxml.SpeakAttrs{Voice: vxml.VoiceWoman, Language: "en-US"}).
			Wait(vxml.WaitAttrs{Length: 2 * time.Second}).
			Redirect("https://example.com/next?x=1", vxml.RedirectAttrs{Method: vxml.MethodPost}),
		"every attribute": vxml.NewResponse().
			PreAnswer(func(b *vxml.PreAnswerBuilder) {
				b.Speak("Please wait", vxml.SpeakAttrs{Voice: vxml.VoiceMan, Language: "de-DE", Loop: vxml.Int(0)}).
					Play("https://a.example/ring.mp3", vxml.PlayAttrs{Loop: vxml.Int(2)}).
					Wait(vxml.WaitAttrs{Length: 10 * time.Second, Silence: vxml.True, MinSilence: 1500 * time.Millisecond, Beep: vxml.False})
			}).
			Gather(vxml.GatherAttrs{
				Action: "https://a.example/g?a=1&b=2", Method: vxml.MethodPost, InputType: vxml.InputDTMFSpeech,
				ExecutionTimeout: 20 * time.Second, DigitEndTimeout: vxml.EndAfter(3 * time.Second),
				SpeechEndTimeout: vxml.EndTimeoutAuto, FinishOnKey: "none", NumDigits: vxml.Int(4),
				SpeechModel: vxml.SpeechModelPhoneCall, Hints: "yes,no", Language: "en-GB",
				InterimSpeechResultsCallback: "https://a.example/i", InterimSpeechResultsCallbackMethod: vxml.MethodGet,
				Log: vxml.False, Redirect: vxml.True, ProfanityFilter: vxml.True,
			}, func(b *vxml.GatherBuilder) {
				b.Speak("Press 1 for sales").Play("https://a.example/menu.wav")
			}).
			Dial(vxml.DialAttrs{
				Action: "https://a.example/d", Method: vxml.MethodGet, CallbackURL: "https://a.example/cb",
				CallbackMethod: vxml.MethodPost, Redirect: vxml.False, CallerID: "+14155550100", CallerName: "Desk",
				Timeout: 30 * time.Second, TimeLimit: time.Hour, HangupOnStar: vxml.True, DialMusic: "real",
				ConfirmSound: "https://a.example/c", ConfirmKey: "5", ConfirmTimeout: 10 * time.Second,
				DigitsMatch: "*9", DigitsMatchBLeg: "#1", SIPHeaders: "ReasonX-VH=billing",
			}, func(b *vxml.DialBuilder) {
				b.Number("+14155550101", vxml.NumberAttrs{SendDigits: "ww12", SendOnPreanswer: vxml.True}).
					User("sip:agent@b.example", vxml.UserAttrs{SendDigits: "1", SendOnPreanswer: vxml.False, SIPHeaders: "a=b"}).
					Record(vxml.RecordAttrs{StartOnDialAnswer: vxml.True})
			}).
			Record(vxml.RecordAttrs{
				Action: "https://a.example/r", Method: vxml.MethodGet, FileFormat: vxml.FormatWAV, Redirect: vxml.False,
				Timeout: 5 * time.Second, MaxLength: 120 * time.Second, PlayBeep: vxml.False, FinishOnKey: "#*",
				RecordSession: vxml.True, StartOnDialAnswer: vxml.True, TranscriptionType: vxml.TranscriptionHybrid,
				TranscriptionURL: "https://a.example/t", TranscriptionMethod: vxml.MethodGet,
				CallbackURL: "https://a.example/cb", CallbackMethod: vxml.MethodPost,
			}).
			Stream("wss://a.example/ws", vxml.StreamAttrs{
				Bidirectional: vxml.True, AudioTrack: vxml.TrackInbound, StreamTimeout: 600 * time.Second,
				StatusCallbackURL: "https://a.example/s", StatusCallbackMethod: vxml.MethodGet,
				ContentType: vxml.ContentL16Rate16000, ExtraHeaders: "a=1", MaxRetries: vxml.Int(0), KeepCallAlive: vxml.True,
			}).
			DTMF("12w#", vxml.DTMFAttrs{Async: vxml.False}).
			Conference("Room <1> & \"friends\"", vxml.ConferenceAttrs{
				Muted: vxml.True, Beep: vxml.False, StartConferenceOnEnter: vxml.True, EndConferenceOnExit: vxml.False,
				MaxParticipants: vxml.Int(10), StayAlone: vxml.False, EnterSound: "beep:1", ExitSound: "beep:2",
				RelayDTMF: vxml.True, DigitsMatch: "*1", HangupOnStar: vxml.True, WaitSound: "https://a.example/w",
				WaitMethod: vxml.MethodPost, CallbackURL: "https://a.example/cb", CallbackMethod: vxml.MethodGet,
				Record: vxml.False, RecordFileFormat: vxml.FormatMP3, TimeLimit: 2 * time.Hour,
				Action: "https://a.example/a", Method: vxml.MethodPost,
			}).
			Hangup(vxml.HangupAttrs{Reason: vxml.ReasonBusy, Schedule: time.Minute}),
		"dial shorthand": vxml.NewResponse().
			Add(&vxml.Dial{Attrs: vxml.DialAttrs{CallerID: "+14155550100"}, Phone: "+14155550101"}),
		"ssml": vxml.NewResponse().
			SpeakSSML(vxml.SpeakAttrs{Voice: "Polly.Amy"}, func(b *vxml.SSMLBuilder) {
				b.Text("Your code is ").
					SayAs("spell-out", "A1B").
					Break(vxml.Attr{Name: "time", Value: "500ms"}).
					Prosody([]vxml.Attr{{Name: "rate", Value: "fast"}, {Name: "pitch", Value: "+5%"}}, func(b *vxml.SSMLBuilder) {
						b.Text(" quick ").Emphasis("strong", "and loud")
					}).
					Tag("lang", []vxml.Attr{{Name: "xml:lang", Value: "fr-FR"}}, func(b *vxml.SSMLBuilder) { b.Text("merci") }).
					Sub("World Wide Web", "WWW").
					Tag("p", nil, func(b *vxml.SSMLBuilder) {
						b.Tag("s", nil, func(b *vxml.SSMLBuilder) { b.Text("  spaced\n  out  ") })
					}).
					Text(" & goodbye")
			}),
		"whitespace kept": vxml.NewResponse().
			Speak("  padded  ").
			Conference(" Room ").
			Play("\n https://a.example/x.mp3\n"),
		"extra attributes": vxml.NewResponse().
			Speak("hi", vxml.SpeakAttrs{Extra: []vxml.Attr{{Name: "x-b", Value: "2 < 3"}, {Name: "a", Value: ""}}}).
			Conference("Room", vxml.ConferenceAttrs{Extra: []vxml.Attr{{Name: "redirect", Value: "false"}}}),
	}
}

func TestParseRenderRoundTrip(t *testing.T) {
	t.Parallel()
	for name, model := range parseModels() {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			require.NoError(t, model.Validate())
			for _, indent := range []bool{false, true} {
				render := model.Render
				if indent {
					render = model.RenderIndent
				}
				out, err := render()
				require.NoError(t, err)
				got, err := vxml.Parse(out, vxml.Lenient())
				require.NoError(t, err, "Parse(%s)", out)
				assert.Equal(t, model, got, "indent=%v: %s", indent, out)
			}
		})
	}
}

// parseDocuments are documents in the shapes Vobiz's pages and the project
// notes show, with the model each reads into.
var parseDocuments = []struct {
	name string
	give string
	want *vxml.Response
}{
	{
		name: "kick continuation, indented",
		give: "<Response>\n    <Conference enterSound=\"beep:1\">MyConference</Conference>\n" +
			"    <Speak>You have been disconnected from the conference</Speak>\n</Response>\n",
		want: vxml.NewResponse().
			Conference("MyConference", vxml.ConferenceAttrs{EnterSound: "beep:1"}).
			Speak("You have been disconnected from the conference"),
	},
	{
		name: "reference document",
		give: `<?xml version="1.0" encoding="UTF-8"?><Response><Conference enterSound="beep:1" exitSound="beep:2" startConferenceOnEnter="true" endConferenceOnExit="false">Room</Conference><Speak voice="WOMAN" language="en-US">Hello, thanks for calling. Please hold.</Speak><Wait length="2"/><Redirect method="POST">https://example.com/next?x=1</Redirect></Response>`,
		want: vxml.NewResponse().
			Conference("Room", vxml.ConferenceAttrs{
				EnterSound: "beep:1", ExitSound: "beep:2",
				StartConferenceOnEnter: vxml.True, EndConferenceOnExit: vxml.False,
			}).
			Speak("Hello, thanks for calling. Please hold.", vxml.SpeakAttrs{Voice: vxml.VoiceWoman, Language: "en-US"}).
			Wait(vxml.WaitAttrs{Length: 2 * time.Second}).
			Redirect("https://example.com/next?x=1", vxml.RedirectAttrs{Method: vxml.MethodPost}),
	},
	{
		name: "empty Response",
		give: `<Response></Response>`,
		want: &vxml.Response{},
	},
	{
		name: "self-closing Response, declaration, comments and byte-order mark",
		give: "\uFEFF<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<!-- answer -->\n<Response/>\n<!-- end -->\n",
		want: &vxml.Response{},
	},
	{
		name: "simultaneous dial with a number and a SIP user",
		give: `<Response><Dial callerId="+14155550100" timeout="20"><Number sendDigits="wwww2410">+14155550101</Number>` +
			`<User sipHeaders="ReasonX-VH=billing">sip:agent@example.com</User></Dial><Speak>Nobody answered</Speak></Response>`,
		want: vxml.NewResponse().
			Dial(vxml.DialAttrs{CallerID: "+14155550100", Timeout: 20 * time.Second}, func(b *vxml.DialBuilder) {
				b.Number("+14155550101", vxml.NumberAttrs{SendDigits: "wwww2410"}).
					User("sip:agent@example.com", vxml.UserAttrs{SIPHeaders: "ReasonX-VH=billing"})
			}).
			Speak("Nobody answered"),
	},
	{
		name: "dial shorthand",
		give: `<Response><Dial>+14155550101</Dial></Response>`,
		want: vxml.NewResponse().Add(&vxml.Dial{Phone: "+14155550101"}),
	},
	{
		name: "prompt-less Gather and one with prompts",
		give: `<Response><Gather numDigits="1" action="https://a.example/confirm"/>` +
			`<Gather action="https://a.example/menu" inputType="dtmf speech" finishOnKey="none">` +
			`<Speak>Say or press one</Speak><Play>https://a.example/beep.mp3</Play></Gather></Response>`,
		want: vxml.NewResponse().
			Gather(vxml.GatherAttrs{NumDigits: vxml.Int(1), Action: "https://a.example/confirm"}, nil).
			Gather(vxml.GatherAttrs{Action: "https://a.example/menu", InputType: vxml.InputDTMFSpeech, FinishOnKey: "none"},
				func(b *vxml.GatherBuilder) {
					b.Speak("Say or press one").Play("https://a.example/beep.mp3")
				}),
	},
	{
		name: "SSML with a provider voice",
		give: `<Response><Speak voice="Polly.Salli"><prosody rate="medium">Your code is</prosody><break/>` +
			`<say-as interpret-as="spell-out">AB12</say-as></Speak></Response>`,
		want: vxml.NewResponse().SpeakSSML(vxml.SpeakAttrs{Voice: "Polly.Salli"}, func(b *vxml.SSMLBuilder) {
			b.Prosody([]vxml.Attr{{Name: "rate", Value: "medium"}}, func(b *vxml.SSMLBuilder) { b.Text("Your code is") }).
				Break().
				SayAs("spell-out", "AB12")
		}),
	},
	{
		name: "session recording then stream, stream URL wrapped in newlines",
		give: "<Response>\n  <Record recordSession=\"true\" redirect=\"false\" callbackUrl=\"https://a.example/rec\"/>\n" +
			"  <Stream bidirectional=\"true\" keepCallAlive=\"true\" contentType=\"audio/x-mulaw;rate=8000\">\n" +
			"    wss://a.example/media\n  </Stream>\n</Response>",
		want: vxml.NewResponse().
			Record(vxml.RecordAttrs{RecordSession: vxml.True, Redirect: vxml.False, CallbackURL: "https://a.example/rec"}).
			Stream("\n    wss://a.example/media\n  ", vxml.StreamAttrs{
				Bidirectional: vxml.True, KeepCallAlive: vxml.True, ContentType: vxml.ContentMulawRate8000,
			}),
	},
	{
		name: "early media, scheduled hangup, DTMF",
		give: `<Response><PreAnswer><Play loop="0">https://a.example/ring.mp3</Play><Wait length="3"/></PreAnswer>` +
			`<Hangup schedule="60"/><Speak loop="2">This call ends in a minute</Speak><DTMF async="false">1w2W#*</DTMF>` +
			`<Hangup reason="busy"/></Response>`,
		want: vxml.NewResponse().
			PreAnswer(func(b *vxml.PreAnswerBuilder) {
				b.Play("https://a.example/ring.mp3", vxml.PlayAttrs{Loop: vxml.Int(0)}).Wait(vxml.WaitAttrs{Length: 3 * time.Second})
			}).
			Hangup(vxml.HangupAttrs{Schedule: time.Minute}).
			Speak("This call ends in a minute", vxml.SpeakAttrs{Loop: vxml.Int(2)}).
			DTMF("1w2W#*", vxml.DTMFAttrs{Async: vxml.False}).
			Hangup(vxml.HangupAttrs{Reason: vxml.ReasonBusy}),
	},
	{
		name: "conference with the join attributes and a continuation",
		give: `<Response><Conference stayAlone="true" callbackUrl="https://a.example/events?room=a&amp;n=1" ` +
			`callbackMethod="POST" waitSound="https://a.example/hold" maxParticipants="20" timeLimit="14400">Sales</Conference>` +
			`<Redirect>https://a.example/continue</Redirect></Response>`,
		want: vxml.NewResponse().
			Conference("Sales", vxml.ConferenceAttrs{
				StayAlone: vxml.True, CallbackURL: "https://a.example/events?room=a&n=1", CallbackMethod: vxml.MethodPost,
				WaitSound: "https://a.example/hold", MaxParticipants: vxml.Int(20), TimeLimit: 14400 * time.Second,
			}).
			Redirect("https://a.example/continue"),
	},
	{
		name: "references, CDATA and comments inside text",
		give: `<Response><Speak>Tom &amp; Jerry&#x27;s <![CDATA[<show>]]> at 5<!-- c --> pm</Speak>` +
			`<Conference>R&#111;om<!-- c -->1</Conference></Response>`,
		want: vxml.NewResponse().Speak("Tom & Jerry's <show> at 5 pm").Conference("Room1"),
	},
	{
		name: "single quotes and attributes in any order",
		give: `<Response><Speak language='en-GB' voice='MAN'>hi</Speak></Response>`,
		want: vxml.NewResponse().Speak("hi", vxml.SpeakAttrs{Voice: vxml.VoiceMan, Language: "en-GB"}),
	},
	{
		name: "whitespace inside elements without text",
		give: "<Response><Wait length=\"1\">\n</Wait><Dial>\n  <Number>+1555</Number>\n</Dial><PreAnswer>\n</PreAnswer></Response>",
		want: vxml.NewResponse().
			Wait(vxml.WaitAttrs{Length: time.Second}).
			Dial(vxml.DialAttrs{}, func(b *vxml.DialBuilder) { b.Number("+1555") }).
			PreAnswer(nil),
	},
}

func TestParseDocuments(t *testing.T) {
	t.Parallel()
	for _, tt := range parseDocuments {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := vxml.Parse([]byte(tt.give))
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)

			// Rendering what was parsed gives back the same document.
			out, err := got.Render()
			require.NoError(t, err)
			same, err := vxml.CanonicalEqual([]byte(strings.TrimPrefix(tt.give, "\uFEFF")), out)
			require.NoError(t, err)
			assert.True(t, same, "Render(Parse(d)) = %s, want the canonical equivalent of %s", out, tt.give)
		})
	}
}

func TestParseReader(t *testing.T) {
	t.Parallel()
	got, err := vxml.ParseReader(strings.NewReader(`<Response><Speak>hi</Speak></Response>`))
	require.NoError(t, err)
	assert.Equal(t, vxml.NewResponse().Speak("hi"), got)
}

func TestParseReaderErrors(t *testing.T) {
	t.Parallel()
	broken := errors.New("connection reset")
	tests := []struct {
		name string
		give io.Reader
		want error
	}{
		{name: "read error", give: io.MultiReader(strings.NewReader("<Resp"), errReader{broken}), want: broken},
		{name: "too large", give: strings.NewReader("<Response>" + strings.Repeat(" ", vxml.MaxParseSize)), want: vxml.ErrLimit},
		{name: "malformed", give: strings.NewReader("<Response>"), want: vxml.ErrSyntax},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := vxml.ParseReader(tt.give)
			assert.Nil(t, got)
			assert.ErrorIs(t, err, tt.want)
		})
	}
}

type errReader struct{ err error }

func (r errReader) Read([]byte) (int, error) { return 0, r.err }

func TestParseLenient(t *testing.T) {
	t.Parallel()
	give := `<Response><Conference redirect="false" maxMembers="5" beep="false">Room</Conference>` +
		`<Speak xml:lang="en" voice="MAN">hi</Speak></Response>`

	_, err := vxml.Parse([]byte(give))
	var pe *vxml.ParseError
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, "redirect", pe.Attr)
	assert.ErrorIs(t, err, vxml.ErrInvalid)

	got, err := vxml.Parse([]byte(give), vxml.Lenient())
	require.NoError(t, err)
	want := vxml.NewResponse().
		Conference("Room", vxml.ConferenceAttrs{
			Beep:  vxml.False,
			Extra: []vxml.Attr{{Name: "redirect", Value: "false"}, {Name: "maxMembers", Value: "5"}},
		}).
		Speak("hi", vxml.SpeakAttrs{Voice: vxml.VoiceMan, Extra: []vxml.Attr{{Name: "xml:lang", Value: "en"}}})
	assert.Equal(t, want, got)
}

func TestParseLenientStillStrictWithoutExtra(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		give     string
		wantAttr string
	}{
		{name: "Response", give: `<Response xmlns="urn:x"/>`, wantAttr: "xmlns"},
		{name: "PreAnswer", give: `<Response><PreAnswer id="1"/></Response>`, wantAttr: "id"},
		{name: "SSML tag", give: `<Response><Speak><break size="big"/></Speak></Response>`, wantAttr: "size"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := vxml.Parse([]byte(tt.give), vxml.Lenient())
			var pe *vxml.ParseError
			require.ErrorAs(t, err, &pe)
			assert.Equal(t, tt.wantAttr, pe.Attr)
			assert.ErrorIs(t, err, vxml.ErrInvalid)
		})
	}
}

// TestParseErrors covers what Parse itself rejects, with the exact
// message, since the message is what a reader of the error relies on.
func TestParseErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		give     string
		wantKind error
		wantErr  string
	}{
		// Syntax and document shape.
		{name: "empty input", give: ``, wantKind: vxml.ErrSyntax,
			wantErr: "xml: line 1, column 1: no <Response> root element"},
		{name: "only a declaration", give: `<?xml version="1.0"?>`, wantKind: vxml.ErrSyntax,
			wantErr: "xml: line 1, column 22: no <Response> root element"},
		{name: "text before the root", give: `hello<Response/>`, wantKind: vxml.ErrSyntax,
			wantErr: "xml: line 1, column 1: text before the root element"},
		{name: "wrong root", give: `<Speak>hi</Speak>`, wantKind: vxml.ErrSyntax,
			wantErr: "xml: line 1, column 1: root element is <Speak>, want <Response>"},
		{name: "wrong case root", give: `<response/>`, wantKind: vxml.ErrSyntax,
			wantErr: "xml: line 1, column 1: root element is <response>, want <Response>"},
		{name: "two roots", give: "<Response/>\n<Response/>", wantKind: vxml.ErrSyntax,
			wantErr: "xml: line 2, column 1: element <Response> after the root element"},
		{name: "trailing junk", give: `<Response/>junk`, wantKind: vxml.ErrSyntax,
			wantErr: "xml: line 1, column 12: text after the root element"},
		{name: "stray end tag", give: `</Response>`, wantKind: vxml.ErrSyntax,
			wantErr: "xml: line 1, column 1: end tag </Response> without a start tag"},
		{name: "unclosed root", give: "<Response>\n<Hangup/>", wantKind: vxml.ErrSyntax,
			wantErr: "xml: line 2, column 10: Response: document ends inside <Response>"},
		{name: "unclosed Speak", give: "<Response><Speak>hi", wantKind: vxml.ErrSyntax,
			wantErr: "xml: line 1, column 20: Response/Speak[1]: document ends inside <Speak>"},
		{name: "mismatched end tag", give: `<Response><Speak>hi</Play></Response>`, wantKind: vxml.ErrSyntax,
			wantErr: "xml: line 1, column 20: Response/Speak[1]: <Speak> closed by </Play>"},
		{name: "bare ampersand", give: `<Response><Speak>Tom & Jerry</Speak></Response>`, wantKind: vxml.ErrSyntax,
			wantErr: "xml: line 1, column 23: Response/Speak[1]: invalid character entity & (no semicolon)"},
		{name: "undeclared entity", give: `<Response><Speak>&nbsp;</Speak></Response>`, wantKind: vxml.ErrSyntax,
			wantErr: "xml: line 1, column 24: Response/Speak[1]: invalid character entity &nbsp;"},
		{name: "unquoted attribute", give: `<Response><Wait length=2/></Response>`, wantKind: vxml.ErrSyntax,
			wantErr: "xml: line 1, column 25: Response: unquoted or missing attribute value in element"},
		{name: "control character", give: "<Response><Speak>a\x01</Speak></Response>", wantKind: vxml.ErrSyntax,
			wantErr: "xml: line 1, column 20: Response/Speak[1]: illegal character code U+0001"},
		{name: "invalid UTF-8", give: "<Response><Speak>a\xff</Speak></Response>", wantKind: vxml.ErrSyntax,
			wantErr: "xml: line 1, column 20: Response/Speak[1]: invalid UTF-8"},
		{name: "other encoding", give: `<?xml version="1.0" encoding="ISO-8859-1"?><Response/>`, wantKind: vxml.ErrSyntax,
			wantErr: `xml: line 1, column 44: encoding "ISO-8859-1" declared but Decoder.CharsetReader is nil`},
		{name: "DOCTYPE", give: `<!DOCTYPE Response><Response/>`, wantKind: vxml.ErrSyntax,
			wantErr: "xml: line 1, column 1: DOCTYPE and other <!…> directives are not allowed"},
		{name: "entity expansion", give: `<!DOCTYPE r [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><Response><Speak>&b;</Speak></Response>`,
			wantKind: vxml.ErrSyntax, wantErr: "xml: line 1, column 1: DOCTYPE and other <!…> directives are not allowed"},
		{name: "directive among elements", give: `<Response><!DOCTYPE x></Response>`, wantKind: vxml.ErrSyntax,
			wantErr: "xml: line 1, column 11: Response: DOCTYPE and other <!…> directives are not allowed"},
		{name: "directive in Gather", give: `<Response><Gather action="https://a.example/g"><!DOCTYPE x></Gather></Response>`, wantKind: vxml.ErrSyntax,
			wantErr: "xml: line 1, column 48: Response/Gather[1]: DOCTYPE and other <!…> directives are not allowed"},
		{name: "directive in text", give: `<Response><Conference>R<!DOCTYPE x></Conference></Response>`, wantKind: vxml.ErrSyntax,
			wantErr: "xml: line 1, column 24: Response/Conference[1]: DOCTYPE and other <!…> directives are not allowed"},
		{name: "directive in empty element", give: `<Response><Wait><!DOCTYPE x></Wait></Response>`, wantKind: vxml.ErrSyntax,
			wantErr: "xml: line 1, column 17: Response/Wait[1]: DOCTYPE and other <!…> directives are not allowed"},
		{name: "directive in Dial", give: `<Response><Dial><!DOCTYPE x></Dial></Response>`, wantKind: vxml.ErrSyntax,
			wantErr: "xml: line 1, column 17: Response/Dial[1]: DOCTYPE and other <!…> directives are not allowed"},
		{name: "directive in Speak", give: `<Response><Speak>a<!DOCTYPE x></Speak></Response>`, wantKind: vxml.ErrSyntax,
			wantErr: "xml: line 1, column 19: Response/Speak[1]: DOCTYPE and other <!…> directives are not allowed"},
		{name: "repeated attribute", give: `<Response><Wait length="1" length="2"/></Response>`, wantKind: vxml.ErrSyntax,
			wantErr: "xml: line 1, column 11: Response/Wait[1]@length: repeated attribute"},

		// Elements the model does not know, and where they may not be.
		{name: "Plivo input element", give: `<Response><GetDigits/></Response>`, wantKind: vxml.ErrInvalid,
			wantErr: "xml: line 1, column 11: Response/GetDigits[1]: unknown element <GetDigits>; Vobiz's input element is <Gather>"},
		{name: "SDK helper as element", give: `<Response><SpeakAndWait/></Response>`, wantKind: vxml.ErrInvalid,
			wantErr: "xml: line 1, column 11: Response/SpeakAndWait[1]: unknown element <SpeakAndWait>; write <Speak> followed by <Wait>"},
		{name: "undocumented element", give: `<Response><MultiPartyCall/></Response>`, wantKind: vxml.ErrInvalid,
			wantErr: "xml: line 1, column 11: Response/MultiPartyCall[1]: unknown element <MultiPartyCall>; Vobiz documents no such element"},
		{name: "wrong case element", give: `<Response><Speak>a</Speak><speak>b</speak></Response>`, wantKind: vxml.ErrInvalid,
			wantErr: "xml: line 1, column 27: Response/speak[1]: unknown element <speak>"},
		{name: "prefixed element", give: `<Response><v:Speak xmlns:v="urn:v">a</v:Speak></Response>`, wantKind: vxml.ErrInvalid,
			wantErr: "xml: line 1, column 11: Response/v:Speak[1]: unknown element <v:Speak>"},
		{name: "nested Response", give: `<Response><Response/></Response>`, wantKind: vxml.ErrInvalid,
			wantErr: "xml: line 1, column 11: Response/Response[1]: <Response> inside the document; it is only the root"},
		{name: "SSML tag outside Speak", give: `<Response><Gather action="https://a.example/g"><break/></Gather></Response>`,
			wantKind: vxml.ErrInvalid,
			wantErr:  "xml: line 1, column 48: Response/Gather[1]/break[1]: unknown element <break>; SSML tags belong inside <Speak>"},
		{name: "verb inside Speak", give: `<Response><Speak>a<Play>https://a.example/x.mp3</Play></Speak></Response>`,
			wantKind: vxml.ErrInvalid,
			wantErr:  "xml: line 1, column 19: Response/Speak[1]/Play[1]: <Speak> cannot hold <Play>; it takes text and SSML tags only"},
		{name: "unknown SSML tag", give: `<Response><Speak><whisper>a</whisper></Speak></Response>`, wantKind: vxml.ErrInvalid,
			wantErr: "xml: line 1, column 18: Response/Speak[1]/whisper[1]: unknown SSML tag <whisper>"},
		{name: "upper-case SSML tag", give: `<Response><Speak><Break/></Speak></Response>`, wantKind: vxml.ErrInvalid,
			wantErr: "xml: line 1, column 18: Response/Speak[1]/Break[1]: unknown SSML tag <Break>"},
		{name: "unknown SSML attribute", give: `<Response><Speak><prosody speed="fast">a</prosody></Speak></Response>`,
			wantKind: vxml.ErrInvalid,
			wantErr:  "xml: line 1, column 18: Response/Speak[1]/prosody[1]@speed: unknown attribute of SSML tag <prosody>"},
		{name: "Stream inside Record", give: "<Response>\n<Record recordSession=\"true\"><Stream>wss://a.example/s</Stream></Record></Response>",
			wantKind: vxml.ErrInvalid,
			wantErr:  "xml: line 2, column 30: Response/Record[1]: <Record> holds <Stream>; it takes no child elements"},
		{name: "text in Gather", give: `<Response><Gather action="https://a.example/g">Press 1</Gather></Response>`,
			wantKind: vxml.ErrInvalid,
			wantErr:  "xml: line 1, column 48: Response/Gather[1]: <Gather> holds text; it takes only child elements"},
		{name: "text in Response", give: `<Response>Hello</Response>`, wantKind: vxml.ErrInvalid,
			wantErr: "xml: line 1, column 11: Response: <Response> holds text; it takes only child elements"},
		{name: "text in Wait", give: `<Response><Wait>5</Wait></Response>`, wantKind: vxml.ErrInvalid,
			wantErr: "xml: line 1, column 17: Response/Wait[1]: <Wait> holds text; it takes none"},
		{name: "element in Conference", give: `<Response><Conference>Room<Speak>hi</Speak></Conference></Response>`,
			wantKind: vxml.ErrInvalid,
			wantErr:  "xml: line 1, column 27: Response/Conference[1]: <Conference> holds <Speak>; it takes only text"},
		{name: "Dial with number text and children", give: `<Response><Dial>+1555<Number>+1666</Number></Dial></Response>`,
			wantKind: vxml.ErrInvalid,
			wantErr:  "xml: line 1, column 17: Response/Dial[1]: <Dial> holds both a phone number and child elements"},

		// Attributes the model does not know, and values that do not fit.
		{name: "attribute on Response", give: `<Response version="1"/>`, wantKind: vxml.ErrInvalid,
			wantErr: "xml: line 1, column 1: Response@version: <Response> takes no attributes"},
		{name: "Plivo attribute on Conference", give: `<Response><Conference redirect="true">R</Conference></Response>`,
			wantKind: vxml.ErrInvalid,
			wantErr:  "xml: line 1, column 11: Response/Conference[1]@redirect: unknown attribute of <Conference> (Lenient keeps it in Extra)"},
		{name: "playBeep on Gather", give: `<Response><Gather action="https://a.example/g" playBeep="true"/></Response>`,
			wantKind: vxml.ErrInvalid,
			wantErr:  "xml: line 1, column 11: Response/Gather[1]@playBeep: unknown attribute of <Gather> (Lenient keeps it in Extra)"},
		{name: "attribute in wrong case", give: `<Response><Conference StayAlone="true">R</Conference></Response>`,
			wantKind: vxml.ErrInvalid,
			wantErr:  "xml: line 1, column 11: Response/Conference[1]@StayAlone: unknown attribute of <Conference> (Lenient keeps it in Extra)"},
		{name: "boolean yes", give: `<Response><Conference stayAlone="yes">R</Conference></Response>`, wantKind: vxml.ErrInvalid,
			wantErr: `xml: line 1, column 11: Response/Conference[1]@stayAlone: "yes": value is not true or false`},
		{name: "boolean True", give: `<Response><DTMF async="True">1</DTMF></Response>`, wantKind: vxml.ErrInvalid,
			wantErr: `xml: line 1, column 11: Response/DTMF[1]@async: "True": value is not true or false`},
		{name: "fractional count", give: `<Response><Speak loop="1.5">a</Speak></Response>`, wantKind: vxml.ErrInvalid,
			wantErr: `xml: line 1, column 11: Response/Speak[1]@loop: "1.5": value is not a whole number (digits, an optional leading -, no leading zeros)`},
		{name: "count with plus sign", give: `<Response><Play loop="+1">https://a.example/x.mp3</Play></Response>`, wantKind: vxml.ErrInvalid,
			wantErr: `xml: line 1, column 11: Response/Play[1]@loop: "+1": value is not a whole number (digits, an optional leading -, no leading zeros)`},
		{name: "count with leading zero", give: `<Response><Gather action="https://a.example/g" numDigits="04"/></Response>`, wantKind: vxml.ErrInvalid,
			wantErr: `xml: line 1, column 11: Response/Gather[1]@numDigits: "04": value is not a whole number (digits, an optional leading -, no leading zeros)`},
		{name: "count too large", give: `<Response><Conference maxParticipants="99999999999999999999">R</Conference></Response>`,
			wantKind: vxml.ErrInvalid,
			wantErr:  `xml: line 1, column 11: Response/Conference[1]@maxParticipants: "99999999999999999999": value is out of range`},
		{name: "duration with unit", give: `<Response><Wait length="2s"/></Response>`, wantKind: vxml.ErrInvalid,
			wantErr: `xml: line 1, column 11: Response/Wait[1]@length: "2s": value is not a whole number of seconds or milliseconds (digits, no sign, no leading zeros)`},
		{name: "negative duration", give: `<Response><Hangup schedule="-5"/></Response>`, wantKind: vxml.ErrInvalid,
			wantErr: `xml: line 1, column 11: Response/Hangup[1]@schedule: "-5": value is not a whole number of seconds or milliseconds (digits, no sign, no leading zeros)`},
		{name: "zero duration", give: `<Response><Dial timeLimit="0"><Number>+1555</Number></Dial></Response>`, wantKind: vxml.ErrInvalid,
			wantErr: `xml: line 1, column 11: Response/Dial[1]@timeLimit: "0": value is 0; it must be at least 1, and the model uses 0 for unset`},
		{name: "duration overflow", give: `<Response><Stream streamTimeout="9999999999999">wss://a.example/s</Stream></Response>`,
			wantKind: vxml.ErrInvalid,
			wantErr:  `xml: line 1, column 11: Response/Stream[1]@streamTimeout: "9999999999999": value is out of range`},
		{name: "empty string attribute", give: `<Response><Redirect method="">https://a.example/n</Redirect></Response>`,
			wantKind: vxml.ErrInvalid,
			wantErr:  `xml: line 1, column 11: Response/Redirect[1]@method: "": value is empty; the model writes an empty value as no attribute, so leave it out`},
		{name: "empty finishOnKey", give: `<Response><Gather action="https://a.example/g" finishOnKey=""/></Response>`,
			wantKind: vxml.ErrInvalid,
			wantErr:  `xml: line 1, column 11: Response/Gather[1]@finishOnKey: "": value is empty; write finishOnKey="none" for no finish key`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := vxml.Parse([]byte(tt.give))
			assert.Nil(t, got)
			require.Error(t, err)
			assert.ErrorIs(t, err, tt.wantKind)
			var pe *vxml.ParseError
			require.ErrorAs(t, err, &pe)
			assert.Equal(t, tt.wantErr, err.Error())
		})
	}
}

// TestParseValidationErrors covers documents that read into the model but
// fail Validate: the problem keeps Validate's path and gains a position.
func TestParseValidationErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		give     string
		wantLine int
		wantCol  int
		wantPath string
		wantAttr string
	}{
		{name: "Number at the top", give: "<Response>\n  <Number>+1555</Number>\n</Response>",
			wantLine: 2, wantCol: 3, wantPath: "Response/Number[1]"},
		{name: "Wait in Gather", give: `<Response><Gather action="https://a.example/g"><Speak>a</Speak><Wait/></Gather></Response>`,
			wantLine: 1, wantCol: 64, wantPath: "Response/Gather[1]/Wait[1]"},
		{name: "Dial in PreAnswer", give: `<Response><PreAnswer><Dial>+1555</Dial></PreAnswer></Response>`,
			wantLine: 1, wantCol: 22, wantPath: "Response/PreAnswer[1]/Dial[1]"},
		{name: "Conference without a room", give: `<Response><Speak>a</Speak><Conference/></Response>`,
			wantLine: 1, wantCol: 27, wantPath: "Response/Conference[1]"},
		{name: "Play without a URL", give: `<Response><Play loop="2"></Play></Response>`,
			wantLine: 1, wantCol: 11, wantPath: "Response/Play[1]"},
		{name: "empty Speak", give: `<Response><Speak voice="MAN"/></Response>`,
			wantLine: 1, wantCol: 11, wantPath: "Response/Speak[1]"},
		{name: "DTMF without digits", give: `<Response><DTMF></DTMF></Response>`,
			wantLine: 1, wantCol: 11, wantPath: "Response/DTMF[1]"},
		{name: "room name of white space", give: "<Response><Conference>\n  </Conference></Response>",
			wantLine: 1, wantCol: 11, wantPath: "Response/Conference[1]"},
		{name: "Dial of white space", give: "<Response><Dial> </Dial></Response>",
			wantLine: 1, wantCol: 11, wantPath: "Response/Dial[1]"},
		{name: "newline in an attribute value", give: `<Response><Redirect method="PO&#10;ST">https://a.example/n</Redirect></Response>`,
			wantLine: 1, wantCol: 11, wantPath: "Response/Redirect[1]", wantAttr: "method"},
		{name: "carriage return in text", give: `<Response><Conference>Ro&#13;om</Conference></Response>`,
			wantLine: 1, wantCol: 11, wantPath: "Response/Conference[1]"},
		{name: "end timeout not in seconds", give: `<Response><Gather action="https://a.example/g" digitEndTimeout="fast"/></Response>`,
			wantLine: 1, wantCol: 11, wantPath: "Response/Gather[1]", wantAttr: "digitEndTimeout"},
		{name: "break with content", give: "<Response><Speak>a<break>b</break></Speak></Response>",
			wantLine: 1, wantCol: 19, wantPath: "Response/Speak[1]/break[1]"},
		{name: "second of two same-named siblings", give: "<Response>\n<Speak>a</Speak>\n<Speak voice=\"A&#10;B\"><p>b</p></Speak>\n</Response>",
			wantLine: 3, wantCol: 1, wantPath: "Response/Speak[2]", wantAttr: "voice"},
		{name: "nested SSML tag", give: "<Response><Speak>\n<p>a</p>\n<p>b<break>x</break></p></Speak></Response>",
			wantLine: 3, wantCol: 5, wantPath: "Response/Speak[1]/p[2]/break[1]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := vxml.Parse([]byte(tt.give))
			assert.Nil(t, got)
			assert.ErrorIs(t, err, vxml.ErrInvalid)
			var pes vxml.ParseErrors
			require.ErrorAs(t, err, &pes)
			require.Len(t, pes, 1, "%v", err)
			pe := pes[0]
			assert.Equal(t, tt.wantLine, pe.Line, "line")
			assert.Equal(t, tt.wantCol, pe.Column, "column")
			assert.Equal(t, tt.wantPath, pe.Path)
			assert.Equal(t, tt.wantAttr, pe.Attr)
			var ve *vxml.ValidationError
			require.ErrorAs(t, err, &ve)
			assert.Equal(t, tt.wantPath, ve.Path)
		})
	}
}

func TestParseValidationErrorsAll(t *testing.T) {
	t.Parallel()
	give := "<Response>\n<Number>+1</Number>\n<Speak><p><s>a</s><s></s></p></Speak>\n<Conference/>\n</Response>"
	_, err := vxml.Parse([]byte(give))
	var pes vxml.ParseErrors
	require.ErrorAs(t, err, &pes)
	require.Len(t, pes, 2, "%v", err)
	assert.Equal(t, "xml: line 2, column 1: Response/Number[1]: not allowed in Response", pes[0].Error())
	assert.Equal(t, 4, pes[1].Line)
	assert.Equal(t, "Response/Conference[1]", pes[1].Path)
	assert.Equal(t, pes[0].Error()+"\n"+pes[1].Error(), err.Error())
}

func TestParseLimits(t *testing.T) {
	t.Parallel()
	deep := "<Response><Speak>" + strings.Repeat("<p>", vxml.MaxParseDepth) + "a" +
		strings.Repeat("</p>", vxml.MaxParseDepth) + "</Speak></Response>"
	var attrs strings.Builder
	for i := range vxml.MaxParseAttrs + 1 {
		attrs.WriteString(` a`)
		attrs.WriteString(strings.Repeat("x", i))
		attrs.WriteString(`="1"`)
	}
	tests := []struct {
		name    string
		give    string
		wantMsg string
	}{
		{name: "too large", give: "<Response>" + strings.Repeat("<Wait/>", vxml.MaxParseSize/7) + "</Response>",
			wantMsg: "document is larger than 262144 bytes"},
		{name: "too deep", give: deep, wantMsg: "elements nested deeper than 64"},
		{name: "too many attributes", give: "<Response><Conference" + attrs.String() + ">R</Conference></Response>",
			wantMsg: "more than 64 attributes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := vxml.Parse([]byte(tt.give), vxml.Lenient())
			assert.ErrorIs(t, err, vxml.ErrLimit)
			var pe *vxml.ParseError
			require.ErrorAs(t, err, &pe)
			assert.Equal(t, tt.wantMsg, pe.Msg)
		})
	}
}

func TestParseWideDocumentReportsEveryProblem(t *testing.T) {
	t.Parallel()
	// The widest document within MaxParseSize, every element of it invalid:
	// each problem is reported, with its own position, and so is the size.
	const elem = "<Number>1</Number>"
	n := (vxml.MaxParseSize - 30) / len(elem)
	give := "<Response>" + strings.Repeat(elem, n) + "</Response>"
	_, err := vxml.Parse([]byte(give))
	var pes vxml.ParseErrors
	require.ErrorAs(t, err, &pes)
	var numbers []*vxml.ParseError
	var whole []*vxml.ParseError
	for _, pe := range pes {
		if pe.Path == "Response" {
			whole = append(whole, pe)
		} else {
			numbers = append(numbers, pe)
		}
	}
	require.Len(t, numbers, n)
	last := numbers[n-1]
	assert.Equal(t, "Response/Number["+strconv.Itoa(n)+"]", last.Path)
	assert.Equal(t, 1, last.Line)
	assert.Equal(t, len("<Response>")+(n-1)*len(elem)+1, last.Column)
	require.Len(t, whole, 1, "the document is over Vobiz's size limit too")
	assert.Contains(t, whole[0].Msg, "bytes")
}

func TestParseErrorFormat(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		give *vxml.ParseError
		want string
	}{
		{name: "no position", give: &vxml.ParseError{Msg: "too large"}, want: "xml: too large"},
		{name: "no path", give: &vxml.ParseError{Line: 2, Column: 3, Msg: "junk"}, want: "xml: line 2, column 3: junk"},
		{name: "attribute without path", give: &vxml.ParseError{Attr: "a", Msg: "bad"}, want: "xml: a: bad"},
		{name: "everything", give: &vxml.ParseError{Line: 1, Column: 9, Path: "Response/Wait[1]", Attr: "length", Msg: "bad"},
			want: "xml: line 1, column 9: Response/Wait[1]@length: bad"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tt.want, tt.give.Error())
		})
	}
}

func TestParseUnvalidated(t *testing.T) {
	t.Parallel()
	give := []byte(`<Response><Redirect method="PUT">/next</Redirect></Response>`)

	_, err := vxml.Parse(give)
	require.ErrorIs(t, err, vxml.ErrInvalid, "the rules reject a relative URL and a PUT")

	r, err := vxml.Parse(give, vxml.Unvalidated())
	require.NoError(t, err)
	assert.Equal(t, &vxml.Response{Elements: []vxml.Element{
		&vxml.Redirect{Attrs: vxml.RedirectAttrs{Method: "PUT"}, URL: "/next"},
	}}, r)

	tests := []struct {
		name string
		give string
		want error
	}{
		{"syntax", `<Response><Redirect>`, vxml.ErrSyntax},
		{"unknown element", `<Response><GetDigits/></Response>`, vxml.ErrInvalid},
		{"value of the wrong type", `<Response><Wait length="soon"/></Response>`, vxml.ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := vxml.Parse([]byte(tt.give), vxml.Unvalidated())
			assert.ErrorIs(t, err, tt.want)
		})
	}
}
