package kick

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestError_Is(t *testing.T) {
	t.Parallel()
	sentinels := []error{ErrUnauthorized, ErrNotFound, ErrRouteNotFound, ErrRateLimited, ErrOutcomeUnknown, ErrInvalidArgument}
	tests := []struct {
		name       string
		giveStatus int
		giveBody   string
		want       error
	}{
		{name: "400", giveStatus: 400},
		{name: "401", giveStatus: 401, want: ErrUnauthorized},
		{name: "403", giveStatus: 403, want: ErrUnauthorized},
		{name: "404 conference", giveStatus: 404, giveBody: `{"error":"conference not found"}`, want: ErrNotFound},
		{name: "404 member", giveStatus: 404, giveBody: `{"error":"member not found"}`, want: ErrNotFound},
		{name: "404 gateway", giveStatus: 404, giveBody: `{"message":"Not Found"}`, want: ErrRouteNotFound},
		{name: "404 gateway lower case", giveStatus: 404, giveBody: `{"message":"not found"}`, want: ErrRouteNotFound},
		{name: "404 message and error", giveStatus: 404, giveBody: `{"message":"Not Found","error":"conference not found"}`, want: ErrNotFound},
		{name: "404 empty", giveStatus: 404, want: ErrNotFound},
		{name: "404 text", giveStatus: 404, giveBody: "Not Found", want: ErrNotFound},
		{name: "409", giveStatus: 409},
		{name: "429", giveStatus: 429, want: ErrRateLimited},
		{name: "500", giveStatus: 500, want: ErrOutcomeUnknown},
		{name: "504", giveStatus: 504, want: ErrOutcomeUnknown},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := &Error{StatusCode: tt.giveStatus, Body: []byte(tt.giveBody)}
			for _, s := range sentinels {
				assert.Equal(t, s == tt.want, errors.Is(err, s), "errors.Is(%v)", s)
			}
		})
	}
}

func TestNewError(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name       string
		giveStatus int
		giveHeader http.Header
		giveBody   string
		want       *Error
	}{
		{
			name: "error string", giveStatus: 404,
			giveBody: `{"error":"conference not found","api_id":"a1"}`,
			want:     &Error{StatusCode: 404, Message: "conference not found", APIID: "a1"},
		},
		{
			name: "error object", giveStatus: 429,
			giveHeader: http.Header{"Retry-After": {"4"}},
			giveBody:   `{"status":"error","error":{"code":"RATE_LIMIT_EXCEEDED","message":"slow down","details":{"retryAfter":4}},"requestId":"r1"}`,
			want:       &Error{StatusCode: 429, Message: "slow down", Code: "RATE_LIMIT_EXCEEDED", APIID: "r1", RetryAfter: 4 * time.Second},
		},
		{
			name: "message only", giveStatus: 404,
			giveBody: `{"message":"Not Found"}`,
			want:     &Error{StatusCode: 404, Message: "Not Found"},
		},
		{
			name: "numeric api_id", giveStatus: 500,
			giveBody: `{"error":"x","api_id":42}`,
			want:     &Error{StatusCode: 500, Message: "x", APIID: "42"},
		},
		{
			name: "error of another type", giveStatus: 500,
			giveBody: `{"error":true,"message":"fallback"}`,
			want:     &Error{StatusCode: 500, Message: "fallback"},
		},
		{
			name: "array body", giveStatus: 500,
			giveBody: `["x"]`,
			want:     &Error{StatusCode: 500},
		},
		{
			name: "empty", giveStatus: 503,
			want: &Error{StatusCode: 503},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := newError(call{}, tt.giveStatus, tt.giveHeader, []byte(tt.giveBody), now)
			tt.want.Body = []byte(tt.giveBody)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestError_Error(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		give *Error
		want string
	}{
		{
			name: "with op",
			give: &Error{StatusCode: 404, Message: "conference not found", APIID: "a1", op: `kick "MyConf" [10]`},
			want: `kick: kick "MyConf" [10]: 404 Not Found: conference not found (api_id a1)`,
		},
		{
			name: "bare",
			give: &Error{StatusCode: 503},
			want: "kick: 503 Service Unavailable",
		},
		{
			name: "unauthorized hint",
			give: &Error{StatusCode: 401},
			want: "kick: 401 Unauthorized (wrong credentials, or a path with the wrong case or without its trailing slash)",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tt.want, tt.give.Error())
		})
	}
}

