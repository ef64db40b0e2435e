package kick_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kickflow/kickflow/kick"
	"github.com/kickflow/kickflow/kick/kicktest"
)

func memberURI(srv *kicktest.Server, escConference, escIDs string) string {
	return "/api/v1/Account/" + srv.AuthID + "/Conference/" + escConference + "/Member/" + escIDs + "/"
}

func seed(srv *kicktest.Server, conference string, ids ...string) {
	for _, id := range ids {
		srv.AddMember(conference, kicktest.Member{ID: id, CallUUID: "call-" + id})
	}
}

func TestClient_Kick_members(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name        string
		giveIDs     []string
		wantURI     string
		wantIDs     []string
		wantLeft    []kicktest.Member
		wantRemoved int
	}{
		{
			name:     "one",
			giveIDs:  []string{"10"},
			wantURI:  "10",
			wantIDs:  []string{"10"},
			wantLeft: []kicktest.Member{{ID: "11", CallUUID: "call-11"}, {ID: "12", CallUUID: "call-12"}},
		},
		{
			name:     "several",
			giveIDs:  []string{"10", "12"},
			wantURI:  "10,12",
			wantIDs:  []string{"10", "12"},
			wantLeft: []kicktest.Member{{ID: "11", CallUUID: "call-11"}},
		},
		{
			name:     "all",
			giveIDs:  []string{kick.All},
			wantURI:  "all",
			wantIDs:  []string{"all"},
			wantLeft: nil,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, srv, _ := setup(t)
			seed(srv, "MyConf", "10", "11", "12")

			res, err := c.Kick(t.Context(), "MyConf", tt.giveIDs...)
			require.NoError(t, err)

			assert.Equal(t, http.StatusAccepted, res.StatusCode)
			assert.Equal(t, "kicked", res.Message)
			assert.Equal(t, tt.wantIDs, res.MemberIDs)
			assert.NotEmpty(t, res.APIID)
			assert.Equal(t, tt.wantLeft, srv.Members("MyConf"))
			reqs := srv.Requests()
			require.Len(t, reqs, 1)
			assert.Equal(t, http.MethodPost, reqs[0].Method)
			assert.Equal(t, memberURI(srv, "MyConf", tt.wantURI)+"Kick/", reqs[0].URI)
		})
	}
}

func TestClient_Kick_escaping(t *testing.T) {
	t.Parallel()
	tests := []struct {
		giveConference string
		giveID         string
		wantConference string
		wantID         string
	}{
		{giveConference: "My Conf", giveID: "10", wantConference: "My%20Conf", wantID: "10"},
		{giveConference: "a/b", giveID: "10", wantConference: "a%2Fb", wantID: "10"},
		{giveConference: "../Kick", giveID: "10", wantConference: "..%2FKick", wantID: "10"},
		{giveConference: "what?x=1", giveID: "10", wantConference: "what%3Fx=1", wantID: "10"},
		{giveConference: "room#1", giveID: "10", wantConference: "room%231", wantID: "10"},
		{giveConference: "100%", giveID: "10", wantConference: "100%25", wantID: "10"},
		{giveConference: "%2F", giveID: "10", wantConference: "%252F", wantID: "10"},
		{giveConference: "Café ☕", giveID: "10", wantConference: "Caf%C3%A9%20%E2%98%95", wantID: "10"},
		{giveConference: "semi;colon", giveID: "10", wantConference: "semi%3Bcolon", wantID: "10"},
		{giveConference: "MyConf", giveID: "a b?#%", wantConference: "MyConf", wantID: "a%20b%3F%23%25"},
	}
	for _, tt := range tests {
		t.Run(tt.giveConference+"/"+tt.giveID, func(t *testing.T) {
			t.Parallel()
			c, srv, _ := setup(t)
			seed(srv, tt.giveConference, tt.giveID)

			_, err := c.Kick(t.Context(), tt.giveConference, tt.giveID)
			require.NoError(t, err)

			reqs := srv.Requests()
			require.Len(t, reqs, 1)
			assert.Equal(t, memberURI(srv, tt.wantConference, tt.wantID)+"Kick/", reqs[0].URI)
			assert.Equal(t, tt.giveConference, reqs[0].Conference)
			assert.Equal(t, []string{tt.giveID}, reqs[0].MemberIDs)
			assert.Empty(t, srv.Members(tt.giveConference), "member should have been kicked")
		})
	}
}

func TestClient_Kick_request(t *testing.T) {
	t.Parallel()
	srv := kicktest.NewServer()
	t.Cleanup(srv.Close)
	rec := &headerRecorder{next: srv.Client().Transport}
	c, err := kick.New(srv.AuthID, srv.AuthToken,
		kick.WithBaseURL(srv.URL),
		kick.WithHTTPClient(&http.Client{Transport: rec}),
		kick.WithUserAgent("kick-test/1"))
	require.NoError(t, err)
	seed(srv, "MyConf", "10")

	_, err = c.Kick(t.Context(), "MyConf", "10")
	require.NoError(t, err)

	sent := rec.last()
	require.NotNil(t, sent)
	// Byte-exact header names as the client hands them to the transport.
	//lint:ignore SA1008 the non-canonical name is what is under test
	assert.Equal(t, []string{srv.AuthID}, sent["X-Auth-ID"])
	assert.Equal(t, []string{srv.AuthToken}, sent["X-Auth-Token"])
	assert.Equal(t, "application/json", sent.Get("Content-Type"))
	assert.Equal(t, "application/json", sent.Get("Accept"))
	assert.Equal(t, "kick-test/1", sent.Get("User-Agent"))

	reqs := srv.Requests()
	require.Len(t, reqs, 1)
	assert.Equal(t, "{}", string(reqs[0].Body))
	assert.Equal(t, "2", reqs[0].Header.Get("Content-Length"))
}

