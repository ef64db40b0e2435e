package xml_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kickflow/kickflow/golden"
	vxml "github.com/kickflow/kickflow/xml"
)

const decl = `<?xml version="1.0" encoding="UTF-8"?>`

// renderOne renders a document holding only el and returns the element's
// bytes without the declaration and root.
func renderOne(t *testing.T, el vxml.Element) string {
	t.Helper()
	out, err := vxml.NewResponse().Add(el).Render()
	require.NoError(t, err)
	s := string(out)
	require.True(t, strings.HasPrefix(s, decl+"<Response>"), "got %s", s)
	require.True(t, strings.HasSuffix(s, "</Response>"), "got %s", s)
	return strings.TrimSuffix(strings.TrimPrefix(s, decl+"<Response>"), "</Response>")
}

func TestRenderSeed(t *testing.T) {
	t.Parallel()
	out, err := vxml.NewResponse().
		Conference("MyConference", vxml.ConferenceAttrs{EnterSound: "beep:1"}).
		Speak("You have been disconnected from the conference").
		Render()
	require.NoError(t, err)
	assert.Equal(t, decl+`<Response><Conference enterSound="beep:1">MyConference</Conference>`+
		`<Speak>You have been disconnected from the conference</Speak></Response>`, string(out))
}

// referenceDoc is the five-element benchmark document of the reference
// notes, built with the builder.
func referenceDoc() *vxml.Response {
	return vxml.NewResponse().
		Conference("Room", vxml.ConferenceAttrs{
			EnterSound:             "beep:1",
			ExitSound:              "beep:2",
			StartConferenceOnEnter: vxml.True,
			EndConferenceOnExit:    vxml.False,
		}).
		Speak("Hello, thanks for calling. Please hold.", vxml.SpeakAttrs{Voice: vxml.VoiceWoman, Language: "en-US"}).
		Wait(vxml.WaitAttrs{Length: 2 * time.Second}).
		Redirect("https://example.com/next?x=1", vxml.RedirectAttrs{Method: vxml.MethodPost})
}

// The reference document was first written with the Conference attributes in
// the order enterSound, exitSound, startConferenceOnEnter,
// endConferenceOnExit; the documented order of this package is Vobiz's
// attribute table (https://www.vobiz.ai/docs/xml/conference/attributes),
// which puts the two booleans first. Everything else is byte-for-byte the
// same.
const referenceWant = decl + `<Response><Conference startConferenceOnEnter="true" endConferenceOnExit="false" enterSound="beep:1" exitSound="beep:2">Room</Conference><Speak voice="WOMAN" language="en-US">Hello, thanks for calling. Please hold.</Speak><Wait length="2"/><Redirect method="POST">https://example.com/next?x=1</Redirect></Response>`

func TestRenderReference(t *testing.T) {
	t.Parallel()
	out, err := referenceDoc().Render()
	require.NoError(t, err)
	assert.Equal(t, referenceWant, string(out))
	assert.Len(t, out, 351)
}

func TestRenderEmpty(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		give *vxml.Response
	}{
		{name: "zero value", give: &vxml.Response{}},
		{name: "NewResponse", give: vxml.NewResponse()},
		{name: "nil", give: nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			out, err := tt.give.Render()
			require.NoError(t, err)
			assert.Equal(t, decl+"<Response/>", string(out))
		})
	}
}