func TestRetryError(t *testing.T) {
	t.Parallel()
	last := &Error{StatusCode: 429, Message: "slow down"}
	err := error(&RetryError{Attempts: 3, Cause: context.DeadlineExceeded, Last: last})

	assert.ErrorIs(t, err, context.DeadlineExceeded)
	assert.ErrorIs(t, err, ErrRateLimited)
	var apiErr *Error
	assert.ErrorAs(t, err, &apiErr)
	assert.Same(t, last, apiErr)
	assert.Equal(t, "kick: 429 Too Many Requests: slow down (gave up after 3 attempts: context deadline exceeded)", err.Error())
}

func TestRetryError_outcomeUnknown(t *testing.T) {
	t.Parallel()
	first := &Error{StatusCode: 503, op: `kick "MyConf" [10]`, method: "POST"}
	last := &Error{StatusCode: 404, Message: "member not found", op: `kick "MyConf" [10]`, method: "POST"}
	err := error(&RetryError{Attempts: 2, Last: last, Errors: []error{first, last}, OutcomeUnknown: true})

	assert.ErrorIs(t, err, ErrOutcomeUnknown)
	assert.ErrorIs(t, err, ErrNotFound)
	assert.NotErrorIs(t, err, ErrRetriesExhausted)
	var apiErr *Error
	require.ErrorAs(t, err, &apiErr)
	assert.Same(t, last, apiErr)
	assert.Equal(t, `kick: kick "MyConf" [10]: 404 Not Found: member not found (after 2 attempts; outcome unknown since attempt 1)`, err.Error())

	known := &RetryError{Attempts: 2, Last: last, Errors: []error{last, last}}
	assert.NotErrorIs(t, known, ErrOutcomeUnknown)
	assert.Equal(t, `kick: kick "MyConf" [10]: 404 Not Found: member not found (after 2 attempts)`, known.Error())
}

func TestRetryError_exhaustedMessage(t *testing.T) {
	t.Parallel()
	err := &RetryError{Attempts: 3, Cause: ErrRetriesExhausted, Last: &Error{StatusCode: 429}}
	assert.Equal(t, "kick: 429 Too Many Requests (gave up after 3 attempts: retries exhausted)", err.Error())
	assert.Equal(t, 1, strings.Count(err.Error(), "kick:"), "one package prefix")
}

func TestError_Is_getHasNoUnknownOutcome(t *testing.T) {
	t.Parallel()
	assert.NotErrorIs(t, &Error{StatusCode: 503, method: "GET"}, ErrOutcomeUnknown)
	assert.ErrorIs(t, &Error{StatusCode: 503, method: "POST"}, ErrOutcomeUnknown)
	assert.ErrorIs(t, &Error{StatusCode: 503, method: "DELETE"}, ErrOutcomeUnknown)
}

func TestInvalid(t *testing.T) {
	t.Parallel()
	err := fmt.Errorf("kick: %s: %w", `kick "" [10]`, invalid("empty conference name"))
	assert.ErrorIs(t, err, ErrInvalidArgument)
	assert.Equal(t, `kick: kick "" [10]: invalid argument: empty conference name`, err.Error())

	cause := errors.New("bad port")
	err = invalidErr(cause, "base URL")
	assert.ErrorIs(t, err, ErrInvalidArgument)
	assert.ErrorIs(t, err, cause)
	assert.Equal(t, "invalid argument: base URL: bad port", err.Error())
}
