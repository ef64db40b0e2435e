package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kickflow/kickflow/flow/redisstore"
	"github.com/kickflow/kickflow/internal/redistest"
	"github.com/kickflow/kickflow/kick/kicktest"
)

// This file drives the real answerserver binary: two processes with the
// same PUBLIC_URL on one redis-server of the test's own (redistest.Start), behind a recording proxy
// that plays the load balancer. Signed requests captured at the proxy are
// replayed, changed or not, to either instance.

// replayNonceTTL is the NONCE_TTL the instances run with: short, so the
// test can replay after any nonce record would be forgotten.
const replayNonceTTL = 2 * time.Second

func TestReplayAcrossInstances(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	rdbURL := redistest.Start(t).URL() // a server of its own: the test reads every key
	bin := buildAnswerserver(t)
	srv := kicktest.NewServer()
	t.Cleanup(srv.Close)
	lb := newRecordingProxy(t)
	env := []string{
		"PUBLIC_URL=" + lb.url,
		"REDIS_URL=" + rdbURL,
		"VOBIZ_AUTH_ID=" + srv.AuthID,
		"VOBIZ_AUTH_TOKEN=" + srv.AuthToken,
		"VOBIZ_API_URL=" + srv.URL,
		"MODERATOR_TOKEN=" + testToken,
		"NONCE_TTL=" + replayNonceTTL.String(),
	}
	a, b := startInstance(t, bin, env), startInstance(t, bin, env)
	lb.to(a.url)
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()

	// Three callers join through instance a; call-b is kicked through b
	// and fetches its continuation through a.
	calls := map[string]*kicktest.Call{}
	for i, uuid := range []string{"call-a", "call-b", "call-c"} {
		calls[uuid] = srv.StartCall(kicktest.CallSpec{AnswerURL: lb.url + "/answer?room=lobby", CallUUID: uuid,
			From: fmt.Sprint("+1415555010", i+1)})
	}
	b.waitMembers(ctx, t, srv, "call-a", "call-b", "call-c")
	status, body := b.api(ctx, t, http.MethodPost, "/rooms/lobby/kick", `{"call_uuid":"call-b","announce":"Bye b."}`)
	require.Equal(t, http.StatusOK, status, "%s", body)
	assert.Equal(t, []string{"Bye b."}, spokenBy(ctx, t, calls["call-b"]))
	b.waitMembers(ctx, t, srv, "call-a", "call-c")

	enterA := lb.find(t, "/vobiz/events/", "enter", "call-a")
	exitB := lb.find(t, "/vobiz/events/", "exit", "call-b")
	contB := lb.find(t, "/vobiz/continue/", "", "call-b")
	require.NotEqual(t, enterA.path, exitB.path, "each join has its own URL")

	// A continuation waiting for call-a, as if a kick were in flight.
	rdb := newRedisClient(t, rdbURL)
	store, err := redisstore.New(rdb)
	require.NoError(t, err)
	require.NoError(t, store.PutContinuation(ctx, "call-a", []byte(`<Response><Speak>Pending.</Speak></Response>`), time.Hour))

	// try replays r (its body changed by set, if any) to inst and checks
	// the answer's status and that Redis holds what it held before.
	try := func(name string, inst *instance, r captured, set url.Values, want int) []byte {
		t.Helper()
		before := snapshot(ctx, t, rdb)
		status, body := inst.replay(ctx, t, r, set)
		assert.Equal(t, want, status, "%s: %s", name, body)
		assert.Empty(t, before.diff(snapshot(ctx, t, rdb)), "%s changed Redis", name)
		return body
	}

	// The platform retrying: byte-identical, within the grace window, to
	// either instance: the first answer, nothing changed.
	try("identical enter to b", b, enterA, nil, http.StatusNoContent)
	body = try("identical continue to b", b, contB, nil, http.StatusOK)
	assert.Contains(t, string(body), "<Speak>Bye b.</Speak>", "the first answer")

	// To the other instance with a changed body.
	try("enter as exit, to b", b, enterA, url.Values{"ConferenceAction": {"exit"}}, http.StatusForbidden)
	try("enter with another caller, to b", b, enterA, url.Values{"From": {"+14155550666"}}, http.StatusForbidden)
	try("continue with a changed body, to b", b, contB, url.Values{"Digits": {"1"}}, http.StatusForbidden)

	// With another call's UUID.
	try("enter as call-c's exit", b, enterA, url.Values{"ConferenceAction": {"exit"}, "CallUUID": {"call-c"}}, http.StatusForbidden)
	try("call-b's exit for call-a", b, exitB, url.Values{"CallUUID": {"call-a"}}, http.StatusForbidden)
	try("call-b's continue for call-a", b, contB, url.Values{"CallUUID": {"call-a"}}, http.StatusForbidden)

	// To a restarted instance, which has forgotten everything in memory.
	a.restart(t)
	try("enter as exit, to restarted a", a, enterA, url.Values{"ConferenceAction": {"exit"}}, http.StatusForbidden)
	try("call-b's continue for call-a, to restarted a", a, contB, url.Values{"CallUUID": {"call-a"}}, http.StatusForbidden)

	// After the nonce TTL: the join binding alone stops them (under a join
	// token the store keeps no record per nonce at all).
	time.Sleep(replayNonceTTL + 500*time.Millisecond)
	nonceKeys, err := rdb.Keys(ctx, "*:nonce:*").Result()
	require.NoError(t, err)
	assert.Empty(t, nonceKeys)
	try("expired: enter as exit", b, enterA, url.Values{"ConferenceAction": {"exit"}}, http.StatusForbidden)
	try("expired: enter with another caller", a, enterA, url.Values{"From": {"+14155550666"}}, http.StatusForbidden)
	try("expired: enter as call-c's exit", b, enterA, url.Values{"ConferenceAction": {"exit"}, "CallUUID": {"call-c"}}, http.StatusForbidden)
	try("expired: call-b's exit as an enter", a, exitB, url.Values{"ConferenceAction": {"enter"}}, http.StatusForbidden)
	try("expired: continue with a changed body", b, contB, url.Values{"Digits": {"1"}}, http.StatusForbidden)
	try("expired: call-b's continue for call-a", a, contB, url.Values{"CallUUID": {"call-a"}}, http.StatusForbidden)

	// The registry still knows call-a: a real kick reaches it, and it
	// hears its own continuation.
	ms := b.waitMembers(ctx, t, srv, "call-a", "call-c")
	status, body = a.api(ctx, t, http.MethodPost, "/rooms/lobby/kick", `{"call_uuid":"call-a","announce":"Bye a."}`)
	require.Equal(t, http.StatusOK, status, "%s", body)
	assert.Contains(t, string(body), `"member_id":"`+memberOf(ms, "call-a")+`"`)
	assert.Equal(t, []string{"Bye a."}, spokenBy(ctx, t, calls["call-a"]))
	calls["call-c"].HangUp()
	_, err = calls["call-c"].Wait(ctx)
	require.NoError(t, err)
}

