package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"sync"
	"time"
)

// moderatorToken is the moderator API token the answerserver is started
// with.
const moderatorToken = "loadtest-moderator-token-0123456789"

// processConfig is how an app server binary is started.
type processConfig struct {
	// bin is the answerserver binary.
	bin string
	// redisURL, if set, is given to it as REDIS_URL, with a fresh
	// REDIS_PREFIX for each process started.
	redisURL string
}

// newProcessApp starts the answerserver binary on loopback as an app under
// load. The platform reaches it through a measuring reverse proxy, which
// is also its public URL (so signatures are over the proxy's URLs); its
// kick API calls reach the fake platform through a second proxy whose
// address stays the same when the fake is renewed. Kicks go through its
// moderator API: POST /rooms/{room}/kick.
func newProcessApp(ctx context.Context, p *platform, meters *meterSwitch, cfg appConfig) (_ *app, err error) {
	pc := cfg.process
	var stops []func(context.Context) error
	stopAll := func(ctx context.Context) error {
		var errs []error
		for i := len(stops) - 1; i >= 0; i-- {
			errs = append(errs, stops[i](ctx))
		}
		return errors.Join(errs...)
	}
	defer func() {
		if err != nil {
			err = errors.Join(err, stopAll(context.Background()))
		}
	}()

	// The platform's REST API, at a stable address.
	target, err := url.Parse(baseURL)
	if err != nil {
		return nil, fmt.Errorf("loadtest: %w", err)
	}
	rest := &httputil.ReverseProxy{
		Rewrite:      func(pr *httputil.ProxyRequest) { pr.SetURL(target) },
		Transport:    rerouter{p},
		ErrorHandler: proxyError,
	}
	apiURL, stopAPI, err := serve(rest)
	if err != nil {
		return nil, err
	}
	stops = append(stops, stopAPI)

	addr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	direct := "http://" + addr
	au, err := url.Parse(direct)
	if err != nil {
		return nil, fmt.Errorf("loadtest: %w", err)
	}
	front := &httputil.ReverseProxy{
		Rewrite: func(pr *httputil.ProxyRequest) { pr.SetURL(au) },
		Transport: &http.Transport{
			MaxIdleConns: 512, MaxIdleConnsPerHost: 512, IdleConnTimeout: 30 * time.Second,
		},
		ErrorHandler: proxyError,
	}
	var h http.Handler = meters.wrap(front)
	if cfg.slowContinue > 0 {
		h = slowContinue(h, cfg.slowContinue)
	}
	frontURL, stopFront, err := serve(h)
	if err != nil {
		return nil, err
	}
	stops = append(stops, stopFront)

	var logs tailBuffer
	var prefix string // keys of earlier runs in the same database stay apart
	if pc.redisURL != "" {
		prefix = freshPrefix()
	}
	cmd := exec.Command(pc.bin)
	cmd.Env = append(os.Environ(),
		"VOBIZ_AUTH_ID="+authID, "VOBIZ_AUTH_TOKEN="+authToken, "VOBIZ_API_URL="+apiURL,
		"ADDR="+addr, "PUBLIC_URL="+frontURL, "MODERATOR_TOKEN="+moderatorToken,
		"REDIS_URL="+pc.redisURL, "REDIS_PREFIX="+prefix)
	stopProc, exited, err := startProcess(cmd, &logs)
	if err != nil {
		return nil, err
	}
	stops = append(stops, stopProc)

	hc := &http.Client{Timeout: 60 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	if err := waitHealthy(ctx, hc, direct+"/healthz", exited); err != nil {
		return nil, fmt.Errorf("%w; last output: %s", err, logs.String())
	}
	return &app{
		answer: func(room string) string { return frontURL + answerPath + "?room=" + url.QueryEscape(room) },
		direct: func(room string) string { return direct + answerPath + "?room=" + url.QueryEscape(room) },
		kick: func(ctx context.Context, room string, calls []string, announce string) (outcome, error) {
			return moderatorKick(ctx, hc, direct, room, calls, announce)
		},
		members: func(ctx context.Context, room string) ([]string, error) {
			return moderatorMembers(ctx, hc, direct, room)
		},
		memory:     func() uint64 { return rss(cmd.Process.Pid) },
		memoryKind: "resident set of the app process",
		measuredAt: "at a loopback proxy in front of the app process (one extra hop)",
		close:      stopAll,
	}, nil
}

// rss returns the resident set size of process pid in bytes, 0 if unknown.
func rss(pid int) uint64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for line := range strings.Lines(string(b)) {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			var kb uint64
			if _, err := fmt.Sscanf(strings.TrimSpace(rest), "%d kB", &kb); err == nil {
				return kb << 10
			}
		}
	}
	return 0
}

