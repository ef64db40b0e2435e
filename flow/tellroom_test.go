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

const chime = "https://example.com/chime.mp3"

func TestE2ETellTheRoomHeardByEveryoneWhoStays(t *testing.T) {
	t.Parallel()
	e := newE2E(t, nil)
	a := e.start("call-a", "Sales", "14155550100")
	b := e.start("call-b", "Sales", "14155550101")
	c := e.start("call-c", "Sales", "14155550102")
	d := e.start("call-d", "Sales", "14155550103")
	res, err := e.flow.Kick(e.ctx, flow.Calls("call-a", "call-b"), flow.Continuation{
		Announce: "Goodbye.",
		TellRoom: flow.RoomMessage{Speak: "{{.From}} has left.", Voice: "WOMAN", Play: chime},
	})
	require.NoError(t, err)
	require.NotNil(t, res.TellRoom)
	require.NoError(t, res.TellRoom.Err)
	assert.False(t, res.TellRoom.OutcomeUnknown)
	var told []string
	for _, m := range res.TellRoom.Members {
		told = append(told, m.CallUUID)
	}
	assert.Equal(t, []string{"call-c", "call-d"}, told)
	require.NotNil(t, res.TellRoom.Speak)
	require.NotNil(t, res.TellRoom.Play)

	texts, _ := e.end(a)
	assert.Equal(t, []string{"Goodbye."}, texts)
	e.end(b)
	c.HangUp()
	d.HangUp()
	e.end(c)
	e.end(d)
	for _, kicked := range []*kicktest.Call{a, b} {
		plays, speeches := heard(kicked)
		assert.Empty(t, plays, "a kicked caller hears no tell-the-room audio")
		assert.Empty(t, speeches, "a kicked caller hears no tell-the-room text")
	}
	for _, stayed := range []*kicktest.Call{c, d} {
		plays, speeches := heard(stayed)
		assert.Equal(t, []string{chime}, plays)
		assert.Equal(t, []string{"14155550100 has left. 14155550101 has left."}, speeches)
	}
	for _, r := range e.srv.Requests() {
		if r.Route == kicktest.RouteSpeak || r.Route == kicktest.RoutePlay {
			assert.Equal(t, []string{"3", "4"}, r.MemberIDs, "explicit IDs of those who stay, never all")
		}
	}
}

func TestE2ETellTheRoomNotSentWhenTheKickOutcomeIsUnknown(t *testing.T) {
	t.Parallel()
	e := newE2E(t, nil)
	a := e.start("call-a", "Sales", "14155550100")
	b := e.start("call-b", "Sales", "14155550101")
	e.srv.EnqueueRoute(kicktest.RouteKick, kicktest.Response{Status: 500, Apply: true})
	res, err := e.flow.Kick(e.ctx, flow.Call("call-a"), flow.Continuation{
		Announce: "Goodbye.",
		TellRoom: flow.RoomMessage{Speak: "Someone left.", Play: chime},
	})
	require.ErrorIs(t, err, kick.ErrOutcomeUnknown)
	require.NotNil(t, res)
	assert.True(t, res.OutcomeUnknown)
	assert.Nil(t, res.TellRoom)
	texts, _ := e.end(a)
	assert.Equal(t, []string{"Goodbye."}, texts, "the kick happened; the continuation was kept")
	b.HangUp()
	e.end(b)
	plays, speeches := heard(b)
	assert.Empty(t, plays)
	assert.Empty(t, speeches)
	for _, r := range e.srv.Requests() {
		assert.NotContains(t, []kicktest.Route{kicktest.RouteSpeak, kicktest.RoutePlay}, r.Route)
	}
}

func TestTellTheRoomFailureKeepsTheKickSuccessful(t *testing.T) {
	t.Parallel()
	fx := newFixture(t)
	fx.join("call-a", "Sales", "1", "j-a")
	fx.join("call-b", "Sales", "2", "j-b")
	fx.srv.EnqueueRoute(kicktest.RouteSpeak, kicktest.Response{Status: 502})
	res, err := fx.flow.Kick(t.Context(), flow.Call("call-a"), flow.Continuation{
		TellRoom: flow.RoomMessage{Speak: "{{.MemberID}} left.", Play: chime},
	})
	require.NoError(t, err, "the kick itself succeeded")
	require.NotNil(t, res.TellRoom)
	assert.ErrorIs(t, res.TellRoom.Err, kick.ErrOutcomeUnknown)
	assert.True(t, res.TellRoom.OutcomeUnknown)
	assert.Nil(t, res.TellRoom.Speak)
	require.NotNil(t, res.TellRoom.Play, "the audio was still sent")
	assert.Equal(t, "play queued into conference", res.TellRoom.Play.Message)
	assert.Equal(t, int64(1), fx.flow.Stats().Kicks)
}

func TestTellTheRoomNobodyStays(t *testing.T) {
	t.Parallel()
	fx := newFixture(t)
	fx.join("call-a", "Sales", "1", "j-a")
	res, err := fx.flow.Kick(t.Context(), flow.Room("Sales"), flow.Continuation{TellRoom: flow.RoomMessage{Speak: "Bye."}})
	require.NoError(t, err)
	require.NotNil(t, res.TellRoom)
	assert.Empty(t, res.TellRoom.Members)
	assert.NoError(t, res.TellRoom.Err)
	assert.Len(t, fx.srv.Requests(), 1, "the kick only")
}

func TestTellTheRoomRejectedBeforeTheKick(t *testing.T) {
	t.Parallel()
	for name, msg := range map[string]flow.RoomMessage{
		"loop":          {Speak: "{{range .Fields}}x{{end}}"},
		"function call": {Speak: `{{printf "%s" .From}}`},
		"bad syntax":    {Speak: "{{.From"},
		"unknown field": {Speak: "{{.Nope}}"},
		"http audio":    {Play: "http://example.com/a.mp3"},
		"too long":      {Speak: "{{.From}}" + strings.Repeat("x", kick.MaxSpeechText)},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			fx := newFixture(t)
			fx.join("call-a", "Sales", "1", "j-a")
			fx.join("call-b", "Sales", "2", "j-b")
			_, err := fx.flow.Kick(t.Context(), flow.Call("call-a"), flow.Continuation{TellRoom: msg})
			require.ErrorIs(t, err, flow.ErrInvalidArgument)
			assert.Empty(t, fx.srv.Requests(), "no kick was sent")
			assert.Len(t, fx.srv.Members("Sales"), 2)
		})
	}
}
