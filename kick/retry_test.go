package kick

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestParseRetryAfter(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		give string
		want time.Duration
	}{
		{give: "", want: 0},
		{give: "0", want: 0},
		{give: "-3", want: 0},
		{give: "2", want: 2 * time.Second},
		{give: " 120 ", want: 2 * time.Minute},
		{give: "99999999999", want: 24 * time.Hour},
		{give: "1.5", want: 0},
		{give: "soon", want: 0},
		{give: now.Add(90 * time.Second).Format(http.TimeFormat), want: 90 * time.Second},
		{give: now.Add(-time.Minute).Format(http.TimeFormat), want: 0},
		{give: "Wednesday, 25-Nov-26 12:00:30 GMT", want: 30 * time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.give, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tt.want, parseRetryAfter(tt.give, now))
		})
	}
}

func TestExponentialBackoff(t *testing.T) {
	t.Parallel()
	backoff := ExponentialBackoff(100*time.Millisecond, time.Second)
	tests := []struct {
		giveNumber int
		wantMax    time.Duration
	}{
		{giveNumber: 1, wantMax: 100 * time.Millisecond},
		{giveNumber: 2, wantMax: 200 * time.Millisecond},
		{giveNumber: 3, wantMax: 400 * time.Millisecond},
		{giveNumber: 4, wantMax: 800 * time.Millisecond},
		{giveNumber: 5, wantMax: time.Second},
		{giveNumber: 60, wantMax: time.Second},
	}
	for _, tt := range tests {
		t.Run(time.Duration(tt.giveNumber).String(), func(t *testing.T) {
			t.Parallel()
			for range 200 {
				got := backoff(Attempt{Number: tt.giveNumber})
				assert.GreaterOrEqual(t, got, tt.wantMax/2)
				assert.LessOrEqual(t, got, tt.wantMax)
			}
		})
	}
}

func TestExponentialBackoff_jitters(t *testing.T) {
	t.Parallel()
	backoff := ExponentialBackoff(time.Second, time.Minute)
	seen := map[time.Duration]bool{}
	for range 50 {
		seen[backoff(Attempt{Number: 3})] = true
	}
	assert.Greater(t, len(seen), 1, "waits should differ")
}

func TestDefaultBackoff_retryAfterWins(t *testing.T) {
	t.Parallel()
	got := DefaultBackoff(Attempt{Number: 1, StatusCode: 429, RetryAfter: 9 * time.Second})
	assert.Equal(t, 9*time.Second, got)
}

func TestCheckRetry(t *testing.T) {
	t.Parallel()
	transportErr := errors.New("boom")
	tests := []struct {
		name        string
		give        Attempt
		wantDefault bool
		wantUnknown bool
	}{
		{name: "429", give: Attempt{StatusCode: 429, Sent: true, Err: transportErr}, wantDefault: true, wantUnknown: true},
		{name: "500", give: Attempt{StatusCode: 500, Sent: true, Err: transportErr}, wantDefault: false, wantUnknown: true},
		{name: "501", give: Attempt{StatusCode: 501, Sent: true, Err: transportErr}, wantDefault: false, wantUnknown: false},
		{name: "503", give: Attempt{StatusCode: 503, Sent: true, Err: transportErr}, wantDefault: false, wantUnknown: true},
		{name: "404", give: Attempt{StatusCode: 404, Sent: true, Err: transportErr}, wantDefault: false, wantUnknown: false},
		{name: "401", give: Attempt{StatusCode: 401, Sent: true, Err: transportErr}, wantDefault: false, wantUnknown: false},
		{name: "not sent", give: Attempt{Sent: false, Err: transportErr}, wantDefault: true, wantUnknown: true},
		{name: "sent", give: Attempt{Sent: true, Err: transportErr}, wantDefault: false, wantUnknown: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tt.wantDefault, DefaultCheckRetry(t.Context(), tt.give), "DefaultCheckRetry")
			assert.Equal(t, tt.wantUnknown, RetryUnknownOutcome(t.Context(), tt.give), "RetryUnknownOutcome")
		})
	}
}

func TestCheckRetry_contextDone(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	a := Attempt{StatusCode: 429, Sent: true, Err: errors.New("x")}
	assert.False(t, DefaultCheckRetry(ctx, a))
	assert.False(t, RetryUnknownOutcome(ctx, a))
}

func TestSleep(t *testing.T) {
	t.Parallel()
	t.Run("zero", func(t *testing.T) {
		t.Parallel()
		assert.NoError(t, sleep(t.Context(), 0))
	})
	t.Run("short", func(t *testing.T) {
		t.Parallel()
		assert.NoError(t, sleep(t.Context(), time.Millisecond))
	})
	t.Run("cancelled", func(t *testing.T) {
		t.Parallel()
		ctx, cancel := context.WithCancel(t.Context())
		cancel()
		assert.ErrorIs(t, sleep(ctx, time.Hour), context.Canceled)
	})
}