// startBare runs the bare handler in a process of its own: this program
// again, with -serve-bare.
func startBare(ctx context.Context) (string, func(context.Context) error, error) {
	self, err := os.Executable()
	if err != nil {
		return "", nil, fmt.Errorf("loadtest: %w", err)
	}
	addr, err := freeAddr()
	if err != nil {
		return "", nil, err
	}
	u := "http://" + addr
	var logs tailBuffer
	stop, exited, err := startProcess(exec.Command(self, "-serve-bare", addr), &logs)
	if err != nil {
		return "", nil, err
	}
	hc := &http.Client{Timeout: time.Second}
	if err := waitHealthy(ctx, hc, u+"/healthz", exited); err != nil {
		return "", nil, errors.Join(fmt.Errorf("%w; last output: %s", err, logs.String()), stop(context.Background()))
	}
	return u, stop, nil
}

// startProcess starts cmd with its output into logs and returns how to stop
// it (an interrupt, then a kill after 20 s) and a channel that receives its
// exit.
func startProcess(cmd *exec.Cmd, logs *tailBuffer) (stop func(context.Context) error, exited <-chan error, err error) {
	cmd.Stdout, cmd.Stderr = io.Discard, logs
	if err := cmd.Start(); err != nil {
		return nil, nil, fmt.Errorf("loadtest: start %s: %w", cmd.Path, err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	stop = func(ctx context.Context) error {
		if err := cmd.Process.Signal(os.Interrupt); err != nil && !errors.Is(err, os.ErrProcessDone) {
			return fmt.Errorf("loadtest: stop %s: %w", cmd.Path, err)
		}
		select {
		case err := <-done:
			if err != nil {
				return fmt.Errorf("loadtest: %s: %w; last output: %s", cmd.Path, err, logs.String())
			}
			return nil
		case <-ctx.Done():
			return errors.Join(ctx.Err(), cmd.Process.Kill())
		case <-time.After(20 * time.Second):
			return fmt.Errorf("loadtest: %s did not stop: %w", cmd.Path, cmd.Process.Kill())
		}
	}
	return stop, done, nil
}

// proxyError answers 502 when a proxied request fails, unless its client
// has gone (a call ended, a fake platform renewed), when nobody is there
// to answer.
func proxyError(w http.ResponseWriter, r *http.Request, _ error) {
	if r.Context().Err() != nil {
		return
	}
	w.WriteHeader(http.StatusBadGateway)
}

// freeAddr returns a loopback address with a port free a moment ago.
func freeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", fmt.Errorf("loadtest: find a free port: %w", err)
	}
	addr := ln.Addr().String()
	if err := ln.Close(); err != nil {
		return "", fmt.Errorf("loadtest: find a free port: %w", err)
	}
	return addr, nil
}

