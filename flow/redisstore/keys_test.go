package redisstore_test

import (
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kickflow/kickflow/flow"
	"github.com/kickflow/kickflow/flow/redisstore"
)

// TestKeyLayout pins the documented key layout and checks that every key
// expires.
func TestKeyLayout(t *testing.T) {
	t.Parallel()
	c := newClient(t)
	p := newPrefix(t)
	s, err := redisstore.New(c, redisstore.WithPrefix(p))
	require.NoError(t, err)
	ctx := t.Context()
	require.NoError(t, s.PutContinuation(ctx, "call-a", []byte("first"), time.Hour))
	require.NoError(t, s.PutContinuation(ctx, "call-a", []byte("second"), time.Hour))
	require.NoError(t, s.PutContinuation(ctx, "call-b", []byte("doc"), time.Hour))
	_, ok, err := s.TakeContinuation(ctx, "call-b", time.Minute)
	require.NoError(t, err)
	require.True(t, ok)
	require.NoError(t, s.Enter(ctx, flow.Member{CallUUID: "call-a", Room: "Sales", MemberID: "3", Join: "j1"}, time.Hour))
	require.NoError(t, s.Exit(ctx, flow.Member{CallUUID: "call-c", Room: "Sales", MemberID: "4", Join: "j2"}, time.Hour))

	keys, err := c.Keys(ctx, "{"+p+":*").Result()
	require.NoError(t, err)
	slices.Sort(keys)
	want := []string{
		"{" + p + ":call:call-a}:next",
		"{" + p + ":call:call-a}:prev",
		"{" + p + ":call:call-b}:taken",
		"{" + p + ":reg}:exit:6:call-c5:Sales1:40:", // the same member without its token
		"{" + p + ":reg}:exit:6:call-c5:Sales1:42:j2",
		"{" + p + ":reg}:member:call-a",
		"{" + p + ":reg}:room:Sales",
	}
	assert.Equal(t, want, keys)
	for _, k := range keys {
		ttl, err := c.PTTL(ctx, k).Result()
		require.NoError(t, err)
		assert.Positive(t, ttl, "%s expires", k)
	}
	fields, err := c.HGetAll(ctx, "{"+p+":reg}:room:Sales").Result()
	require.NoError(t, err)
	assert.Equal(t, map[string]string{"3": "call-a"}, fields)
}

// TestAbandonedRoomExpires checks that a room whose members were never
// seen leaving disappears with their TTL.
func TestAbandonedRoomExpires(t *testing.T) {
	t.Parallel()
	c := newClient(t)
	p := newPrefix(t)
	s, err := redisstore.New(c, redisstore.WithPrefix(p))
	require.NoError(t, err)
	ctx := t.Context()
	require.NoError(t, s.Enter(ctx, flow.Member{CallUUID: "call-a", Room: "Sales", MemberID: "1"}, 5*time.Millisecond))
	require.NoError(t, s.Enter(ctx, flow.Member{CallUUID: "call-b", Room: "Sales", MemberID: "2"}, 5*time.Millisecond))
	time.Sleep(15 * time.Millisecond)
	n, err := c.Exists(ctx, "{"+p+":reg}:room:Sales", "{"+p+":reg}:member:call-a", "{"+p+":reg}:member:call-b").Result()
	require.NoError(t, err)
	assert.Zero(t, n)
}
