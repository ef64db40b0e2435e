package kicktest_test

import (
	"context"
	"fmt"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kickflow/kickflow/kick/kicktest"
	"github.com/kickflow/kickflow/xml"
)

// TestManyCalls runs the kick scenario for 1,000 concurrent calls in 50
// rooms: every call joins, is kicked by its member ID, hears its
// continuation and hangs up; then Close leaves no goroutine behind. It is
// not parallel, so that the goroutine count is its own.
func TestManyCalls(t *testing.T) {
	const (
		calls = 1000
		rooms = 50
	)
	if testing.Short() {
		t.Skip("1,000 calls")
	}
	baseline := runtime.NumGoroutine()
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()

	app := newApp(t)
	app.route("/answer", func(w *xml.Webhook) *xml.Response {
		var n int
		if _, err := fmt.Sscanf(w.CallUUID, "call-%d", &n); err != nil {
			return xml.NewResponse().Hangup()
		}
		return xml.NewResponse().
			Conference(fmt.Sprintf("Room-%d", n%rooms), xml.ConferenceAttrs{StayAlone: xml.True, CallbackURL: app.URL + "/events"}).
			Speak("Goodbye " + w.CallUUID).
			Hangup()
	})
	// The 1,000 answer requests start at once; on a loaded machine under
	// the race detector the last ones were seen to be answered after more
	// than DefaultFetchTimeout (5 s), ending those calls with "Error
	// Reaching Answer URL". The fetch timeout is not what this test is
	// about, so it gets the test's own bound.
	srv := kicktest.NewServer(kicktest.WithFetchTimeout(2 * time.Minute))
	kc := newKickClient(t, srv)

	all := make([]*kicktest.Call, calls)
	for i := range all {
		all[i] = srv.StartCall(kicktest.CallSpec{AnswerURL: app.URL + "/answer", CallUUID: fmt.Sprintf("call-%d", i)})
	}
	next := 0 // calls before this one are known to be in their rooms
	var lost *kicktest.Call
	require.NoError(t, srv.WaitUntil(ctx, func() bool {
		for ; next < calls; next++ {
			if _, _, ok := all[next].Member(); !ok {
				if _, ended := all[next].Cause(); ended {
					lost = all[next] // it never will be
					return true
				}
				return false
			}
		}
		return true
	}))
	if lost != nil {
		t.Fatalf("call %s ended before joining: %v; requests: %v", lost.UUID(), lost.Transcript(), exchangeErrors(srv, lost.UUID()))
	}

	var wg sync.WaitGroup
	errs := make(chan error, calls)
	for r := range rooms {
		wg.Go(func() {
			name := fmt.Sprintf("Room-%d", r)
			for _, m := range srv.Members(name) {
				if _, err := kc.Kick(ctx, name, m.ID); err != nil {
					errs <- fmt.Errorf("kick %s/%s: %w", name, m.ID, err)
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}

	for _, c := range all {
		cause, err := c.Wait(ctx)
		require.NoError(t, err)
		require.Equal(t, kicktest.CauseNormalHangup, cause, "call %s", c.UUID())
		steps := c.Transcript().Steps()
		require.Len(t, steps, 4, "call %s: %v", c.UUID(), c.Transcript())
		assert.Equal(t, kicktest.ReasonKicked, steps[1].(kicktest.Left).Reason)
		assert.Equal(t, kicktest.Spoke{Text: "Goodbye " + c.UUID()}, steps[2])
	}
	require.NoError(t, srv.WaitCallbacks(ctx))
	assert.Len(t, app.events("/events"), 2*calls)
	assert.Empty(t, srv.Conferences())

	srv.Close()
	app.Close()
	// Polled here, not with assert.Eventually, whose own goroutines count.
	deadline := time.Now().Add(10 * time.Second)
	for runtime.NumGoroutine() > baseline && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > baseline {
		buf := make([]byte, 1<<20)
		t.Fatalf("%d goroutines after Close, baseline %d:\n%s", n, baseline, buf[:runtime.Stack(buf, true)])
	}
}

// exchangeErrors returns the errors of the call's requests to the app.
func exchangeErrors(srv *kicktest.Server, callUUID string) []error {
	var errs []error
	for _, ex := range srv.Exchanges() {
		if ex.CallUUID == callUUID && ex.Err != nil {
			errs = append(errs, ex.Err)
		}
	}
	return errs
}
