package kick_test

import (
	"context"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/kickflow/kickflow/kick"
	"github.com/kickflow/kickflow/kick/kicktest"
)

// setup starts a kicktest server and returns a client for it whose waits
// between attempts are recorded instead of slept.
func setup(t testing.TB, opts ...kick.Option) (*kick.Client, *kicktest.Server, *sleeps) {
	t.Helper()
	srv := kicktest.NewServer()
	t.Cleanup(srv.Close)
	sl := &sleeps{}
	all := append([]kick.Option{
		kick.WithBaseURL(srv.URL),
		kick.WithHTTPClient(srv.Client()),
		kick.WithSleep(sl.sleep),
	}, opts...)
	c, err := kick.New(srv.AuthID, srv.AuthToken, all...)
	require.NoError(t, err)
	return c, srv, sl
}

// sleeps records the waits between attempts and returns at once.
type sleeps struct {
	mu    sync.Mutex
	waits []time.Duration
}

func (s *sleeps) sleep(ctx context.Context, d time.Duration) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.waits = append(s.waits, d)
	return ctx.Err()
}

func (s *sleeps) all() []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]time.Duration(nil), s.waits...)
}

// headerRecorder is a RoundTripper that keeps the header maps of outgoing
// requests exactly as the client set them.
type headerRecorder struct {
	next http.RoundTripper

	mu      sync.Mutex
	headers []http.Header
}

func (h *headerRecorder) RoundTrip(req *http.Request) (*http.Response, error) {
	h.mu.Lock()
	h.headers = append(h.headers, req.Header.Clone())
	h.mu.Unlock()
	return h.next.RoundTrip(req)
}

func (h *headerRecorder) last() http.Header {
	h.mu.Lock()
	defer h.mu.Unlock()
	if len(h.headers) == 0 {
		return nil
	}
	return h.headers[len(h.headers)-1]
}

// endable is a context that the test ends on demand, as if its deadline had
// passed, so a deadline can be made to pass at a chosen point without
// waiting for a clock. It has no parent: context.Cause sees its own Err.
type endable struct {
	context.Context
	done chan struct{}
	once sync.Once
}

func newEndable() *endable {
	return &endable{Context: context.Background(), done: make(chan struct{})}
}

// end makes the context done with context.DeadlineExceeded.
func (c *endable) end() { c.once.Do(func() { close(c.done) }) }

func (c *endable) Done() <-chan struct{} { return c.done }

func (c *endable) Err() error {
	select {
	case <-c.done:
		return context.DeadlineExceeded
	default:
		return nil
	}
}
