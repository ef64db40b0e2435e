// Package storetest is the conformance suite for implementations of
// [flow.Store]. A store's tests call [Run] with a constructor:
//
//	func TestStore(t *testing.T) {
//		storetest.Run(t, func(t *testing.T) flow.Store { return newTestStore(t) })
//	}
//
// Run checks every method against the contract documented on flow.Store:
// replacement and compare-and-remove of continuations, the atomic take
// with its grace window (also under concurrency), the registry's rules for
// reordered callbacks and reused member IDs, and expiry after each TTL.
// For a store that is also a [flow.Guard], it checks the replay rules:
// nonces reused with another content, join bindings, steps taken once,
// repeats answered as the first, and retries after an error.
// Expiry is checked with TTLs of a few milliseconds and real time, so the
// suite works for stores whose clock is not the test's.
package storetest

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kickflow/kickflow/flow"
)

// long is a TTL no subtest outlives.
const long = time.Hour

// short is a TTL the expiry subtests wait out; wait is how long they wait.
const (
	short = 5 * time.Millisecond
	wait  = 15 * time.Millisecond
)

// Run runs the conformance suite against stores made by newStore, which is
// called once per subtest and must return an empty store.
func Run(t *testing.T, newStore func(t *testing.T) flow.Store) {
	t.Helper()
	tests := []struct {
		name string
		fn   func(t *testing.T, ctx context.Context, s flow.Store)
	}{
		{"TakeNothing", testTakeNothing},
		{"PutTake", testPutTake},
		{"LastPutWins", testLastPutWins},
		{"TakeGrace", testTakeGrace},
		{"PutAfterTake", testPutAfterTake},
		{"RemoveSame", testRemoveSame},
		{"RemoveOther", testRemoveOther},
		{"RemoveRestores", testRemoveRestores},
		{"RemoveAfterTake", testRemoveAfterTake},
		{"ContinuationTTL", testContinuationTTL},
		{"GraceExpires", testGraceExpires},
		{"ConcurrentTake", testConcurrentTake},
		{"EnterMembers", testEnterMembers},
		{"ExitRemoves", testExitRemoves},
		{"LateEnterIgnored", testLateEnterIgnored},
		{"RejoinNewJoin", testRejoinNewJoin},
		{"OldExitKeepsNewJoin", testOldExitKeepsNewJoin},
		{"ExitRemovesTokenless", testExitRemovesTokenless},
		{"MoveRooms", testMoveRooms},
		{"ReusedMemberID", testReusedMemberID},
		{"MemberTTL", testMemberTTL},
		{"ExitTTL", testExitTTL},
		{"ConcurrentRegistry", testConcurrentRegistry},
		{"CanceledContext", testCanceledContext},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := newStore(t)
			require.NotNil(t, s, "newStore returned nil")
			tt.fn(t, t.Context(), s)
		})
	}
	for _, tt := range guardTests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := newStore(t)
			require.NotNil(t, s, "newStore returned nil")
			g, ok := s.(flow.Guard)
			if !ok {
				t.Skip("the store is not a flow.Guard")
			}
			tt.fn(t, t.Context(), g)
		})
	}
}

func take(t *testing.T, ctx context.Context, s flow.Store, call string, grace time.Duration) (string, bool) {
	t.Helper()
	doc, ok, err := s.TakeContinuation(ctx, call, grace)
	require.NoError(t, err)
	return string(doc), ok
}

func testTakeNothing(t *testing.T, ctx context.Context, s flow.Store) {
	_, ok := take(t, ctx, s, "call-1", long)
	assert.False(t, ok)
}

func testPutTake(t *testing.T, ctx context.Context, s flow.Store) {
	require.NoError(t, s.PutContinuation(ctx, "call-1", []byte("doc-1"), long))
	require.NoError(t, s.PutContinuation(ctx, "call-2", []byte("doc-2"), long))
	doc, ok := take(t, ctx, s, "call-1", long)
	assert.True(t, ok)
	assert.Equal(t, "doc-1", doc)
	doc, ok = take(t, ctx, s, "call-2", long)
	assert.True(t, ok)
	assert.Equal(t, "doc-2", doc)
}

