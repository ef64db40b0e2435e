package redisstore_test

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kickflow/kickflow/flow"
	"github.com/kickflow/kickflow/flow/redisstore"
	"github.com/kickflow/kickflow/kick/kicktest"
)

// twoStores returns two stores on separate clients of the test server,
// sharing one fresh prefix, as two app instances would.
func twoStores(t *testing.T) []flow.Store {
	t.Helper()
	prefix := newPrefix(t)
	var stores []flow.Store
	for range 2 {
		s, err := redisstore.New(newClient(t), redisstore.WithPrefix(prefix))
		require.NoError(t, err)
		stores = append(stores, s)
	}
	return stores
}

func TestTwoInstances(t *testing.T) {
	t.Parallel()
	needServer(t)
	testTwoInstances(t, twoStores(t))
}

// testTwoInstances kicks every caller of two app instances on stores,
// from alternating instances, and checks that each heard their own
// continuation and that the registry empties.
func testTwoInstances(t *testing.T, stores []flow.Store) {
	d := newDeployment(t, stores)
	const rooms, perRoom = 3, 6
	var calls []*kicktest.Call
	for i := range rooms * perRoom {
		calls = append(calls, d.start(i%2, fmt.Sprint("call-", i), fmt.Sprint("room-", i%rooms), fmt.Sprint("1415555", 1000+i)))
	}
	// Kick every caller, from alternating instances, all at once.
	var wg sync.WaitGroup
	errs := make([]error, len(calls))
	for i, c := range calls {
		wg.Go(func() {
			_, errs[i] = d.flows[(i+1)%2].Kick(d.ctx, flow.Call(c.UUID()), flow.Continuation{Announce: "Goodbye {{.From}}."})
		})
	}
	wg.Wait()
	for i, c := range calls {
		require.NoError(t, errs[i], c.UUID())
		_, err := c.Wait(d.ctx)
		require.NoError(t, err, c.UUID())
		assert.Equal(t, []string{fmt.Sprintf("Goodbye %s.", c.From())}, spoken(c), "%s heard its own continuation", c.UUID())
	}
	var served, defaults int64
	for i, f := range d.flows {
		st := f.Stats()
		served += st.Continuations
		defaults += st.Defaults
		assert.Positive(t, st.Continuations, "instance %d served continuations", i)
		assert.Positive(t, d.hits[i].Load(), "instance %d served requests", i)
	}
	assert.Equal(t, int64(len(calls)), served)
	assert.Zero(t, defaults)
	require.NoError(t, d.srv.WaitCallbacks(d.ctx))
	for r := range rooms {
		ms, err := d.flows[r%2].Members(d.ctx, fmt.Sprint("room-", r))
		require.NoError(t, err)
		assert.Empty(t, ms, "room-%d after every exit callback", r)
	}
}

// TestTwoStoresTakeOnce races takes of one continuation through two
// stores: every taker gets it, once as pending and then from the grace
// window, whichever instance it goes through.
func TestTwoStoresTakeOnce(t *testing.T) {
	t.Parallel()
	stores := twoStores(t)
	ctx := t.Context()
	const calls, takers = 20, 6
	for i := range calls {
		require.NoError(t, stores[i%2].PutContinuation(ctx, fmt.Sprint("call-", i), []byte(fmt.Sprint("doc-", i)), time.Hour))
	}
	var wg sync.WaitGroup
	got := make([][]string, takers)
	errs := make([]error, takers)
	for g := range takers {
		wg.Go(func() {
			for i := range calls {
				doc, ok, err := stores[(g+i)%2].TakeContinuation(ctx, fmt.Sprint("call-", i), time.Hour)
				if err != nil {
					errs[g] = err
					return
				}
				if !ok {
					doc = nil
				}
				got[g] = append(got[g], string(doc))
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
