package flow_test

import (
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kickflow/kickflow/flow"
	"github.com/kickflow/kickflow/kick"
	"github.com/kickflow/kickflow/kick/kicktest"
)

// dropEnterOf drops the enter callbacks of call, as a store outage loses
// them.
func dropEnterOf(call string) kicktest.Option {
	return kicktest.WithCallbackFaults(func(cb kicktest.Callback) kicktest.Fault {
		if cb.Form.Get("CallUUID") == call && cb.Form.Get("ConferenceAction") == "enter" {
			return kicktest.Drop
		}
		return kicktest.Deliver
	})
}

func TestE2ESyncAddsAMemberWhoseEnterWasDropped(t *testing.T) {
	t.Parallel()
	e := newE2E(t, []kicktest.Option{dropEnterOf("call-b")})
	a := e.start("call-a", "Sales", "14155550100")
	b := e.srv.StartCall(kicktest.CallSpec{AnswerURL: e.app.URL + "/answer", CallUUID: "call-b", To: "Sales", From: "14155550101"})
	_, err := e.srv.WaitMember(e.ctx, "Sales", "call-b")
	require.NoError(t, err)
	require.NoError(t, e.srv.WaitCallbacks(e.ctx))
	_, ok, err := e.flow.Member(e.ctx, "call-b")
	require.NoError(t, err)
	require.False(t, ok, "the enter callback was dropped")
	_, err = e.flow.Kick(e.ctx, flow.Call("call-b"), flow.Continuation{Announce: "Goodbye."})
	require.ErrorIs(t, err, flow.ErrNotFound, "invisible before the sync")

	res, err := e.flow.Sync(e.ctx, "Sales")
	require.NoError(t, err)
	assert.False(t, res.Unavailable)
	assert.Empty(t, res.Dropped)
	require.Len(t, res.Added, 1)
	added := res.Added[0]
	assert.Equal(t, "call-b", added.CallUUID)
	assert.Equal(t, "2", added.MemberID)
	assert.Equal(t, "14155550101", added.From)
	assert.True(t, added.Reconciled)
	m, ok, err := e.flow.Member(e.ctx, "call-a")
	require.NoError(t, err)
	require.True(t, ok)
	assert.False(t, m.Reconciled, "members known from callbacks are left as they are")

	again, err := e.flow.Sync(e.ctx, "Sales")
	require.NoError(t, err)
	assert.Empty(t, again.Added, "a second sync finds nothing to add")
	assert.Empty(t, again.Dropped)

	kres, err := e.flow.Kick(e.ctx, flow.Call("call-b"), flow.Continuation{Announce: "Goodbye {{.From}}."})
	require.NoError(t, err)
	assert.Equal(t, "2", kres.Members[0].MemberID)
	texts, _ := e.end(b)
	assert.Equal(t, []string{"Goodbye 14155550101."}, texts)
	require.NoError(t, e.srv.WaitUntil(e.ctx, func() bool {
		_, ok, err := e.flow.Member(e.ctx, "call-b")
		return err == nil && !ok
	}), "the exit callback removed the reconciled record")
	a.HangUp()
	e.end(a)
}

func TestE2ESyncWithTheLivePlatformsFailedAnswerChangesNothing(t *testing.T) {
	t.Parallel()
	e := newE2E(t, []kicktest.Option{kicktest.WithLiveReads(), dropEnterOf("call-b")})
	a := e.start("call-a", "Sales", "14155550100")
	b := e.srv.StartCall(kicktest.CallSpec{AnswerURL: e.app.URL + "/answer", CallUUID: "call-b", To: "Sales", From: "14155550101"})
	_, err := e.srv.WaitMember(e.ctx, "Sales", "call-b")
	require.NoError(t, err)
	require.NoError(t, e.srv.WaitCallbacks(e.ctx))
	before, err := e.flow.Members(e.ctx, "Sales")
	require.NoError(t, err)

	res, err := e.flow.Sync(e.ctx, "Sales")
	require.ErrorIs(t, err, kick.ErrUnavailable)
	assert.Contains(t, err.Error(), "registry left as it was")
	require.NotNil(t, res)
	assert.True(t, res.Unavailable)
	assert.Empty(t, res.Added)
	assert.Empty(t, res.Dropped)
	after, err := e.flow.Members(e.ctx, "Sales")
	require.NoError(t, err)
	assert.Equal(t, before, after)
	a.HangUp()
	b.HangUp()
	e.end(a)
	e.end(b)
}

