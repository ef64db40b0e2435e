package kicktest_test

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kickflow/kickflow/kick/kicktest"
)

const (
	testID    = "MA_TEST"
	testToken = "test-token"
)

func newServer(t *testing.T, opts ...kicktest.Option) *kicktest.Server {
	t.Helper()
	srv := kicktest.NewServer(append([]kicktest.Option{kicktest.WithCredentials(testID, testToken)}, opts...)...)
	t.Cleanup(srv.Close)
	srv.AddMember("MyConf", kicktest.Member{ID: "10", CallUUID: "call-10"})
	srv.AddMember("MyConf", kicktest.Member{ID: "11", CallUUID: "call-11"})
	srv.AddMember("MyConf", kicktest.Member{ID: "12", CallUUID: "call-12"})
	return srv
}

type answer struct {
	status int
	header http.Header
	body   string
}

// send makes a request with the test credentials unless auth is false.
func send(t *testing.T, srv *kicktest.Server, method, path string, auth bool) answer {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), method, srv.URL+path, strings.NewReader("{}"))
	require.NoError(t, err)
	if auth {
		req.Header.Set("X-Auth-ID", srv.AuthID)
		req.Header.Set("X-Auth-Token", srv.AuthToken)
	}
	resp, err := srv.Client().Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return answer{status: resp.StatusCode, header: resp.Header, body: string(body)}
}

func decode(t *testing.T, body string) map[string]any {
	t.Helper()
	var m map[string]any
	require.NoError(t, json.Unmarshal([]byte(body), &m), "body %q", body)
	return m
}

const base = "/api/v1/Account/" + testID + "/Conference/"

