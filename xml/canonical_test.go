package xml_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	vxml "github.com/kickflow/kickflow/xml"
)

func TestCanonicalEqual(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		a, b string
	}{
		{
			name: "attribute order, quoting, escapes and empty-element form",
			a:    `<?xml version="1.0" encoding="UTF-8"?><Response><Speak voice="WOMAN" language="en-US">hi &amp; bye</Speak><Hangup/></Response>`,
			b:    "<Response>\n  <Speak language='en-US' voice=\"WOMAN\">hi &#38; bye</Speak>\n  <Hangup></Hangup>\n</Response>\n",
		},
		{
			name: "comments, processing instructions and CDATA",
			a:    `<Response><!-- join --><Conference>Room &lt;1&gt;</Conference></Response>`,
			b:    `<?xml version="1.0"?><Response><Conference><![CDATA[Room <1>]]></Conference><?pi x?></Response>`,
		},
		{
			name: "whitespace between SSML tags is content, and equal here",
			a:    `<Response><Speak>Hello <break time="1s"/> <emphasis>world</emphasis></Speak></Response>`,
			b:    "<Response>\n<Speak>Hello <break time='1s'></break> <emphasis>world</emphasis></Speak>\n</Response>",
		},
		{
			name: "namespaced SSML attribute",
			a:    `<Response><Speak><lang xml:lang="fr-FR">Bonjour</lang></Speak></Response>`,
			b:    `<Response><Speak><lang xml:lang='fr-FR'>Bonjour</lang></Speak></Response>`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			eq, err := vxml.CanonicalEqual([]byte(tt.a), []byte(tt.b))
			require.NoError(t, err)
			assert.True(t, eq, "CanonicalEqual(%q, %q) = false, want true", tt.a, tt.b)
		})
	}
}

func TestCanonicalEqualDifferences(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		a, b string
	}{
		{"attribute value", `<Response><Wait length="2"/></Response>`, `<Response><Wait length="3"/></Response>`},
		{"missing attribute", `<Response><Wait length="2"/></Response>`, `<Response><Wait/></Response>`},
		{"element order", `<Response><Wait/><Hangup/></Response>`, `<Response><Hangup/><Wait/></Response>`},
		{"text spaces", `<Response><Conference>Room</Conference></Response>`, `<Response><Conference> Room</Conference></Response>`},
		{"whitespace inside Speak", `<Response><Speak>a<break/>b</Speak></Response>`, `<Response><Speak>a <break/>b</Speak></Response>`},
		{"element name case", `<Response><Dtmf>1</Dtmf></Response>`, `<Response><DTMF>1</DTMF></Response>`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			eq, err := vxml.CanonicalEqual([]byte(tt.a), []byte(tt.b))
			require.NoError(t, err)
			assert.False(t, eq, "CanonicalEqual(%q, %q) = true, want false", tt.a, tt.b)
		})
	}
}

func TestCanonical(t *testing.T) {
	t.Parallel()
	got, err := vxml.Canonical([]byte("<?xml version=\"1.0\"?>\n<Response>\n  <Play loop='0' >https://x.test/a.mp3?a=1&amp;b=\"2\"</Play>\n  <Speak voice=\"MAN\"  language=\"en-GB\">a\tb</Speak>\n  <Record />\n</Response>"))
	require.NoError(t, err)
	assert.Equal(t, `<Response><Play loop="0">https://x.test/a.mp3?a=1&amp;b="2"</Play><Speak language="en-GB" voice="MAN">a	b</Speak><Record/></Response>`, string(got))
}

func TestCanonicalErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		give string
	}{
		{"empty", ``},
		{"not closed", `<Response>`},
		{"two roots", `<Response/><Response/>`},
		{"text after root", `<Response/>junk`},
		{"mismatched tags", `<Response><Speak></Play></Response>`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := vxml.Canonical([]byte(tt.give))
			assert.Error(t, err, "Canonical(%q)", tt.give)
			_, err = vxml.CanonicalEqual([]byte(`<Response/>`), []byte(tt.give))
			assert.Error(t, err, "CanonicalEqual(<Response/>, %q)", tt.give)
		})
	}
}
