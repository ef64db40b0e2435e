package flow_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kickflow/kickflow/flow"
	"github.com/kickflow/kickflow/kick"
	"github.com/kickflow/kickflow/kick/kicktest"
)

// publicBase is the address the fake platform is told to use; requests
// reach the handler under another host, as behind a proxy.
const (
	publicBase = "https://app.example.com/vobiz"
	innerBase  = "http://10.0.0.7:8080/vobiz"
	authToken  = "test-auth-token"
)

type fixture struct {
	t      testing.TB
	srv    *kicktest.Server
	client *kick.Client
	flow   *flow.Flow
	nonce  atomic.Int64
	tokens atomic.Int64
}

// newFixture starts a kicktest REST server and a Flow kicking through it
// that verifies signatures and numbers its join tokens j1, j2, ….
func newFixture(t testing.TB, opts ...flow.Option) *fixture {
	t.Helper()
	return newFixtureWith(t, nil, opts...)
}

// newFixtureWith is newFixture with options for the kicktest server.
func newFixtureWith(t testing.TB, srvOpts []kicktest.Option, opts ...flow.Option) *fixture {
	t.Helper()
	fx := &fixture{t: t, srv: kicktest.NewServer(srvOpts...)}
	t.Cleanup(fx.srv.Close)
	c, err := kick.New(fx.srv.AuthID, fx.srv.AuthToken, kick.WithBaseURL(fx.srv.URL), kick.WithHTTPClient(fx.srv.Client()))
	require.NoError(t, err)
	fx.client = c
	all := append([]flow.Option{
		flow.WithAuthToken(authToken),
		flow.WithJoinTokens(func() string { return fmt.Sprint("j", fx.tokens.Add(1)) }),
	}, opts...)
	fx.flow, err = flow.New(c, publicBase, all...)
	require.NoError(t, err)
	return fx
}

// sign adds fresh V3 and V2 signatures of the endpoint's public URL.
func (fx *fixture) sign(r *http.Request, endpoint string) {
	n3, n2 := fmt.Sprintf("%020d", fx.nonce.Add(1)), fmt.Sprintf("%020d", fx.nonce.Add(1))
	r.Header.Set(flow.HeaderSignatureV3, kicktest.Sign(authToken, publicBase+endpoint, n3, true))
	r.Header.Set(flow.HeaderSignatureV3Nonce, n3)
	r.Header.Set(flow.HeaderSignatureV2, kicktest.Sign(authToken, publicBase+endpoint, n2, false))
	r.Header.Set(flow.HeaderSignatureV2Nonce, n2)
}

// request builds a form POST to endpoint (with an optional query) as it
// arrives behind the proxy.
func request(endpoint, query string, form url.Values) *http.Request {
	target := innerBase + endpoint
	if query != "" {
		target += "?" + query
	}
	r := httptest.NewRequest(http.MethodPost, target, strings.NewReader(form.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return r
}

func (fx *fixture) serve(r *http.Request) *httptest.ResponseRecorder {
	w := httptest.NewRecorder()
	fx.flow.ServeHTTP(w, r)
	return w
}

// callback sends a signed conference callback and checks it was taken.
func (fx *fixture) callback(action, call, room, id, join string) {
	fx.t.Helper()
	form := url.Values{
		"ConferenceAction":   {action},
		"CallUUID":           {call},
		"ConferenceName":     {room},
		"ConferenceMemberID": {id},
	}
	if action == "enter" {
		form.Set("From", "1415555"+strings.TrimPrefix(call, "call-"))
		form.Set("To", "14155550199")
	}
	r := request(flow.EventsPath+"/"+join, "", form)
	fx.sign(r, flow.EventsPath+"/"+join)
	w := fx.serve(r)
	require.Equal(fx.t, http.StatusNoContent, w.Code, "callback %s %s: %s", action, call, w.Body)
}

// join registers call as member id of room, both in the registry (through
// the events endpoint) and in the fake platform.
func (fx *fixture) join(call, room, id, join string) {
	fx.t.Helper()
	fx.srv.AddMember(room, kicktest.Member{ID: id, CallUUID: call})
	fx.callback("enter", call, room, id, join)
}

// fetch requests the continuation of call, signed, and returns the body.
func (fx *fixture) fetch(call string) string {
	fx.t.Helper()
	r := request(flow.ContinuePath, "", url.Values{"CallUUID": {call}, "Event": {"Redirect"}})
	fx.sign(r, flow.ContinuePath)
	w := fx.serve(r)
	require.Equal(fx.t, http.StatusOK, w.Code)
	assert.Equal(fx.t, "application/xml; charset=utf-8", w.Header().Get("Content-Type"))
	return w.Body.String()
}

// defaultDoc is the default continuation's document.
const defaultDoc = `<?xml version="1.0" encoding="UTF-8"?><Response><Speak>The conference has ended.</Speak><Hangup/></Response>`

func httptestRecorder(h http.Handler, r *http.Request) *httptest.ResponseRecorder {
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}
