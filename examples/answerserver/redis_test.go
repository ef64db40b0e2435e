package main

import (
	"io"
	"net/http"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kickflow/kickflow/flow/redisstore"
	"github.com/kickflow/kickflow/internal/redistest"
	"github.com/kickflow/kickflow/kick/kicktest"
)

// openTestRedis opens a store with a fresh key prefix at url, a test
// Redis from redistest: the single server (REDIS_URL, else a redis-server
// started for this package), the Cluster or the Sentinel set-up. Without
// redis-server, the test is skipped, or fails under CI=true.
func openTestRedis(t *testing.T, url string) *redisstore.Store {
	t.Helper()
	store, err := redisstore.Open(url, redisstore.WithPrefix(redistest.Prefix(t)))
	require.NoError(t, err)
	t.Cleanup(func() { assert.NoError(t, store.Close()) })
	require.NoError(t, store.Ping(t.Context()))
	return store
}

// TestRedisTwoInstances runs two servers on one Redis store, on a single
// server, a Redis Cluster and a Sentinel set-up: callers join through the
// first, the second lists their room, the moderator kicks through the
// second, and the kicked caller's continuation, fetched from the first,
// is the second's.
func TestRedisTwoInstances(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		url  func(t *testing.T) string
	}{
		{"single", func(t *testing.T) string { return redistest.URL(t) }},
		{"cluster", func(t *testing.T) string { return redistest.Cluster(t).URL() }},
		{"sentinel", func(t *testing.T) string { return redistest.Sentinel(t).URL() }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			testTwoInstances(t, openTestRedis(t, tt.url(t)))
		})
	}
}

// testTwoInstances is TestRedisTwoInstances on one store.
func testTwoInstances(t *testing.T, store *redisstore.Store) {
	srv := kicktest.NewServer()
	t.Cleanup(srv.Close)
	first := newAppOn(t, srv, config{moderatorToken: testToken, store: store})
	second := newAppOn(t, srv, config{moderatorToken: testToken, store: store})

	ca := first.call("call-a", "lobby", "+14155550101")
	first.call("call-b", "lobby", "+14155550102")
	second.waitMembers("lobby", func(ms []memberJSON) bool { return len(ms) == 2 })
	second.settled()
	status, body := second.do(http.MethodGet, "/rooms", "", testToken)
	require.Equal(t, http.StatusOK, status)
	assert.JSONEq(t, `[{"room":"lobby","members":2}]`, string(body), "the second lists the rooms the first's callers joined")

	var res kickResponse
	require.Equal(t, http.StatusOK, second.kick("lobby", `{"call_uuid":"call-a","announce":"Goodbye {{.From}}."}`, &res))
	assert.Equal(t, "done", res.Outcome)
	_, heard := first.heard(ca)
	assert.Equal(t, []string{"Goodbye +14155550101."}, heard)
	ms := first.waitMembers("lobby", func(ms []memberJSON) bool { return len(ms) == 1 })
	assert.Equal(t, "call-b", ms[0].CallUUID)

	status, body = second.do(http.MethodGet, "/healthz", "", "")
	assert.Equal(t, http.StatusOK, status, "body %s", body)
}

func TestHealthzStoreDown(t *testing.T) {
	t.Parallel()
	down, err := redisstore.Open("redis://127.0.0.1:1/0")
	require.NoError(t, err)
	t.Cleanup(func() { assert.NoError(t, down.Close()) })
	a := newApp(t, config{moderatorToken: testToken, store: down})
	status, _ := a.do(http.MethodGet, "/healthz", "", "")
	assert.Equal(t, http.StatusServiceUnavailable, status)
}

func TestRunRedisDown(t *testing.T) {
	t.Parallel()
	err := run(t.Context(), []string{"-addr", "127.0.0.1:0", "-redis", "redis://127.0.0.1:1/0"}, env(creds()), io.Discard)
	assert.Error(t, err)
	err = run(t.Context(), []string{"-addr", "127.0.0.1:0", "-redis", "http://not-redis"}, env(creds()), io.Discard)
	assert.Error(t, err)
}

// TestRedisPrefixKeepsAppsApart runs two servers on one Redis database
// with different key prefixes, opened as -redis-prefix (REDIS_PREFIX)
// opens them: neither sees the other's rooms or members.
func TestRedisPrefixKeepsAppsApart(t *testing.T) {
	t.Parallel()
	url := redistest.URL(t)    // skips, or fails under CI=true, without a server
	run := redistest.Prefix(t) // the keys of both prefixes below contain it
	srv := kicktest.NewServer()
	t.Cleanup(srv.Close)
	apps := make([]*app, 2)
	for i := range apps {
		store, err := openRedis(t.Context(), url, run+"-"+strconv.Itoa(i))
		require.NoError(t, err)
		t.Cleanup(func() { assert.NoError(t, store.Close()) })
		assert.Equal(t, run+"-"+strconv.Itoa(i), store.Prefix())
		apps[i] = newAppOn(t, srv, config{moderatorToken: testToken, store: store})
	}
	apps[0].call("call-a", "lobby", "")
	apps[0].settled()
	status, body := apps[0].do(http.MethodGet, "/rooms", "", testToken)
	require.Equal(t, http.StatusOK, status)
	assert.JSONEq(t, `[{"room":"lobby","members":1}]`, string(body))
	status, body = apps[1].do(http.MethodGet, "/rooms", "", testToken)
	require.Equal(t, http.StatusOK, status)
	assert.JSONEq(t, `[]`, string(body))
	status, body = apps[1].do(http.MethodGet, "/rooms/lobby/members", "", testToken)
	assert.Equal(t, http.StatusNotFound, status, "body %s", body)
}