func TestRenderElementAttrs(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		give vxml.Element
		want string
	}{
		{
			name: "Speak",
			give: &vxml.Speak{Attrs: vxml.SpeakAttrs{Voice: vxml.VoiceMan, Language: "de-DE", Loop: vxml.Int(3),
				Extra: []vxml.Attr{{Name: "x-b", Value: "2"}, {Name: "a", Value: "1"}}}, Content: []vxml.Node{vxml.Text("hi")}},
			want: `<Speak voice="MAN" language="de-DE" loop="3" x-b="2" a="1">hi</Speak>`,
		},
		{
			name: "Play",
			give: &vxml.Play{Attrs: vxml.PlayAttrs{Loop: vxml.Int(2)}, URL: "https://a.example/x.mp3"},
			want: `<Play loop="2">https://a.example/x.mp3</Play>`,
		},
		{
			name: "Wait",
			give: &vxml.Wait{Attrs: vxml.WaitAttrs{Length: 10 * time.Second, Silence: vxml.True, MinSilence: 1500 * time.Millisecond, Beep: vxml.False}},
			want: `<Wait length="10" silence="true" minSilence="1500" beep="false"/>`,
		},
		{
			name: "Redirect",
			give: &vxml.Redirect{Attrs: vxml.RedirectAttrs{Method: vxml.MethodGet}, URL: "https://a.example/next"},
			want: `<Redirect method="GET">https://a.example/next</Redirect>`,
		},
		{
			name: "Hangup",
			give: &vxml.Hangup{Attrs: vxml.HangupAttrs{Reason: vxml.ReasonBusy, Schedule: time.Minute}},
			want: `<Hangup reason="busy" schedule="60"/>`,
		},
		{
			name: "DTMF",
			give: &vxml.DTMF{Attrs: vxml.DTMFAttrs{Async: vxml.False}, Digits: "12w#"},
			want: `<DTMF async="false">12w#</DTMF>`,
		},
		{
			name: "PreAnswer",
			give: &vxml.PreAnswer{Elements: []vxml.Element{&vxml.Wait{}}},
			want: `<PreAnswer><Wait/></PreAnswer>`,
		},
		{
			name: "Gather",
			give: &vxml.Gather{Attrs: vxml.GatherAttrs{
				Action: "https://a.example/g", Method: vxml.MethodPost, InputType: vxml.InputDTMFSpeech,
				ExecutionTimeout: 20 * time.Second, DigitEndTimeout: vxml.EndAfter(3 * time.Second),
				SpeechEndTimeout: vxml.EndTimeoutAuto, FinishOnKey: "*", NumDigits: vxml.Int(4),
				SpeechModel: vxml.SpeechModelPhoneCall, Hints: "yes,no", Language: "en-GB",
				InterimSpeechResultsCallback: "https://a.example/i", InterimSpeechResultsCallbackMethod: vxml.MethodGet,
				Log: vxml.False, Redirect: vxml.True, ProfanityFilter: vxml.True,
			}},
			want: `<Gather action="https://a.example/g" method="POST" inputType="dtmf speech" executionTimeout="20"` +
				` digitEndTimeout="3" speechEndTimeout="auto" finishOnKey="*" numDigits="4" speechModel="phone_call"` +
				` hints="yes,no" language="en-GB" interimSpeechResultsCallback="https://a.example/i"` +
				` interimSpeechResultsCallbackMethod="GET" log="false" redirect="true" profanityFilter="true"/>`,
		},
		{
			name: "Dial",
			give: &vxml.Dial{Attrs: vxml.DialAttrs{
				Action: "https://a.example/d", Method: vxml.MethodGet, CallbackURL: "https://a.example/cb",
				CallbackMethod: vxml.MethodPost, Redirect: vxml.False, CallerID: "+14155550100", CallerName: "Desk",
				Timeout: 30 * time.Second, TimeLimit: time.Hour, HangupOnStar: vxml.True, DialMusic: "real",
				ConfirmSound: "https://a.example/c", ConfirmKey: "5", ConfirmTimeout: 10 * time.Second,
				DigitsMatch: "*9", DigitsMatchBLeg: "#1", SIPHeaders: "ReasonX-VH=billing",
			}, Elements: []vxml.Element{&vxml.Number{Phone: "+14155550101"}}},
			want: `<Dial action="https://a.example/d" method="GET" callbackUrl="https://a.example/cb" callbackMethod="POST"` +
				` redirect="false" callerId="+14155550100" callerName="Desk" timeout="30" timeLimit="3600"` +
				` hangupOnStar="true" dialMusic="real" confirmSound="https://a.example/c" confirmKey="5"` +
				` confirmTimeout="10" digitsMatch="*9" digitsMatchBLeg="#1" sipHeaders="ReasonX-VH=billing">` +
				`<Number>+14155550101</Number></Dial>`,
		},
		{
			name: "Number",
			give: &vxml.Dial{Elements: []vxml.Element{&vxml.Number{Attrs: vxml.NumberAttrs{SendDigits: "ww12", SendOnPreanswer: vxml.True}, Phone: "+1555"}}},
			want: `<Dial><Number sendDigits="ww12" sendOnPreanswer="true">+1555</Number></Dial>`,
		},
		{
			name: "User",
			give: &vxml.Dial{Elements: []vxml.Element{&vxml.User{Attrs: vxml.UserAttrs{SendDigits: "1", SendOnPreanswer: vxml.False, SIPHeaders: "a=b"}, URI: "sip:a@b.example"}}},
			want: `<Dial><User sendDigits="1" sendOnPreanswer="false" sipHeaders="a=b">sip:a@b.example</User></Dial>`,
		},
		{
			name: "Record",
			give: &vxml.Record{Attrs: vxml.RecordAttrs{
				Action: "https://a.example/r", Method: vxml.MethodGet, FileFormat: vxml.FormatWAV, Redirect: vxml.False,
				Timeout: 5 * time.Second, MaxLength: 120 * time.Second, PlayBeep: vxml.False, FinishOnKey: "#*",
				RecordSession: vxml.True, StartOnDialAnswer: vxml.True, TranscriptionType: vxml.TranscriptionHybrid,
				TranscriptionURL: "https://a.example/t", TranscriptionMethod: vxml.MethodGet,
				CallbackURL: "https://a.example/cb", CallbackMethod: vxml.MethodPost,
			}},
			want: `<Record action="https://a.example/r" method="GET" fileFormat="wav" redirect="false" timeout="5"` +
				` maxLength="120" playBeep="false" finishOnKey="#*" recordSession="true" startOnDialAnswer="true"` +
				` transcriptionType="hybrid" transcriptionUrl="https://a.example/t" transcriptionMethod="GET"` +
				` callbackUrl="https://a.example/cb" callbackMethod="POST"/>`,
		},
		{
			name: "Stream",
			give: &vxml.Stream{Attrs: vxml.StreamAttrs{
				Bidirectional: vxml.True, AudioTrack: vxml.TrackInbound, StreamTimeout: 600 * time.Second,
				StatusCallbackURL: "https://a.example/s", StatusCallbackMethod: vxml.MethodGet,
				ContentType: vxml.ContentL16Rate16000, ExtraHeaders: "a=1", MaxRetries: vxml.Int(0), KeepCallAlive: vxml.True,
			}, URL: "wss://a.example/ws"},
			want: `<Stream bidirectional="true" audioTrack="inbound" streamTimeout="600" statusCallbackUrl="https://a.example/s"` +
				` statusCallbackMethod="GET" contentType="audio/x-l16;rate=16000" extraHeaders="a=1" maxRetries="0"` +
				` keepCallAlive="true">wss://a.example/ws</Stream>`,
		},
		{
			name: "Conference",
			give: &vxml.Conference{Attrs: vxml.ConferenceAttrs{
				Muted: vxml.True, Beep: vxml.False, StartConferenceOnEnter: vxml.True, EndConferenceOnExit: vxml.False,
				MaxParticipants: vxml.Int(10), StayAlone: vxml.False, EnterSound: "beep:1", ExitSound: "beep:2",
				RelayDTMF: vxml.True, DigitsMatch: "*1", HangupOnStar: vxml.True, WaitSound: "https://a.example/w",
				WaitMethod: vxml.MethodPost, CallbackURL: "https://a.example/cb", CallbackMethod: vxml.MethodGet,
				Record: vxml.False, RecordFileFormat: vxml.FormatMP3, TimeLimit: 2 * time.Hour,
				Action: "https://a.example/a", Method: vxml.MethodPost,
			}, Room: "Room"},
			want: `<Conference muted="true" beep="false" startConferenceOnEnter="true" endConferenceOnExit="false"` +
				` maxParticipants="10" stayAlone="false" enterSound="beep:1" exitSound="beep:2" relayDTMF="true"` +
				` digitsMatch="*1" hangupOnStar="true" waitSound="https://a.example/w" waitMethod="POST"` +
				` callbackUrl="https://a.example/cb" callbackMethod="GET" record="false" recordFileFormat="mp3"` +
				` timeLimit="7200" action="https://a.example/a" method="POST">Room</Conference>`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tt.want, renderOne(t, tt.give))
		})
	}
}

