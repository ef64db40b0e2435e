package main

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/kickflow/kickflow/flow"
	"github.com/kickflow/kickflow/kick"
	vxml "github.com/kickflow/kickflow/xml"
)

// answerPath is the path of an app's answer URL.
const answerPath = "/answer"

// outcome is how a kick ended, as the app reports it.
type outcome int

const (
	// kickOK: the platform accepted the kick.
	kickOK outcome = iota + 1
	// kickUnknown: the platform may or may not have kicked (5xx, timeout,
	// reset after sending); the continuations stay stored.
	kickUnknown
	// kickRefused: the kick definitely did not happen (4xx, unknown
	// target, rate limit outlasted); the continuations were removed.
	kickRefused
)

func (o outcome) String() string {
	switch o {
	case kickOK:
		return "ok"
	case kickUnknown:
		return "unknown"
	case kickRefused:
		return "refused"
	}
	return fmt.Sprintf("outcome(%d)", int(o))
}

// app is an app server under load, reached on loopback.
type app struct {
	// answer returns the answer URL of a call into room (the call's To is
	// the room too).
	answer func(room string) string
	// direct is the answer URL of room without any measuring proxy in
	// front, for the throughput comparison.
	direct func(room string) string
	// kick kicks the calls of room (every member the app knows in it when
	// calls is nil) with an announcement template, in which {{.CallUUID}}
	// stands for each kicked call.
	kick func(ctx context.Context, room string, calls []string, announce string) (outcome, error)
	// members returns the call UUIDs the app's registry has in room.
	members func(ctx context.Context, room string) ([]string, error)
	// memory returns the app's memory in bytes: the live heap after
	// garbage collection for an app in this process, the resident set of
	// an app in its own process.
	memory func() uint64
	// memoryKind says which of the two memory returns, and memoryIsHeap
	// whether it is the live heap.
	memoryKind   string
	memoryIsHeap bool
	// measuredAt says where the answer, events and continue latencies are
	// taken.
	measuredAt string
	// close stops the app server.
	close func(ctx context.Context) error
}

// appFactory starts an app for a phase, against the platform p, measured
// by meters.
type appFactory func(ctx context.Context, p *platform, meters *meterSwitch, cfg appConfig) (*app, error)

// appConfig is how an app is set up for a run.
type appConfig struct {
	// store keeps the flow's state.
	store flow.Store
	// ttl, if set, is the member and nonce TTL and the grace of served
	// continuations; pending continuations keep at least 10s.
	ttl time.Duration
	// kickTimeout bounds one attempt of the kick API.
	kickTimeout time.Duration
	// slowContinue, if set, delays each continue request by a random
	// duration up to it, before the app sees it.
	slowContinue time.Duration
	// process, if its bin is set, runs the answerserver binary instead.
	process processConfig
}

// meterSwitch passes requests to the meter of the phase in progress.
type meterSwitch struct{ current atomic.Pointer[meter] }

func (s *meterSwitch) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.current.Load().measure(next).ServeHTTP(w, r)
	})
}

// serve serves h on a new loopback listener until close is called.
func serve(h http.Handler) (baseURL string, stop func(ctx context.Context) error, err error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, fmt.Errorf("loadtest: listen: %w", err)
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	stop = func(ctx context.Context) error {
		err := srv.Shutdown(ctx)
		if serr := <-done; !errors.Is(serr, http.ErrServerClosed) {
			err = errors.Join(err, serr)
		}
		if err != nil {
			return fmt.Errorf("loadtest: stop server: %w", err)
		}
		return nil
	}
	return "http://" + ln.Addr().String(), stop, nil
}

// newFlowApp starts a small app server built from flow alone: its answer
// URL joins the room named by the call's To, and the flow serves the
// callbacks and continuations under /vobiz, verifying signatures.
func newFlowApp(_ context.Context, p *platform, meters *meterSwitch, cfg appConfig) (*app, error) {
	mux := http.NewServeMux()
	h := meters.wrap(mux)
	if cfg.slowContinue > 0 {
		h = slowContinue(h, cfg.slowContinue)
	}
	base, stop, err := serve(h)
	if err != nil {
		return nil, err
	}
	kc, err := kick.New(authID, authToken,
		kick.WithBaseURL(baseURL),
		kick.WithHTTPClient(p.httpClient(cfg.kickTimeout)),
		kick.WithBackoff(kick.ExponentialBackoff(2*time.Millisecond, 20*time.Millisecond)))
	if err != nil {
		return nil, errors.Join(err, stop(context.Background()))
	}
	opts := []flow.Option{flow.WithAuthToken(authToken), flow.WithStore(cfg.store)}
	if cfg.ttl > 0 {
		opts = append(opts, flow.WithContinuationTTL(max(cfg.ttl, 10*time.Second)),
			flow.WithMemberTTL(cfg.ttl), flow.WithNonceTTL(cfg.ttl), flow.WithGrace(min(cfg.ttl, flow.DefaultGrace)))
	}
	f, err := flow.New(kc, base+"/vobiz", opts...)
	if err != nil {
		return nil, errors.Join(err, stop(context.Background()))
	}
	mux.Handle("/vobiz/", f)
	mux.HandleFunc(answerPath, func(w http.ResponseWriter, r *http.Request) {
		wh, err := vxml.ParseWebhook(r)
		if err != nil || wh.To == "" {
			http.Error(w, "bad webhook", http.StatusBadRequest)
			return
		}
		resp, err := f.Join(wh.To)
		if err != nil {
			http.Error(w, "join failed", http.StatusInternalServerError)
			return
		}
		if err := vxml.Write(w, resp); err != nil {
			http.Error(w, "render failed", http.StatusInternalServerError)
		}
	})
	return &app{
		answer:       func(string) string { return base + answerPath },
		direct:       func(string) string { return base + answerPath },
		memory:       func() uint64 { return sample().Heap },
		memoryKind:   "heap after GC",
		memoryIsHeap: true,
		measuredAt:   "in the app's handler",
		kick: func(ctx context.Context, room string, calls []string, announce string) (outcome, error) {
			t := flow.Room(room)
			if calls != nil {
				t = flow.Calls(calls...)
			}
			_, err := f.Kick(ctx, t, flow.Continuation{Announce: announce})
			return classify(err), err
		},
		members: func(ctx context.Context, room string) ([]string, error) {
			ms, err := f.Members(ctx, room)
			uuids := make([]string, len(ms))
			for i, m := range ms {
				uuids[i] = m.CallUUID
			}
			return uuids, err
		},
		close: stop,
	}, nil
}

// classify sorts a kick's error into its outcome.
func classify(err error) outcome {
	switch {
	case err == nil:
		return kickOK
	case errors.Is(err, kick.ErrOutcomeUnknown):
		return kickUnknown
	}
	return kickRefused
}

// slowContinue delays each continue request by a random duration up to most
// before passing it on, as a slow store or network would.
func slowContinue(next http.Handler, most time.Duration) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if endpointOf(r.URL.Path) == epContinue {
			t := time.NewTimer(rand.N(most))
			select {
			case <-t.C:
			case <-r.Context().Done():
				t.Stop()
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}
