package storetest

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kickflow/kickflow/flow"
)

// guardTests are the subtests of a store that is a [flow.Guard].
var guardTests = []struct {
	name string
	fn   func(t *testing.T, ctx context.Context, g flow.Guard)
}{
	{"GuardEnterBinds", testGuardEnterBinds},
	{"GuardNonceReused", testGuardNonceReused},
	{"GuardRepeatChangesNothing", testGuardRepeatChangesNothing},
	{"GuardOtherCall", testGuardOtherCall},
	{"GuardStepOnce", testGuardStepOnce},
	{"GuardExitFirst", testGuardExitFirst},
	{"GuardNonceScope", testGuardNonceScope},
	{"GuardNonceTTL", testGuardNonceTTL},
	{"GuardJoinKeepsNonces", testGuardJoinKeepsNonces},
	{"GuardTakeOnce", testGuardTakeOnce},
	{"GuardTakeDefault", testGuardTakeDefault},
	{"GuardTakeLegacy", testGuardTakeLegacy},
	{"GuardConcurrentRepeat", testGuardConcurrentRepeat},
	{"GuardRetryAfterError", testGuardRetryAfterError},
	{"GuardExitRemovesTokenless", testGuardExitRemovesTokenless},
}

// seen is a request under join with sum and nonces, remembered long.
func seen(join, sum string, nonces ...string) flow.Seen {
	return flow.Seen{Join: join, Nonces: nonces, Sum: sum, NonceTTL: long, Grace: long, JoinTTL: long}
}

func enterOnce(t *testing.T, ctx context.Context, g flow.Guard, m flow.Member, exit bool, s flow.Seen) flow.Verdict {
	t.Helper()
	v, err := g.EnterOnce(ctx, m, exit, s, long)
	require.NoError(t, err)
	return v
}

func takeOnce(t *testing.T, ctx context.Context, g flow.Guard, call string, s flow.Seen) (string, bool, flow.Verdict) {
	t.Helper()
	doc, ok, v, err := g.TakeOnce(ctx, call, s)
	require.NoError(t, err)
	return string(doc), ok, v
}

func testGuardEnterBinds(t *testing.T, ctx context.Context, g flow.Guard) {
	_, ok, err := g.Bound(ctx, "j1")
	require.NoError(t, err)
	assert.False(t, ok, "bound before any callback")
	a := member("call-a", "room", "1", "j1", 1)
	assert.Equal(t, flow.Fresh, enterOnce(t, ctx, g, a, false, seen("j1", "sum-1", "n1", "n2")))
	assert.Equal(t, []flow.Member{a}, members(t, ctx, g, "room"))
	b, ok, err := g.Bound(ctx, "j1")
	require.NoError(t, err)
	assert.True(t, ok)
	assert.Equal(t, flow.Binding{CallUUID: "call-a", Room: "room", MemberID: "1"}, b)
}

func testGuardNonceReused(t *testing.T, ctx context.Context, g flow.Guard) {
	a := member("call-a", "room", "1", "j1", 1)
	require.Equal(t, flow.Fresh, enterOnce(t, ctx, g, a, false, seen("j1", "sum-enter", "n1", "n2")))
	// The enter's signature replayed with an exit body: a seen nonce with
	// another content.
	assert.Equal(t, flow.Refused, enterOnce(t, ctx, g, a, true, seen("j1", "sum-exit", "n1")))
	assert.Equal(t, flow.Refused, enterOnce(t, ctx, g, a, true, seen("j1", "sum-exit", "n9", "n2")), "one seen nonce is enough")
	assert.Equal(t, []flow.Member{a}, members(t, ctx, g, "room"), "the member is still there")
}

func testGuardRepeatChangesNothing(t *testing.T, ctx context.Context, g flow.Guard) {
	a := member("call-a", "room", "1", "j1", 1)
	s := seen("j1", "sum-enter", "n1")
	require.Equal(t, flow.Fresh, enterOnce(t, ctx, g, a, false, s))
	moved := member("call-a", "other", "4", "j2", 5)
	require.NoError(t, g.Enter(ctx, moved, long))
	assert.Equal(t, flow.Repeat, enterOnce(t, ctx, g, a, false, s), "the platform retrying")
	got, ok := lookup(t, ctx, g, "call-a")
	assert.True(t, ok)
	assert.Equal(t, moved, got, "the repeat changed nothing")
	assert.Empty(t, members(t, ctx, g, "room"))
}

