package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/kickflow/kickflow/kick/kicktest"
)

// testToken is the moderator token of the test apps.
const testToken = "moderator-token-0123456789"

// app is the server under test on loopback, with the fake platform calling
// it and taking its kicks.
type app struct {
	t    testing.TB
	ctx  context.Context
	srv  *kicktest.Server
	url  string
	logs *syncBuffer
}

// newApp starts the server with cfg completed by the fake platform's
// credentials and address (unless cfg sets its own API URL).
func newApp(t testing.TB, cfg config) *app {
	t.Helper()
	srv := kicktest.NewServer()
	t.Cleanup(srv.Close)
	return newAppOn(t, srv, cfg)
}

// newAppOn is newApp with the fake platform given.
func newAppOn(t testing.TB, srv *kicktest.Server, cfg config) *app {
	t.Helper()
	ts := httptest.NewUnstartedServer(nil)
	url := "http://" + ts.Listener.Addr().String()
	logs := &syncBuffer{}
	cfg.publicURL = url
	cfg.authID, cfg.authToken = srv.AuthID, srv.AuthToken
	if cfg.apiURL == "" {
		cfg.apiURL = srv.URL
		cfg.httpClient = srv.Client()
	}
	cfg.logger = slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	h, err := newServer(cfg)
	require.NoError(t, err)
	ts.Config.Handler = h
	ts.Start()
	t.Cleanup(ts.Close)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return &app{t: t, ctx: ctx, srv: srv, url: url, logs: logs}
}

// call starts a call that answers into room and waits until the server
// lists it as a member there.
func (a *app) call(uuid, room, from string) *kicktest.Call {
	a.t.Helper()
	c := a.srv.StartCall(kicktest.CallSpec{AnswerURL: a.url + "/answer?room=" + room, CallUUID: uuid, From: from})
	a.waitMembers(room, func(ms []memberJSON) bool { return hasCall(ms, uuid) })
	return c
}

// waitMembers waits until the members API's list for room satisfies cond.
func (a *app) waitMembers(room string, cond func([]memberJSON) bool) []memberJSON {
	a.t.Helper()
	var ms []memberJSON
	err := a.srv.WaitUntil(a.ctx, func() bool {
		status, body := a.do(http.MethodGet, "/rooms/"+room+"/members", "", testToken)
		ms = nil
		return status == http.StatusOK && json.Unmarshal(body, &ms) == nil && cond(ms)
	})
	require.NoError(a.t, err, "members of %s: %v", room, ms)
	return ms
}

func hasCall(ms []memberJSON, uuid string) bool {
	for _, m := range ms {
		if m.CallUUID == uuid {
			return true
		}
	}
	return false
}

// do sends a request with the bearer token (none if empty) and, for a
// body, the JSON content type, and returns the status and body.
func (a *app) do(method, path, body, token string) (int, []byte) {
	a.t.Helper()
	resp := a.send(method, path, body, token, "application/json")
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(a.t, err)
	return resp.StatusCode, b
}

// send is do with the content type given and the response returned.
func (a *app) send(method, path, body, token, contentType string) *http.Response {
	a.t.Helper()
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req, err := http.NewRequestWithContext(a.ctx, method, a.url+path, r)
	require.NoError(a.t, err)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if body != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(a.t, err)
	return resp
}

// kick posts a kick to room and decodes the answer into out.
func (a *app) kick(room, body string, out any) int {
	a.t.Helper()
	status, b := a.do(http.MethodPost, "/rooms/"+room+"/kick", body, testToken)
	require.NoError(a.t, json.Unmarshal(b, out), "body %s", b)
	return status
}

// heard waits for the call to end and returns its cause and what it heard.
func (a *app) heard(c *kicktest.Call) (kicktest.Cause, []string) {
	a.t.Helper()
	cause, err := c.Wait(a.ctx)
	require.NoError(a.t, err)
	var texts []string
	for _, s := range c.Transcript().Steps() {
		if sp, ok := s.(kicktest.Spoke); ok {
			texts = append(texts, sp.Text)
		}
	}
	return cause, texts
}

// syncBuffer is a bytes.Buffer safe for concurrent writers.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// changes returns the requests the platform received other than reads
// (the members list reads the platform's mute and deaf state).
func (a *app) changes() []kicktest.Request {
	var out []kicktest.Request
	for _, r := range a.srv.Requests() {
		if r.Method != http.MethodGet {
			out = append(out, r)
		}
	}
	return out
}