func TestClient_HangUp(t *testing.T) {
	t.Parallel()
	c, srv, _ := setup(t)
	seed(srv, "My Conf", "10", "11")

	err := c.HangUp(t.Context(), "My Conf", "10")
	require.NoError(t, err)

	assert.Equal(t, []kicktest.Member{{ID: "11", CallUUID: "call-11"}}, srv.Members("My Conf"))
	reqs := srv.Requests()
	require.Len(t, reqs, 1)
	assert.Equal(t, http.MethodDelete, reqs[0].Method)
	assert.Equal(t, memberURI(srv, "My%20Conf", "10"), reqs[0].URI)
	assert.Empty(t, reqs[0].Body)
	assert.Empty(t, reqs[0].Header.Get("Content-Type"))
	assert.Equal(t, srv.AuthToken, reqs[0].Header.Get("X-Auth-Token"))
}

func TestClient_HangUp_errors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		give    kicktest.Response
		wantErr error
	}{
		{name: "404", give: kicktest.Response{Status: 404, Body: `{"error":"conference not found"}`}, wantErr: kick.ErrNotFound},
		{name: "503", give: kicktest.Response{Status: 503}, wantErr: kick.ErrOutcomeUnknown},
		{name: "401", give: kicktest.Response{Status: 401}, wantErr: kick.ErrUnauthorized},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, srv, _ := setup(t)
			srv.Enqueue(tt.give)

			err := c.HangUp(t.Context(), "MyConf", "10")

			require.ErrorIs(t, err, tt.wantErr)
			var apiErr *kick.Error
			require.ErrorAs(t, err, &apiErr)
			assert.Equal(t, tt.give.Status, apiErr.StatusCode)
			assert.Len(t, srv.Requests(), 1)
		})
	}
}

func TestClient_Kick_successBodies(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		give     kicktest.Response
		wantMsg  string
		wantIDs  []string
		wantAPI  string
		wantBody string
	}{
		{
			name:    "202 array",
			give:    kicktest.Response{Status: 202, Body: `{"message":"kicked","member_id":["10","11"],"api_id":"a1"}`},
			wantMsg: "kicked", wantIDs: []string{"10", "11"}, wantAPI: "a1",
		},
		{
			name:    "200 string",
			give:    kicktest.Response{Status: 200, Body: `{"message":"kicked","member_id":"10","api_id":"a2"}`},
			wantMsg: "kicked", wantIDs: []string{"10"}, wantAPI: "a2",
		},
		{
			name:    "200 comma string",
			give:    kicktest.Response{Status: 200, Body: `{"message":"kicked","member_id":"10, 11"}`},
			wantMsg: "kicked", wantIDs: []string{"10", "11"},
		},
		{
			name:    "200 numbers",
			give:    kicktest.Response{Status: 200, Body: `{"member_id":[10,11]}`},
			wantIDs: []string{"10", "11"},
		},
		{
			name:    "200 old message",
			give:    kicktest.Response{Status: 200, Body: `{"message":"Member kicked from conference"}`},
			wantMsg: "Member kicked from conference",
		},
		{
			name: "204 empty",
			give: kicktest.Response{Status: 204},
		},
		{
			name: "202 empty",
			give: kicktest.Response{Status: 202},
		},
		{
			name: "200 not JSON",
			give: kicktest.Response{Status: 200, Body: "OK"},
		},
		{
			name: "200 malformed JSON",
			give: kicktest.Response{Status: 200, Body: `{"message":"kicked",`},
		},
		{
			name:    "202 unknown fields",
			give:    kicktest.Response{Status: 202, Body: `{"message":"kicked","member_id":["10"],"extra":{"a":[1]}}`},
			wantMsg: "kicked", wantIDs: []string{"10"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, srv, _ := setup(t)
			srv.Enqueue(tt.give)

			res, err := c.Kick(t.Context(), "MyConf", "10")
			require.NoError(t, err)

			assert.Equal(t, tt.give.Status, res.StatusCode)
			assert.Equal(t, tt.wantMsg, res.Message)
			assert.Equal(t, tt.wantIDs, res.MemberIDs)
			assert.Equal(t, tt.wantAPI, res.APIID)
			assert.Equal(t, tt.give.Body, string(res.Body))
		})
	}
}