func testLastPutWins(t *testing.T, ctx context.Context, s flow.Store) {
	require.NoError(t, s.PutContinuation(ctx, "call-1", []byte("first"), long))
	require.NoError(t, s.PutContinuation(ctx, "call-1", []byte("second"), long))
	doc, ok := take(t, ctx, s, "call-1", long)
	assert.True(t, ok)
	assert.Equal(t, "second", doc)
}

func testTakeGrace(t *testing.T, ctx context.Context, s flow.Store) {
	require.NoError(t, s.PutContinuation(ctx, "call-1", []byte("doc"), long))
	for i := range 3 {
		doc, ok := take(t, ctx, s, "call-1", long)
		assert.True(t, ok, "take %d", i+1)
		assert.Equal(t, "doc", doc, "take %d", i+1)
	}
}

func testPutAfterTake(t *testing.T, ctx context.Context, s flow.Store) {
	require.NoError(t, s.PutContinuation(ctx, "call-1", []byte("old"), long))
	_, ok := take(t, ctx, s, "call-1", long)
	require.True(t, ok)
	require.NoError(t, s.PutContinuation(ctx, "call-1", []byte("new"), long))
	doc, ok := take(t, ctx, s, "call-1", long)
	assert.True(t, ok)
	assert.Equal(t, "new", doc, "a new continuation wins over one taken before")
	doc, ok = take(t, ctx, s, "call-1", long)
	assert.True(t, ok)
	assert.Equal(t, "new", doc, "the grace window holds the newest taken")
}

func testRemoveSame(t *testing.T, ctx context.Context, s flow.Store) {
	require.NoError(t, s.PutContinuation(ctx, "call-1", []byte("doc"), long))
	require.NoError(t, s.RemoveContinuation(ctx, "call-1", []byte("doc")))
	_, ok := take(t, ctx, s, "call-1", long)
	assert.False(t, ok)
	assert.NoError(t, s.RemoveContinuation(ctx, "call-2", []byte("doc")), "removing nothing is no error")
}

func testRemoveOther(t *testing.T, ctx context.Context, s flow.Store) {
	require.NoError(t, s.PutContinuation(ctx, "call-1", []byte("first"), long))
	require.NoError(t, s.PutContinuation(ctx, "call-1", []byte("second"), long))
	require.NoError(t, s.RemoveContinuation(ctx, "call-1", []byte("first")))
	doc, ok := take(t, ctx, s, "call-1", long)
	assert.True(t, ok, "removing a replaced continuation keeps the newer one")
	assert.Equal(t, "second", doc)
}

func testRemoveRestores(t *testing.T, ctx context.Context, s flow.Store) {
	require.NoError(t, s.PutContinuation(ctx, "call-1", []byte("first"), long))
	require.NoError(t, s.PutContinuation(ctx, "call-1", []byte("second"), long))
	require.NoError(t, s.RemoveContinuation(ctx, "call-1", []byte("second")))
	doc, ok := take(t, ctx, s, "call-1", long)
	assert.True(t, ok, "removing the newest brings back the one it replaced")
	assert.Equal(t, "first", doc)

	require.NoError(t, s.PutContinuation(ctx, "call-2", []byte("first"), short))
	require.NoError(t, s.PutContinuation(ctx, "call-2", []byte("second"), long))
	time.Sleep(wait)
	require.NoError(t, s.RemoveContinuation(ctx, "call-2", []byte("second")))
	_, ok = take(t, ctx, s, "call-2", long)
	assert.False(t, ok, "an expired replaced continuation stays gone")
}

