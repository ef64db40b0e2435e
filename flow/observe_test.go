package flow_test

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kickflow/kickflow/flow"
)

// failures records what Hooks.StoreFailed reports.
type failures struct {
	mu  sync.Mutex
	ops []string
}

func (f *failures) add(op string, err error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.ops = append(f.ops, op+": "+err.Error())
}

func (f *failures) list() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.ops...)
}

// downStore is a Store that is not a Guard and whose writes fail.
type downStore struct{ flow.Store }

var errDown = errors.New("store down")

func (downStore) Enter(context.Context, flow.Member, time.Duration) error { return errDown }
func (downStore) TakeContinuation(context.Context, string, time.Duration) ([]byte, bool, error) {
	return nil, false, errDown
}

func TestHooksStoreFailed(t *testing.T) {
	t.Parallel()
	var seen failures
	fx := newFixture(t, flow.WithStore(downStore{&flow.MemoryStore{}}),
		flow.WithHooks(flow.Hooks{StoreFailed: seen.add}))

	form := url.Values{"ConferenceAction": {"enter"}, "CallUUID": {"call-a"},
		"ConferenceName": {"Sales"}, "ConferenceMemberID": {"1"}}
	r := request(flow.EventsPath+"/j1", "", form)
	fx.sign(r, flow.EventsPath+"/j1")
	assert.Equal(t, http.StatusInternalServerError, fx.serve(r).Code)
	assert.Contains(t, fx.fetch("call-a"), "<Hangup", "a failed read serves the default")

	assert.Equal(t, []string{"Enter: store down", "TakeContinuation: store down"}, seen.list())
}

// TestHooksStoreFailedKeepsGuard checks that observing a Guard's failures
// keeps it a Guard: two flows on one store (two instances) still refuse a
// request replayed from one to the other with another body.
func TestHooksStoreFailedKeepsGuard(t *testing.T) {
	t.Parallel()
	store := &flow.MemoryStore{}
	var seen failures
	hooks := flow.WithHooks(flow.Hooks{StoreFailed: seen.add})
	a := newFixture(t, flow.WithStore(store), hooks)
	b := newFixture(t, flow.WithStore(store), hooks)

	form := url.Values{"ConferenceAction": {"enter"}, "CallUUID": {"call-a"},
		"ConferenceName": {"Sales"}, "ConferenceMemberID": {"1"}}
	first := request(flow.EventsPath+"/j1", "", form)
	a.sign(first, flow.EventsPath+"/j1")
	require.Equal(t, http.StatusNoContent, a.serve(first).Code)

	forged := url.Values{"ConferenceAction": {"enter"}, "CallUUID": {"call-evil"},
		"ConferenceName": {"Sales"}, "ConferenceMemberID": {"2"}}
	replay := request(flow.EventsPath+"/j1", "", forged)
	replay.Header = first.Header.Clone()
	assert.Equal(t, http.StatusForbidden, b.serve(replay).Code, "replayed to the other instance")

	_, ok, err := store.Member(t.Context(), "call-evil")
	require.NoError(t, err)
	assert.False(t, ok, "the replay added no member")
	assert.Empty(t, seen.list(), "nothing failed")
}
