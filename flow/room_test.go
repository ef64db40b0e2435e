package flow_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kickflow/kickflow/flow"
	"github.com/kickflow/kickflow/kick"
)

// TestJoinRejectsRoomsTheKickAPIRefuses checks Join against the kick
// API's rule: a caller let into "." or ".." could never be kicked.
func TestJoinRejectsRoomsTheKickAPIRefuses(t *testing.T) {
	t.Parallel()
	fx := newFixture(t)
	for _, room := range []string{"", ".", ".."} {
		resp, err := fx.flow.Join(room)
		require.ErrorIs(t, err, flow.ErrInvalidArgument, "room %q", room)
		assert.Nil(t, resp)
		if room != "" {
			assert.Contains(t, err.Error(), `room name "`+room+`"`)
		}
		// The kick API refuses the same name.
		_, err = fx.client.Kick(t.Context(), room, "1")
		assert.ErrorIs(t, err, kick.ErrInvalidArgument, "kick refuses room %q", room)
	}
	// A move into such a room is refused before anything is stored or sent.
	fx.join("call-a", "Sales", "1", "j1")
	_, err := fx.flow.Kick(t.Context(), flow.Call("call-a"), flow.Continuation{Then: flow.MoveTo("..")})
	require.ErrorIs(t, err, flow.ErrInvalidArgument)
	assert.Empty(t, fx.srv.Requests(), "no kick sent")
}

// TestJoinAcceptsRoomsTheKickAPIAddresses checks that names close to the
// refused ones are joined and then kicked.
func TestJoinAcceptsRoomsTheKickAPIAddresses(t *testing.T) {
	t.Parallel()
	for _, room := range []string{"...", ". ", ".a", "a b", "%2e%2e", "a/b", "Sales"} {
		t.Run(room, func(t *testing.T) {
			t.Parallel()
			fx := newFixture(t)
			resp, err := fx.flow.Join(room)
			require.NoError(t, err)
			require.NotNil(t, resp)
			fx.join("call-a", room, "1", "j1")
			res, err := fx.flow.Kick(t.Context(), flow.Call("call-a"), flow.Continuation{})
			require.NoError(t, err)
			assert.Equal(t, room, res.Room)
			assert.Empty(t, fx.srv.Members(room))
		})
	}
}