func TestServer_live(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		giveMethod string
		givePath   string
		giveNoAuth bool
		wantStatus int
		wantBody   map[string]any // api_id is checked for presence only
		wantAPIID  bool
		wantLeft   []string
	}{
		{
			name: "kick one", giveMethod: "POST", givePath: base + "MyConf/Member/10/Kick/",
			wantStatus: 202, wantBody: map[string]any{"message": "kicked", "member_id": []any{"10"}}, wantAPIID: true,
			wantLeft: []string{"11", "12"},
		},
		{
			name: "kick several", giveMethod: "POST", givePath: base + "MyConf/Member/10,12/Kick/",
			wantStatus: 202, wantBody: map[string]any{"message": "kicked", "member_id": []any{"10", "12"}}, wantAPIID: true,
			wantLeft: []string{"11"},
		},
		{
			name: "kick escaped comma list", giveMethod: "POST", givePath: base + "MyConf/Member/10%2C11/Kick/",
			wantStatus: 202, wantBody: map[string]any{"message": "kicked", "member_id": []any{"10", "11"}}, wantAPIID: true,
			wantLeft: []string{"12"},
		},
		{
			name: "kick some absent", giveMethod: "POST", givePath: base + "MyConf/Member/10,99/Kick/",
			wantStatus: 202, wantBody: map[string]any{"message": "kicked", "member_id": []any{"10", "99"}}, wantAPIID: true,
			wantLeft: []string{"11", "12"},
		},
		{
			name: "kick all", giveMethod: "POST", givePath: base + "MyConf/Member/all/Kick/",
			wantStatus: 202, wantBody: map[string]any{"message": "kicked", "member_id": []any{"all"}}, wantAPIID: true,
		},
		{
			name: "hang up", giveMethod: "DELETE", givePath: base + "MyConf/Member/11/",
			wantStatus: 204, wantLeft: []string{"10", "12"},
		},
		{
			name: "member not in room", giveMethod: "POST", givePath: base + "MyConf/Member/99/Kick/",
			wantStatus: 404, wantBody: map[string]any{"error": "member not found"}, wantAPIID: true,
			wantLeft: []string{"10", "11", "12"},
		},
		{
			name: "unknown conference", giveMethod: "POST", givePath: base + "Other/Member/10/Kick/",
			wantStatus: 404, wantBody: map[string]any{"error": "conference not found"}, wantAPIID: true,
			wantLeft: []string{"10", "11", "12"},
		},
		{
			name: "hang up unknown conference", giveMethod: "DELETE", givePath: base + "Other/Member/10/",
			wantStatus: 404, wantBody: map[string]any{"error": "conference not found"}, wantAPIID: true,
			wantLeft: []string{"10", "11", "12"},
		},
		{
			name: "no credentials", giveMethod: "POST", givePath: base + "MyConf/Member/10/Kick/", giveNoAuth: true,
			wantStatus: 401, wantBody: map[string]any{"error": "authentication failed"}, wantAPIID: true,
			wantLeft: []string{"10", "11", "12"},
		},
		{
			name: "other account in path", giveMethod: "POST", givePath: "/api/v1/Account/MA_OTHER/Conference/MyConf/Member/10/Kick/",
			wantStatus: 401, wantBody: map[string]any{"error": "authentication failed"}, wantAPIID: true,
			wantLeft: []string{"10", "11", "12"},
		},
		{
			name: "lowercase path", giveMethod: "POST", givePath: "/api/v1/account/" + testID + "/conference/MyConf/member/10/kick/",
			wantStatus: 401, wantBody: map[string]any{"error": "authentication failed"}, wantAPIID: true,
			wantLeft: []string{"10", "11", "12"},
		},
		{
			name: "lowercase kick", giveMethod: "POST", givePath: base + "MyConf/Member/10/kick/",
			wantStatus: 401, wantBody: map[string]any{"error": "authentication failed"}, wantAPIID: true,
			wantLeft: []string{"10", "11", "12"},
		},
		{
			name: "no trailing slash", giveMethod: "POST", givePath: base + "MyConf/Member/10/Kick",
			wantStatus: 401, wantBody: map[string]any{"error": "authentication failed"}, wantAPIID: true,
			wantLeft: []string{"10", "11", "12"},
		},
		{
			name: "hang up without trailing slash", giveMethod: "DELETE", givePath: base + "MyConf/Member/10",
			wantStatus: 401, wantBody: map[string]any{"error": "authentication failed"}, wantAPIID: true,
			wantLeft: []string{"10", "11", "12"},
		},
		{
			name: "room-wide play", giveMethod: "POST", givePath: base + "MyConf/Play/",
			wantStatus: 404, wantBody: map[string]any{"message": "Not Found"},
			wantLeft: []string{"10", "11", "12"},
		},
		{
			name: "wrong method", giveMethod: "GET", givePath: base + "MyConf/Member/10/Kick/",
			wantStatus: 404, wantBody: map[string]any{"message": "Not Found"},
			wantLeft: []string{"10", "11", "12"},
		},
		{
			name: "kick via DELETE", giveMethod: "DELETE", givePath: base + "MyConf/Member/10/Kick/",
			wantStatus: 404, wantBody: map[string]any{"message": "Not Found"},
			wantLeft: []string{"10", "11", "12"},
		},
		{
			name: "root", giveMethod: "GET", givePath: "/",
			wantStatus: 404, wantBody: map[string]any{"message": "Not Found"},
			wantLeft: []string{"10", "11", "12"},
		},
		{
			name: "empty member segment", giveMethod: "POST", givePath: base + "MyConf/Member//Kick/",
			wantStatus: 404, wantBody: map[string]any{"message": "Not Found"},
			wantLeft: []string{"10", "11", "12"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := newServer(t)

			got := send(t, srv, tt.giveMethod, tt.givePath, !tt.giveNoAuth)

			assert.Equal(t, tt.wantStatus, got.status)
			if tt.wantBody == nil {
				assert.Empty(t, got.body)
			} else {
				m := decode(t, got.body)
				if tt.wantAPIID {
					assert.NotEmpty(t, m["api_id"])
					delete(m, "api_id")
				}
				assert.Equal(t, tt.wantBody, m)
				assert.Equal(t, "application/json", got.header.Get("Content-Type"))
			}
			var left []string
			for _, m := range srv.Members("MyConf") {
				left = append(left, m.ID)
			}
			assert.Equal(t, tt.wantLeft, left)
		})
	}
}

func TestServer_escapedConference(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	srv.AddMember("a/b c", kicktest.Member{ID: "1", CallUUID: "call-1"})

	got := send(t, srv, "POST", base+"a%2Fb%20c/Member/1/Kick/", true)

	assert.Equal(t, http.StatusAccepted, got.status)
	assert.Nil(t, srv.Members("a/b c"))
	reqs := srv.Requests()
	require.Len(t, reqs, 1)
	assert.Equal(t, "a/b c", reqs[0].Conference)
	assert.Equal(t, base+"a%2Fb%20c/Member/1/Kick/", reqs[0].URI)
}

func TestServer_hooks(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	var events []kicktest.Event
	var srv *kicktest.Server
	srv = newServer(t, kicktest.WithHook(func(e kicktest.Event) {
		// Hooks may call back into the server, and see the room changed.
		for _, m := range srv.Members(e.Conference) {
			assert.NotEqual(t, e.Member, m)
		}
		mu.Lock()
		defer mu.Unlock()
		events = append(events, e)
	}))

	send(t, srv, "POST", base+"MyConf/Member/10,12/Kick/", true)
	send(t, srv, "DELETE", base+"MyConf/Member/11/", true)
	send(t, srv, "POST", base+"MyConf/Member/11/Kick/", true) // room gone: no event

	mu.Lock()
	defer mu.Unlock()
	assert.Equal(t, []kicktest.Event{
		{Action: kicktest.Kicked, Conference: "MyConf", Member: kicktest.Member{ID: "10", CallUUID: "call-10"}},
		{Action: kicktest.Kicked, Conference: "MyConf", Member: kicktest.Member{ID: "12", CallUUID: "call-12"}},
		{Action: kicktest.HungUp, Conference: "MyConf", Member: kicktest.Member{ID: "11", CallUUID: "call-11"}},
	}, events)
	assert.Empty(t, srv.Conferences())
}

