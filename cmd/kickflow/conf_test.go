package main_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kickflow/kickflow/kick/kicktest"
)

// kicktestEnv returns the environment that aims kickflow at srv.
func kicktestEnv(srv *kicktest.Server) []string {
	return []string{"VOBIZ_AUTH_ID=" + srv.AuthID, "VOBIZ_AUTH_TOKEN=" + srv.AuthToken, "VOBIZ_API_URL=" + srv.URL}
}

func TestKickAgainstKicktest(t *testing.T) {
	t.Parallel()
	srv := kicktest.NewServer()
	t.Cleanup(srv.Close)
	srv.AddMember("My Conf", kicktest.Member{ID: "10", CallUUID: "call-a"})
	srv.AddMember("My Conf", kicktest.Member{ID: "11", CallUUID: "call-b"})
	srv.AddMember("My Conf", kicktest.Member{ID: "12", CallUUID: "call-c"})

	got := kickflow(t, "", kicktestEnv(srv), "kick", "-y", "My Conf", "10")
	require.Equal(t, 0, got.code, "stderr: %s", got.stderr)
	assert.Contains(t, got.stdout, `kick: room "My Conf": members 10: done (202 Accepted`)
	assert.Empty(t, got.stderr)

	got = kickflow(t, "", kicktestEnv(srv), "kick", "--yes", "-json", "My Conf", "11")
	require.Equal(t, 0, got.code, "stderr: %s", got.stderr)
	var res struct {
		Operation, Conference string
		Members               []string
		Status                int
	}
	require.NoError(t, json.Unmarshal([]byte(got.stdout), &res), got.stdout)
	assert.Equal(t, "kick", res.Operation)
	assert.Equal(t, "My Conf", res.Conference)
	assert.Equal(t, []string{"11"}, res.Members)
	assert.Equal(t, 202, res.Status)

	var ids []string
	for _, m := range srv.Members("My Conf") {
		ids = append(ids, m.ID)
	}
	assert.Equal(t, []string{"12"}, ids)
	reqs := srv.Requests()
	require.Len(t, reqs, 2)
	assert.Equal(t, "/api/v1/Account/"+srv.AuthID+"/Conference/My%20Conf/Member/10/Kick/", reqs[0].URI)
}

func TestHangUpAgainstKicktest(t *testing.T) {
	t.Parallel()
	srv := kicktest.NewServer()
	t.Cleanup(srv.Close)
	srv.AddMember("R", kicktest.Member{ID: "10", CallUUID: "call-a"})
	srv.AddMember("R", kicktest.Member{ID: "11", CallUUID: "call-b"})

	got := kickflow(t, "", kicktestEnv(srv), "hangup", "-y", "R", "10")
	require.Equal(t, 0, got.code, "stderr: %s", got.stderr)
	assert.Equal(t, "hangup: room \"R\": members 10: done\n", got.stdout)
	require.Len(t, srv.Members("R"), 1)
	assert.Equal(t, "11", srv.Members("R")[0].ID)
	reqs := srv.Requests()
	require.Len(t, reqs, 1)
	assert.Equal(t, http.MethodDelete, reqs[0].Method)
}

func TestConfirmationRefusedWithoutTerminal(t *testing.T) {
	t.Parallel()
	srv := kicktest.NewServer()
	t.Cleanup(srv.Close)
	srv.AddMember("R", kicktest.Member{ID: "10", CallUUID: "call-a"})
	tests := []struct {
		name string
		give []string
		want string
	}{
		{name: "kick", give: []string{"kick", "R", "10"}, want: `refusing to kick 10 in room "R" without confirmation`},
		{name: "hangup", give: []string{"hangup", "R", "10"}, want: `refusing to hangup 10 in room "R"`},
		{name: "hangup conference", give: []string{"hangup", "--conference", "R"}, want: `refusing to end room "R" and every call in it`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// Even a "y" on standard input does not confirm: it is not a terminal.
			got := kickflow(t, "y\n", kicktestEnv(srv), tt.give...)
			assert.Equal(t, 2, got.code)
			assert.Contains(t, got.stderr, tt.want)
			assert.Contains(t, got.stderr, "pass -y")
			assert.Empty(t, got.stdout)
		})
	}
	assert.Empty(t, srv.Requests(), "a refused operation makes no request")
	assert.Len(t, srv.Members("R"), 1)
}

