package xml_test

import (
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	vxml "github.com/kickflow/kickflow/xml"
)

// TestReadmeQuickStart holds the snippet of README.md's "`xml` — every
// Vobiz XML element…" section, line for line, so it keeps compiling, and
// checks that the quick-start document is Lint-clean.
func TestReadmeQuickStart(t *testing.T) {
	t.Parallel()
	w := httptest.NewRecorder()

	// README snippet starts.
	resp := vxml.NewResponse().
		Conference("MyConference", vxml.ConferenceAttrs{EnterSound: "beep:1", StayAlone: vxml.True}).
		Speak("You have been disconnected from the conference")
	out, err := resp.Render() // compact, deterministic; an error if invalid, never a silent fix
	require.NoError(t, err)
	err = vxml.Write(w, resp) // in an http.Handler: Content-Type set only once rendering worked
	require.NoError(t, err)
	doc, err := vxml.Parse(out) // back into the model, strictly, with line/column and element path
	require.NoError(t, err)
	findings := resp.Lint() // valid but likely wrong: unreachable verbs, http:// URLs, …
	// README snippet ends.

	assert.Empty(t, findings, "the README's quick-start document must be Lint-clean")
	assert.Equal(t, string(out), w.Body.String())
	again, err := doc.Render()
	require.NoError(t, err)
	assert.Equal(t, string(out), string(again))
}
