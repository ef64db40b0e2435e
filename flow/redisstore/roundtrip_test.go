package redisstore_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kickflow/kickflow/flow"
	"github.com/kickflow/kickflow/flow/redisstore"
	"github.com/kickflow/kickflow/kick"
	"github.com/kickflow/kickflow/kick/kicktest"
	vxml "github.com/kickflow/kickflow/xml"
)

// countHook counts the commands a client sends, pipelines by their length.
type countHook struct{ n atomic.Int64 }

func (h *countHook) DialHook(next redis.DialHook) redis.DialHook { return next }

func (h *countHook) ProcessHook(next redis.ProcessHook) redis.ProcessHook {
	return func(ctx context.Context, cmd redis.Cmder) error {
		h.n.Add(1)
		return next(ctx, cmd)
	}
}

func (h *countHook) ProcessPipelineHook(next redis.ProcessPipelineHook) redis.ProcessPipelineHook {
	return func(ctx context.Context, cmds []redis.Cmder) error {
		h.n.Add(int64(len(cmds)))
		return next(ctx, cmds)
	}
}

var _ redis.Hook = (*countHook)(nil)

// TestRoundTrips pins the documented cost of each step: a kick of one
// call is two commands, a continue request one, a callback one.
func TestRoundTrips(t *testing.T) {
	t.Parallel()
	c := newClient(t)
	hook := &countHook{}
	c.AddHook(hook)
	store, err := redisstore.New(c, redisstore.WithPrefix(newPrefix(t)))
	require.NoError(t, err)
	srv := kicktest.NewServer()
	t.Cleanup(srv.Close)
	kc, err := kick.New(srv.AuthID, srv.AuthToken, kick.WithBaseURL(srv.URL), kick.WithHTTPClient(srv.Client()))
	require.NoError(t, err)
	const base = "https://app.example.com/vobiz"
	f, err := flow.New(kc, base, flow.WithStore(store))
	require.NoError(t, err)
	ctx := t.Context()

	post := func(path string, form url.Values) *httptest.ResponseRecorder {
		r := httptest.NewRequest(http.MethodPost, base+path, strings.NewReader(form.Encode()))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		w := httptest.NewRecorder()
		f.ServeHTTP(w, r)
		return w
	}
	cycle := func(call, id string) (enter, kicked, served, exit int64) {
		srv.AddMember("Sales", kicktest.Member{ID: id, CallUUID: call})
		hook.n.Store(0)
		w := post(flow.EventsPath, url.Values{"ConferenceAction": {"enter"}, "CallUUID": {call}, "ConferenceName": {"Sales"}, "ConferenceMemberID": {id}})
		require.Equal(t, http.StatusNoContent, w.Code)
		enter = hook.n.Swap(0)
		_, err := f.Kick(ctx, flow.Call(call), flow.Continuation{Announce: "Goodbye."})
		require.NoError(t, err)
		kicked = hook.n.Swap(0)
		w = post(flow.ContinuePath, url.Values{"CallUUID": {call}})
		require.Equal(t, http.StatusOK, w.Code)
		assert.Contains(t, w.Body.String(), "Goodbye.")
		served = hook.n.Swap(0)
		w = post(flow.EventsPath, url.Values{"ConferenceAction": {"exit"}, "CallUUID": {call}, "ConferenceName": {"Sales"}, "ConferenceMemberID": {id}})
		require.Equal(t, http.StatusNoContent, w.Code)
		exit = hook.n.Swap(0)
		return enter, kicked, served, exit
	}
	cycle("call-warm", "1") // loads the scripts into the server's cache
	enter, kicked, served, exit := cycle("call-a", "2")
	assert.Equal(t, int64(1), enter, "enter callback")
	assert.Equal(t, int64(2), kicked, "kick of one call")
	assert.Equal(t, int64(1), served, "continuation served")
	assert.Equal(t, int64(1), exit, "exit callback")
}

// TestRoundTripsSigned pins the cost with signatures verified and the
// replay rules kept in Redis: a callback is still one command (the rules
// run in its script), a continuation served two (the join's binding, then
// the guarded take), a kick of one call two.
func TestRoundTripsSigned(t *testing.T) {
	t.Parallel()
	c := newClient(t)
	hook := &countHook{}
	c.AddHook(hook)
	store, err := redisstore.New(c, redisstore.WithPrefix(newPrefix(t)))
	require.NoError(t, err)
	srv := kicktest.NewServer()
	t.Cleanup(srv.Close)
	kc, err := kick.New(srv.AuthID, srv.AuthToken, kick.WithBaseURL(srv.URL), kick.WithHTTPClient(srv.Client()))
	require.NoError(t, err)
	const base, token = "https://app.example.com/vobiz", "auth-token"
	f, err := flow.New(kc, base, flow.WithStore(store), flow.WithAuthToken(token))
	require.NoError(t, err)
	ctx := t.Context()
	var nonce atomic.Int64

	post := func(target string, form url.Values) *httptest.ResponseRecorder {
		r := httptest.NewRequest(http.MethodPost, target, strings.NewReader(form.Encode()))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		n := fmt.Sprintf("%020d", nonce.Add(1))
		r.Header.Set(flow.HeaderSignatureV3, kicktest.Sign(token, target, n, true))
		r.Header.Set(flow.HeaderSignatureV3Nonce, n)
		w := httptest.NewRecorder()
		f.ServeHTTP(w, r)
		return w
	}
	cycle := func(call, id string) (enter, kicked, served, exit int64) {
		doc, err := f.Join("Sales")
		require.NoError(t, err)
		events := doc.Elements[0].(*vxml.Conference).Attrs.CallbackURL
		cont := doc.Elements[1].(*vxml.Redirect).URL
		srv.AddMember("Sales", kicktest.Member{ID: id, CallUUID: call})
		hook.n.Store(0)
		w := post(events, url.Values{"ConferenceAction": {"enter"}, "CallUUID": {call}, "ConferenceName": {"Sales"}, "ConferenceMemberID": {id}})
		require.Equal(t, http.StatusNoContent, w.Code)
		enter = hook.n.Swap(0)
		_, err = f.Kick(ctx, flow.Call(call), flow.Continuation{Announce: "Goodbye."})
		require.NoError(t, err)
		kicked = hook.n.Swap(0)
		w = post(cont, url.Values{"CallUUID": {call}})
		require.Equal(t, http.StatusOK, w.Code)
		assert.Contains(t, w.Body.String(), "Goodbye.")
		served = hook.n.Swap(0)
		w = post(events, url.Values{"ConferenceAction": {"exit"}, "CallUUID": {call}, "ConferenceName": {"Sales"}, "ConferenceMemberID": {id}})
		require.Equal(t, http.StatusNoContent, w.Code)
		exit = hook.n.Swap(0)
		return enter, kicked, served, exit
	}
	cycle("call-warm", "1") // loads the scripts into the server's cache
	enter, kicked, served, exit := cycle("call-a", "2")
	assert.Equal(t, int64(1), enter, "enter callback")
	assert.Equal(t, int64(2), kicked, "kick of one call")
	assert.Equal(t, int64(2), served, "continuation served")
	assert.Equal(t, int64(1), exit, "exit callback")
	assert.Zero(t, f.Stats().SignatureFailures)
}
