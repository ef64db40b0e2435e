package redisstore_test

import (
	"os"
	"testing"

	"github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/require"

	"github.com/kickflow/kickflow/flow/redisstore"
	"github.com/kickflow/kickflow/internal/redistest"
)

// TestMain runs the tests through redistest, which stops the Redis servers
// it started for them.
func TestMain(m *testing.M) { os.Exit(redistest.Run(m)) }

// needServer returns the URL of the test server (REDIS_URL, else a
// redis-server started for this package), or skips the test (fails it
// under CI=true).
func needServer(t testing.TB) string {
	t.Helper()
	return redistest.URL(t)
}

// newPrefix returns a key prefix no other test uses and deletes its keys
// when the test ends.
func newPrefix(t testing.TB) string {
	t.Helper()
	return redistest.Prefix(t)
}

// newClient returns a client of the test server, closed when the test ends.
func newClient(t testing.TB) *redis.Client {
	t.Helper()
	o, err := redis.ParseURL(needServer(t))
	require.NoError(t, err)
	o.ContextTimeoutEnabled = true
	o.DisableIdentity = true
	c := redis.NewClient(o)
	t.Cleanup(func() { _ = c.Close() })
	return c
}

// newStore returns a store on the test server under a fresh prefix.
func newStore(t testing.TB) *redisstore.Store {
	t.Helper()
	s, err := redisstore.New(newClient(t), redisstore.WithPrefix(newPrefix(t)))
	require.NoError(t, err)
	return s
}
