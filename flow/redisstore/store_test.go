package redisstore_test

import (
	"testing"

	"github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/require"

	"github.com/kickflow/kickflow/flow"
	"github.com/kickflow/kickflow/flow/redisstore"
	"github.com/kickflow/kickflow/flow/storetest"
)

func TestStore(t *testing.T) {
	t.Parallel()
	needServer(t)
	storetest.Run(t, func(t *testing.T) flow.Store { return newStore(t) })
}

// TestStoreRESP2 runs the suite over a RESP2 connection: script replies
// (nil, arrays) must read the same under both protocols.
func TestStoreRESP2(t *testing.T) {
	t.Parallel()
	url := needServer(t)
	storetest.Run(t, func(t *testing.T) flow.Store {
		o, err := redis.ParseURL(url)
		require.NoError(t, err)
		o.Protocol, o.DisableIdentity = 2, true
		c := redis.NewClient(o)
		t.Cleanup(func() { _ = c.Close() })
		s, err := redisstore.New(c, redisstore.WithPrefix(newPrefix(t)))
		require.NoError(t, err)
		return s
	})
}