func testRemoveAfterTake(t *testing.T, ctx context.Context, s flow.Store) {
	require.NoError(t, s.PutContinuation(ctx, "call-1", []byte("first"), long))
	require.NoError(t, s.PutContinuation(ctx, "call-1", []byte("second"), long))
	_, ok := take(t, ctx, s, "call-1", long)
	require.True(t, ok)
	require.NoError(t, s.RemoveContinuation(ctx, "call-1", []byte("second")))
	doc, ok := take(t, ctx, s, "call-1", long)
	assert.True(t, ok, "a taken continuation is still served within the grace window")
	assert.Equal(t, "second", doc)
}

func testContinuationTTL(t *testing.T, ctx context.Context, s flow.Store) {
	require.NoError(t, s.PutContinuation(ctx, "call-1", []byte("doc"), short))
	require.NoError(t, s.PutContinuation(ctx, "call-2", []byte("doc"), long))
	time.Sleep(wait)
	_, ok := take(t, ctx, s, "call-1", long)
	assert.False(t, ok, "expired")
	_, ok = take(t, ctx, s, "call-2", long)
	assert.True(t, ok, "not expired")
}

func testGraceExpires(t *testing.T, ctx context.Context, s flow.Store) {
	require.NoError(t, s.PutContinuation(ctx, "call-1", []byte("doc"), long))
	_, ok := take(t, ctx, s, "call-1", short)
	require.True(t, ok)
	time.Sleep(wait)
	_, ok = take(t, ctx, s, "call-1", short)
	assert.False(t, ok, "taken again after the grace window")
}

func testConcurrentTake(t *testing.T, ctx context.Context, s flow.Store) {
	const calls, takers = 20, 8
	for i := range calls {
		require.NoError(t, s.PutContinuation(ctx, fmt.Sprint("call-", i), []byte(fmt.Sprint("doc-", i)), long))
	}
	var wg sync.WaitGroup
	got := make([][]string, takers)
	errs := make([]error, takers)
	for g := range takers {
		wg.Go(func() {
			for i := range calls {
				doc, ok, err := s.TakeContinuation(ctx, fmt.Sprint("call-", i), long)
				if err != nil {
					errs[g] = err
					return
				}
				if ok {
					got[g] = append(got[g], string(doc))
				} else {
					got[g] = append(got[g], "")
				}
			}
		})
	}
	wg.Wait()
	for g := range takers {
		require.NoError(t, errs[g])
		for i, doc := range got[g] {
			assert.Equal(t, fmt.Sprint("doc-", i), doc, "taker %d, call-%d", g, i)
		}
	}
}

func member(call, room, id, join string, at int) flow.Member {
	return flow.Member{
		CallUUID: call, Room: room, MemberID: id, Join: join,
		From: "1415555" + id, To: "14155550199",
		JoinedAt: time.Date(2026, 11, 25, 12, 0, at, 0, time.UTC),
	}
}

func members(t *testing.T, ctx context.Context, s flow.Store, room string) []flow.Member {
	t.Helper()
	ms, err := s.Members(ctx, room)
	require.NoError(t, err)
	for i := range ms {
		ms[i].JoinedAt = ms[i].JoinedAt.UTC()
	}
	return ms
}

func lookup(t *testing.T, ctx context.Context, s flow.Store, call string) (flow.Member, bool) {
	t.Helper()
	m, ok, err := s.Member(ctx, call)
	require.NoError(t, err)
	m.JoinedAt = m.JoinedAt.UTC()
	return m, ok
}

func testEnterMembers(t *testing.T, ctx context.Context, s flow.Store) {
	a, b, c := member("call-a", "room", "1", "j1", 1), member("call-b", "room", "2", "j2", 2), member("call-c", "other", "1", "j3", 3)
	for _, m := range []flow.Member{b, a, c} {
		require.NoError(t, s.Enter(ctx, m, long))
	}
	assert.Equal(t, []flow.Member{a, b}, members(t, ctx, s, "room"), "ordered by JoinedAt")
	assert.Equal(t, []flow.Member{c}, members(t, ctx, s, "other"))
	assert.Empty(t, members(t, ctx, s, "none"))
	got, ok := lookup(t, ctx, s, "call-b")
	assert.True(t, ok)
	assert.Equal(t, b, got)
	_, ok = lookup(t, ctx, s, "call-x")
	assert.False(t, ok)
}

