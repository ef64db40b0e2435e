package kick_test

import (
	"context"
	"errors"
	"io"
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

func TestClient_Kick_unknownOutcomeSurvivesRetry(t *testing.T) {
	t.Parallel()
	c, srv, _ := setup(t, kick.WithCheckRetry(kick.RetryUnknownOutcome))
	seed(srv, "MyConf", "10", "11")
	// Attempt 1 kicks the member but answers 503; the retry then finds no
	// member 10 and answers 404 live.
	srv.Enqueue(kicktest.Response{Status: http.StatusServiceUnavailable, Apply: true})

	_, err := c.Kick(t.Context(), "MyConf", "10")

	require.ErrorIs(t, err, kick.ErrOutcomeUnknown)
	assert.ErrorIs(t, err, kick.ErrNotFound, "the last answer's class still matches")
	var retryErr *kick.RetryError
	require.ErrorAs(t, err, &retryErr)
	assert.True(t, retryErr.OutcomeUnknown)
	assert.Equal(t, 2, retryErr.Attempts)
	assert.NoError(t, retryErr.Cause)
	require.Len(t, retryErr.Errors, 2)
	var first, last *kick.Error
	require.ErrorAs(t, retryErr.Errors[0], &first)
	require.ErrorAs(t, retryErr.Errors[1], &last)
	assert.Equal(t, http.StatusServiceUnavailable, first.StatusCode)
	assert.Equal(t, http.StatusNotFound, last.StatusCode)
	assert.Contains(t, err.Error(), "outcome unknown since attempt 1")
	assert.Len(t, srv.Requests(), 2)
	assert.Equal(t, []kicktest.Member{{ID: "11", CallUUID: "call-11"}}, srv.Members("MyConf"))
}

func TestClient_Kick_definiteFailuresAfterRetryStayDefinite(t *testing.T) {
	t.Parallel()
	c, srv, _ := setup(t)
	// Two 429s, then a 404: nothing may have acted.
	srv.Enqueue(kicktest.Response{Status: 429}, kicktest.Response{Status: 429},
		kicktest.Response{Status: 404, Body: `{"error":"conference not found"}`})

	_, err := c.Kick(t.Context(), "MyConf", "10")

	require.ErrorIs(t, err, kick.ErrNotFound)
	assert.NotErrorIs(t, err, kick.ErrOutcomeUnknown)
	var retryErr *kick.RetryError
	require.ErrorAs(t, err, &retryErr)
	assert.Len(t, retryErr.Errors, 3)
}

// silentTunnel is a RoundTripper that delivers the request without passing
// on the caller's httptrace hooks and then fails, as a tunnel or an
// instrumentation wrapper might after the platform has acted.
type silentTunnel struct {
	next http.RoundTripper

	mu    sync.Mutex
	count int
}

func (s *silentTunnel) RoundTrip(req *http.Request) (*http.Response, error) {
	s.mu.Lock()
	s.count++
	s.mu.Unlock()
	// A fresh context carries no trace.
	resp, err := s.next.RoundTrip(req.Clone(context.Background()))
	if err != nil {
		return nil, err
	}
	if _, err := io.Copy(io.Discard, resp.Body); err != nil {
		return nil, err
	}
	if err := resp.Body.Close(); err != nil {
		return nil, err
	}
	return nil, errors.New("tunnel: connection lost")
}

func TestClient_Kick_sentWithoutTraceEvents(t *testing.T) {
	t.Parallel()
	srv := kicktest.NewServer()
	t.Cleanup(srv.Close)
	seed(srv, "MyConf", "10", "11")
	rt := &silentTunnel{next: srv.Client().Transport}
	sl := &sleeps{}
	c, err := kick.New(srv.AuthID, srv.AuthToken, kick.WithBaseURL(srv.URL),
		kick.WithHTTPClient(&http.Client{Transport: rt}), kick.WithSleep(sl.sleep))
	require.NoError(t, err)

	_, err = c.Kick(t.Context(), "MyConf", "10")

	require.ErrorIs(t, err, kick.ErrOutcomeUnknown)
	assert.NotContains(t, err.Error(), "not sent")
	assert.Len(t, srv.Requests(), 1, "the default policy must not resend")
	assert.Equal(t, 1, rt.count)
	assert.Empty(t, sl.all())
	assert.Equal(t, []kicktest.Member{{ID: "11", CallUUID: "call-11"}}, srv.Members("MyConf"),
		"the platform acted although the client cannot know")
}

func TestNew_nilOption(t *testing.T) {
	t.Parallel()
	c, err := kick.New("MA_1", "tok", kick.WithMaxAttempts(2), nil, kick.WithMaxWait(time.Second))

	assert.Nil(t, c)
	require.ErrorIs(t, err, kick.ErrInvalidArgument)
	assert.Equal(t, "kick: invalid argument: option 2 is nil", err.Error())
}

func TestErrors_onePrefix(t *testing.T) {
	t.Parallel()
	c, _, _ := setup(t)
	_, kickErr := c.Kick(t.Context(), "", "10")
	_, newErr := kick.New("", "tok")
	_, optErr := kick.New("MA_1", "tok", kick.WithMaxAttempts(0))
	for _, err := range []error{kickErr, newErr, optErr} {
		require.ErrorIs(t, err, kick.ErrInvalidArgument)
		assert.Equal(t, 1, strings.Count(err.Error(), "kick: "), err.Error())
	}
	assert.Equal(t, `kick: kick "" [10]: invalid argument: empty conference name`, kickErr.Error())
}

// countingTransport stands for a tracing wrapper installed as
// http.DefaultTransport.
type countingTransport struct {
	next http.RoundTripper

	mu    sync.Mutex
	count int
}

func (c *countingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	c.mu.Lock()
	c.count++
	c.mu.Unlock()
	return c.next.RoundTrip(req)
}

// Not parallel: it replaces http.DefaultTransport, which other tests read.
func TestNew_defaultTransportWrapped(t *testing.T) {
	srv := kicktest.NewServer()
	t.Cleanup(srv.Close)
	seed(srv, "MyConf", "10")
	orig := http.DefaultTransport
	wrapper := &countingTransport{next: srv.Client().Transport}
	http.DefaultTransport = wrapper
	t.Cleanup(func() { http.DefaultTransport = orig })

	c, err := kick.New(srv.AuthID, srv.AuthToken, kick.WithBaseURL(srv.URL))
	require.NoError(t, err)
	res, err := c.Kick(t.Context(), "MyConf", "10")
	require.NoError(t, err)

	assert.Equal(t, []string{"10"}, res.MemberIDs)
	assert.Equal(t, 1, wrapper.count, "the wrapper is used as it is")
}