func TestRenderUnsetAttrsAbsent(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		give vxml.Element
		want string
	}{
		{name: "Speak", give: &vxml.Speak{Content: []vxml.Node{vxml.Text("a")}}, want: `<Speak>a</Speak>`},
		{name: "Play", give: &vxml.Play{URL: "https://u.example"}, want: `<Play>https://u.example</Play>`},
		{name: "Wait", give: &vxml.Wait{}, want: `<Wait/>`},
		{name: "Redirect", give: &vxml.Redirect{URL: "https://u.example"}, want: `<Redirect>https://u.example</Redirect>`},
		{name: "Hangup", give: &vxml.Hangup{}, want: `<Hangup/>`},
		{name: "DTMF", give: &vxml.DTMF{Digits: "1"}, want: `<DTMF>1</DTMF>`},
		{name: "PreAnswer", give: &vxml.PreAnswer{}, want: `<PreAnswer/>`},
		{name: "Gather", give: &vxml.Gather{Attrs: vxml.GatherAttrs{Action: "https://u.example"}}, want: `<Gather action="https://u.example"/>`},
		{name: "Dial", give: &vxml.Dial{Elements: []vxml.Element{&vxml.Number{Phone: "1"}}}, want: `<Dial><Number>1</Number></Dial>`},
		{name: "Record", give: &vxml.Record{}, want: `<Record/>`},
		{name: "Stream", give: &vxml.Stream{URL: "wss://u.example"}, want: `<Stream>wss://u.example</Stream>`},
		{name: "Conference", give: &vxml.Conference{Room: "r"}, want: `<Conference>r</Conference>`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tt.want, renderOne(t, tt.give))
		})
	}
}