func testGuardOtherCall(t *testing.T, ctx context.Context, g flow.Guard) {
	a := member("call-a", "room", "1", "j1", 1)
	require.Equal(t, flow.Fresh, enterOnce(t, ctx, g, a, false, seen("j1", "sum-a", "n1")))
	for _, m := range []flow.Member{
		member("call-b", "room", "2", "j1", 2),
		member("call-a", "elsewhere", "1", "j1", 2),
		member("call-a", "room", "7", "j1", 2),
	} {
		assert.Equal(t, flow.Refused, enterOnce(t, ctx, g, m, false, seen("j1", "sum-b", "n2")), "%+v", m)
		assert.Equal(t, flow.Refused, enterOnce(t, ctx, g, m, true, seen("j1", "sum-c", "n3")), "%+v", m)
	}
	assert.Equal(t, []flow.Member{a}, members(t, ctx, g, "room"))
	assert.Empty(t, members(t, ctx, g, "elsewhere"))
	_, ok := lookup(t, ctx, g, "call-b")
	assert.False(t, ok)
}

func testGuardStepOnce(t *testing.T, ctx context.Context, g flow.Guard) {
	a := member("call-a", "room", "1", "j1", 1)
	require.Equal(t, flow.Fresh, enterOnce(t, ctx, g, a, false, seen("j1", "sum-1", "n1")))
	assert.Equal(t, flow.Repeat, enterOnce(t, ctx, g, a, false, seen("j1", "sum-1", "n2")), "identical, another nonce, within grace")
	changed := a
	changed.From = "14155550666"
	assert.Equal(t, flow.Refused, enterOnce(t, ctx, g, changed, false, seen("j1", "sum-2", "n3")), "a second enter of the join")
	assert.Equal(t, []flow.Member{a}, members(t, ctx, g, "room"))
	require.Equal(t, flow.Fresh, enterOnce(t, ctx, g, a, true, seen("j1", "sum-x", "n5")))
	assert.Equal(t, flow.Refused, enterOnce(t, ctx, g, a, true, seen("j1", "sum-y", "n6")), "a second exit")
	assert.Empty(t, members(t, ctx, g, "room"))

	b := member("call-b", "room", "2", "j2", 2)
	first := seen("j2", "sum-1", "n1")
	first.Grace = short
	require.Equal(t, flow.Fresh, enterOnce(t, ctx, g, b, false, first))
	time.Sleep(wait)
	assert.Equal(t, flow.Refused, enterOnce(t, ctx, g, b, false, seen("j2", "sum-1", "n4")), "identical, after grace")
	assert.Equal(t, flow.Refused, enterOnce(t, ctx, g, b, false, first), "identical, same nonce, after grace")
}

func testGuardExitFirst(t *testing.T, ctx context.Context, g flow.Guard) {
	a := member("call-a", "room", "1", "j1", 1)
	require.Equal(t, flow.Fresh, enterOnce(t, ctx, g, a, true, seen("j1", "sum-x", "n1")))
	assert.Equal(t, flow.Fresh, enterOnce(t, ctx, g, a, false, seen("j1", "sum-e", "n2")), "the late enter of the bound join")
	assert.Empty(t, members(t, ctx, g, "room"), "but the registry ignores it")
}

func testGuardNonceScope(t *testing.T, ctx context.Context, g flow.Guard) {
	a, b := member("call-a", "room", "1", "j1", 1), member("call-b", "room", "2", "j2", 2)
	require.Equal(t, flow.Fresh, enterOnce(t, ctx, g, a, false, seen("j1", "sum-a", "n1")))
	assert.Equal(t, flow.Fresh, enterOnce(t, ctx, g, b, false, seen("j2", "sum-b", "n1")), "nonces are scoped by join")
	assert.Len(t, members(t, ctx, g, "room"), 2)
}

