package redisstore_test

import (
	"testing"

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