// captured is a request the proxy passed to an instance.
type captured struct {
	method, path, query string
	header              http.Header
	body                []byte
}

// recordingProxy is the load balancer: it forwards to one instance and
// records every request below /vobiz/.
type recordingProxy struct {
	url    string
	target atomic.Pointer[url.URL]
	mu     sync.Mutex
	seen   []captured
}

func newRecordingProxy(t *testing.T) *recordingProxy {
	t.Helper()
	p := &recordingProxy{}
	rp := &httputil.ReverseProxy{Rewrite: func(r *httputil.ProxyRequest) {
		r.SetURL(p.target.Load())
		r.Out.Host = r.In.Host
	}}
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/vobiz/") {
			body, err := io.ReadAll(r.Body)
			if err != nil {
				http.Error(w, "bad body", http.StatusBadRequest)
				return
			}
			r.Body = io.NopCloser(bytes.NewReader(body))
			p.mu.Lock()
			p.seen = append(p.seen, captured{r.Method, r.URL.Path, r.URL.RawQuery, r.Header.Clone(), body})
			p.mu.Unlock()
		}
		rp.ServeHTTP(w, r)
	}))
	t.Cleanup(ts.Close)
	p.url = ts.URL
	return p
}

func (p *recordingProxy) to(target string) {
	u, err := url.Parse(target)
	if err != nil {
		panic(err)
	}
	p.target.Store(u)
}

