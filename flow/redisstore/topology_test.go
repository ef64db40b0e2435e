package redisstore_test

import (
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kickflow/kickflow/flow"
	"github.com/kickflow/kickflow/flow/redisstore"
	"github.com/kickflow/kickflow/flow/storetest"
	"github.com/kickflow/kickflow/internal/redistest"
)

// openTopology returns a store opened with url under a fresh prefix,
// closed when the test ends.
func openTopology(t *testing.T, url string) *redisstore.Store {
	t.Helper()
	s, err := redisstore.Open(url, redisstore.WithPrefix(redistest.Prefix(t)))
	require.NoError(t, err)
	t.Cleanup(func() { assert.NoError(t, s.Close()) })
	require.NoError(t, s.Ping(t.Context()))
	return s
}

// TestStoreCluster runs the conformance suite on a three-master Redis
// Cluster, opened with the redis+cluster URL form.
func TestStoreCluster(t *testing.T) {
	t.Parallel()
	url := redistest.Cluster(t).URL()
	storetest.Run(t, func(t *testing.T) flow.Store { return openTopology(t, url) })
}

// TestStoreSentinel runs the conformance suite on a Sentinel-monitored
// master, opened with the redis+sentinel URL form.
func TestStoreSentinel(t *testing.T) {
	t.Parallel()
	url := redistest.Sentinel(t).URL()
	storetest.Run(t, func(t *testing.T) flow.Store { return openTopology(t, url) })
}

// TestTwoInstancesTopologies runs TestTwoInstances on a Cluster and on a
// Sentinel set-up: two stores opened with the same URL and prefix, as two
// app instances would.
func TestTwoInstancesTopologies(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		url  func(t *testing.T) string
	}{
		{"cluster", func(t *testing.T) string { return redistest.Cluster(t).URL() }},
		{"sentinel", func(t *testing.T) string { return redistest.Sentinel(t).URL() }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			url, prefix := tt.url(t), redistest.Prefix(t)
			var stores []flow.Store
			for range 2 {
				s, err := redisstore.Open(url, redisstore.WithPrefix(prefix))
				require.NoError(t, err)
				t.Cleanup(func() { assert.NoError(t, s.Close()) })
				stores = append(stores, s)
			}
			testTwoInstances(t, stores)
		})
	}
}

// TestSentinelFailover kills the master under a store opened with the
// redis+sentinel form: the store fails while no master answers and works
// again, on the promoted replica, once the sentinel has failed over,
// with what was replicated before the kill.
func TestSentinelFailover(t *testing.T) {
	t.Parallel()
	s := redistest.StartSentinel(t)
	store, err := redisstore.Open(s.URL()+"?max_retries=-1&dial_timeout=200ms", redisstore.WithPrefix("failover"))
	require.NoError(t, err)
	t.Cleanup(func() { assert.NoError(t, store.Close()) })
	ctx := t.Context()
	require.NoError(t, store.PutContinuation(ctx, "call-a", []byte("<Response/>"), time.Minute))
	// Make sure the replica holds it before the master dies.
	master := redis.NewClient(&redis.Options{Addr: s.MasterAddr(t), DisableIdentity: true})
	require.NoError(t, master.Do(ctx, "WAIT", 1, 5000).Err())
	require.NoError(t, master.Close())

	old := s.KillMaster(t)
	assert.Error(t, store.Ping(ctx), "no master answers")
	now := s.WaitFailover(t, old)
	assert.NotEqual(t, old, now)
	require.Eventually(t, func() bool { return store.Ping(ctx) == nil }, 30*time.Second, 50*time.Millisecond,
		"the store reaches the promoted master")
	doc, ok, err := store.TakeContinuation(ctx, "call-a", time.Second)
	require.NoError(t, err)
	assert.True(t, ok)
	assert.Equal(t, "<Response/>", string(doc))
}
