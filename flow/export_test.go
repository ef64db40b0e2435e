package flow

import "time"

// WithJoinTokens makes join tokens with next instead of at random, so that
// documents are reproducible in golden files.
func WithJoinTokens(next func() string) Option {
	return func(o *options) error {
		o.joinToken = next
		return nil
	}
}

// WithClock sets the flow's clock (JoinedAt, nonce expiry).
func WithClock(now func() time.Time) Option {
	return func(o *options) error {
		o.now = now
		return nil
	}
}

// WithMaxNonces bounds the nonce replay cache.
func WithMaxNonces(n int) Option {
	return func(o *options) error {
		o.maxNonces = n
		return nil
	}
}