// find returns the one recorded request below prefix for call (with the
// conference action, if not empty).
func (p *recordingProxy) find(t *testing.T, prefix, action, call string) captured {
	t.Helper()
	p.mu.Lock()
	defer p.mu.Unlock()
	var found []captured
	for _, c := range p.seen {
		form, err := url.ParseQuery(string(c.body))
		require.NoError(t, err)
		if strings.HasPrefix(c.path, prefix) && form.Get("CallUUID") == call && form.Get("ConferenceAction") == action {
			found = append(found, c)
		}
	}
	require.Len(t, found, 1, "requests below %s for %s %s", prefix, action, call)
	require.NotEmpty(t, found[0].header.Get("X-Vobiz-Signature-V3"), "the platform signs")
	return found[0]
}

// instance is one answerserver process.
type instance struct {
	bin, addr, url string
	env            []string
	cmd            *exec.Cmd
	out            *syncBuffer
	done           chan error
}

// startInstance starts the binary on a free loopback port with env and
// waits until it answers /healthz.
func startInstance(t *testing.T, bin string, env []string) *instance {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := l.Addr().String()
	require.NoError(t, l.Close())
	inst := &instance{bin: bin, addr: addr, url: "http://" + addr, env: env}
	inst.start(t)
	t.Cleanup(func() {
		inst.stop(t)
		if t.Failed() {
			t.Logf("answerserver at %s said:\n%s", addr, inst.out.String())
		}
	})
	return inst
}

func (inst *instance) start(t *testing.T) {
	t.Helper()
	inst.out = &syncBuffer{}
	inst.cmd = exec.Command(inst.bin, "-addr", inst.addr)
	inst.cmd.Env = append(os.Environ(), inst.env...)
	inst.cmd.Stdout, inst.cmd.Stderr = inst.out, inst.out
	require.NoError(t, inst.cmd.Start())
	inst.done = make(chan error, 1)
	go func() { inst.done <- inst.cmd.Wait() }()
	deadline := time.Now().Add(30 * time.Second)
	for {
		resp, err := http.Get(inst.url + "/healthz")
		if err == nil {
			_ = resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
		select {
		case err := <-inst.done:
			t.Fatalf("answerserver exited: %v\n%s", err, inst.out.String())
		case <-time.After(50 * time.Millisecond):
		}
		require.True(t, time.Now().Before(deadline), "answerserver did not answer /healthz:\n%s", inst.out.String())
	}
}

// stop ends the process gracefully (SIGTERM), or kills it after a while.
func (inst *instance) stop(t *testing.T) {
	t.Helper()
	if inst.cmd == nil {
		return
	}
	_ = inst.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-inst.done:
	case <-time.After(30 * time.Second):
		_ = inst.cmd.Process.Kill()
		<-inst.done
	}
	inst.cmd = nil
}

func (inst *instance) restart(t *testing.T) {
	t.Helper()
	inst.stop(t)
	inst.start(t)
}

// replay sends r to the instance, its form changed by set (if any), with
// the captured headers, signatures included.
func (inst *instance) replay(ctx context.Context, t *testing.T, r captured, set url.Values) (int, []byte) {
	t.Helper()
	body := r.body
	if set != nil {
		form, err := url.ParseQuery(string(body))
		require.NoError(t, err)
		for k, v := range set {
			form[k] = v
		}
		body = []byte(form.Encode())
	}
	target := inst.url + r.path
	if r.query != "" {
		target += "?" + r.query
	}
	req, err := http.NewRequestWithContext(ctx, r.method, target, bytes.NewReader(body))
	require.NoError(t, err)
	req.Header = r.header.Clone()
	req.Header.Del("Content-Length")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, b
}

