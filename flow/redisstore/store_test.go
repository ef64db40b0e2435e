package redisstore_test

import (
	"testing"

	"github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/assert"
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

// TestOpenHidesPassword checks that a server URL that does not parse is
// not quoted in the error, since it may carry a password.
func TestOpenHidesPassword(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		giveURL string
	}{
		{"bad escape", "redis://user:s3cret%zz@127.0.0.1:6379/0"},
		{"bad port", "redis://user:s3cret@127.0.0.1:port/0"},
		{"control character", "redis://user:s3cret@127.0.0.1:6379/0\x7f"},
		{"password read as port", "redis://user:s3cret/0"},
		{"cluster bad escape", "redis+cluster://user:s3cret%zz@127.0.0.1:7000"},
		{"sentinel without master", "redis+sentinel://user:s3cret@127.0.0.1:26379"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := redisstore.Open(tt.giveURL)
			require.ErrorIs(t, err, flow.ErrInvalidArgument)
			assert.NotContains(t, err.Error(), "s3cret")
		})
	}
}