func TestSyncDropsTheGoneButNeverANewerJoin(t *testing.T) {
	t.Parallel()
	var fx *fixture
	var armed atomic.Bool
	// While the platform is read, call-new's enter arrives: its join is
	// newer than the snapshot, which does not list it.
	hook := kicktest.WithRequestHook(func(r kicktest.Request) {
		if r.Route == kicktest.RouteConference && armed.CompareAndSwap(true, false) {
			fx.callback("enter", "call-new", "Sales", "9", "j-new")
		}
	})
	fx = newFixtureWith(t, []kicktest.Option{hook})
	fx.join("call-a", "Sales", "1", "j-a")
	fx.callback("enter", "call-gone", "Sales", "2", "j-gone") // its exit was lost
	armed.Store(true)

	res, err := fx.flow.Sync(t.Context(), "Sales")
	require.NoError(t, err)
	require.Len(t, res.Dropped, 1)
	assert.Equal(t, "call-gone", res.Dropped[0].CallUUID)
	assert.Empty(t, res.Added)
	var left []string
	ms, err := fx.flow.Members(t.Context(), "Sales")
	require.NoError(t, err)
	for _, m := range ms {
		left = append(left, m.CallUUID)
	}
	assert.Equal(t, []string{"call-a", "call-new"}, left)

	// A late enter of the dropped join does not bring it back.
	fx.callback("enter", "call-gone", "Sales", "2", "j-gone")
	_, ok, err := fx.flow.Member(t.Context(), "call-gone")
	require.NoError(t, err)
	assert.False(t, ok)
}

func TestSyncOfAnEndedRoomDropsEveryone(t *testing.T) {
	t.Parallel()
	fx := newFixture(t)
	fx.callback("enter", "call-a", "Sales", "1", "j-a")
	res, err := fx.flow.Sync(t.Context(), "Sales")
	require.NoError(t, err, "404 conference not found: nobody is in the room")
	require.Len(t, res.Dropped, 1)
	ms, err := fx.flow.Members(t.Context(), "Sales")
	require.NoError(t, err)
	assert.Empty(t, ms)
}

func TestSyncFailuresChangeNothing(t *testing.T) {
	t.Parallel()
	for name, r := range map[string]kicktest.Response{
		"gateway 404": {Status: 404, Body: `{"message":"Not Found"}`},
		"401":         {Status: 401, Body: `{"error":"unauthorized"}`},
		"empty 200":   {Status: 200},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			fx := newFixture(t)
			fx.callback("enter", "call-a", "Sales", "1", "j-a")
			fx.srv.EnqueueRoute(kicktest.RouteConference, r)
			res, err := fx.flow.Sync(t.Context(), "Sales")
			require.Error(t, err)
			if res != nil {
				assert.Empty(t, res.Dropped)
			}
			ms, err := fx.flow.Members(t.Context(), "Sales")
			require.NoError(t, err)
			assert.Len(t, ms, 1)
		})
	}
	fx := newFixture(t)
	_, err := fx.flow.Sync(t.Context(), "")
	assert.ErrorIs(t, err, flow.ErrInvalidArgument)
}

func TestExitCallbackRemovesAReconciledRecord(t *testing.T) {
	t.Parallel()
	fx := newFixture(t)
	fx.srv.AddMember("Sales", kicktest.Member{ID: "4", CallUUID: "call-x"})
	res, err := fx.flow.Sync(t.Context(), "Sales")
	require.NoError(t, err)
	require.Len(t, res.Added, 1)
	// The exit carries the join token the lost enter had.
	fx.callback("exit", "call-x", "Sales", "4", "j-lost")
	_, ok, err := fx.flow.Member(t.Context(), "call-x")
	require.NoError(t, err)
	assert.False(t, ok)
	// And a sync from a stale snapshot does not add it back.
	res, err = fx.flow.Sync(t.Context(), "Sales")
	require.NoError(t, err)
	assert.Empty(t, res.Added)
}
