package main

import (
	"io"
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kickflow/kickflow/flow"
	"github.com/kickflow/kickflow/kick/kicktest"
	vxml "github.com/kickflow/kickflow/xml"
)

// TestUnsignedAnswersChangeNothing sends answer requests and a callback
// nobody signed: each answer request gets its join document, the callback
// 403, and the moderator sees no new room.
func TestUnsignedAnswersChangeNothing(t *testing.T) {
	t.Parallel()
	a := newApp(t, config{moderatorToken: testToken})
	a.call("call-a", "lobby", "")
	for _, room := range []string{"spam-1", "spam-2", "lobby"} {
		resp := a.send(http.MethodPost, "/answer?room="+room, "CallUUID=forged-"+room, "", "application/x-www-form-urlencoded")
		require.NoError(t, resp.Body.Close())
		require.Equal(t, http.StatusOK, resp.StatusCode)
	}
	forged := a.send(http.MethodPost, "/vobiz/events", "ConferenceAction=enter&CallUUID=forged&ConferenceName=spam-3&ConferenceMemberID=1",
		"", "application/x-www-form-urlencoded")
	require.NoError(t, forged.Body.Close())
	require.Equal(t, http.StatusForbidden, forged.StatusCode, "an unsigned callback")
	a.settled()
	status, body := a.do(http.MethodGet, "/rooms", "", testToken)
	require.Equal(t, http.StatusOK, status)
	assert.JSONEq(t, `[{"room":"lobby","members":1}]`, string(body))
	status, body = a.do(http.MethodGet, "/rooms/spam-1/members", "", testToken)
	assert.Equal(t, http.StatusNotFound, status, "body %s", body)
}

// TestRoomsFromRegistry runs two instances on one store: callers join
// through the first only, and the second lists the same rooms.
func TestRoomsFromRegistry(t *testing.T) {
	t.Parallel()
	store := &flow.MemoryStore{}
	srv := kicktest.NewServer()
	t.Cleanup(srv.Close)
	first := newAppOn(t, srv, config{moderatorToken: testToken, store: store})
	second := newAppOn(t, srv, config{moderatorToken: testToken, store: store})
	first.call("call-a", "lobby", "")
	first.call("call-b", "lobby", "")
	c := first.call("call-c", "side", "")
	c.HangUp()
	first.waitMembers("side", func(ms []memberJSON) bool { return len(ms) == 0 })

	first.settled()
	want := `[{"room":"lobby","members":2},{"room":"side","members":0}]`
	for name, a := range map[string]*app{"first": first, "second": second} {
		a.settled()
		status, body := a.do(http.MethodGet, "/rooms", "", testToken)
		require.Equal(t, http.StatusOK, status, name)
		assert.JSONEq(t, want, string(body), name)
		status, body = a.do(http.MethodGet, "/rooms/side/members", "", testToken)
		assert.Equal(t, http.StatusOK, status, "%s: an emptied room stays known; body %s", name, body)
		assert.JSONEq(t, `[]`, string(body), name)
	}
}

// TestAnswerRefusedRoom asks for rooms the kick API could not address:
// the caller hears the apology, and the log says why.
func TestAnswerRefusedRoom(t *testing.T) {
	t.Parallel()
	want, err := vxml.DefaultFallback().Render()
	require.NoError(t, err)
	for _, room := range []string{".", ".."} {
		t.Run(room, func(t *testing.T) {
			t.Parallel()
			a := newApp(t, config{moderatorToken: testToken})
			resp := a.send(http.MethodPost, "/answer?room="+url.QueryEscape(room), "CallUUID=call-a", "", "application/x-www-form-urlencoded")
			body, err := io.ReadAll(resp.Body)
			require.NoError(t, err)
			require.NoError(t, resp.Body.Close())
			require.Equal(t, http.StatusOK, resp.StatusCode, "the platform always gets a document")
			assert.Equal(t, string(want), string(body))
			assert.Regexp(t, `level=ERROR msg="xml: serving the fallback document" method=POST path=/answer call_uuid=call-a `+
				`error="answerserver: invalid room name: \\"\.{1,2}\\" cannot be a path segment"`, a.logs.String())
		})
	}
}

// settled waits until the platform has delivered every callback it
// queued: the rooms list is written once the flow has answered an enter
// callback, just after the member shows in the registry.
func (a *app) settled() {
	a.t.Helper()
	require.NoError(a.t, a.srv.WaitCallbacks(a.ctx))
}