// api calls the moderator API.
func (inst *instance) api(ctx context.Context, t *testing.T, method, path, body string) (int, []byte) {
	t.Helper()
	req, err := http.NewRequestWithContext(ctx, method, inst.url+path, strings.NewReader(body))
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+testToken)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, b
}

// waitMembers waits until the instance lists exactly calls in lobby.
func (inst *instance) waitMembers(ctx context.Context, t *testing.T, srv *kicktest.Server, calls ...string) []memberJSON {
	t.Helper()
	var ms []memberJSON
	err := srv.WaitUntil(ctx, func() bool {
		status, body := inst.api(ctx, t, http.MethodGet, "/rooms/lobby/members", "")
		ms = nil
		if status != http.StatusOK || json.Unmarshal(body, &ms) != nil {
			return false
		}
		var got []string
		for _, m := range ms {
			got = append(got, m.CallUUID)
		}
		slices.Sort(got)
		return slices.Equal(got, calls)
	})
	require.NoError(t, err, "members of lobby: %+v, want %v", ms, calls)
	return ms
}

func memberOf(ms []memberJSON, call string) string {
	for _, m := range ms {
		if m.CallUUID == call {
			return m.MemberID
		}
	}
	return ""
}

// spokenBy waits for the call to end and returns what it heard.
func spokenBy(ctx context.Context, t *testing.T, c *kicktest.Call) []string {
	t.Helper()
	_, err := c.Wait(ctx)
	require.NoError(t, err)
	var texts []string
	for _, s := range c.Transcript().Steps() {
		if sp, ok := s.(kicktest.Spoke); ok {
			texts = append(texts, sp.Text)
		}
	}
	return texts
}

// buildAnswerserver builds this package's binary into a temporary
// directory.
func buildAnswerserver(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "answerserver")
	cmd := exec.Command("go", "build", "-o", bin, ".")
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "go build: %s", out)
	return bin
}

// newRedisClient returns a client of the server at u, closed when the
// test ends.
func newRedisClient(t *testing.T, u string) *redis.Client {
	t.Helper()
	o, err := redis.ParseURL(u)
	require.NoError(t, err)
	o.DisableIdentity = true
	c := redis.NewClient(o)
	t.Cleanup(func() { _ = c.Close() })
	return c
}

// redisState is every key's content, and its TTL when read.
type redisState map[string]redisEntry

type redisEntry struct {
	content string
	ttl     time.Duration
}

// snapshot reads every key of the database.
func snapshot(ctx context.Context, t *testing.T, rdb *redis.Client) redisState {
	t.Helper()
	keys, err := rdb.Keys(ctx, "*").Result()
	require.NoError(t, err)
	st := redisState{}
	for _, k := range keys {
		typ, err := rdb.Type(ctx, k).Result()
		require.NoError(t, err)
		var content string
		switch typ {
		case "none":
			continue // expired meanwhile
		case "string":
			content, err = rdb.Get(ctx, k).Result()
		case "hash":
			var h map[string]string
			h, err = rdb.HGetAll(ctx, k).Result()
			content = fmt.Sprint(h) // fmt sorts map keys
		default:
			t.Fatalf("key %s of type %s", k, typ)
		}
		if err == redis.Nil {
			continue
		}
		require.NoError(t, err)
		ttl, err := rdb.PTTL(ctx, k).Result()
		require.NoError(t, err)
		st[k] = redisEntry{content, ttl}
	}
	return st
}

// diff lists what changed from s to now: a key gone that had time left to
// live, a key whose content changed, a new key.
func (s redisState) diff(now redisState) []string {
	var out []string
	for k, e := range s {
		n, ok := now[k]
		switch {
		case !ok && (e.ttl < 0 || e.ttl > 5*time.Second):
			out = append(out, "gone: "+k)
		case ok && n.content != e.content:
			out = append(out, fmt.Sprintf("changed: %s: %q → %q", k, e.content, n.content))
		}
	}
	for k := range now {
		if _, ok := s[k]; !ok {
			out = append(out, "new: "+k)
		}
	}
	slices.Sort(out)
	return out
}