func TestRenderMeaningfulZeros(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		give vxml.Element
		want string
	}{
		{name: "loop 0", give: &vxml.Speak{Attrs: vxml.SpeakAttrs{Loop: vxml.Int(0)}, Content: []vxml.Node{vxml.Text("a")}}, want: `<Speak loop="0">a</Speak>`},
		{name: "play loop 0", give: &vxml.Play{Attrs: vxml.PlayAttrs{Loop: vxml.Int(0)}, URL: "https://u.example"}, want: `<Play loop="0">https://u.example</Play>`},
		{name: "stayAlone false", give: &vxml.Conference{Attrs: vxml.ConferenceAttrs{StayAlone: vxml.False}, Room: "r"}, want: `<Conference stayAlone="false">r</Conference>`},
		{name: "maxRetries 0", give: &vxml.Stream{Attrs: vxml.StreamAttrs{MaxRetries: vxml.Int(0)}, URL: "wss://u.example"}, want: `<Stream maxRetries="0">wss://u.example</Stream>`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tt.want, renderOne(t, tt.give))
		})
	}
}

func TestRenderEscaping(t *testing.T) {
	t.Parallel()
	const give = `a & b < c > d " e ' f ]]> g`
	const want = `a &amp; b &lt; c &gt; d &quot; e &apos; f ]]&gt; g`
	tests := []struct {
		name     string
		giveElem vxml.Element
		want     string
	}{
		{name: "text", giveElem: &vxml.Conference{Room: give}, want: `<Conference>` + want + `</Conference>`},
		{name: "attribute", giveElem: &vxml.Conference{Attrs: vxml.ConferenceAttrs{EnterSound: give}, Room: "r"}, want: `<Conference enterSound="` + want + `">r</Conference>`},
		{name: "extra attribute", giveElem: &vxml.Wait{Attrs: vxml.WaitAttrs{Extra: []vxml.Attr{{Name: "x", Value: give}}}}, want: `<Wait x="` + want + `"/>`},
		{name: "ssml text", giveElem: &vxml.Speak{Content: []vxml.Node{vxml.Text(give)}}, want: `<Speak>` + want + `</Speak>`},
		{name: "ssml attribute", giveElem: &vxml.Speak{Content: []vxml.Node{&vxml.Tag{Name: "sub", Attrs: []vxml.Attr{{Name: "alias", Value: give}}, Content: []vxml.Node{vxml.Text("x")}}}}, want: `<Speak><sub alias="` + want + `">x</sub></Speak>`},
		{name: "url query", giveElem: &vxml.Redirect{URL: "https://a.example/?a=1&b=2"}, want: `<Redirect>https://a.example/?a=1&amp;b=2</Redirect>`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tt.want, renderOne(t, tt.giveElem))
		})
	}
}

func TestRenderInvalidFails(t *testing.T) {
	t.Parallel()
	r := vxml.NewResponse().Conference("")
	out, err := r.Render()
	require.Error(t, err)
	assert.ErrorIs(t, err, vxml.ErrInvalid)
	assert.Nil(t, out)

	dst := []byte("keep")
	got, err := r.AppendRender(dst)
	require.ErrorIs(t, err, vxml.ErrInvalid)
	assert.Equal(t, "keep", string(got))

	var buf bytes.Buffer
	n, err := r.WriteTo(&buf)
	require.ErrorIs(t, err, vxml.ErrInvalid)
	assert.Zero(t, n)
	assert.Zero(t, buf.Len())

	_, err = r.RenderIndent()
	require.ErrorIs(t, err, vxml.ErrInvalid)
	_, err = r.Etree()
	require.ErrorIs(t, err, vxml.ErrInvalid)
}