func TestClient_Kick_apiErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name        string
		give        kicktest.Response
		wantIs      error
		wantIsNot   []error
		wantMessage string
		wantCode    string
		wantAPIID   string
	}{
		{
			name:        "401 JSON",
			give:        kicktest.Response{Status: 401, Body: `{"error":"authentication failed","api_id":"x1"}`},
			wantIs:      kick.ErrUnauthorized,
			wantMessage: "authentication failed", wantAPIID: "x1",
		},
		{
			name:   "403 empty",
			give:   kicktest.Response{Status: 403},
			wantIs: kick.ErrUnauthorized,
		},
		{
			name:        "404 conference not found",
			give:        kicktest.Response{Status: 404, Body: `{"error":"conference not found","api_id":"x2"}`},
			wantIs:      kick.ErrNotFound,
			wantIsNot:   []error{kick.ErrRouteNotFound},
			wantMessage: "conference not found", wantAPIID: "x2",
		},
		{
			name:        "404 route not found",
			give:        kicktest.Response{Status: 404, Body: `{"message":"Not Found"}`},
			wantIs:      kick.ErrRouteNotFound,
			wantIsNot:   []error{kick.ErrNotFound},
			wantMessage: "Not Found",
		},
		{
			name:   "404 empty",
			give:   kicktest.Response{Status: 404},
			wantIs: kick.ErrNotFound,
		},
		{
			name:        "422 error object",
			give:        kicktest.Response{Status: 422, Body: `{"status":"error","error":{"code":"INVALID","message":"bad member"},"requestId":"r9"}`},
			wantIsNot:   []error{kick.ErrNotFound, kick.ErrOutcomeUnknown, kick.ErrRateLimited, kick.ErrUnauthorized},
			wantMessage: "bad member", wantCode: "INVALID", wantAPIID: "r9",
		},
		{
			name:      "400 malformed JSON",
			give:      kicktest.Response{Status: 400, Body: `{"error":`},
			wantIsNot: []error{kick.ErrOutcomeUnknown},
		},
		{
			name:      "302 redirect",
			give:      kicktest.Response{Status: 302, Header: http.Header{"Location": {"/elsewhere/"}}},
			wantIsNot: []error{kick.ErrOutcomeUnknown, kick.ErrNotFound},
		},
		{
			name:        "500 JSON",
			give:        kicktest.Response{Status: 500, Body: `{"error":"internal"}`},
			wantIs:      kick.ErrOutcomeUnknown,
			wantMessage: "internal",
		},
		{
			name:   "500 empty",
			give:   kicktest.Response{Status: 500},
			wantIs: kick.ErrOutcomeUnknown,
		},
		{
			name:   "502 HTML",
			give:   kicktest.Response{Status: 502, Body: "<html>Bad Gateway</html>"},
			wantIs: kick.ErrOutcomeUnknown,
		},
		{
			name:   "502 empty",
			give:   kicktest.Response{Status: 502},
			wantIs: kick.ErrOutcomeUnknown,
		},
		{
			name:        "503 JSON with Retry-After",
			give:        kicktest.Response{Status: 503, Body: `{"error":"busy"}`, RetryAfter: "1"},
			wantIs:      kick.ErrOutcomeUnknown,
			wantMessage: "busy",
		},
		{
			name:   "503 empty",
			give:   kicktest.Response{Status: 503},
			wantIs: kick.ErrOutcomeUnknown,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, srv, sl := setup(t)
			seed(srv, "MyConf", "10")
			srv.Enqueue(tt.give, tt.give, tt.give)

			res, err := c.Kick(t.Context(), "MyConf", "10")

			require.Error(t, err)
			assert.Nil(t, res)
			var apiErr *kick.Error
			require.ErrorAs(t, err, &apiErr)
			assert.Equal(t, tt.give.Status, apiErr.StatusCode)
			assert.Equal(t, tt.give.Body, string(apiErr.Body))
			assert.Equal(t, tt.wantMessage, apiErr.Message)
			assert.Equal(t, tt.wantCode, apiErr.Code)
			assert.Equal(t, tt.wantAPIID, apiErr.APIID)
			if tt.wantIs != nil {
				assert.ErrorIs(t, err, tt.wantIs)
			}
			for _, not := range tt.wantIsNot {
				assert.NotErrorIs(t, err, not)
			}
			assert.NotErrorIs(t, err, kick.ErrRetriesExhausted)
			assert.Len(t, srv.Requests(), 1, "must not be retried")
			assert.Empty(t, sl.all())
			assert.NotContains(t, err.Error(), srv.AuthToken)
		})
	}
}

func TestClient_Kick_liveErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		giveOpts func(srv *kicktest.Server) (authID, token string, opts []kick.Option)
		wantIs   error
		wantMsg  string
	}{
		{
			name: "wrong token",
			giveOpts: func(srv *kicktest.Server) (string, string, []kick.Option) {
				return srv.AuthID, "wrong-token", nil
			},
			wantIs: kick.ErrUnauthorized,
		},
		{
			name: "other account",
			giveOpts: func(srv *kicktest.Server) (string, string, []kick.Option) {
				return "MA_OTHER", srv.AuthToken, nil
			},
			wantIs: kick.ErrUnauthorized,
		},
		{
			name: "unknown conference",
			giveOpts: func(srv *kicktest.Server) (string, string, []kick.Option) {
				return srv.AuthID, srv.AuthToken, nil
			},
			wantIs:  kick.ErrNotFound,
			wantMsg: "conference not found",
		},
		{
			name: "base URL with a wrong prefix",
			giveOpts: func(srv *kicktest.Server) (string, string, []kick.Option) {
				return srv.AuthID, srv.AuthToken, []kick.Option{kick.WithBaseURL(srv.URL + "/v2/")}
			},
			wantIs:  kick.ErrRouteNotFound,
			wantMsg: "Not Found",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := kicktest.NewServer()
			t.Cleanup(srv.Close)
			id, token, opts := tt.giveOpts(srv)
			c, err := kick.New(id, token, append([]kick.Option{
				kick.WithBaseURL(srv.URL), kick.WithHTTPClient(srv.Client()),
			}, opts...)...)
			require.NoError(t, err)

			_, err = c.Kick(t.Context(), "Nobody Here", "10")

			require.ErrorIs(t, err, tt.wantIs)
			var apiErr *kick.Error
			require.ErrorAs(t, err, &apiErr)
			if tt.wantMsg != "" {
				assert.Equal(t, tt.wantMsg, apiErr.Message)
			}
			assert.Len(t, srv.Requests(), 1)
		})
	}
}

