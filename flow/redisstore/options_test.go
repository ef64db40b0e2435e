package redisstore_test

import (
	"testing"

	"github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kickflow/kickflow/flow"
	"github.com/kickflow/kickflow/flow/redisstore"
)

// TestNewNilOption needs no server: New does not connect.
func TestNewNilOption(t *testing.T) {
	t.Parallel()
	c := redis.NewClient(&redis.Options{Addr: "127.0.0.1:1"})
	t.Cleanup(func() { _ = c.Close() })
	tests := []struct {
		name     string
		giveOpts []redisstore.Option
		want     string
	}{
		{"only option", []redisstore.Option{nil}, "redisstore: invalid argument: option 1 is nil"},
		{"second option", []redisstore.Option{redisstore.WithPrefix("p"), nil}, "redisstore: invalid argument: option 2 is nil"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var s *redisstore.Store
			var err error
			require.NotPanics(t, func() { s, err = redisstore.New(c, tt.giveOpts...) })
			require.ErrorIs(t, err, flow.ErrInvalidArgument)
			assert.EqualError(t, err, tt.want)
			assert.Nil(t, s)
		})
	}
	var err error
	require.NotPanics(t, func() { _, err = redisstore.Open("redis://127.0.0.1:1/0", redisstore.WithPrefix("p"), nil) })
	require.ErrorIs(t, err, flow.ErrInvalidArgument, "Open passes its options to New")
	assert.Contains(t, err.Error(), "option 2 is nil")
}
