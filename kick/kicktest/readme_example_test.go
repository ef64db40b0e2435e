package kicktest_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kickflow/kickflow/kick"
	"github.com/kickflow/kickflow/kick/kicktest"
	"github.com/kickflow/kickflow/xml"
)

// TestReadme holds the snippet of README.md's "`kick/kicktest` — a fake
// Vobiz platform…" section, line for line (with a check after each step), and
// runs it against a small app.
func TestReadme(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	app := httptest.NewServer(xml.HandlerFunc(func(*http.Request) (*xml.Response, error) {
		return xml.NewResponse().
			Conference("MyConf", xml.ConferenceAttrs{StayAlone: xml.True}).
			Speak("You have been removed from the meeting"), nil
	}))
	defer app.Close()

	// README snippet starts.
	srv := kicktest.NewServer()
	defer srv.Close()
	call := srv.StartCall(kicktest.CallSpec{AnswerURL: app.URL + "/answer", CallUUID: "call-a"})
	member, err := srv.WaitMember(ctx, "MyConf", "call-a")
	require.NoError(t, err)
	err = srv.WaitCallbacks(ctx) // needed before kicking through flow, whose registry learns members from callbacks
	require.NoError(t, err)
	client, err := kick.New(srv.AuthID, srv.AuthToken, kick.WithBaseURL(srv.URL), kick.WithHTTPClient(srv.Client()))
	require.NoError(t, err)
	_, err = client.Kick(ctx, "MyConf", member.ID)
	require.NoError(t, err)
	_, err = call.Wait(ctx)
	require.NoError(t, err)
	fmt.Print(call.Transcript()) // joined, left (kicked), spoke "…", hung up: End Of XML Instructions (4010)
	// README snippet ends.

	got := fmt.Sprint(call.Transcript())

	assert.Contains(t, got, "left MyConf as member "+member.ID+" (kicked)")
	assert.Contains(t, got, `spoke "You have been removed from the meeting"`)
	assert.Contains(t, got, "hung up: End Of XML Instructions (4010)")
}