func TestClient_Kick_memberNotFound(t *testing.T) {
	t.Parallel()
	c, srv, _ := setup(t)
	seed(srv, "MyConf", "11")

	_, err := c.Kick(t.Context(), "MyConf", "10")

	require.ErrorIs(t, err, kick.ErrNotFound)
	assert.NotErrorIs(t, err, kick.ErrRouteNotFound)
	assert.Len(t, srv.Members("MyConf"), 1)
}

func TestClient_Kick_rateLimited(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name      string
		give      []kicktest.Response
		wantWaits []time.Duration
	}{
		{
			name:      "Retry-After seconds",
			give:      []kicktest.Response{{Status: 429, RetryAfter: "2"}},
			wantWaits: []time.Duration{2 * time.Second},
		},
		{
			name:      "Retry-After HTTP date",
			give:      []kicktest.Response{{Status: 429, RetryAfter: now.Add(7 * time.Second).Format(http.TimeFormat)}},
			wantWaits: []time.Duration{7 * time.Second},
		},
		{
			name:      "Retry-After twice",
			give:      []kicktest.Response{{Status: 429, RetryAfter: "1"}, {Status: 429, RetryAfter: "3"}},
			wantWaits: []time.Duration{time.Second, 3 * time.Second},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, srv, sl := setup(t, kick.WithClock(func() time.Time { return now }))
			seed(srv, "MyConf", "10")
			srv.Enqueue(tt.give...)

			res, err := c.Kick(t.Context(), "MyConf", "10")
			require.NoError(t, err)

			assert.Equal(t, []string{"10"}, res.MemberIDs)
			assert.Equal(t, tt.wantWaits, sl.all())
			assert.Len(t, srv.Requests(), len(tt.give)+1)
			assert.Empty(t, srv.Members("MyConf"))
		})
	}
}

func TestClient_Kick_rateLimitedBackoff(t *testing.T) {
	t.Parallel()
	c, srv, sl := setup(t, kick.WithMaxAttempts(4))
	seed(srv, "MyConf", "10")
	srv.Enqueue(kicktest.Response{Status: 429}, kicktest.Response{Status: 429, Body: `{"error":"slow down"}`},
		kicktest.Response{Status: 429})

	_, err := c.Kick(t.Context(), "MyConf", "10")
	require.NoError(t, err)

	waits := sl.all()
	require.Len(t, waits, 3)
	for i, w := range waits {
		ceiling := kick.DefaultMinBackoff << i
		assert.GreaterOrEqual(t, w, ceiling/2, "wait %d", i)
		assert.LessOrEqual(t, w, ceiling, "wait %d", i)
	}
	assert.Len(t, srv.Requests(), 4)
}

func TestClient_Kick_retriesExhausted(t *testing.T) {
	t.Parallel()
	c, srv, sl := setup(t)
	srv.Enqueue(
		kicktest.Response{Status: 429, RetryAfter: "1"},
		kicktest.Response{Status: 429, RetryAfter: "1"},
		kicktest.Response{Status: 429, RetryAfter: "5", Body: `{"error":"too many"}`},
	)

	_, err := c.Kick(t.Context(), "MyConf", "10")

	var retryErr *kick.RetryError
	require.ErrorAs(t, err, &retryErr)
	assert.Equal(t, kick.DefaultMaxAttempts, retryErr.Attempts)
	assert.ErrorIs(t, err, kick.ErrRetriesExhausted)
	assert.ErrorIs(t, err, kick.ErrRateLimited)
	var apiErr *kick.Error
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, "too many", apiErr.Message)
	assert.Equal(t, 5*time.Second, apiErr.RetryAfter)
	assert.Len(t, srv.Requests(), kick.DefaultMaxAttempts)
	assert.Equal(t, []time.Duration{time.Second, time.Second}, sl.all())
}

func TestClient_Kick_retryAfterTooLong(t *testing.T) {
	t.Parallel()
	c, srv, sl := setup(t, kick.WithMaxWait(10*time.Second))
	srv.Enqueue(kicktest.Response{Status: 429, RetryAfter: "60"})

	_, err := c.Kick(t.Context(), "MyConf", "10")

	require.ErrorIs(t, err, kick.ErrRateLimited)
	var apiErr *kick.Error
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, time.Minute, apiErr.RetryAfter)
	assert.Len(t, srv.Requests(), 1)
	assert.Empty(t, sl.all())
}

func TestClient_Kick_maxAttemptsOne(t *testing.T) {
	t.Parallel()
	c, srv, sl := setup(t, kick.WithMaxAttempts(1))
	srv.Enqueue(kicktest.Response{Status: 429, RetryAfter: "1"})

	_, err := c.Kick(t.Context(), "MyConf", "10")

	require.ErrorIs(t, err, kick.ErrRateLimited)
	assert.ErrorIs(t, err, kick.ErrRetriesExhausted)
	assert.Len(t, srv.Requests(), 1)
	assert.Empty(t, sl.all())
}

func TestClient_Kick_cancelDuringWait(t *testing.T) {
	t.Parallel()
	srv := kicktest.NewServer()
	t.Cleanup(srv.Close)
	ctx, cancel := context.WithCancel(t.Context())
	c, err := kick.New(srv.AuthID, srv.AuthToken,
		kick.WithBaseURL(srv.URL), kick.WithHTTPClient(srv.Client()),
		kick.WithSleep(func(ctx context.Context, _ time.Duration) error {
			cancel()
			return ctx.Err()
		}))
	require.NoError(t, err)
	srv.Enqueue(kicktest.Response{Status: 429, RetryAfter: "30"})

	_, err = c.Kick(ctx, "MyConf", "10")

	require.ErrorIs(t, err, context.Canceled)
	assert.ErrorIs(t, err, kick.ErrRateLimited)
	assert.NotErrorIs(t, err, kick.ErrOutcomeUnknown)
	var retryErr *kick.RetryError
	require.ErrorAs(t, err, &retryErr)
	assert.Equal(t, 1, retryErr.Attempts)
	assert.Len(t, srv.Requests(), 1)
}

