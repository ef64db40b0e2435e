package xml_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kickflow/kickflow/golden"
	vxml "github.com/kickflow/kickflow/xml"
)

// docExample is one example document from Vobiz's documentation; the
// comment on each entry names the page it comes from.
type docExample struct {
	name string
	// give builds the document with the builder, the way an app would.
	give func() *vxml.Response
	// wantDoc is the documented text, laid out as the documentation shows
	// it. Attribute order and indentation may differ from what Render
	// writes; everything else must be the same.
	wantDoc string
}

// docExamples are the documented examples. Where a page gives only part of
// an example (an element, an attribute value, what follows what), the rest
// is filled in with example.com URLs and short prompts; the documented
// parts are kept exactly. Examples that Validate rejects are replaced by
// the nearest valid document, and the comment says what changed.
var docExamples = []docExample{
	{
		// https://www.vobiz.ai/docs/conference/members/kick-member, "XML
		// continuation example": a kicked member hears the Speak after the
		// Conference.
		name: "seed kick member",
		give: func() *vxml.Response {
			return vxml.NewResponse().
				Conference("MyConference", vxml.ConferenceAttrs{EnterSound: "beep:1"}).
				Speak("You have been disconnected from the conference")
		},
		wantDoc: `<Response>
    <Conference enterSound="beep:1">MyConference</Conference>
    <Speak>You have been disconnected from the conference</Speak>
</Response>`,
	},
	{
		// https://www.vobiz.ai/docs/xml/record: the reply a Record action URL
		// must give when the Record has redirect="false".
		name:    "record action reply",
		give:    vxml.NewResponse,
		wantDoc: `<Response></Response>`,
	},
	{
		// https://www.vobiz.ai/docs/xml/speak/ssml: the SSML page's Speak
		// with a Polly voice, prosody, an empty break and say-as spell-out.
		name: "speak ssml",
		give: func() *vxml.Response {
			return vxml.NewResponse().
				SpeakSSML(vxml.SpeakAttrs{Voice: "Polly.Amy"}, func(s *vxml.SSMLBuilder) {
					s.Prosody([]vxml.Attr{{Name: "rate", Value: "medium"}}, func(s *vxml.SSMLBuilder) {
						s.Text("Your confirmation code is")
					}).
						Break().
						SayAs("spell-out", "AB12")
				})
		},
		wantDoc: `<Response>
    <Speak voice="Polly.Amy"><prosody rate="medium">Your confirmation code is</prosody><break/><say-as interpret-as="spell-out">AB12</say-as></Speak>
</Response>`,
	},
	{
		// https://www.vobiz.ai/docs/xml/speak/ssml nests an SSML Speak in a
		// Gather that has no action and carries playBeep, which is not a
		// Gather attribute. Gather requires an absolute action
		// (https://www.vobiz.ai/docs/xml/gather) and takes no playBeep, so
		// this is the nearest valid document: the action added, playBeep left
		// out.
		name: "speak ssml in gather",
		give: func() *vxml.Response {
			return vxml.NewResponse().
				Gather(vxml.GatherAttrs{Action: "https://app.example.com/gather"}, func(g *vxml.GatherBuilder) {
					g.SpeakSSML(vxml.SpeakAttrs{Voice: "Polly.Salli"}, func(s *vxml.SSMLBuilder) {
						s.Prosody([]vxml.Attr{{Name: "rate", Value: "fast"}}, func(s *vxml.SSMLBuilder) {
							s.Text("Please say your account number")
						}).Break()
					})
				})
		},
		wantDoc: `<Response>
    <Gather action="https://app.example.com/gather">
        <Speak voice="Polly.Salli"><prosody rate="fast">Please say your account number</prosody><break/></Speak>
    </Gather>
</Response>`,
	},
	{
		// https://www.vobiz.ai/docs/xml/play: several Play elements make a
		// playlist; loop repeats one.
		name: "play playlist",
		give: func() *vxml.Response {
			return vxml.NewResponse().
				Play("https://cdn.example.com/welcome.mp3").
				Play("https://cdn.example.com/hold.wav", vxml.PlayAttrs{Loop: vxml.Int(2)})
		},
		wantDoc: `<Response>
    <Play>https://cdn.example.com/welcome.mp3</Play>
    <Play loop="2">https://cdn.example.com/hold.wav</Play>
</Response>`,
	},
	{
		// https://www.vobiz.ai/docs/xml/wait/machine-detection: with
		// silence="true" the Wait ends once a voicemail greeting falls
		// silent, and the message plays after it.
		name: "wait machine detection",
		give: func() *vxml.Response {
			return vxml.NewResponse().
				Wait(vxml.WaitAttrs{Length: 10 * time.Second, Silence: vxml.True, MinSilence: 3 * time.Second}).
				Speak("Hello, this is a message from your clinic.")
		},
		wantDoc: `<Response>
    <Wait length="10" silence="true" minSilence="3000"/>
    <Speak>Hello, this is a message from your clinic.</Speak>
</Response>`,
	},
	{
		// https://www.vobiz.ai/docs/xml/redirect: state travels in the
		// Redirect URL's query string, whose & is written &amp;
		// (https://www.vobiz.ai/docs/xml/overview/best-practices).
		name: "redirect with method",
		give: func() *vxml.Response {
			return vxml.NewResponse().
				Redirect("https://app.example.com/next?step=2&lang=en", vxml.RedirectAttrs{Method: vxml.MethodGet})
		},
		wantDoc: `<Response>
    <Redirect method="GET">https://app.example.com/next?step=2&amp;lang=en</Redirect>
</Response>`,
	},
	{
		// https://www.vobiz.ai/docs/xml/hangup: a Hangup with a reason as the
		// first element rejects the call without answering it.
		name: "hangup reject",
		give: func() *vxml.Response {
			return vxml.NewResponse().Hangup(vxml.HangupAttrs{Reason: vxml.ReasonBusy})
		},
		wantDoc: `<Response>
    <Hangup reason="busy"/>
</Response>`,
	},
	{
		// https://www.vobiz.ai/docs/xml/hangup/hang-up-after-a-minute puts
		// <Hangup schedule="60"/> last, after its Speak, where it hangs up at
		// once: a scheduled Hangup must be followed by what runs in the
		// meantime (https://www.vobiz.ai/docs/xml/hangup). The nearest valid
		// document puts the Hangup first and repeats the Speak (loop="0")
		// until the scheduled hangup.
		name: "hangup schedule",
		give: func() *vxml.Response {
			return vxml.NewResponse().
				Hangup(vxml.HangupAttrs{Schedule: time.Minute}).
				Speak("This call will end in one minute.", vxml.SpeakAttrs{Loop: vxml.Int(0)})
		},
		wantDoc: `<Response>
    <Hangup schedule="60"/>
    <Speak loop="0">This call will end in one minute.</Speak>
</Response>`,
	},
	{
		// https://www.vobiz.ai/docs/xml/dtmf: digits with w (half a second)
		// and W (one second) pauses, all sent before the next element.
		name: "dtmf",
		give: func() *vxml.Response {
			return vxml.NewResponse().DTMF("1w2W34#", vxml.DTMFAttrs{Async: vxml.False})
		},
		wantDoc: `<Response>
    <DTMF async="false">1w2W34#</DTMF>
</Response>`,
	},
	{
		// https://www.vobiz.ai/docs/xml/preanswer: early media first; what
		// follows runs once the call is answered.
		name: "preanswer",
		give: func() *vxml.Response {
			return vxml.NewResponse().
				PreAnswer(func(p *vxml.PreAnswerBuilder) {
					p.Speak("Please hold while we connect you.").Play("https://cdn.example.com/ringback.mp3")
				}).
				Speak("Thank you for calling.")
		},
		wantDoc: `<Response>
    <PreAnswer>
        <Speak>Please hold while we connect you.</Speak>
        <Play>https://cdn.example.com/ringback.mp3</Play>
    </PreAnswer>
    <Speak>Thank you for calling.</Speak>
</Response>`,
	},
	{
		// https://www.vobiz.ai/docs/xml/overview/best-practices: the menu. It
		// uses the relative action "/menu" (a relative URL makes Vobiz hang
		// up, https://www.vobiz.ai/docs/concepts/hangup-causes), and older
		// versions of the pages give Gather a timeout attribute it does not
		// have (https://www.vobiz.ai/docs/xml/gather); the nearest valid
		// document has an absolute action, executionTimeout, and the
		// fall-through element the Gather page asks for after the Gather.
		name: "gather menu",
		give: func() *vxml.Response {
			return vxml.NewResponse().
				Gather(vxml.GatherAttrs{
					Action:           "https://app.example.com/menu",
					ExecutionTimeout: 10 * time.Second,
					NumDigits:        vxml.Int(1),
				}, func(g *vxml.GatherBuilder) {
					g.Speak("Press 1 for sales or 2 for support.")
				}).
				Speak("We did not receive your choice. Goodbye.")
		},
		wantDoc: `<Response>
    <Gather action="https://app.example.com/menu" executionTimeout="10" numDigits="1">
        <Speak>Press 1 for sales or 2 for support.</Speak>
    </Gather>
    <Speak>We did not receive your choice. Goodbye.</Speak>
</Response>`,
	},
	{
		// https://www.vobiz.ai/docs/xml/overview/best-practices: the
		// prompt-less <Gather numDigits="1" action="/confirm"/>. A Gather
		// without prompts is valid; the relative action is not, so it is
		// absolute here.
		name: "gather without prompt",
		give: func() *vxml.Response {
			return vxml.NewResponse().
				Gather(vxml.GatherAttrs{Action: "https://app.example.com/confirm", NumDigits: vxml.Int(1)}, nil)
		},
		wantDoc: `<Response>
    <Gather numDigits="1" action="https://app.example.com/confirm"/>
</Response>`,
	},
	{
		// https://www.vobiz.ai/docs/xml/dial: the shorthand
		// <Dial>+14155551234</Dial> of the Dial and Stream pages (allowed,
		// discouraged). The builder has no shorthand method: the Dial is a
		// struct literal.
		name: "dial shorthand",
		give: func() *vxml.Response {
			return vxml.NewResponse().Add(&vxml.Dial{Phone: "+14155551234"})
		},
		wantDoc: `<Response>
    <Dial>+14155551234</Dial>
</Response>`,
	},
	{
		// https://www.vobiz.ai/docs/xml/dial/number: the number +14155550101
		// with digits sent after answer, wwww2410.
		name: "dial number",
		give: func() *vxml.Response {
			return vxml.NewResponse().
				Dial(vxml.DialAttrs{}, func(d *vxml.DialBuilder) {
					d.Number("+14155550101", vxml.NumberAttrs{SendDigits: "wwww2410"})
				})
		},
		wantDoc: `<Response>
    <Dial>
        <Number sendDigits="wwww2410">+14155550101</Number>
    </Dial>
</Response>`,
	},
	{
		// https://www.vobiz.ai/docs/xml/dial/user: a SIP user with the page's
		// plain-key sipHeaders
		// (https://www.vobiz.ai/docs/xml/request/sip-headers would want
		// ReasonX-VH; a warning, not an error).
		name: "dial user",
		give: func() *vxml.Response {
			return vxml.NewResponse().
				Dial(vxml.DialAttrs{}, func(d *vxml.DialBuilder) {
					d.User("sip:agent@example.com", vxml.UserAttrs{SIPHeaders: "Reason=billing,Reference=abc123"})
				})
		},
		wantDoc: `<Response>
    <Dial>
        <User sipHeaders="Reason=billing,Reference=abc123">sip:agent@example.com</User>
    </Dial>
</Response>`,
	},
	{
		// https://www.vobiz.ai/docs/xml/dial/simultaneous-dialing: sibling
		// destinations ring at once and the first to answer wins.
		name: "dial simultaneous",
		give: func() *vxml.Response {
			return vxml.NewResponse().
				Dial(vxml.DialAttrs{CallerID: "+14155550100"}, func(d *vxml.DialBuilder) {
					d.Number("+14155550101").User("sip:agent@example.com")
				})
		},
		wantDoc: `<Response>
    <Dial callerId="+14155550100">
        <Number>+14155550101</Number>
        <User>sip:agent@example.com</User>
    </Dial>
</Response>`,
	},
	{
		// https://www.vobiz.ai/docs/xml/dial/dial-status-reporting: with
		// redirect="false" the Dial posts its result to action, ignores the
		// reply and continues with the Hangup.
		name: "dial status reporting",
		give: func() *vxml.Response {
			return vxml.NewResponse().
				Dial(vxml.DialAttrs{
					Action:      "https://app.example.com/dial-result",
					CallbackURL: "https://app.example.com/dial-events",
					Redirect:    vxml.False,
				}, func(d *vxml.DialBuilder) {
					d.Number("+14155550101")
				}).
				Hangup()
		},
		wantDoc: `<Response>
    <Dial action="https://app.example.com/dial-result" redirect="false" callbackUrl="https://app.example.com/dial-events">
        <Number>+14155550101</Number>
    </Dial>
    <Hangup/>
</Response>`,
	},
	{
		// https://www.vobiz.ai/docs/xml/dial/custom-caller-tone and
		// https://www.vobiz.ai/docs/xml/dial/confirm-to-answer-call:
		// dialMusic and confirmSound are URLs of documents holding only Play,
		// Speak and Wait; confirmKey is the digit confirmSound asks for.
		name: "dial music and confirmation",
		give: func() *vxml.Response {
			return vxml.NewResponse().
				Dial(vxml.DialAttrs{
					DialMusic:      "https://app.example.com/tone",
					ConfirmSound:   "https://app.example.com/confirm",
					ConfirmKey:     "5",
					ConfirmTimeout: 10 * time.Second,
				}, func(d *vxml.DialBuilder) {
					d.Number("+14155550101")
				})
		},
		wantDoc: `<Response>
    <Dial dialMusic="https://app.example.com/tone" confirmSound="https://app.example.com/confirm" confirmKey="5" confirmTimeout="10">
        <Number>+14155550101</Number>
    </Dial>
</Response>`,
	},
	{
		// https://www.vobiz.ai/docs/xml/dial/confirm-to-answer-call: the
		// reply to the confirmSound request (fetched with POST), which may
		// hold only Play, Speak and Wait.
		name: "dial confirm sound reply",
		give: func() *vxml.Response {
			return vxml.NewResponse().
				Speak("Press 5 to accept this call.").
				Play("https://cdn.example.com/tone.mp3")
		},
		wantDoc: `<Response>
    <Speak>Press 5 to accept this call.</Speak>
    <Play>https://cdn.example.com/tone.mp3</Play>
</Response>`,
	},
	{
		// https://www.vobiz.ai/docs/xml/record/record-a-voicemail: action
		// hears of the recording as it starts, callbackUrl gets the file
		// (RecordStop).
		name: "record voicemail",
		give: func() *vxml.Response {
			return vxml.NewResponse().
				Speak("Please leave a message after the beep.").
				Record(vxml.RecordAttrs{
					Action:      "https://app.example.com/recording-started",
					MaxLength:   60 * time.Second,
					FinishOnKey: "#",
					PlayBeep:    vxml.True,
					CallbackURL: "https://app.example.com/recording-done",
				})
		},
		wantDoc: `<Response>
    <Speak>Please leave a message after the beep.</Speak>
    <Record action="https://app.example.com/recording-started" maxLength="60" finishOnKey="#" playBeep="true" callbackUrl="https://app.example.com/recording-done"/>
</Response>`,
	},
	{
		// https://www.vobiz.ai/docs/xml/record/stream-with-record puts a
		// self-closing Record recordSession="true" redirect="false" before a
		// sibling Stream (Record takes no children).
		name: "stream with record",
		give: func() *vxml.Response {
			return vxml.NewResponse().
				Record(vxml.RecordAttrs{RecordSession: vxml.True, Redirect: vxml.False}).
				Stream("wss://media.example.com/stream")
		},
		wantDoc: `<Response>
    <Record recordSession="true" redirect="false"/>
    <Stream>wss://media.example.com/stream</Stream>
</Response>`,
	},
	{
		// https://www.vobiz.ai/docs/xml/stream/initiate: a bidirectional
		// Stream that holds the call (keepCallAlive needs bidirectional) with
		// the page's extraHeaders (underscores: a warning, not an error).
		// Vobiz's examples wrap such URLs in newlines, which Vobiz trims; the
		// builder never writes them, so the text here has none.
		name: "stream initiate",
		give: func() *vxml.Response {
			return vxml.NewResponse().
				Stream("wss://media.example.com/stream", vxml.StreamAttrs{
					Bidirectional: vxml.True,
					ExtraHeaders:  "session_id=abc123,agent_id=john",
					KeepCallAlive: vxml.True,
				})
		},
		wantDoc: `<Response>
    <Stream bidirectional="true" keepCallAlive="true" extraHeaders="session_id=abc123,agent_id=john">wss://media.example.com/stream</Stream>
</Response>`,
	},
	{
		// https://www.vobiz.ai/docs/xml/stream: both tracks, then a Speak.
		// Without keepCallAlive the Speak starts at once, as the same page
		// defines that attribute, not after the stream as the example's text
		// says.
		name: "stream both tracks",
		give: func() *vxml.Response {
			return vxml.NewResponse().
				Stream("wss://media.example.com/stream", vxml.StreamAttrs{AudioTrack: vxml.TrackBoth}).
				Speak("This call is being transcribed.")
		},
		wantDoc: `<Response>
    <Stream audioTrack="both">wss://media.example.com/stream</Stream>
    <Speak>This call is being transcribed.</Speak>
</Response>`,
	},
	{
		// https://www.vobiz.ai/docs/xml/conference/attributes: members who
		// are not the host wait with waitSound until a member with
		// startConferenceOnEnter joins.
		name: "conference wait sound",
		give: func() *vxml.Response {
			return vxml.NewResponse().
				Conference("Team", vxml.ConferenceAttrs{
					StartConferenceOnEnter: vxml.False,
					StayAlone:              vxml.True,
					WaitSound:              "https://app.example.com/hold",
					CallbackURL:            "https://app.example.com/conference-events",
				}).
				Hangup()
		},
		wantDoc: `<Response>
    <Conference startConferenceOnEnter="false" stayAlone="true" waitSound="https://app.example.com/hold" callbackUrl="https://app.example.com/conference-events">Team</Conference>
    <Hangup/>
</Response>`,
	},
	{
		// https://www.vobiz.ai/docs/xml/conference/conference-callbacks
		// answers the waitSound request with a Speak and a Wait.
		name: "conference wait sound reply",
		give: func() *vxml.Response {
			return vxml.NewResponse().
				Speak("Please wait for the host to join.").
				Wait(vxml.WaitAttrs{Length: 10 * time.Second})
		},
		wantDoc: `<Response>
    <Speak>Please wait for the host to join.</Speak>
    <Wait length="10"/>
</Response>`,
	},
	{
		// https://www.vobiz.ai/docs/xml/conference/attributes: the document a
		// Conference action returns, a Speak saying the conference has ended.
		name: "conference action reply",
		give: func() *vxml.Response {
			return vxml.NewResponse().Speak("The conference has ended.")
		},
		wantDoc: `<Response>
    <Speak>The conference has ended.</Speak>
</Response>`,
	},
	{
		// https://www.vobiz.ai/docs/xml/conference/attributes: Conference
		// record gives no file; a per-leg session Record before the
		// Conference does.
		name: "record before conference",
		give: func() *vxml.Response {
			return vxml.NewResponse().
				Record(vxml.RecordAttrs{
					RecordSession: vxml.True,
					CallbackURL:   "https://app.example.com/recording-done",
				}).
				Conference("Team", vxml.ConferenceAttrs{StayAlone: vxml.True})
		},
		wantDoc: `<Response>
    <Record recordSession="true" callbackUrl="https://app.example.com/recording-done"/>
    <Conference stayAlone="true">Team</Conference>
</Response>`,
	},
}

