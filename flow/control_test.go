package flow_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kickflow/kickflow/flow"
	"github.com/kickflow/kickflow/kick"
	"github.com/kickflow/kickflow/kick/kicktest"
)

// platformMember returns the fake platform's record of call in room.
func platformMember(t *testing.T, srv *kicktest.Server, room, call string) kicktest.Member {
	t.Helper()
	for _, m := range srv.Members(room) {
		if m.CallUUID == call {
			return m
		}
	}
	require.Failf(t, "not on the platform", "call %s in room %s", call, room)
	return kicktest.Member{}
}

// heard returns the Play and Speak steps the REST API sent to c.
func heard(c *kicktest.Call) (plays []string, speeches []string) {
	for _, s := range c.Transcript().Steps() {
		switch s := s.(type) {
		case kicktest.HeardPlay:
			plays = append(plays, s.URL)
		case kicktest.HeardSpeech:
			speeches = append(speeches, s.Text)
		}
	}
	return plays, speeches
}

func TestControlsReachTheCallAfterAMemberIDWasReused(t *testing.T) {
	t.Parallel()
	fx := newFixture(t)
	ctx := t.Context()
	// call-a joined as member 1, left, and came back as member 3 after
	// call-c was given the reused ID 1.
	fx.srv.AddMember("Sales", kicktest.Member{ID: "1", CallUUID: "call-a"})
	fx.callback("enter", "call-a", "Sales", "1", "j-a1")
	fx.join("call-b", "Sales", "2", "j-b")
	require.True(t, fx.srv.RemoveMember("Sales", "1"))
	fx.callback("exit", "call-a", "Sales", "1", "j-a1")
	fx.join("call-c", "Sales", "1", "j-c")
	fx.join("call-a", "Sales", "3", "j-a2")

	for _, tc := range []struct {
		name  string
		do    func() (*flow.ControlResult, error)
		state func(kicktest.Member) bool
		want  bool
	}{
		{"mute", func() (*flow.ControlResult, error) { return fx.flow.Mute(ctx, flow.Call("call-a")) },
			func(m kicktest.Member) bool { return m.Muted }, true},
		{"deaf", func() (*flow.ControlResult, error) { return fx.flow.Deaf(ctx, flow.Call("call-a")) },
			func(m kicktest.Member) bool { return m.Deaf }, true},
		{"unmute", func() (*flow.ControlResult, error) { return fx.flow.Unmute(ctx, flow.Call("call-a")) },
			func(m kicktest.Member) bool { return m.Muted }, false},
		{"undeaf", func() (*flow.ControlResult, error) { return fx.flow.Undeaf(ctx, flow.Call("call-a")) },
			func(m kicktest.Member) bool { return m.Deaf }, false},
	} {
		res, err := tc.do()
		require.NoError(t, err, tc.name)
		assert.Equal(t, "Sales", res.Room, tc.name)
		require.Len(t, res.Members, 1, tc.name)
		assert.Equal(t, "3", res.Members[0].MemberID, "%s: the ID call-a holds now", tc.name)
		assert.False(t, res.OutcomeUnknown, tc.name)
		assert.Equal(t, tc.want, tc.state(platformMember(t, fx.srv, "Sales", "call-a")), "%s: call-a", tc.name)
		assert.False(t, tc.state(platformMember(t, fx.srv, "Sales", "call-c")), "%s: call-c, member 1 now", tc.name)
		assert.False(t, tc.state(platformMember(t, fx.srv, "Sales", "call-b")), "%s: call-b", tc.name)
	}
	last := fx.srv.Requests()
	require.NotEmpty(t, last)
	assert.Equal(t, []string{"3"}, last[len(last)-1].MemberIDs)
}