func TestClient_Kick_realWaitIsCancellable(t *testing.T) {
	t.Parallel()
	srv := kicktest.NewServer()
	t.Cleanup(srv.Close)
	// The deadline passes when the 429 is in and the wait is decided: if the
	// real wait of an hour ignored ctx, the test would hang until the test
	// binary's timeout instead of returning.
	ctx := newEndable()
	t.Cleanup(ctx.end)
	c, err := kick.New(srv.AuthID, srv.AuthToken,
		kick.WithBaseURL(srv.URL), kick.WithHTTPClient(srv.Client()), kick.WithMaxWait(2*time.Hour),
		kick.WithBackoff(func(a kick.Attempt) time.Duration {
			ctx.end()
			return kick.DefaultBackoff(a)
		}))
	require.NoError(t, err)
	srv.Enqueue(kicktest.Response{Status: 429, RetryAfter: "3600"})

	_, err = c.Kick(ctx, "MyConf", "10")

	require.ErrorIs(t, err, context.DeadlineExceeded)
	assert.ErrorIs(t, err, kick.ErrRateLimited)
	var retryErr *kick.RetryError
	require.ErrorAs(t, err, &retryErr, "the wait, not the request, must have ended")
	assert.Len(t, srv.Requests(), 1)
}

func TestClient_Kick_serverErrorsNotRetried(t *testing.T) {
	t.Parallel()
	for _, status := range []int{500, 502, 503, 504} {
		for _, body := range []string{"", `{"error":"upstream"}`} {
			t.Run(fmt.Sprintf("%d %q", status, body), func(t *testing.T) {
				t.Parallel()
				c, srv, sl := setup(t)
				seed(srv, "MyConf", "10", "11")
				// The platform acted before failing: the outcome is truly unknown.
				srv.Enqueue(kicktest.Response{Status: status, Body: body, Apply: true})

				_, err := c.Kick(t.Context(), "MyConf", "10")

				require.ErrorIs(t, err, kick.ErrOutcomeUnknown)
				var apiErr *kick.Error
				require.ErrorAs(t, err, &apiErr)
				assert.Equal(t, status, apiErr.StatusCode)
				assert.Len(t, srv.Requests(), 1)
				assert.Empty(t, sl.all())
				assert.Equal(t, []kicktest.Member{{ID: "11", CallUUID: "call-11"}}, srv.Members("MyConf"))
			})
		}
	}
}

func TestClient_Kick_retryUnknownOutcome(t *testing.T) {
	t.Parallel()
	c, srv, sl := setup(t, kick.WithCheckRetry(kick.RetryUnknownOutcome),
		kick.WithBackoff(func(kick.Attempt) time.Duration { return time.Millisecond }))
	seed(srv, "MyConf", "10")
	srv.Enqueue(kicktest.Response{Status: 503}, kicktest.Response{Drop: true})

	res, err := c.Kick(t.Context(), "MyConf", "10")
	require.NoError(t, err)

	assert.Equal(t, http.StatusAccepted, res.StatusCode)
	assert.Len(t, srv.Requests(), 3)
	assert.Equal(t, []time.Duration{time.Millisecond, time.Millisecond}, sl.all())
}

func TestClient_Kick_connectionReset(t *testing.T) {
	t.Parallel()
	c, srv, sl := setup(t)
	seed(srv, "MyConf", "10")
	srv.Enqueue(kicktest.Response{Drop: true, Apply: true})

	_, err := c.Kick(t.Context(), "MyConf", "10")

	require.ErrorIs(t, err, kick.ErrOutcomeUnknown)
	var apiErr *kick.Error
	assert.NotErrorAs(t, err, &apiErr)
	assert.Len(t, srv.Requests(), 1, "a request that may have been sent is not retried")
	assert.Empty(t, sl.all())
	assert.Empty(t, srv.Members("MyConf"), "the platform acted although the client cannot know")
}

func TestClient_Kick_dialErrorRetried(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	require.NoError(t, ln.Close())
	sl := &sleeps{}
	c, err := kick.New("MA_TEST", "token", kick.WithBaseURL("http://"+addr), kick.WithSleep(sl.sleep))
	require.NoError(t, err)

	_, err = c.Kick(t.Context(), "MyConf", "10")

	require.ErrorIs(t, err, kick.ErrRetriesExhausted)
	assert.NotErrorIs(t, err, kick.ErrOutcomeUnknown)
	var opErr *net.OpError
	require.ErrorAs(t, err, &opErr)
	assert.Equal(t, "dial", opErr.Op)
	assert.Len(t, sl.all(), kick.DefaultMaxAttempts-1)
}

