package redistest_test

import (
	"context"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kickflow/kickflow/internal/redistest"
)

// TestCluster checks that the Cluster has three masters that share the
// slots, and that keys written through a cluster client spread over them.
func TestCluster(t *testing.T) {
	t.Parallel()
	cs := redistest.Cluster(t)
	require.Len(t, cs.Addrs, 3)
	assert.Same(t, cs, redistest.Cluster(t), "one Cluster per test binary")
	assert.Equal(t, "redis+cluster://"+strings.Join(cs.Addrs, ","), cs.URL())

	c := redis.NewClusterClient(cs.Options())
	t.Cleanup(func() { _ = c.Close() })
	ctx := t.Context()
	shards, err := c.ClusterShards(ctx).Result()
	require.NoError(t, err)
	assert.Len(t, shards, 3)

	p := redistest.Prefix(t)
	for i := range 30 {
		require.NoError(t, c.Set(ctx, fmt.Sprintf("%s:%d", p, i), i, 0).Err())
	}
	var holders atomic.Int32 // ForEachMaster calls in parallel
	require.NoError(t, c.ForEachMaster(ctx, func(ctx context.Context, m *redis.Client) error {
		n, err := m.DBSize(ctx).Result()
		if n > 0 {
			holders.Add(1)
		}
		return err
	}))
	assert.Equal(t, int32(3), holders.Load(), "30 keys land on every master")
}

// TestSentinelFailover kills the master of a set-up of the test's own and
// checks that the sentinel promotes the replica, that a failover client
// follows, and that the old master comes back as a replica.
func TestSentinelFailover(t *testing.T) {
	t.Parallel()
	s := redistest.StartSentinel(t)
	assert.Equal(t, "redis+sentinel://"+s.SentinelAddrs[0]+"/kickflow", s.URL())
	c := redis.NewFailoverClient(s.Options())
	t.Cleanup(func() { _ = c.Close() })
	ctx := t.Context()
	require.NoError(t, c.Set(ctx, "k", "before", 0).Err())
	// The replica must hold the key before the master dies.
	require.NoError(t, c.Do(ctx, "WAIT", 1, 5000).Err())

	old := s.KillMaster(t)
	now := s.WaitFailover(t, old)
	assert.NotEqual(t, old, now)
	require.Eventually(t, func() bool { return c.Get(ctx, "k").Val() == "before" },
		redistestTimeout, pollEvery, "the failover client reads the promoted replica")
	require.NoError(t, c.Set(ctx, "k", "after", 0).Err())

	s.Restart(t, old)
	assert.Equal(t, now, s.MasterAddr(t), "the restarted node does not take the master role back")
	oc := redis.NewClient(&redis.Options{Addr: old, DisableIdentity: true})
	t.Cleanup(func() { _ = oc.Close() })
	require.Eventually(t, func() bool { return oc.Get(ctx, "k").Val() == "after" },
		redistestTimeout, pollEvery, "the old master replicates the new one")
}

// TestSentinelShared checks the shared set-up: one per test binary, and a
// failover client writes through it.
func TestSentinelShared(t *testing.T) {
	t.Parallel()
	s := redistest.Sentinel(t)
	assert.Same(t, s, redistest.Sentinel(t))
	assert.Equal(t, redistest.MasterName, s.MasterName)
	c := redis.NewFailoverClient(s.Options())
	t.Cleanup(func() { _ = c.Close() })
	p := redistest.Prefix(t)
	require.NoError(t, c.Set(t.Context(), p+":k", "v", 0).Err())
	assert.Equal(t, "v", c.Get(t.Context(), p+":k").Val())
}

// Bounds of the polls above: generous, they only stop a hang.
const (
	redistestTimeout = 30 * time.Second
	pollEvery        = 50 * time.Millisecond
)