func TestServer_Requests(t *testing.T) {
	t.Parallel()
	var hooked []string
	var mu sync.Mutex
	srv := newServer(t, kicktest.WithRequestHook(func(r kicktest.Request) {
		mu.Lock()
		defer mu.Unlock()
		hooked = append(hooked, r.Method+" "+r.URI)
	}))

	send(t, srv, "POST", base+"MyConf/Member/10,11/Kick/", true)
	send(t, srv, "GET", "/nowhere?x=1", false)

	reqs := srv.Requests()
	require.Len(t, reqs, 2)
	assert.Equal(t, "POST", reqs[0].Method)
	assert.Equal(t, base+"MyConf/Member/10,11/Kick/", reqs[0].URI)
	assert.Equal(t, "{}", string(reqs[0].Body))
	assert.Equal(t, testToken, reqs[0].Header.Get("X-Auth-Token"))
	assert.Equal(t, "MyConf", reqs[0].Conference)
	assert.Equal(t, []string{"10", "11"}, reqs[0].MemberIDs)
	assert.Equal(t, "/nowhere?x=1", reqs[1].URI)
	assert.Empty(t, reqs[1].Conference)
	assert.Nil(t, reqs[1].MemberIDs)
	mu.Lock()
	assert.Equal(t, []string{"POST " + base + "MyConf/Member/10,11/Kick/", "GET /nowhere?x=1"}, hooked)
	mu.Unlock()

	// The returned slice is a copy.
	reqs[0].Header.Set("X-Auth-Token", "changed")
	assert.Equal(t, testToken, srv.Requests()[0].Header.Get("X-Auth-Token"))

	srv.ClearRequests()
	assert.Empty(t, srv.Requests())
}

func TestServer_Enqueue(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	srv.Enqueue(
		kicktest.Response{Status: 500, Body: "oops"},
		kicktest.Response{Status: 429, RetryAfter: "7", Header: http.Header{"X-Extra": {"1"}}},
		kicktest.Response{Status: 502, Apply: true},
		kicktest.Response{Delay: time.Millisecond, Header: http.Header{"X-Slow": {"yes"}}},
	)
	assert.Equal(t, 4, srv.Pending())

	first := send(t, srv, "POST", base+"MyConf/Member/10/Kick/", true)
	second := send(t, srv, "POST", base+"MyConf/Member/10/Kick/", true)
	assert.Len(t, srv.Members("MyConf"), 3, "scripted answers without Apply change nothing")
	third := send(t, srv, "POST", base+"MyConf/Member/10/Kick/", true)
	assert.Len(t, srv.Members("MyConf"), 2, "Apply carries out the kick")
	fourth := send(t, srv, "POST", base+"MyConf/Member/11/Kick/", true)
	fifth := send(t, srv, "POST", base+"MyConf/Member/12/Kick/", true)

	assert.Equal(t, answer{status: 500, header: first.header, body: "oops"}, first)
	assert.Equal(t, 429, second.status)
	assert.Equal(t, "7", second.header.Get("Retry-After"))
	assert.Equal(t, "1", second.header.Get("X-Extra"))
	assert.Equal(t, 502, third.status)
	assert.Empty(t, third.body)
	assert.Equal(t, 202, fourth.status, "status 0 keeps the live answer")
	assert.Equal(t, "yes", fourth.header.Get("X-Slow"))
	assert.Equal(t, 202, fifth.status)
	assert.Zero(t, srv.Pending())
	assert.Empty(t, srv.Conferences())
	assert.Len(t, srv.Requests(), 5)
}

func TestServer_Enqueue_drop(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		giveApply bool
		wantLeft  int
	}{
		{name: "without effect", giveApply: false, wantLeft: 3},
		{name: "with effect", giveApply: true, wantLeft: 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := newServer(t)
			srv.Enqueue(kicktest.Response{Drop: true, Apply: tt.giveApply})
			req, err := http.NewRequestWithContext(t.Context(), "POST", srv.URL+base+"MyConf/Member/10/Kick/", nil)
			require.NoError(t, err)
			req.Header.Set("X-Auth-ID", srv.AuthID)
			req.Header.Set("X-Auth-Token", srv.AuthToken)

			resp, err := srv.Client().Do(req)
			if resp != nil {
				resp.Body.Close()
			}

			require.Error(t, err)
			assert.Len(t, srv.Members("MyConf"), tt.wantLeft)
			assert.Len(t, srv.Requests(), 1)
		})
	}
}