func TestClient_Kick_dialErrorThenSuccess(t *testing.T) {
	t.Parallel()
	srv := kicktest.NewServer()
	t.Cleanup(srv.Close)
	seed(srv, "MyConf", "10")
	var dials int
	var mu sync.Mutex
	transport := srv.Client().Transport.(*http.Transport).Clone()
	dial := transport.DialContext
	transport.DialContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
		mu.Lock()
		dials++
		first := dials == 1
		mu.Unlock()
		if first {
			return nil, &net.OpError{Op: "dial", Net: network, Err: errors.New("connection refused")}
		}
		return dial(ctx, network, addr)
	}
	sl := &sleeps{}
	c, err := kick.New(srv.AuthID, srv.AuthToken, kick.WithBaseURL(srv.URL),
		kick.WithHTTPClient(&http.Client{Transport: transport}), kick.WithSleep(sl.sleep))
	require.NoError(t, err)

	res, err := c.Kick(t.Context(), "MyConf", "10")
	require.NoError(t, err)

	assert.Equal(t, []string{"10"}, res.MemberIDs)
	assert.Len(t, srv.Requests(), 1)
	assert.Len(t, sl.all(), 1)
}

func TestClient_Kick_timeouts(t *testing.T) {
	t.Parallel()
	t.Run("context deadline after send", func(t *testing.T) {
		t.Parallel()
		// The deadline passes once the server holds the request, so it was
		// sent for sure.
		ctx := newEndable()
		t.Cleanup(ctx.end)
		srv := kicktest.NewServer(kicktest.WithRequestHook(func(kicktest.Request) { ctx.end() }))
		t.Cleanup(srv.Close)
		sl := &sleeps{}
		c, err := kick.New(srv.AuthID, srv.AuthToken, kick.WithBaseURL(srv.URL),
			kick.WithHTTPClient(srv.Client()), kick.WithSleep(sl.sleep))
		require.NoError(t, err)
		srv.Enqueue(kicktest.Response{Delay: time.Minute})

		_, err = c.Kick(ctx, "MyConf", "10")

		require.ErrorIs(t, err, context.DeadlineExceeded)
		assert.ErrorIs(t, err, kick.ErrOutcomeUnknown)
		assert.Len(t, srv.Requests(), 1)
		assert.Empty(t, sl.all())
	})
	t.Run("HTTP client timeout", func(t *testing.T) {
		t.Parallel()
		srv := kicktest.NewServer()
		t.Cleanup(srv.Close)
		hc := srv.Client()
		hc.Timeout = time.Second // passes after the request was sent
		c, err := kick.New(srv.AuthID, srv.AuthToken, kick.WithBaseURL(srv.URL), kick.WithHTTPClient(hc))
		require.NoError(t, err)
		srv.Enqueue(kicktest.Response{Delay: time.Minute})

		_, err = c.Kick(t.Context(), "MyConf", "10")

		require.ErrorIs(t, err, kick.ErrOutcomeUnknown)
		var netErr net.Error
		require.ErrorAs(t, err, &netErr)
		assert.True(t, netErr.Timeout())
		assert.Len(t, srv.Requests(), 1)
	})
}

func TestClient_Kick_cancellation(t *testing.T) {
	t.Parallel()
	t.Run("before the call", func(t *testing.T) {
		t.Parallel()
		c, srv, _ := setup(t)
		ctx, cancel := context.WithCancel(t.Context())
		cancel()

		_, err := c.Kick(ctx, "MyConf", "10")

		require.ErrorIs(t, err, context.Canceled)
		assert.NotErrorIs(t, err, kick.ErrOutcomeUnknown)
		assert.Empty(t, srv.Requests())
	})
	t.Run("while the server holds the answer", func(t *testing.T) {
		t.Parallel()
		ctx, cancel := context.WithCancel(t.Context())
		defer cancel()
		srv := kicktest.NewServer(kicktest.WithRequestHook(func(kicktest.Request) { cancel() }))
		t.Cleanup(srv.Close)
		c, err := kick.New(srv.AuthID, srv.AuthToken, kick.WithBaseURL(srv.URL), kick.WithHTTPClient(srv.Client()))
		require.NoError(t, err)
		srv.Enqueue(kicktest.Response{Delay: time.Minute})

		_, err = c.Kick(ctx, "MyConf", "10")

		require.ErrorIs(t, err, context.Canceled)
		assert.ErrorIs(t, err, kick.ErrOutcomeUnknown)
		assert.Len(t, srv.Requests(), 1)
	})
}

func TestClient_Kick_invalidArguments(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name           string
		giveConference string
		giveIDs        []string
	}{
		{name: "empty conference", giveConference: "", giveIDs: []string{"10"}},
		{name: "dot conference", giveConference: ".", giveIDs: []string{"10"}},
		{name: "dot-dot conference", giveConference: "..", giveIDs: []string{"10"}},
		{name: "no IDs", giveConference: "MyConf", giveIDs: nil},
		{name: "empty ID", giveConference: "MyConf", giveIDs: []string{""}},
		{name: "empty ID among others", giveConference: "MyConf", giveIDs: []string{"10", ""}},
		{name: "ID with comma", giveConference: "MyConf", giveIDs: []string{"10,11"}},
		{name: "ID with slash", giveConference: "MyConf", giveIDs: []string{"10/Kick"}},
		{name: "dot-dot ID", giveConference: "MyConf", giveIDs: []string{".."}},
		{name: "all first", giveConference: "MyConf", giveIDs: []string{kick.All, "10"}},
		{name: "all last", giveConference: "MyConf", giveIDs: []string{"10", kick.All}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, srv, _ := setup(t)

			res, kickErr := c.Kick(t.Context(), tt.giveConference, tt.giveIDs...)
			hangErr := c.HangUp(t.Context(), tt.giveConference, tt.giveIDs...)

			assert.Nil(t, res)
			assert.ErrorIs(t, kickErr, kick.ErrInvalidArgument)
			assert.ErrorIs(t, hangErr, kick.ErrInvalidArgument)
			assert.Empty(t, srv.Requests(), "no request may be made")
		})
	}
}

