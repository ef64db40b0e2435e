package xml_test

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	vxml "github.com/kickflow/kickflow/xml"
)

const fmtDecl = `<?xml version="1.0" encoding="UTF-8"?>` + "\n"

func TestFormat(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		give string
		want string
	}{
		{name: "compact", give: `<Response><Speak>Hi</Speak><Wait length="2"/></Response>`,
			want: fmtDecl + "<Response>\n  <Speak>Hi</Speak>\n  <Wait length=\"2\"/>\n</Response>\n"},
		{name: "attribute order and quotes",
			give: `<?xml version="1.0"?>` + "\n<Response>\n\t<Conference  stayAlone='true' beep=\"true\" >Room</Conference></Response>",
			want: fmtDecl + "<Response>\n  <Conference beep=\"true\" stayAlone=\"true\">Room</Conference>\n</Response>\n"},
		{name: "empty", give: `<Response></Response>`, want: fmtDecl + "<Response/>\n"},
		{name: "byte order mark", give: "\uFEFF<Response><Hangup/></Response>",
			want: fmtDecl + "<Response>\n  <Hangup/>\n</Response>\n"},
		{name: "comments everywhere they fit",
			give: "<?xml version=\"1.0\"?>\n<!-- head --><Response><!-- a -->\n<Gather action=\"https://a.example/g\"><!--in gather--><Speak>x</Speak>   <!-- last in gather --></Gather>" +
				"<Dial><!-- b --><Number>+14155550101</Number><Number>+14155550102</Number><!-- c1 --><!-- c2 --></Dial>\n<!--\n  multi\n  line\n-->\n</Response><!-- tail -->\n",
			want: fmtDecl + "<!-- head -->\n<Response>\n  <!-- a -->\n  <Gather action=\"https://a.example/g\">\n    <!--in gather-->\n    <Speak>x</Speak>\n    <!-- last in gather -->\n  </Gather>\n" +
				"  <Dial>\n    <!-- b -->\n    <Number>+14155550101</Number>\n    <Number>+14155550102</Number>\n    <!-- c1 -->\n    <!-- c2 -->\n  </Dial>\n  <!--\n  multi\n  line\n-->\n</Response>\n<!-- tail -->\n"},
		{name: "unknown attribute kept", give: `<Response><Wait foo="1" length="3"/></Response>`,
			want: fmtDecl + "<Response>\n  <Wait length=\"3\" foo=\"1\"/>\n</Response>\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := vxml.Format([]byte(tt.give))
			require.NoError(t, err)
			assert.Equal(t, tt.want, string(got))
			again, err := vxml.Format(got)
			require.NoError(t, err)
			assert.Equal(t, string(got), string(again), "Format is not idempotent")
		})
	}
}

func TestFormatErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		give    string
		wantErr error
	}{
		{name: "comment in Speak", give: `<Response><Speak>Hi <!-- x --> there</Speak></Response>`, wantErr: vxml.ErrUnformattable},
		{name: "comment in SSML tag", give: `<Response><Speak><p>Hi<!-- x --></p></Speak></Response>`, wantErr: vxml.ErrUnformattable},
		{name: "comment in Play", give: `<Response><Play>https://a.example/a.mp3<!-- x --></Play></Response>`, wantErr: vxml.ErrUnformattable},
		{name: "comment in Wait", give: `<Response><Wait><!-- x --></Wait></Response>`, wantErr: vxml.ErrUnformattable},
		{name: "comment in empty Response", give: `<Response><!-- x --></Response>`, wantErr: vxml.ErrUnformattable},
		{name: "comment in Dial shorthand", give: `<Response><Dial><!-- x -->+14155550101</Dial></Response>`, wantErr: vxml.ErrUnformattable},
		{name: "processing instruction", give: `<Response><?app keep?><Hangup/></Response>`, wantErr: vxml.ErrUnformattable},
		{name: "processing instruction before root", give: `<?xml version="1.0"?><?app keep?><Response/>`, wantErr: vxml.ErrUnformattable},
		{name: "invalid", give: `<Response><Gather numDigits="99" action="https://a.example/"/></Response>`, wantErr: vxml.ErrInvalid},
		{name: "syntax", give: `<Response><Speak>`, wantErr: vxml.ErrSyntax},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := vxml.Format([]byte(tt.give))
			assert.Nil(t, got)
			require.Error(t, err)
			assert.True(t, errors.Is(err, tt.wantErr), "Format(%q) = %v, want %v", tt.give, err, tt.wantErr)
		})
	}
}

func TestFormatErrorSaysWhere(t *testing.T) {
	t.Parallel()
	_, err := vxml.Format([]byte("<Response>\n  <Speak>Hi <!-- x --></Speak>\n</Response>"))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "line 2, column 13")
	assert.Contains(t, err.Error(), "<Speak>")
}
