package redisstore_test

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kickflow/kickflow/flow"
	"github.com/kickflow/kickflow/flow/redisstore"
	"github.com/kickflow/kickflow/kick"
	"github.com/kickflow/kickflow/kick/kicktest"
)

// syncBuffer is a bytes.Buffer safe for the logger's concurrent writes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

// TestOutage cuts the connection to Redis mid-run: callbacks, kicks and
// continuation requests report the errors (the continue request still
// gets the default document), and the flow works again once Redis is
// back.
func TestOutage(t *testing.T) {
	t.Parallel()
	proxy, via := newTCPProxy(t, needServer(t))
	o, err := redis.ParseURL(via)
	require.NoError(t, err)
	o.ContextTimeoutEnabled, o.DisableIdentity, o.MaxRetries = true, true, -1
	client := redis.NewClient(o)
	t.Cleanup(func() { _ = client.Close() })
	store, err := redisstore.New(client, redisstore.WithPrefix(newPrefix(t)))
	require.NoError(t, err)
	var logs syncBuffer
	d := newDeployment(t, []flow.Store{store}, flow.WithLogger(slog.New(slog.NewTextHandler(&logs, nil))))
	f := d.flows[0]
	goodbye := flow.Continuation{Announce: "Goodbye {{.From}}."}

	// Before: a kicked caller hears its continuation.
	a := d.start(0, "call-a", "Sales", "14155550100")
	_, err = f.Kick(d.ctx, flow.Call("call-a"), goodbye)
	require.NoError(t, err)
	_, err = a.Wait(d.ctx)
	require.NoError(t, err)
	assert.Equal(t, []string{"Goodbye 14155550100."}, spoken(a))
	require.NoError(t, d.srv.WaitCallbacks(d.ctx))

	// Redis goes away.
	proxy.set(refuse)
	b := d.srv.StartCall(kicktest.CallSpec{AnswerURL: d.proxy.URL + "/answer", CallUUID: "call-b", To: "Sales", From: "14155550101"})
	pm, err := d.srv.WaitMember(d.ctx, "Sales", "call-b")
	require.NoError(t, err)
	require.NoError(t, d.srv.WaitCallbacks(d.ctx))
	assert.Contains(t, logs.String(), "callback not recorded", "the enter callback failed")

	sent := len(d.srv.Requests())
	_, err = f.Kick(d.ctx, flow.Call("call-b"), goodbye)
	require.Error(t, err, "a kick cannot look the call up")
	assert.NotErrorIs(t, err, flow.ErrNotFound)
	assert.Len(t, d.srv.Requests(), sent, "nothing more was sent to the kick API")

	// The platform kicks the caller anyway (say, another app did): the
	// continue request gets the default document.
	_, err = d.kick.Kick(d.ctx, "Sales", pm.ID)
	require.NoError(t, err)
	_, err = b.Wait(d.ctx)
	require.NoError(t, err)
	assert.Equal(t, []string{flow.DefaultEndedText}, spoken(b))
	assert.Contains(t, logs.String(), "continuation not read; serving the default")
	_, _, err = store.Member(d.ctx, "call-b")
	assert.Error(t, err)

	// Redis is back: the flow works again.
	proxy.set(forward)
	require.NoError(t, store.Ping(d.ctx))
	c := d.start(0, "call-c", "Sales", "14155550102")
	_, err = f.Kick(d.ctx, flow.Call("call-c"), goodbye)
	require.NoError(t, err)
	_, err = c.Wait(d.ctx)
	require.NoError(t, err)
	assert.Equal(t, []string{"Goodbye 14155550102."}, spoken(c))
}

// TestDeadline checks that a server that never answers cannot hold a
// continue request past its deadline: the store returns an error and the
// handler serves the default document.
func TestDeadline(t *testing.T) {
	t.Parallel()
	proxy, via := newTCPProxy(t, needServer(t))
	proxy.set(blackhole)
	store, err := redisstore.Open(via, redisstore.WithPrefix(newPrefix(t)))
	require.NoError(t, err)
	t.Cleanup(func() { assert.NoError(t, store.Close()) })

	ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, _, err = store.TakeContinuation(ctx, "call-1", time.Minute)
	assert.Error(t, err)
	assert.Less(t, time.Since(start), 2*time.Second, "well before the client's 3 s read timeout")

	kc, err := kick.New("MA0000", "token")
	require.NoError(t, err)
	f, err := flow.New(kc, "https://app.example.com/vobiz", flow.WithStore(store))
	require.NoError(t, err)
	r := httptest.NewRequest(http.MethodPost, "https://app.example.com/vobiz"+flow.ContinuePath,
		strings.NewReader(url.Values{"CallUUID": {"call-1"}}.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	rctx, rcancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
	defer rcancel()
	w := httptest.NewRecorder()
	start = time.Now()
	f.ServeHTTP(w, r.WithContext(rctx))
	assert.Less(t, time.Since(start), 2*time.Second)
	assert.Equal(t, http.StatusOK, w.Code)
	assert.Contains(t, w.Body.String(), flow.DefaultEndedText)
}

func TestInvalidArguments(t *testing.T) {
	t.Parallel()
	client := redis.NewClient(&redis.Options{Addr: "127.0.0.1:1"})
	t.Cleanup(func() { _ = client.Close() })
	tests := []struct {
		name string
		make func() error
	}{
		{"nil client", func() error { _, err := redisstore.New(nil); return err }},
		{"empty prefix", func() error { _, err := redisstore.New(client, redisstore.WithPrefix("")); return err }},
		{"prefix with brace", func() error { _, err := redisstore.New(client, redisstore.WithPrefix("a{b")); return err }},
		{"bad URL", func() error { _, err := redisstore.Open("http://127.0.0.1:6379"); return err }},
		{"bad URL prefix", func() error {
			_, err := redisstore.Open("redis://127.0.0.1:1/0", redisstore.WithPrefix("}"))
			return err
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			assert.ErrorIs(t, tt.make(), flow.ErrInvalidArgument)
		})
	}
	s, err := redisstore.New(client)
	require.NoError(t, err)
	ctx := t.Context()
	for name, err := range map[string]error{
		"put":   s.PutContinuation(ctx, "c", []byte("doc"), 0),
		"enter": s.Enter(ctx, flow.Member{CallUUID: "c", Room: "r", MemberID: "1"}, -time.Second),
		"exit":  s.Exit(ctx, flow.Member{CallUUID: "c", Room: "r", MemberID: "1"}, 0),
	} {
		assert.ErrorIs(t, err, flow.ErrInvalidArgument, name)
	}
}

// TestErrorsWrapped checks that a Redis error keeps its identity through
// the store's wrapping.
func TestErrorsWrapped(t *testing.T) {
	t.Parallel()
	s := newStore(t)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	_, _, err := s.Member(ctx, "call-1")
	assert.ErrorIs(t, err, context.Canceled)
	assert.True(t, strings.HasPrefix(err.Error(), "redisstore: "), err.Error())
	assert.ErrorIs(t, s.Exit(ctx, flow.Member{CallUUID: "c"}, time.Second), context.Canceled)
}
