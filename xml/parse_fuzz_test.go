package xml_test

import (
	"bytes"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	vxml "github.com/kickflow/kickflow/xml"
)

// FuzzParse checks that Parse never panics, that every error it returns is
// a positioned problem matching one of its sentinels, and that whatever it
// accepts renders to a canonically equal document that parses back to the
// same model. The seed corpus is in testdata/fuzz/FuzzParse.
func FuzzParse(f *testing.F) {
	f.Add([]byte(`<Response><Conference enterSound="beep:1">MyConference</Conference><Speak>Bye</Speak></Response>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		lenient, err := vxml.Parse(data, vxml.Lenient())
		strict, strictErr := vxml.Parse(data)
		if err != nil {
			checkParseError(t, err)
			require.Error(t, strictErr, "strict Parse accepted what Lenient rejected")
			checkParseError(t, strictErr)
			return
		}
		if strictErr == nil {
			assert.Equal(t, lenient, strict, "strict and lenient models differ")
		} else {
			checkParseError(t, strictErr)
		}

		out, err := lenient.Render()
		require.NoError(t, err, "Render of a parsed document")
		again, err := vxml.Parse(out, vxml.Lenient())
		require.NoError(t, err, "Parse(%q)", out)
		assert.Equal(t, lenient, again, "Parse(Render(Parse(d))) != Parse(d) for %q", out)

		same, err := vxml.CanonicalEqual(bytes.TrimPrefix(data, []byte("\uFEFF")), out)
		require.NoError(t, err, "canonical form of an accepted document")
		assert.True(t, same, "Render(Parse(d)) = %q is not canonically equal to d = %q", out, data)
	})
}

// checkParseError checks that err is what Parse documents: a *ParseError
// (possibly one of several) matching ErrSyntax, ErrLimit or ErrInvalid.
func checkParseError(t *testing.T, err error) {
	t.Helper()
	var pe *vxml.ParseError
	require.ErrorAs(t, err, &pe, "%v", err)
	require.True(t, errors.Is(err, vxml.ErrSyntax) || errors.Is(err, vxml.ErrLimit) || errors.Is(err, vxml.ErrInvalid),
		"error %v matches no sentinel", err)
	require.NotEmpty(t, pe.Msg)
}

// FuzzRoundTrip puts fuzzed strings into the user-string positions of a
// model: room names, Speak and SSML text, URL query parts, the phone of a
// Dial shorthand and attribute values (typed, SSML and Extra). A model that
// Validate rejects must fail to render; any other must render and parse
// back to an equal model. The seed corpus is in
// testdata/fuzz/FuzzRoundTrip.
func FuzzRoundTrip(f *testing.F) {
	f.Add("MyConference", "You have been disconnected", "a=1&b=2", "beep:1", "spell out")
	f.Fuzz(func(t *testing.T, room, text, query, value, ssml string) {
		m := vxml.NewResponse().
			Conference(room, vxml.ConferenceAttrs{
				EnterSound:  value,
				CallbackURL: "https://a.example/events?" + query,
				Extra:       []vxml.Attr{{Name: "x-note", Value: value}},
			}).
			Speak(text, vxml.SpeakAttrs{Language: value}).
			SpeakSSML(vxml.SpeakAttrs{}, func(b *vxml.SSMLBuilder) {
				b.Text(ssml).
					Prosody([]vxml.Attr{{Name: "rate", Value: value}}, func(b *vxml.SSMLBuilder) { b.Text(text) }).
					Break().
					SayAs(value, ssml).
					Text(text)
			}).
			Gather(vxml.GatherAttrs{Action: "https://a.example/g?" + query, Hints: value}, func(b *vxml.GatherBuilder) {
				b.Speak(ssml)
			}).
			Add(&vxml.Dial{Phone: room}).
			Redirect("https://a.example/next?"+query, vxml.RedirectAttrs{Extra: []vxml.Attr{{Name: "data-x", Value: text}}})

		verr := m.Validate()
		out, err := m.Render()
		if verr != nil {
			require.Error(t, err, "Render accepted a model Validate rejects")
			assert.ErrorIs(t, err, vxml.ErrInvalid)
			assert.Nil(t, out)
			return
		}
		require.NoError(t, err)
		got, err := vxml.Parse(out, vxml.Lenient())
		require.NoError(t, err, "Parse(%q)", out)
		assert.Equal(t, m, got, "Parse(Render(m)) != m for %q", out)

		indented, err := m.RenderIndent()
		require.NoError(t, err)
		got, err = vxml.Parse(indented, vxml.Lenient())
		require.NoError(t, err, "Parse(%q)", indented)
		assert.Equal(t, m, got, "Parse(RenderIndent(m)) != m for %q", indented)
	})
}