func TestClient_zeroValue(t *testing.T) {
	t.Parallel()
	var c kick.Client

	_, kickErr := c.Kick(t.Context(), "MyConf", "10")
	hangErr := c.HangUp(t.Context(), "MyConf", "10")

	assert.ErrorIs(t, kickErr, kick.ErrInvalidArgument)
	assert.ErrorIs(t, hangErr, kick.ErrInvalidArgument)
	assert.Equal(t, "kick.Client(unconfigured)", c.String())
}

func TestNew_invalid(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		giveID    string
		giveToken string
		giveOpts  []kick.Option
	}{
		{name: "empty auth ID", giveID: "", giveToken: "tok-SECRET"},
		{name: "auth ID with slash", giveID: "MA_1/..", giveToken: "tok-SECRET"},
		{name: "auth ID with space", giveID: "MA 1", giveToken: "tok-SECRET"},
		{name: "auth ID with question mark", giveID: "MA_1?x", giveToken: "tok-SECRET"},
		{name: "auth ID dot-dot", giveID: "..", giveToken: "tok-SECRET"},
		{name: "auth ID non-ASCII", giveID: "MA_é", giveToken: "tok-SECRET"},
		{name: "empty token", giveID: "MA_1", giveToken: ""},
		{name: "token with newline", giveID: "MA_1", giveToken: "tok-SECRET\r\nX-Evil: 1"},
		{name: "token with surrounding space", giveID: "MA_1", giveToken: " tok-SECRET "},
		{name: "base URL without scheme", giveID: "MA_1", giveToken: "tok-SECRET", giveOpts: []kick.Option{kick.WithBaseURL("api.vobiz.ai")}},
		{name: "base URL ftp", giveID: "MA_1", giveToken: "tok-SECRET", giveOpts: []kick.Option{kick.WithBaseURL("ftp://api.vobiz.ai")}},
		{name: "base URL with query", giveID: "MA_1", giveToken: "tok-SECRET", giveOpts: []kick.Option{kick.WithBaseURL("https://api.vobiz.ai/?a=1")}},
		{name: "base URL unparsable", giveID: "MA_1", giveToken: "tok-SECRET", giveOpts: []kick.Option{kick.WithBaseURL("http://[::1")}},
		{name: "base URL unparsable with user info", giveID: "MA_1", giveToken: "tok-SECRET", giveOpts: []kick.Option{kick.WithBaseURL("http://me:tok-SECRET@[::1")}},
		{name: "base URL with user info", giveID: "MA_1", giveToken: "tok-SECRET", giveOpts: []kick.Option{kick.WithBaseURL("http://me:tok-SECRET@api.vobiz.ai")}},
		{name: "nil HTTP client", giveID: "MA_1", giveToken: "tok-SECRET", giveOpts: []kick.Option{kick.WithHTTPClient(nil)}},
		{name: "zero attempts", giveID: "MA_1", giveToken: "tok-SECRET", giveOpts: []kick.Option{kick.WithMaxAttempts(0)}},
		{name: "negative max wait", giveID: "MA_1", giveToken: "tok-SECRET", giveOpts: []kick.Option{kick.WithMaxWait(-time.Second)}},
		{name: "empty user agent", giveID: "MA_1", giveToken: "tok-SECRET", giveOpts: []kick.Option{kick.WithUserAgent("")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()

			c, err := kick.New(tt.giveID, tt.giveToken, tt.giveOpts...)

			assert.Nil(t, c)
			require.ErrorIs(t, err, kick.ErrInvalidArgument)
			if tt.giveToken != "" {
				assert.NotContains(t, err.Error(), tt.giveToken)
			}
		})
	}
}

func TestNew_nilPolicyMeansDefault(t *testing.T) {
	t.Parallel()
	c, srv, sl := setup(t, kick.WithCheckRetry(nil), kick.WithBackoff(nil))
	srv.Enqueue(kicktest.Response{Status: 503}, kicktest.Response{Status: 429, RetryAfter: "1"})

	_, err := c.Kick(t.Context(), "MyConf", "10")

	require.ErrorIs(t, err, kick.ErrOutcomeUnknown)
	assert.Len(t, srv.Requests(), 1)
	assert.Empty(t, sl.all())
}

func TestClient_String_hidesToken(t *testing.T) {
	t.Parallel()
	const token = "s3cr3t-t0ken"
	c, err := kick.New("MA_ABC", token, kick.WithBaseURL("https://example.test"))
	require.NoError(t, err)

	outputs := []string{
		c.String(),
		fmt.Sprint(c),
		fmt.Sprintf("%v", c),
		fmt.Sprintf("%+v", c),
		fmt.Sprintf("%#v", c),
		fmt.Sprintf("%v", *c),
		fmt.Sprintf("%+v", *c),
		fmt.Sprintf("%#v", *c),
	}
	for _, out := range outputs {
		assert.NotContains(t, out, token)
	}
	assert.Contains(t, c.String(), "MA_ABC")
}

func TestClient_errorsHideToken(t *testing.T) {
	t.Parallel()
	srv := kicktest.NewServer()
	t.Cleanup(srv.Close)
	const token = "wrong-s3cr3t"
	c, err := kick.New(srv.AuthID, token, kick.WithBaseURL(srv.URL), kick.WithHTTPClient(srv.Client()))
	require.NoError(t, err)

	_, err = c.Kick(t.Context(), "MyConf", "10")

	require.ErrorIs(t, err, kick.ErrUnauthorized)
	assert.NotContains(t, err.Error(), token)
	assert.Contains(t, err.Error(), "trailing slash")
}