func TestConfErrors(t *testing.T) {
	t.Parallel()
	srv := kicktest.NewServer()
	t.Cleanup(srv.Close)
	srv.AddMember("R", kicktest.Member{ID: "10", CallUUID: "call-a"})

	t.Run("not found", func(t *testing.T) {
		got := kickflow(t, "", kicktestEnv(srv), "kick", "-y", "R", "99")
		assert.Equal(t, 1, got.code)
		assert.Empty(t, got.stdout)
		assert.Equal(t, 1, strings.Count(got.stderr, "\n"), "the error is printed once: %q", got.stderr)
		assert.Contains(t, got.stderr, "kickflow kick: kick: ")
		assert.Contains(t, got.stderr, "404 Not Found")
	})
	t.Run("not found json", func(t *testing.T) {
		got := kickflow(t, "", kicktestEnv(srv), "kick", "-y", "--json", "R", "99")
		assert.Equal(t, 1, got.code)
		var e struct {
			Error struct {
				Status  int
				Message string
				Text    string
			}
		}
		require.NoError(t, json.Unmarshal([]byte(got.stderr), &e), got.stderr)
		assert.Equal(t, 404, e.Error.Status)
		assert.NotEmpty(t, e.Error.Message)
		assert.Contains(t, e.Error.Text, "404")
	})
	t.Run("outcome unknown", func(t *testing.T) {
		srv.Enqueue(kicktest.Response{Status: 503, Body: `{"error":"busy"}`})
		got := kickflow(t, "", kicktestEnv(srv), "kick", "-y", "R", "10")
		assert.Equal(t, 1, got.code)
		assert.Contains(t, got.stderr, "503")
		assert.Contains(t, got.stderr, "busy")
		assert.Contains(t, got.stderr, "outcome is unknown")
	})
	t.Run("wrong credentials", func(t *testing.T) {
		env := []string{"VOBIZ_AUTH_ID=" + srv.AuthID, "VOBIZ_AUTH_TOKEN=wrong", "VOBIZ_API_URL=" + srv.URL}
		got := kickflow(t, "", env, "kick", "-y", "R", "10")
		assert.Equal(t, 1, got.code)
		assert.Contains(t, got.stderr, "401")
	})
	t.Run("api-url overrides the environment", func(t *testing.T) {
		env := append(kicktestEnv(srv), "VOBIZ_API_URL=http://127.0.0.1:1")
		got := kickflow(t, "", env, "kick", "-y", "--api-url", srv.URL, "R", "99")
		assert.Equal(t, 1, got.code)
		assert.Contains(t, got.stderr, "404")
	})
}

func TestConfUsage(t *testing.T) {
	t.Parallel()
	env := []string{"VOBIZ_AUTH_ID=MA_TEST", "VOBIZ_AUTH_TOKEN=tok", "VOBIZ_API_URL=http://127.0.0.1:1"}
	tests := []struct {
		name string
		env  []string
		give []string
		want string
	}{
		{name: "no credentials", env: []string{"VOBIZ_AUTH_ID=", "VOBIZ_AUTH_TOKEN="}, give: []string{"mute", "R", "10"}, want: "VOBIZ_AUTH_ID and VOBIZ_AUTH_TOKEN must be set"},
		{name: "no member", env: env, give: []string{"mute", "R"}, want: "requires at least 2 arg"},
		{name: "bad api url", env: env, give: []string{"mute", "--api-url", "ftp://x", "R", "10"}, want: "kickflow mute:"},
		{name: "play without url", env: env, give: []string{"play", "R", "10"}, want: "play needs --url"},
		{name: "play http url", env: env, give: []string{"play", "--url", "http://a/b.mp3", "R", "10"}, want: "invalid argument"},
		{name: "speak without member", env: env, give: []string{"speak", "R", "hello"}, want: "speak needs ROOM TEXT MEMBER"},
		{name: "hangup without member", env: env, give: []string{"hangup", "-y", "R"}, want: "hangup needs MEMBER"},
		{name: "hangup conference with member", env: env, give: []string{"hangup", "-y", "--conference", "R", "10"}, want: "takes only ROOM"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := kickflow(t, "", tt.env, tt.give...)
			assert.Equal(t, 2, got.code, "stderr: %s", got.stderr)
			assert.Contains(t, got.stderr, tt.want)
			assert.Empty(t, got.stdout)
		})
	}
}

// seen is a request a fakeAPI received.
type seen struct {
	method, uri, body, authID, authToken string
}

