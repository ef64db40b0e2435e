package golden_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kickflow/kickflow/golden"
	vxml "github.com/kickflow/kickflow/xml"
)

// TestIndentMatchesRenderIndent shows that the diff form of a rendered
// document is the xml package's own indented rendering, and that indenting
// it again changes nothing.
func TestIndentMatchesRenderIndent(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		give *vxml.Response
	}{
		{name: "empty", give: vxml.NewResponse()},
		{name: "join", give: joinDoc("beep:1")},
		{name: "kicked", give: kickedDoc()},
		{name: "gather", give: vxml.NewResponse().
			Gather(vxml.GatherAttrs{Action: "https://app.example.com/menu", NumDigits: vxml.Int(1)}, func(g *vxml.GatherBuilder) {
				g.Speak("Press 1 for sales").Play("https://app.example.com/hold.mp3")
			}).
			Speak("We did not get your choice")},
		{name: "dial", give: vxml.NewResponse().
			PreAnswer(func(p *vxml.PreAnswerBuilder) { p.Speak("Connecting") }).
			Dial(vxml.DialAttrs{Timeout: 20 * time.Second}, func(d *vxml.DialBuilder) {
				d.Number("+14155550100").User("sip:alice@example.com")
			}).
			Add(&vxml.Dial{Phone: "+14155550101"})},
		{name: "ssml", give: vxml.NewResponse().SpeakSSML(vxml.SpeakAttrs{Voice: "Polly.Amy"}, func(s *vxml.SSMLBuilder) {
			s.Text("Your code is ").SayAs("digits", "42").Break(vxml.Attr{Name: "time", Value: "1s"}).Text(" <done> & 'bye'")
		})},
		{name: "ssml tags only", give: vxml.NewResponse().SpeakSSML(vxml.SpeakAttrs{}, func(s *vxml.SSMLBuilder) {
			s.SayAs("digits", "42").Break(vxml.Attr{Name: "time", Value: "1s"})
		})},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			compact, err := tt.give.Render()
			require.NoError(t, err)
			want, err := tt.give.RenderIndent()
			require.NoError(t, err)

			got, err := golden.Indent(compact)
			require.NoError(t, err)
			assert.Equal(t, string(want), string(got))

			again, err := golden.Indent(got)
			require.NoError(t, err)
			assert.Equal(t, string(got), string(again))
		})
	}
}

func TestIndentForeign(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		give string
		want string
	}{
		{
			name: "tabs and CRLF between elements",
			give: "<?xml version='1.0'?>\r\n<Response>\r\n\t<Wait length='2'></Wait>\r\n\t<Dial>\r\n\t\t<Number>+14155550100</Number>\r\n\t</Dial>\r\n</Response>\r\n",
			want: "<?xml version='1.0'?>\n<Response>\n  <Wait length='2'></Wait>\n  <Dial>\n    <Number>+14155550100</Number>\n  </Dial>\n</Response>\n",
		},
		{
			name: "text wrapped in newlines stays as written",
			give: "<Response><Stream bidirectional=\"true\">\n    wss://media.example.com/s\n</Stream></Response>",
			want: "<Response>\n  <Stream bidirectional=\"true\">\n    wss://media.example.com/s\n</Stream>\n</Response>\n",
		},
		{
			name: "comments",
			give: "<!-- answer --><Response><!-- greet --><Speak>Hi</Speak></Response><!-- end -->",
			want: "<!-- answer -->\n<Response>\n  <!-- greet -->\n  <Speak>Hi</Speak>\n</Response>\n<!-- end -->\n",
		},
		{
			name: "mixed content outside Speak",
			give: "<Response><note>one <b>two</b>  three</note></Response>",
			want: "<Response>\n  <note>one <b>two</b>  three</note>\n</Response>\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := golden.Indent([]byte(tt.give))
			require.NoError(t, err)
			assert.Equal(t, tt.want, string(got))
		})
	}
}

func TestIndentMalformed(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		give string
	}{
		{name: "empty", give: ""},
		{name: "text only", give: "hello"},
		{name: "unclosed", give: "<Response><Speak>hi</Speak>"},
		{name: "mismatched", give: "<Response></Speak>"},
		{name: "two roots", give: "<Response/><Response/>"},
		{name: "text after root", give: "<Response/>junk"},
		{name: "bad character", give: "<Response>\x00</Response>"},
		{name: "repeated attribute", give: `<Response><Wait length="1" length="2"/></Response>`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := golden.Indent([]byte(tt.give))
			assert.Nil(t, got)
			assert.ErrorIs(t, err, golden.ErrMalformed)
		})
	}
}