func testExitRemoves(t *testing.T, ctx context.Context, s flow.Store) {
	a, b := member("call-a", "room", "1", "j1", 1), member("call-b", "room", "2", "j2", 2)
	require.NoError(t, s.Enter(ctx, a, long))
	require.NoError(t, s.Enter(ctx, b, long))
	require.NoError(t, s.Exit(ctx, flow.Member{CallUUID: "call-a", Room: "room", MemberID: "1", Join: "j1"}, long))
	assert.Equal(t, []flow.Member{b}, members(t, ctx, s, "room"))
	_, ok := lookup(t, ctx, s, "call-a")
	assert.False(t, ok)
}

func testLateEnterIgnored(t *testing.T, ctx context.Context, s flow.Store) {
	a := member("call-a", "room", "1", "j1", 1)
	require.NoError(t, s.Exit(ctx, a, long))
	require.NoError(t, s.Enter(ctx, a, long))
	assert.Empty(t, members(t, ctx, s, "room"), "an enter after the exit of the same join")
	_, ok := lookup(t, ctx, s, "call-a")
	assert.False(t, ok)
}

func testRejoinNewJoin(t *testing.T, ctx context.Context, s flow.Store) {
	first, again := member("call-a", "room", "1", "j1", 1), member("call-a", "room", "1", "j2", 5)
	require.NoError(t, s.Enter(ctx, first, long))
	require.NoError(t, s.Exit(ctx, first, long))
	require.NoError(t, s.Enter(ctx, again, long))
	assert.Equal(t, []flow.Member{again}, members(t, ctx, s, "room"), "a new join of the same call and member ID")
}

func testOldExitKeepsNewJoin(t *testing.T, ctx context.Context, s flow.Store) {
	first, again := member("call-a", "room", "1", "j1", 1), member("call-a", "room", "1", "j2", 5)
	require.NoError(t, s.Enter(ctx, first, long))
	require.NoError(t, s.Enter(ctx, again, long))
	require.NoError(t, s.Exit(ctx, first, long))
	got, ok := lookup(t, ctx, s, "call-a")
	assert.True(t, ok, "the late exit of the first join")
	assert.Equal(t, again, got)
}

// testExitRemovesTokenless: the exit of a join removes a record of the
// same call, room and member ID that has no join token (what Flow.Sync
// adds when the enter callback was lost), in the same call, and a later
// token-less enter of that member (a Sync from an older snapshot) is
// ignored; an exit of another member ID leaves it alone.
func testExitRemovesTokenless(t *testing.T, ctx context.Context, s flow.Store) {
	synced := member("call-a", "room", "1", "", 1)
	synced.Reconciled = true
	b := member("call-b", "room", "2", "j2", 2)
	require.NoError(t, s.Enter(ctx, synced, long))
	require.NoError(t, s.Enter(ctx, b, long))
	require.NoError(t, s.Exit(ctx, member("call-a", "room", "7", "j1", 3), long))
	assert.Equal(t, []flow.Member{synced, b}, members(t, ctx, s, "room"), "another member ID's exit")

	require.NoError(t, s.Exit(ctx, member("call-a", "room", "1", "j1", 3), long))
	assert.Equal(t, []flow.Member{b}, members(t, ctx, s, "room"))
	_, ok := lookup(t, ctx, s, "call-a")
	assert.False(t, ok)
	require.NoError(t, s.Enter(ctx, synced, long))
	assert.Equal(t, []flow.Member{b}, members(t, ctx, s, "room"), "a token-less enter after the exit")
}