// fakeAPI answers every request with status and body and records it.
func fakeAPI(t *testing.T, status int, body string) (*httptest.Server, func() []seen) {
	t.Helper()
	var (
		mu   sync.Mutex
		reqs []seen
	)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		reqs = append(reqs, seen{r.Method, r.RequestURI, string(b), r.Header.Get("X-Auth-ID"), r.Header.Get("X-Auth-Token")})
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = io.WriteString(w, body)
	}))
	t.Cleanup(srv.Close)
	return srv, func() []seen {
		mu.Lock()
		defer mu.Unlock()
		return append([]seen(nil), reqs...)
	}
}

// TestConfRequests checks the exact request of each operation kicktest
// does not serve on its own.
func TestConfRequests(t *testing.T) {
	t.Parallel()
	const base = "/api/v1/Account/MA_TEST/Conference/"
	tests := []struct {
		name       string
		give       []string
		status     int
		answer     string
		wantMethod string
		wantURI    string
		wantBody   string
		wantOut    string
	}{
		{name: "mute", give: []string{"mute", "R", "10", "11"}, status: 202, answer: `{"message":"muted","member_id":["10","11"]}`,
			wantMethod: "POST", wantURI: base + "R/Member/10,11/Mute/", wantBody: "{}", wantOut: `mute: room "R": members 10, 11: done (202 Accepted: muted [10 11])`},
		{name: "unmute", give: []string{"unmute", "R", "10"}, status: 204,
			wantMethod: "DELETE", wantURI: base + "R/Member/10/Mute/", wantOut: `unmute: room "R": members 10: done`},
		{name: "deaf all", give: []string{"deaf", "R", "all"}, status: 202, answer: `{"message":"deaf","member_id":["all"]}`,
			wantMethod: "POST", wantURI: base + "R/Member/all/Deaf/", wantBody: "{}", wantOut: "deaf: room \"R\": members all: done"},
		{name: "undeaf", give: []string{"undeaf", "R", "10"}, status: 204,
			wantMethod: "DELETE", wantURI: base + "R/Member/10/Deaf/", wantOut: "undeaf: room \"R\": members 10: done"},
		{name: "play", give: []string{"play", "--url", "https://cdn.example/a.mp3", "R", "10"}, status: 202, answer: `{"message":"play queued into conference"}`,
			wantMethod: "POST", wantURI: base + "R/Member/10/Play/", wantBody: `{"url":"https://cdn.example/a.mp3"}`, wantOut: "play queued into conference"},
		{name: "stop play", give: []string{"play", "--stop", "R", "10"}, status: 204,
			wantMethod: "DELETE", wantURI: base + "R/Member/10/Play/", wantOut: "play: room \"R\": members 10: done"},
		{name: "speak", give: []string{"speak", "--voice", "MAN", "R", "Hello & bye", "10"}, status: 202, answer: `{"message":"speak queued"}`,
			wantMethod: "POST", wantURI: base + "R/Member/10/Speak/", wantBody: `{"text":"Hello \u0026 bye","voice":"MAN"}`, wantOut: `speak: room "R": members 10: done`},
		{name: "stop speak", give: []string{"speak", "--stop", "R", "10"}, status: 204,
			wantMethod: "DELETE", wantURI: base + "R/Member/10/Speak/", wantOut: "speak: room \"R\": members 10: done"},
		{name: "hangup conference", give: []string{"hangup", "-y", "--conference", "a/b"}, status: 204,
			wantMethod: "DELETE", wantURI: base + "a%2Fb/", wantOut: `hangup: room "a/b": done`},
		{name: "members", give: []string{"members", "R"}, status: 200,
			answer: `{"conference_name":"R","conference_run_time":"90","conference_member_count":"2","members":[
				{"member_id":"10","call_uuid":"call-a","from":"+1415","to":"+1800","muted":"true","deaf":"false","join_time":"30"},
				{"member_id":"11","call_uuid":"call-b","from":"+1416","to":"+1800","muted":"false","deaf":"true","join_time":"5"}]}`,
			wantMethod: "GET", wantURI: base + "R/", wantOut: "10      call-a  +1415  +1800  yes    no    30s"},
		{name: "rooms", give: []string{"members"}, status: 200, answer: `{"conferences":["A","B"]}`,
			wantMethod: "GET", wantURI: base, wantOut: "A\nB\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			api, reqs := fakeAPI(t, tt.status, tt.answer)
			env := []string{"VOBIZ_AUTH_ID=MA_TEST", "VOBIZ_AUTH_TOKEN=tok"}
			got := kickflow(t, "", env, append([]string{tt.give[0], "--api-url", api.URL}, tt.give[1:]...)...)
			require.Equal(t, 0, got.code, "stderr: %s", got.stderr)
			assert.Contains(t, got.stdout, tt.wantOut)
			r := reqs()
			require.Len(t, r, 1)
			assert.Equal(t, tt.wantMethod, r[0].method)
			assert.Equal(t, tt.wantURI, r[0].uri)
			assert.JSONEq(t, orEmpty(tt.wantBody), orEmpty(r[0].body))
			assert.Equal(t, "MA_TEST", r[0].authID)
			assert.Equal(t, "tok", r[0].authToken)
		})
	}
}