func TestFromEnv(t *testing.T) {
	srv := kicktest.NewServer()
	t.Cleanup(srv.Close)
	seed(srv, "MyConf", "10")
	t.Setenv(kick.EnvAuthID, srv.AuthID)
	t.Setenv(kick.EnvAuthToken, srv.AuthToken)
	t.Setenv(kick.EnvAPIURL, srv.URL)

	c, err := kick.FromEnv()
	require.NoError(t, err)
	res, err := c.Kick(t.Context(), "MyConf", "10")
	require.NoError(t, err)

	assert.Equal(t, []string{"10"}, res.MemberIDs)
	assert.NotContains(t, c.String(), srv.AuthToken)
}

func TestFromEnv_optionsOverrideEnvironment(t *testing.T) {
	t.Setenv(kick.EnvAuthID, "MA_1")
	t.Setenv(kick.EnvAuthToken, "t")
	t.Setenv(kick.EnvAPIURL, "ftp://not-used")

	_, err := kick.FromEnv(kick.WithBaseURL("https://example.test"))

	// The invalid environment URL is applied first, so it still fails.
	require.ErrorIs(t, err, kick.ErrInvalidArgument)
	assert.Contains(t, err.Error(), "ftp://not-used")
}

func TestFromEnv_missing(t *testing.T) {
	tests := []struct {
		name      string
		giveID    string
		giveToken string
		wantMsg   string
	}{
		{name: "both", wantMsg: "kick: invalid argument: VOBIZ_AUTH_ID and VOBIZ_AUTH_TOKEN are not set"},
		{name: "token", giveID: "MA_1", wantMsg: "kick: invalid argument: VOBIZ_AUTH_TOKEN is not set"},
		{name: "ID", giveToken: "t", wantMsg: "kick: invalid argument: VOBIZ_AUTH_ID is not set"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv(kick.EnvAuthID, tt.giveID)
			t.Setenv(kick.EnvAuthToken, tt.giveToken)

			c, err := kick.FromEnv()

			assert.Nil(t, c)
			require.ErrorIs(t, err, kick.ErrInvalidArgument)
			assert.EqualError(t, err, tt.wantMsg)
		})
	}
}

func TestClient_concurrentUse(t *testing.T) {
	t.Parallel()
	c, srv, _ := setup(t)
	const n = 32
	for i := range n {
		seed(srv, "MyConf", fmt.Sprint(i))
	}

	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Go(func() {
			_, errs[i] = c.Kick(t.Context(), "MyConf", fmt.Sprint(i))
		})
	}
	wg.Wait()

	for i, err := range errs {
		assert.NoError(t, err, "kick %d", i)
	}
	assert.Empty(t, srv.Members("MyConf"))
	assert.Len(t, srv.Requests(), n)
}

func TestClient_reusesConnections(t *testing.T) {
	t.Parallel()
	srv := kicktest.NewServer()
	t.Cleanup(srv.Close)
	var mu sync.Mutex
	dials := 0
	transport := srv.Client().Transport.(*http.Transport).Clone()
	dial := transport.DialContext
	transport.DialContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
		mu.Lock()
		dials++
		mu.Unlock()
		return dial(ctx, network, addr)
	}
	c, err := kick.New(srv.AuthID, srv.AuthToken, kick.WithBaseURL(srv.URL),
		kick.WithHTTPClient(&http.Client{Transport: transport}), kick.WithMaxAttempts(1))
	require.NoError(t, err)
	seed(srv, "MyConf", "10", "11")
	srv.Enqueue(
		kicktest.Response{Status: 404, Body: `{"error":"conference not found"}`},
		kicktest.Response{Status: 500, Body: strings.Repeat("x", 200<<10)},
		kicktest.Response{Status: 429},
	)

	_, err1 := c.Kick(t.Context(), "MyConf", "10")
	_, err2 := c.Kick(t.Context(), "MyConf", "10")
	_, err3 := c.Kick(t.Context(), "MyConf", "10")
	_, err4 := c.Kick(t.Context(), "MyConf", "10")
	err5 := c.HangUp(t.Context(), "MyConf", "11")

	assert.ErrorIs(t, err1, kick.ErrNotFound)
	assert.ErrorIs(t, err2, kick.ErrOutcomeUnknown)
	assert.ErrorIs(t, err3, kick.ErrRateLimited)
	assert.NoError(t, err4)
	assert.NoError(t, err5)
	mu.Lock()
	defer mu.Unlock()
	assert.Equal(t, 1, dials, "every answer's body is drained and closed, so one connection serves all")
}

func TestClient_Kick_bodyLimit(t *testing.T) {
	t.Parallel()
	const limit = 64 << 10
	huge := strings.Repeat("y", 1<<20)
	t.Run("success", func(t *testing.T) {
		t.Parallel()
		c, srv, _ := setup(t)
		srv.Enqueue(kicktest.Response{Status: 202, Body: huge})

		res, err := c.Kick(t.Context(), "MyConf", "10")
		require.NoError(t, err)

		assert.Equal(t, huge[:limit], string(res.Body))
	})
	t.Run("error", func(t *testing.T) {
		t.Parallel()
		c, srv, _ := setup(t)
		srv.Enqueue(kicktest.Response{Status: 500, Body: huge})

		_, err := c.Kick(t.Context(), "MyConf", "10")

		var apiErr *kick.Error
		require.ErrorAs(t, err, &apiErr)
		assert.Equal(t, huge[:limit], string(apiErr.Body))
	})
}