func testGuardNonceTTL(t *testing.T, ctx context.Context, g flow.Guard) {
	a, b, c := member("call-a", "room", "1", "", 1), member("call-b", "room", "2", "", 2), member("call-c", "room", "3", "", 3)
	s := seen("", "sum-a", "n1")
	s.NonceTTL = short
	require.Equal(t, flow.Fresh, enterOnce(t, ctx, g, a, false, s))
	require.Equal(t, flow.Fresh, enterOnce(t, ctx, g, b, false, seen("", "sum-b", "n2")))
	assert.Equal(t, flow.Refused, enterOnce(t, ctx, g, c, false, seen("", "sum-c", "n2")), "legacy form: registry-wide nonces")
	time.Sleep(wait)
	assert.Equal(t, flow.Fresh, enterOnce(t, ctx, g, c, false, seen("", "sum-c", "n1")), "the nonce expired")
	assert.Len(t, members(t, ctx, g, "room"), 3)
}

func testGuardTakeOnce(t *testing.T, ctx context.Context, g flow.Guard) {
	require.NoError(t, g.PutContinuation(ctx, "call-a", []byte("doc-1"), long))
	s := seen("j1", "sum-1", "n1", "n2")
	doc, ok, v := takeOnce(t, ctx, g, "call-a", s)
	assert.Equal(t, flow.Fresh, v)
	assert.True(t, ok)
	assert.Equal(t, "doc-1", doc)
	require.NoError(t, g.PutContinuation(ctx, "call-a", []byte("doc-2"), long))
	doc, ok, v = takeOnce(t, ctx, g, "call-a", s)
	assert.Equal(t, flow.Repeat, v)
	assert.True(t, ok)
	assert.Equal(t, "doc-1", doc, "a repeat gets the first answer")
	_, _, v = takeOnce(t, ctx, g, "call-a", seen("j1", "sum-2", "n2"))
	assert.Equal(t, flow.Refused, v, "a seen nonce with another content")
	_, _, v = takeOnce(t, ctx, g, "call-a", seen("j1", "sum-3", "n3"))
	assert.Equal(t, flow.Refused, v, "a second continue of the join")
	doc, ok = take(t, ctx, g, "call-a", long)
	assert.True(t, ok)
	assert.Equal(t, "doc-2", doc, "the newer continuation is still pending")
}

func testGuardTakeDefault(t *testing.T, ctx context.Context, g flow.Guard) {
	s := seen("j1", "sum-1", "n1")
	_, ok, v := takeOnce(t, ctx, g, "call-a", s)
	assert.Equal(t, flow.Fresh, v)
	assert.False(t, ok)
	require.NoError(t, g.PutContinuation(ctx, "call-a", []byte("doc"), long))
	_, ok, v = takeOnce(t, ctx, g, "call-a", s)
	assert.Equal(t, flow.Repeat, v)
	assert.False(t, ok, "the first answer was the default")
	doc, ok := take(t, ctx, g, "call-a", long)
	assert.True(t, ok)
	assert.Equal(t, "doc", doc, "still pending")
}

func testGuardTakeLegacy(t *testing.T, ctx context.Context, g flow.Guard) {
	require.NoError(t, g.PutContinuation(ctx, "call-a", []byte("doc"), long))
	doc, ok, v := takeOnce(t, ctx, g, "call-a", seen("", "sum-1", "n1"))
	assert.Equal(t, flow.Fresh, v)
	assert.True(t, ok)
	assert.Equal(t, "doc", doc)
	_, _, v = takeOnce(t, ctx, g, "call-a", seen("", "sum-2", "n1"))
	assert.Equal(t, flow.Refused, v)
	doc, ok, v = takeOnce(t, ctx, g, "call-a", seen("", "sum-3", "n2"))
	assert.Equal(t, flow.Fresh, v, "legacy continue requests have no steps")
	assert.True(t, ok)
	assert.Equal(t, "doc", doc, "from the grace window")
}

