package kick

import (
	"context"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Retry defaults, used when the corresponding option is not given.
const (
	// DefaultMaxAttempts is the number of attempts, the first included.
	DefaultMaxAttempts = 3
	// DefaultMinBackoff is the base wait of [DefaultBackoff] before the
	// second attempt; it doubles with every further attempt.
	DefaultMinBackoff = 250 * time.Millisecond
	// DefaultMaxBackoff caps the exponential wait of [DefaultBackoff].
	DefaultMaxBackoff = 5 * time.Second
	// DefaultMaxWait is the longest the client waits between two attempts.
	// A longer wait, such as a Retry-After of several minutes, ends the
	// retries and returns the last error.
	DefaultMaxWait = 30 * time.Second
)

// Attempt describes a failed attempt, for a [CheckRetry] and a [Backoff].
type Attempt struct {
	// Number is the attempt's number, starting at 1.
	Number int
	// Method is the HTTP method: GET for a read (which changes nothing),
	// POST or DELETE for an operation that changes state.
	Method string
	// StatusCode is the answer's status code, or 0 if no answer came.
	StatusCode int
	// Sent reports whether the request may have reached the server: false
	// only when the error proves it never left (a dial, DNS, proxy-connect
	// or TLS handshake failure; see [WithHTTPClient]), so the platform
	// cannot have acted on it.
	Sent bool
	// RetryAfter is the wait asked for by the answer's Retry-After header,
	// or 0.
	RetryAfter time.Duration
	// Err is the attempt's error, as the client would return it.
	Err error
}

// CheckRetry decides whether a failed attempt is tried again. The client
// calls it only after a failure, never after a 2xx, and stops on its own when
// the context is done or the attempts run out.
type CheckRetry func(ctx context.Context, a Attempt) bool

// Backoff returns how long to wait after the failed attempt a before the
// next one.
type Backoff func(a Attempt) time.Duration

// DefaultCheckRetry is the safe default policy. It retries a 429 and a
// transport failure that provably never sent the request. A GET, which
// changes nothing, is also retried after a 5xx other than 501 and after any
// transport failure. Nothing else is: not a 5xx, a timeout or a reset after
// a request that changes state may have been sent. Kick, hang-up, mute and
// the rest are not idempotent in practice, because the platform reuses a
// member ID when a caller rejoins: a late retry could act on somebody else.
func DefaultCheckRetry(ctx context.Context, a Attempt) bool {
	if ctx.Err() != nil {
		return false
	}
	switch {
	case a.StatusCode == http.StatusTooManyRequests:
		return true
	case a.Method == http.MethodGet:
		return retryable5xx(a) || (a.StatusCode == 0 && a.Err != nil)
	}
	return a.StatusCode == 0 && !a.Sent && a.Err != nil
}

// retryable5xx reports a 5xx answer other than 501 Not Implemented.
func retryable5xx(a Attempt) bool {
	return a.StatusCode >= 500 && a.StatusCode <= 599 && a.StatusCode != http.StatusNotImplemented
}

// RetryUnknownOutcome is a policy for callers who accept the risk described
// at [DefaultCheckRetry]: besides what that policy retries, it also retries
// 5xx answers other than 501 and transport failures after the request may
// have been sent. A retried kick that then gets a 404 may mean the first
// attempt worked.
func RetryUnknownOutcome(ctx context.Context, a Attempt) bool {
	if ctx.Err() != nil {
		return false
	}
	switch {
	case a.StatusCode == http.StatusTooManyRequests:
		return true
	case retryable5xx(a):
		return true
	}
	return a.StatusCode == 0 && a.Err != nil
}

// DefaultBackoff waits for the answer's Retry-After when there is one, and
// otherwise backs off exponentially with jitter: a random wait between half
// and all of DefaultMinBackoff·2^(n−1), capped at DefaultMaxBackoff, after
// attempt n.
func DefaultBackoff(a Attempt) time.Duration {
	if a.RetryAfter > 0 {
		return a.RetryAfter
	}
	return ExponentialBackoff(DefaultMinBackoff, DefaultMaxBackoff)(a)
}

// ExponentialBackoff returns a [Backoff] that waits a random duration
// between half and all of base·2^(n−1), capped at ceiling, after attempt n.
// It ignores Retry-After; wrap it to honour the header.
func ExponentialBackoff(base, ceiling time.Duration) Backoff {
	return func(a Attempt) time.Duration {
		d := base
		for i := 1; i < a.Number && d < ceiling; i++ {
			d *= 2
		}
		d = min(d, ceiling)
		if d <= 1 {
			return d
		}
		half := d / 2
		return half + rand.N(d-half+1)
	}
}

// parseRetryAfter reads a Retry-After value given in seconds or as an HTTP
// date; 0 when empty, unparsable or in the past.
func parseRetryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
		if secs <= 0 {
			return 0
		}
		if secs > int64(24*time.Hour/time.Second) {
			secs = int64(24 * time.Hour / time.Second)
		}
		return time.Duration(secs) * time.Second
	}
	t, err := http.ParseTime(v)
	if err != nil {
		return 0
	}
	if d := t.Sub(now); d > 0 {
		return d
	}
	return 0
}

// sleep waits for d or until ctx is done, whichever comes first.
func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
