package flow

import (
	"fmt"
	"maps"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMemoryStoreSweeps(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	s := &MemoryStore{now: func() time.Time { return now }}
	ctx := t.Context()
	for i := range 100 {
		call := fmt.Sprint("call-", i)
		require.NoError(t, s.PutContinuation(ctx, call, []byte("doc"), time.Minute))
		m := Member{CallUUID: call, Room: "room", MemberID: fmt.Sprint(i), Join: "j"}
		require.NoError(t, s.Enter(ctx, m, time.Minute))
		require.NoError(t, s.Exit(ctx, Member{CallUUID: "gone-" + call, Room: "room", MemberID: "x", Join: "j"}, time.Minute))
	}
	now = now.Add(time.Hour)
	for i := 0; s.writes%sweepEvery != 0 || i == 0; i++ {
		require.NoError(t, s.PutContinuation(ctx, "fresh", []byte("doc"), time.Minute))
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	assert.Len(t, s.conts, 1, "only the fresh continuation is left")
	assert.Empty(t, s.calls)
	assert.Empty(t, s.rooms)
	assert.Empty(t, s.exits)
}

func TestNonceCacheExpiresInOrder(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	c := nonceCache{max: 3}
	require.NoError(t, c.add([]string{"a", "b"}, now, time.Minute))
	require.ErrorIs(t, c.add([]string{"a"}, now.Add(time.Second), time.Minute), ErrSignature, "replay")
	require.NoError(t, c.add([]string{"c", "d"}, now.Add(time.Second), time.Minute), "full: a is evicted")
	assert.NotContains(t, c.seen, "a")
	assert.Len(t, c.seen, 3)
	require.NoError(t, c.add([]string{"e"}, now.Add(2*time.Minute), time.Minute), "b, c, d expired")
	assert.Len(t, c.seen, 1)
	assert.Equal(t, []string{"e"}, slices.Collect(maps.Keys(c.seen)))
	require.ErrorIs(t, c.add([]string{"e"}, now.Add(2*time.Minute), time.Minute), ErrSignature)
}

// TestNonceCacheBoundedWork adds many nonces through a small cache and
// checks that the queue never holds much more than the cache's bound:
// expired and evicted entries leave it, so each request's work stays
// constant, amortized.
func TestNonceCacheBoundedWork(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	c := nonceCache{max: 100}
	var maxSeen, maxLive, maxQueue int
	for i := range 20_000 {
		if err := c.add([]string{fmt.Sprint("n", i)}, now.Add(time.Duration(i)*time.Millisecond), time.Hour); err != nil {
			require.NoError(t, err, "nonce %d", i)
		}
		maxSeen, maxLive, maxQueue = max(maxSeen, len(c.seen)), max(maxLive, len(c.queue)-c.head), max(maxQueue, len(c.queue))
	}
	assert.Equal(t, 100, maxSeen)
	assert.Equal(t, 100, maxLive)
	assert.LessOrEqual(t, maxQueue, 2*1024+200)
}
