package flow_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kickflow/kickflow/flow"
	"github.com/kickflow/kickflow/kick"
	vxml "github.com/kickflow/kickflow/xml"
)

// TestReadme holds the snippet of README.md's "`flow` — kick with a
// continuation" section, line for line (with a check after each step), and
// runs it: the answer handler serves the join document, and the kick of a
// call that never joined fails before any request is sent.
func TestReadme(t *testing.T) {
	t.Parallel()
	const authToken = "test-auth-token"
	client, err := kick.New("MA_TEST", authToken, kick.WithBaseURL("http://127.0.0.1:1"))
	require.NoError(t, err)
	mux := http.NewServeMux()
	ctx := context.Background()
	callUUID := "call-a"

	// README snippet starts.
	f, err := flow.New(client, "https://calls.example.com/vobiz", flow.WithAuthToken(authToken))
	require.NoError(t, err)
	mux.Handle("/vobiz/", f) // conference callbacks and the continue endpoint, signatures checked

	// The answer handler serves what Join returns: <Conference callbackUrl=…/events/TOKEN>Room</Conference><Redirect>…/continue/TOKEN</Redirect>
	mux.Handle("/answer", vxml.HandlerFunc(func(r *http.Request) (*vxml.Response, error) {
		return f.Join("Sales") // on an error the caller hears an apology and a hangup, not dead air
	}))

	// Later, from a moderator action:
	res, err := f.Kick(ctx, flow.Call(callUUID), flow.Continuation{
		Announce: "Goodbye {{.From}}, you have been removed from {{.Room}}.",
		Then:     flow.MoveTo("Lobby"), // or flow.Hangup(), flow.Redirect(url)
	})
	// README snippet ends.

	assert.ErrorIs(t, err, flow.ErrNotFound, "call-a never joined")
	assert.Nil(t, res)

	w := httptest.NewRecorder()
	mux.ServeHTTP(w, httptest.NewRequest(http.MethodPost, "/answer", nil))
	require.Equal(t, http.StatusOK, w.Code)
	doc, err := vxml.Parse(w.Body.Bytes())
	require.NoError(t, err)
	want, err := f.Join("Sales")
	require.NoError(t, err)
	require.Len(t, doc.Elements, len(want.Elements))
	conf, ok := doc.Elements[0].(*vxml.Conference)
	require.True(t, ok, "first verb is %T", doc.Elements[0])
	assert.Equal(t, "Sales", conf.Room)
	assert.Contains(t, conf.Attrs.CallbackURL, "https://calls.example.com/vobiz/events")
}
