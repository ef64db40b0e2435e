package xml_test

import (
	"bytes"
	"testing"
	"time"

	"github.com/beevik/etree"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	vxml "github.com/kickflow/kickflow/xml"
)

func TestEtreeMatchesRender(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		give *vxml.Response
	}{
		{name: "empty", give: vxml.NewResponse()},
		{name: "seed", give: vxml.NewResponse().
			Conference("MyConference", vxml.ConferenceAttrs{EnterSound: "beep:1"}).
			Speak("You have been disconnected from the conference")},
		{name: "reference", give: referenceDoc()},
		{name: "escaping", give: vxml.NewResponse().
			Conference(`a & b < c > d " e ' f ]]> g`, vxml.ConferenceAttrs{CallbackURL: `https://a.example/?a=1&b='2'"<>`}).
			Redirect("https://a.example/?x=1&y=2")},
		{name: "nested and ssml", give: vxml.NewResponse().
			PreAnswer(func(p *vxml.PreAnswerBuilder) {
				p.Play("https://a.example/r.mp3", vxml.PlayAttrs{Loop: vxml.Int(0)}).Wait(vxml.WaitAttrs{Length: time.Second})
			}).
			Gather(vxml.GatherAttrs{Action: "https://a.example/g", NumDigits: vxml.Int(1)}, func(g *vxml.GatherBuilder) {
				g.SpeakSSML(vxml.SpeakAttrs{Voice: "Polly.Amy", Language: "en-GB"}, func(s *vxml.SSMLBuilder) {
					s.Text("Press ").
						Emphasis("strong", "one").
						Break(vxml.Attr{Name: "time", Value: "500ms"}).
						Tag("lang", []vxml.Attr{{Name: "xml:lang", Value: "fr-FR"}}, func(s *vxml.SSMLBuilder) { s.Text("s'il vous plaît") }).
						Sub("World Wide Web", "WWW").
						Text(" & more")
				})
			}).
			Dial(vxml.DialAttrs{CallerID: "+14155550100", Timeout: 20 * time.Second}, func(d *vxml.DialBuilder) {
				d.Number("+14155550101", vxml.NumberAttrs{SendDigits: "ww1"}).User("sip:a@b.example").Record(vxml.RecordAttrs{StartOnDialAnswer: vxml.True})
			}).
			Stream("wss://a.example/ws", vxml.StreamAttrs{MaxRetries: vxml.Int(3)}).
			DTMF("12#", vxml.DTMFAttrs{Async: vxml.False}).
			Hangup(vxml.HangupAttrs{Reason: vxml.ReasonRejected})},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			want, err := tt.give.Render()
			require.NoError(t, err)
			doc, err := tt.give.Etree()
			require.NoError(t, err)
			var got bytes.Buffer
			_, err = doc.WriteTo(&got)
			require.NoError(t, err)
			assert.Equal(t, string(want), got.String())

			// The rendered bytes are one well-formed document.
			check := etree.NewDocument()
			check.ReadSettings.ValidateInput = true
			assert.NoError(t, check.ReadFromBytes(want))
		})
	}
}