func testMoveRooms(t *testing.T, ctx context.Context, s flow.Store) {
	here, there := member("call-a", "here", "1", "j1", 1), member("call-a", "there", "4", "j2", 5)
	require.NoError(t, s.Enter(ctx, here, long))
	require.NoError(t, s.Enter(ctx, there, long))
	assert.Empty(t, members(t, ctx, s, "here"), "a call is in one room at a time")
	assert.Equal(t, []flow.Member{there}, members(t, ctx, s, "there"))
	require.NoError(t, s.Exit(ctx, here, long))
	got, ok := lookup(t, ctx, s, "call-a")
	assert.True(t, ok)
	assert.Equal(t, there, got)
}

func testReusedMemberID(t *testing.T, ctx context.Context, s flow.Store) {
	a, b := member("call-a", "room", "7", "j1", 1), member("call-b", "room", "7", "j2", 5)
	require.NoError(t, s.Enter(ctx, a, long))
	require.NoError(t, s.Enter(ctx, b, long))
	assert.Equal(t, []flow.Member{b}, members(t, ctx, s, "room"), "the newer holder of the member ID")
	require.NoError(t, s.Exit(ctx, a, long))
	assert.Equal(t, []flow.Member{b}, members(t, ctx, s, "room"), "after the old holder's late exit")
}

func testMemberTTL(t *testing.T, ctx context.Context, s flow.Store) {
	a, b := member("call-a", "room", "1", "j1", 1), member("call-b", "room", "2", "j2", 2)
	require.NoError(t, s.Enter(ctx, a, short))
	require.NoError(t, s.Enter(ctx, b, long))
	time.Sleep(wait)
	assert.Equal(t, []flow.Member{b}, members(t, ctx, s, "room"))
	_, ok := lookup(t, ctx, s, "call-a")
	assert.False(t, ok)
}

func testExitTTL(t *testing.T, ctx context.Context, s flow.Store) {
	a := member("call-a", "room", "1", "j1", 1)
	require.NoError(t, s.Exit(ctx, a, short))
	time.Sleep(wait)
	require.NoError(t, s.Enter(ctx, a, long))
	_, ok := lookup(t, ctx, s, "call-a")
	assert.True(t, ok, "an exit is forgotten after its TTL")
}

func testConcurrentRegistry(t *testing.T, ctx context.Context, s flow.Store) {
	const n = 50
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Go(func() {
			m := member(fmt.Sprint("call-", i), "room", fmt.Sprint(i), "j", i%60)
			if i%2 == 0 {
				// Exit first: the late enter must be ignored.
				if errs[i] = s.Exit(ctx, m, long); errs[i] == nil {
					errs[i] = s.Enter(ctx, m, long)
				}
				return
			}
			errs[i] = s.Enter(ctx, m, long)
		})
	}
	wg.Wait()
	for i := range n {
		require.NoError(t, errs[i], "call-%d", i)
	}
	ms := members(t, ctx, s, "room")
	assert.Len(t, ms, n/2)
	for _, m := range ms {
		var i int
		_, err := fmt.Sscanf(m.CallUUID, "call-%d", &i)
		require.NoError(t, err)
		assert.Equal(t, 1, i%2, "%s should have stayed out", m.CallUUID)
	}
}

func testCanceledContext(t *testing.T, ctx context.Context, s flow.Store) {
	ctx, cancel := context.WithCancel(ctx)
	cancel()
	m := member("call-a", "room", "1", "j1", 1)
	assert.ErrorIs(t, s.PutContinuation(ctx, "call-1", []byte("doc"), long), context.Canceled)
	_, _, err := s.TakeContinuation(ctx, "call-1", long)
	assert.ErrorIs(t, err, context.Canceled)
	assert.ErrorIs(t, s.Enter(ctx, m, long), context.Canceled)
	_, err = s.Members(ctx, "room")
	assert.ErrorIs(t, err, context.Canceled)
}