// waitHealthy polls u until it answers 200, the process exits or 15 s pass.
func waitHealthy(ctx context.Context, hc *http.Client, u string, exited <-chan error) error {
	ctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	for {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
		if err != nil {
			return fmt.Errorf("loadtest: %w", err)
		}
		if resp, err := hc.Do(req); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		select {
		case err := <-exited:
			return fmt.Errorf("loadtest: app exited at start: %v", err)
		case <-ctx.Done():
			return fmt.Errorf("loadtest: app not healthy: %w", ctx.Err())
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// moderatorKick kicks through the answerserver's moderator API.
func moderatorKick(ctx context.Context, hc *http.Client, base, room string, calls []string, announce string) (outcome, error) {
	body := map[string]any{"announce": announce}
	switch len(calls) {
	case 0:
		body["all"] = true
	case 1:
		body["call_uuid"] = calls[0]
	default:
		return kickRefused, fmt.Errorf("loadtest: the moderator API kicks one call or the room, not %d calls", len(calls))
	}
	b, err := json.Marshal(body)
	if err != nil {
		return kickRefused, fmt.Errorf("loadtest: %w", err)
	}
	var out struct {
		Outcome string `json:"outcome"`
	}
	status, msg, err := moderator(ctx, hc, http.MethodPost, base+"/rooms/"+url.PathEscape(room)+"/kick", b, &out)
	switch {
	case err != nil:
		return kickUnknown, err
	case status == http.StatusOK && out.Outcome == "done":
		return kickOK, nil
	case status == http.StatusOK && out.Outcome == "unknown":
		return kickUnknown, fmt.Errorf("loadtest: kick %s: outcome unknown", room)
	}
	return kickRefused, fmt.Errorf("loadtest: kick %s: %d %s", room, status, msg)
}

// moderatorMembers lists the call UUIDs of a room through the moderator
// API; a room the server does not know has none.
func moderatorMembers(ctx context.Context, hc *http.Client, base, room string) ([]string, error) {
	var ms []struct {
		CallUUID string `json:"call_uuid"`
	}
	status, _, err := moderator(ctx, hc, http.MethodGet, base+"/rooms/"+url.PathEscape(room)+"/members", nil, &ms)
	if err != nil {
		return nil, err
	}
	if status == http.StatusNotFound {
		return nil, nil
	}
	if status != http.StatusOK {
		return nil, fmt.Errorf("loadtest: members of %s: status %d", room, status)
	}
	uuids := make([]string, len(ms))
	for i, m := range ms {
		uuids[i] = m.CallUUID
	}
	return uuids, nil
}

// moderator makes one moderator API request and decodes a 200 answer's
// JSON into out; another answer's error message is returned as msg.
func moderator(ctx context.Context, hc *http.Client, method, u string, body []byte, out any) (status int, msg string, err error) {
	req, err := http.NewRequestWithContext(ctx, method, u, bytes.NewReader(body))
	if err != nil {
		return 0, "", fmt.Errorf("loadtest: %w", err)
	}
	req.Header.Set("Authorization", "Bearer "+moderatorToken)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := hc.Do(req)
	if err != nil {
		return 0, "", fmt.Errorf("loadtest: moderator API: %w", err)
	}
	defer resp.Body.Close()
	dec := json.NewDecoder(io.LimitReader(resp.Body, 1<<20))
	if resp.StatusCode != http.StatusOK {
		var e struct {
			Error string `json:"error"`
		}
		if err := dec.Decode(&e); err != nil {
			return resp.StatusCode, "", fmt.Errorf("loadtest: moderator API answer (%d): %w", resp.StatusCode, err)
		}
		return resp.StatusCode, e.Error, nil
	}
	if err := dec.Decode(out); err != nil {
		return resp.StatusCode, "", fmt.Errorf("loadtest: moderator API answer: %w", err)
	}
	return resp.StatusCode, "", nil
}

// tailBuffer keeps the last 4 KB written to it. It is safe for concurrent
// use.
type tailBuffer struct {
	mu sync.Mutex
	b  []byte
}

func (t *tailBuffer) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.b = append(t.b, p...)
	if len(t.b) > 4096 {
		t.b = t.b[len(t.b)-4096:]
	}
	return len(p), nil
}

func (t *tailBuffer) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return strings.TrimSpace(string(t.b))
}