// orEmpty gives "null" for an empty body so that JSONEq can compare it.
func orEmpty(s string) string {
	if s == "" {
		return "null"
	}
	return s
}

func TestMembersJSON(t *testing.T) {
	t.Parallel()
	api, _ := fakeAPI(t, 200, `{"conference_name":"R","conference_run_time":"90","conference_member_count":"2","members":[
		{"member_id":"10","call_uuid":"call-a","from":"+1415","to":"+1800","muted":"true","deaf":"false","join_time":"30"},
		{"member_id":"11","call_uuid":"call-b","from":"+1416","to":"+1800","muted":"false","deaf":"true","join_time":"5"}]}`)
	env := []string{"VOBIZ_AUTH_ID=MA_TEST", "VOBIZ_AUTH_TOKEN=tok"}
	got := kickflow(t, "", env, "members", "-json", "--api-url", api.URL, "R", "11")
	require.Equal(t, 0, got.code, "stderr: %s", got.stderr)
	var out struct {
		Conference  string
		RunSeconds  int
		MemberCount int
		Members     []struct {
			MemberID    string
			CallUUID    string
			Muted, Deaf bool
		}
	}
	require.NoError(t, json.Unmarshal([]byte(got.stdout), &out))
	assert.Equal(t, "R", out.Conference)
	assert.Equal(t, 90, out.RunSeconds)
	require.Len(t, out.Members, 1, "only the member asked for")
	assert.Equal(t, "11", out.Members[0].MemberID)
	assert.True(t, out.Members[0].Deaf)
	assert.False(t, out.Members[0].Muted)
}

func TestMuteDeafMembersAgainstKicktest(t *testing.T) {
	t.Parallel()
	srv := kicktest.NewServer()
	t.Cleanup(srv.Close)
	srv.AddMember("R", kicktest.Member{ID: "10", CallUUID: "call-a"})
	srv.AddMember("R", kicktest.Member{ID: "11", CallUUID: "call-b"})
	env := kicktestEnv(srv)

	for _, args := range [][]string{{"mute", "R", "10"}, {"deaf", "R", "all"}, {"undeaf", "R", "10"}} {
		got := kickflow(t, "", env, args...)
		require.Equal(t, 0, got.code, "%v: %s", args, got.stderr)
	}
	assert.Equal(t, []kicktest.Member{
		{ID: "10", CallUUID: "call-a", Muted: true},
		{ID: "11", CallUUID: "call-b", Deaf: true},
	}, srv.Members("R"))

	got := kickflow(t, "", env, "members", "R")
	require.Equal(t, 0, got.code, got.stderr)
	lines := strings.Split(strings.TrimSpace(got.stdout), "\n")
	require.Len(t, lines, 4, got.stdout)
	assert.Contains(t, lines[0], `room "R": 2 members`)
	assert.Regexp(t, `^10\s+call-a\s+\S*\s+\S*\s+yes\s+no\s`, lines[2])
	assert.Regexp(t, `^11\s+call-b\s+\S*\s+\S*\s+no\s+yes\s`, lines[3])

	got = kickflow(t, "", env, "members", "--json")
	require.Equal(t, 0, got.code, got.stderr)
	assert.JSONEq(t, `{"conferences":["R"]}`, got.stdout)

	got = kickflow(t, "", env, "hangup", "-y", "--conference", "R")
	require.Equal(t, 0, got.code, got.stderr)
	assert.Empty(t, srv.Conferences())
	got = kickflow(t, "", env, "members", "R")
	assert.Equal(t, 1, got.code)
	assert.Contains(t, got.stderr, "404")
}