// TestDocumentedExamples checks that the golden file, the builder and the
// parser agree on every documented example: the built document renders to
// the golden bytes, the documented text is canonically the same document,
// and parsing the documented text gives the model the builder built.
func TestDocumentedExamples(t *testing.T) {
	t.Parallel()
	for _, tt := range docExamples {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			built := tt.give()
			golden.AssertResponse(t, "example", built)

			out, err := built.Render()
			require.NoError(t, err)
			same, err := vxml.CanonicalEqual([]byte(tt.wantDoc), out)
			require.NoError(t, err)
			assert.True(t, same, "the builder wrote\n%s\nwant the canonical equivalent of\n%s", out, tt.wantDoc)

			parsed, err := vxml.Parse([]byte(tt.wantDoc))
			require.NoError(t, err)
			assert.Equal(t, built, parsed, "Parse(documented text) differs from the built model")
			reparsed, err := parsed.Render()
			require.NoError(t, err)
			assert.Equal(t, string(out), string(reparsed), "Render(Parse(documented text))")
		})
	}
}

// TestDocumentedExampleInvalid checks that the SSML page's Gather
// (https://www.vobiz.ai/docs/xml/speak/ssml) stays rejected, so the nearest
// valid document above is not a rule quietly dropped.
func TestDocumentedExampleInvalid(t *testing.T) {
	t.Parallel()
	const ssmlGather = `<Response>
    <Gather playBeep="true">
        <Speak voice="Polly.Salli"><prosody rate="fast">Please say your account number</prosody><break/></Speak>
    </Gather>
</Response>`
	_, err := vxml.Parse([]byte(ssmlGather))
	require.Error(t, err)
	assert.ErrorIs(t, err, vxml.ErrInvalid)
	var pe *vxml.ParseError
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, "Response/Gather[1]", pe.Path)
	assert.Equal(t, "playBeep", pe.Attr)
}