func TestAppendRender(t *testing.T) {
	t.Parallel()
	r := referenceDoc()
	out, err := r.AppendRender([]byte("prefix:"))
	require.NoError(t, err)
	assert.Equal(t, "prefix:"+referenceWant, string(out))
}

func TestAppendRenderAllocs(t *testing.T) {
	r := referenceDoc()
	buf := make([]byte, 0, 1024)
	allocs := testing.AllocsPerRun(100, func() {
		var err error
		buf, err = r.AppendRender(buf[:0])
		if err != nil {
			t.Fatal(err)
		}
	})
	assert.LessOrEqual(t, allocs, 2.0)
	assert.Zero(t, allocs, "render into a reused buffer should not allocate")
}

type failWriter struct{}

var errWrite = errors.New("write failed")

func (failWriter) Write([]byte) (int, error) { return 0, errWrite }

func TestWriteTo(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	n, err := referenceDoc().WriteTo(&buf)
	require.NoError(t, err)
	assert.Equal(t, int64(len(referenceWant)), n)
	assert.Equal(t, referenceWant, buf.String())

	_, err = referenceDoc().WriteTo(failWriter{})
	assert.ErrorIs(t, err, errWrite)
}

func TestRenderIndent(t *testing.T) {
	t.Parallel()
	r := vxml.NewResponse().
		PreAnswer(func(b *vxml.PreAnswerBuilder) { b.Wait(vxml.WaitAttrs{Length: time.Second}) }).
		Gather(vxml.GatherAttrs{Action: "https://a.example/g"}, func(g *vxml.GatherBuilder) {
			g.SpeakSSML(vxml.SpeakAttrs{Voice: "Polly.Amy"}, func(s *vxml.SSMLBuilder) {
				s.Text("Press ").SayAs("digits", "1").Text(" now,").Break(vxml.Attr{Name: "time", Value: "1s"}).Text("\n  or wait. ")
			})
		}).
		Hangup()
	out, err := r.RenderIndent()
	require.NoError(t, err)
	golden.AssertXML(t, "indented", out)

	// Only whitespace between elements differs from the compact form; the
	// Speak content, newline and spaces included, is the same in both.
	compact, err := r.Render()
	require.NoError(t, err)
	same, err := vxml.CanonicalEqual(out, compact)
	require.NoError(t, err)
	assert.True(t, same, "RenderIndent = %s, want the canonical equivalent of Render = %s", out, compact)
}

func TestRenderIndentEmpty(t *testing.T) {
	t.Parallel()
	out, err := vxml.NewResponse().RenderIndent()
	require.NoError(t, err)
	assert.Equal(t, decl+"\n<Response/>\n", string(out))
}

func TestRenderConcurrent(t *testing.T) {
	t.Parallel()
	r := referenceDoc()
	const workers = 8
	results := make(chan string, workers)
	for range workers {
		go func() {
			out, err := r.Render()
			if err != nil {
				results <- err.Error()
				return
			}
			results <- string(out)
		}()
	}
	for range workers {
		assert.Equal(t, referenceWant, <-results)
	}
}

func TestDialShorthand(t *testing.T) {
	t.Parallel()
	r := &vxml.Response{Elements: []vxml.Element{
		&vxml.Dial{Attrs: vxml.DialAttrs{CallerID: "+14155550100"}, Phone: "+14155551234"},
	}}
	got, err := r.Render()
	require.NoError(t, err)
	assert.Equal(t, `<?xml version="1.0" encoding="UTF-8"?><Response><Dial callerId="+14155550100">+14155551234</Dial></Response>`, string(got))

	doc, err := r.Etree()
	require.NoError(t, err)
	viaEtree, err := doc.WriteToBytes()
	require.NoError(t, err)
	assert.Equal(t, string(got), string(viaEtree))

	both := &vxml.Response{Elements: []vxml.Element{
		&vxml.Dial{Phone: "+14155551234", Elements: []vxml.Element{&vxml.Number{Phone: "+14155550101"}}},
	}}
	err = both.Validate()
	require.ErrorIs(t, err, vxml.ErrInvalid)
	assert.Contains(t, err.Error(), "Response/Dial[1]: has both a shorthand phone number and Number/User children")
}
