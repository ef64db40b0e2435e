package redistest_test

import (
	"os"
	"testing"

	"github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kickflow/kickflow/internal/redistest"
)

func TestMain(m *testing.M) { os.Exit(redistest.Run(m)) }

// client returns a client of the server at url, closed when t ends.
func client(t *testing.T, url string) *redis.Client {
	t.Helper()
	o, err := redis.ParseURL(url)
	require.NoError(t, err)
	o.DisableIdentity = true
	c := redis.NewClient(o)
	t.Cleanup(func() { _ = c.Close() })
	return c
}

func TestURLServes(t *testing.T) {
	t.Parallel()
	url := redistest.URL(t)
	assert.Equal(t, url, redistest.URL(t), "one server per test binary")
	c := client(t, url)
	require.NoError(t, c.Set(t.Context(), redistest.Prefix(t)+":k", "v", 0).Err())
}

// TestPrefixDeletesKeys checks that a prefix's keys are gone after its
// test, and that another test's keys are left alone.
func TestPrefixDeletesKeys(t *testing.T) {
	t.Parallel()
	c := client(t, redistest.URL(t))
	keep := redistest.Prefix(t)
	require.NoError(t, c.Set(t.Context(), "{"+keep+":reg}:x", "v", 0).Err())
	var gone string
	t.Run("inner", func(t *testing.T) {
		gone = redistest.Prefix(t)
		assert.NotEqual(t, keep, gone)
		require.NoError(t, c.Set(t.Context(), "{"+gone+":reg}:x", "v", 0).Err())
		require.NoError(t, c.Set(t.Context(), gone+"-other", "v", 0).Err())
	})
	n, err := c.Exists(t.Context(), "{"+gone+":reg}:x", gone+"-other").Result()
	require.NoError(t, err)
	assert.Zero(t, n, "keys of the ended test")
	n, err = c.Exists(t.Context(), "{"+keep+":reg}:x").Result()
	require.NoError(t, err)
	assert.Equal(t, int64(1), n, "keys of the running test")
}

// TestStartKillRestart checks a test's own server: it answers, is down
// after Kill and answers again, empty, on the same address after Restart.
func TestStartKillRestart(t *testing.T) {
	t.Parallel()
	s := redistest.Start(t)
	c := client(t, s.URL())
	require.NoError(t, c.Set(t.Context(), "k", "v", 0).Err())
	s.Kill()
	assert.Error(t, c.Ping(t.Context()).Err())
	s.Restart(t)
	require.NoError(t, c.Ping(t.Context()).Err())
	n, err := c.Exists(t.Context(), "k").Result()
	require.NoError(t, err)
	assert.Zero(t, n, "no persistence")
}