func TestControlsOnTheWholeRoom(t *testing.T) {
	t.Parallel()
	fx := newFixture(t)
	fx.join("call-a", "Sales", "1", "j-a")
	fx.join("call-b", "Sales", "2", "j-b")
	res, err := fx.flow.Mute(t.Context(), flow.Room("Sales"))
	require.NoError(t, err)
	assert.Len(t, res.Members, 2)
	require.NotNil(t, res.Response)
	assert.Equal(t, "muted", res.Response.Message)
	for _, m := range fx.srv.Members("Sales") {
		assert.True(t, m.Muted, m.CallUUID)
	}
	reqs := fx.srv.Requests()
	require.Len(t, reqs, 1, "one request for the room")
	assert.ElementsMatch(t, []string{"1", "2"}, reqs[0].MemberIDs, "explicit IDs, never all")
}

func TestControlsRejectBadInputBeforeAnyRequest(t *testing.T) {
	t.Parallel()
	fx := newFixture(t)
	fx.join("call-a", "Sales", "1", "j-a")
	ctx := t.Context()
	for name, do := range map[string]func() error{
		"http audio": func() error { _, err := fx.flow.Play(ctx, flow.Call("call-a"), "http://example.com/a.mp3"); return err },
		"no audio":   func() error { _, err := fx.flow.Play(ctx, flow.Call("call-a"), ""); return err },
		"no text":    func() error { _, err := fx.flow.Speak(ctx, flow.Call("call-a"), kick.Speech{Text: " "}); return err },
		"long text": func() error {
			_, err := fx.flow.Speak(ctx, flow.Call("call-a"), kick.Speech{Text: strings.Repeat("x", kick.MaxSpeechText+1)})
			return err
		},
		"no target": func() error { _, err := fx.flow.Mute(ctx, flow.Calls()); return err },
	} {
		assert.ErrorIs(t, do(), flow.ErrInvalidArgument, name)
	}
	_, err := fx.flow.Deaf(ctx, flow.Call("call-nobody"))
	require.ErrorIs(t, err, flow.ErrNotFound)
	assert.Empty(t, fx.srv.Requests(), "nothing was sent")
}

func TestControlOutcomes(t *testing.T) {
	t.Parallel()
	fx := newFixture(t)
	fx.join("call-a", "Sales", "1", "j-a")
	ctx := t.Context()

	fx.srv.EnqueueRoute(kicktest.RoutePlay, kicktest.Response{Status: 503, Body: `{"error":"busy"}`})
	res, err := fx.flow.Play(ctx, flow.Call("call-a"), "https://example.com/a.mp3")
	require.ErrorIs(t, err, kick.ErrOutcomeUnknown)
	require.NotNil(t, res)
	assert.True(t, res.OutcomeUnknown)
	assert.Equal(t, "1", res.Members[0].MemberID)

	fx.srv.EnqueueRoute(kicktest.RouteSpeak, kicktest.Response{Status: 404, Body: `{"error":"not found"}`})
	res, err = fx.flow.Speak(ctx, flow.Call("call-a"), kick.Speech{Text: "Hello"})
	require.ErrorIs(t, err, kick.ErrNotFound)
	assert.Nil(t, res)

	res, err = fx.flow.Speak(ctx, flow.Call("call-a"), kick.Speech{Text: "Two minutes left", Voice: "WOMAN"})
	require.NoError(t, err)
	require.NotNil(t, res.Response)
	assert.Equal(t, 202, res.Response.StatusCode)
}

func TestE2EPlayAndSpeakReachOnlyTheTarget(t *testing.T) {
	t.Parallel()
	e := newE2E(t, nil)
	a := e.start("call-a", "Sales", "14155550100")
	b := e.start("call-b", "Sales", "14155550101")
	_, err := e.flow.Play(e.ctx, flow.Call("call-a"), "https://example.com/warn.mp3")
	require.NoError(t, err)
	_, err = e.flow.Speak(e.ctx, flow.Call("call-a"), kick.Speech{Text: "Please mute your line."})
	require.NoError(t, err)
	a.HangUp()
	b.HangUp()
	e.end(a)
	e.end(b)
	plays, speeches := heard(a)
	assert.Equal(t, []string{"https://example.com/warn.mp3"}, plays)
	assert.Equal(t, []string{"Please mute your line."}, speeches)
	plays, speeches = heard(b)
	assert.Empty(t, plays)
	assert.Empty(t, speeches)
}