func TestServer_Close_endsDelays(t *testing.T) {
	t.Parallel()
	arrived := make(chan struct{})
	srv := kicktest.NewServer(kicktest.WithRequestHook(func(kicktest.Request) { close(arrived) }))
	srv.Enqueue(kicktest.Response{Delay: time.Hour})
	errc := make(chan error, 1)
	go func() {
		req, err := http.NewRequest("POST", srv.URL+"/x", nil)
		if err != nil {
			errc <- err
			return
		}
		resp, err := srv.Client().Do(req)
		if err == nil {
			err = resp.Body.Close()
		}
		errc <- err
	}()
	<-arrived

	// The answer is held for an hour: Close returning at all shows that it
	// ends the delay instead of waiting it out.
	srv.Close()

	assert.Error(t, <-errc, "the held request is never answered")
	assert.Len(t, srv.Requests(), 1)
}

func TestServer_generatedCredentials(t *testing.T) {
	t.Parallel()
	a := kicktest.NewServer()
	defer a.Close()
	b := kicktest.NewServer()
	defer b.Close()

	assert.Regexp(t, `^MA_[A-Z0-9]{10}$`, a.AuthID)
	assert.NotEmpty(t, a.AuthToken)
	assert.NotEqual(t, a.AuthID, b.AuthID)
	assert.NotEqual(t, a.AuthToken, b.AuthToken)
	assert.True(t, strings.HasPrefix(a.URL, "http://127.0.0.1:"))
}

func TestServer_members(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	srv.AddMember("B room", kicktest.Member{ID: "1", CallUUID: "call-b1"})

	assert.Equal(t, []string{"B room", "MyConf"}, srv.Conferences())
	assert.True(t, srv.RemoveMember("MyConf", "11"))
	assert.False(t, srv.RemoveMember("MyConf", "11"))
	assert.False(t, srv.RemoveMember("Nowhere", "1"))
	assert.Equal(t, []kicktest.Member{{ID: "10", CallUUID: "call-10"}, {ID: "12", CallUUID: "call-12"}}, srv.Members("MyConf"))
	assert.True(t, srv.RemoveMember("B room", "1"))
	assert.Equal(t, []string{"MyConf"}, srv.Conferences(), "a room disappears with its last member")
	assert.Nil(t, srv.Members("B room"))
}

func TestServer_panicsOnMisuse(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	tests := []struct {
		name string
		give func()
	}{
		{name: "empty conference", give: func() { srv.AddMember("", kicktest.Member{ID: "1"}) }},
		{name: "empty member ID", give: func() { srv.AddMember("MyConf", kicktest.Member{}) }},
		{name: "member ID with comma", give: func() { srv.AddMember("MyConf", kicktest.Member{ID: "1,2"}) }},
		{name: "member ID with slash", give: func() { srv.AddMember("MyConf", kicktest.Member{ID: "1/2"}) }},
		{name: "member ID all", give: func() { srv.AddMember("MyConf", kicktest.Member{ID: "all"}) }},
		{name: "duplicate member", give: func() { srv.AddMember("MyConf", kicktest.Member{ID: "10"}) }},
		{name: "bad status", give: func() { srv.Enqueue(kicktest.Response{Status: 42}) }},
		{name: "empty credentials", give: func() { kicktest.NewServer(kicktest.WithCredentials("", "")) }},
		{name: "nil hook", give: func() { kicktest.NewServer(kicktest.WithHook(nil)) }},
		{name: "nil request hook", give: func() { kicktest.NewServer(kicktest.WithRequestHook(nil)) }},
	}
	// Grouped so that the parallel cases have all run before the check
	// below; a parallel subtest only starts once its parent's body is done.
	t.Run("cases", func(t *testing.T) {
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				t.Parallel()
				assert.Panics(t, tt.give)
			})
		}
	})
	assert.Zero(t, srv.Pending(), "a rejected Enqueue queues nothing")
	assert.Len(t, srv.Members("MyConf"), 3, "a rejected AddMember adds nothing")
}

func TestAction_String(t *testing.T) {
	t.Parallel()
	assert.Equal(t, "kicked", kicktest.Kicked.String())
	assert.Equal(t, "hung up", kicktest.HungUp.String())
	assert.Equal(t, "Action(0)", kicktest.Action(0).String())
}