func testGuardConcurrentRepeat(t *testing.T, ctx context.Context, g flow.Guard) {
	const n = 8
	a := member("call-a", "room", "1", "j1", 1)
	require.NoError(t, g.PutContinuation(ctx, "call-a", []byte("doc"), long))
	var wg sync.WaitGroup
	enters := make([]flow.Verdict, n)
	takes := make([]flow.Verdict, n)
	errs := make([]error, 2*n)
	for i := range n {
		wg.Go(func() {
			enters[i], errs[i] = g.EnterOnce(ctx, a, false, seen("j1", "sum-e", "n1"), long)
		})
		wg.Go(func() {
			_, _, takes[i], errs[n+i] = g.TakeOnce(ctx, "call-a", seen("j1", "sum-c", "n2"))
		})
	}
	wg.Wait()
	for _, err := range errs {
		require.NoError(t, err)
	}
	for _, vs := range [][]flow.Verdict{enters, takes} {
		fresh := 0
		for _, v := range vs {
			if v == flow.Fresh {
				fresh++
			} else {
				assert.Equal(t, flow.Repeat, v)
			}
		}
		assert.Equal(t, 1, fresh, "%v", vs)
	}
}

func testGuardRetryAfterError(t *testing.T, ctx context.Context, g flow.Guard) {
	canceled, cancel := context.WithCancel(ctx)
	cancel()
	a := member("call-a", "room", "1", "j1", 1)
	s := seen("j1", "sum-e", "n1")
	_, err := g.EnterOnce(canceled, a, false, s, long)
	assert.ErrorIs(t, err, context.Canceled)
	assert.Equal(t, flow.Fresh, enterOnce(t, ctx, g, a, false, s), "the retry of a failed request is new")
	assert.Equal(t, []flow.Member{a}, members(t, ctx, g, "room"))
	require.NoError(t, g.PutContinuation(ctx, "call-a", []byte("doc"), long))
	c := seen("j1", "sum-c", "n2")
	_, _, _, err = g.TakeOnce(canceled, "call-a", c)
	assert.ErrorIs(t, err, context.Canceled)
	doc, ok, v := takeOnce(t, ctx, g, "call-a", c)
	assert.Equal(t, flow.Fresh, v)
	assert.True(t, ok)
	assert.Equal(t, "doc", doc)
}

// testGuardJoinKeepsNonces replays an enter's signature with an exit body
// after the nonce expired: the join binding alone refuses it.
func testGuardJoinKeepsNonces(t *testing.T, ctx context.Context, g flow.Guard) {
	a := member("call-a", "room", "1", "j1", 1)
	s := seen("j1", "sum-enter", "n1", "n2")
	s.NonceTTL = short
	require.Equal(t, flow.Fresh, enterOnce(t, ctx, g, a, false, s))
	time.Sleep(wait)
	x := seen("j1", "sum-exit", "n2")
	x.NonceTTL = short
	assert.Equal(t, flow.Refused, enterOnce(t, ctx, g, a, true, x), "the enter's nonce on an exit")
	assert.Equal(t, []flow.Member{a}, members(t, ctx, g, "room"))
	x = seen("j1", "sum-exit", "n3")
	assert.Equal(t, flow.Fresh, enterOnce(t, ctx, g, a, true, x), "the real exit")
	assert.Empty(t, members(t, ctx, g, "room"))
}

// testGuardExitRemovesTokenless: a verified exit under a token removes the
// token-less record of the same call, room and member ID (added by
// Flow.Sync), in the same step.
func testGuardExitRemovesTokenless(t *testing.T, ctx context.Context, g flow.Guard) {
	synced := member("call-a", "room", "1", "", 1)
	synced.Reconciled = true
	require.NoError(t, g.Enter(ctx, synced, long))
	exit := member("call-a", "room", "1", "j1", 2)
	assert.Equal(t, flow.Fresh, enterOnce(t, ctx, g, exit, true, seen("j1", "sum-x", "n1")))
	assert.Empty(t, members(t, ctx, g, "room"))
	require.NoError(t, g.Enter(ctx, synced, long))
	assert.Empty(t, members(t, ctx, g, "room"), "a token-less enter after the exit")
}
