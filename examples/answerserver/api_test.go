package main

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kickflow/kickflow/kick/kicktest"
)

func TestMembersAndRooms(t *testing.T) {
	t.Parallel()
	a := newApp(t, config{moderatorToken: testToken})
	a.call("call-a", "lobby", "+14155550101")
	a.call("call-b", "lobby", "+14155550102")
	a.call("call-c", "side", "+14155550103")

	ms := a.waitMembers("lobby", func(ms []memberJSON) bool { return len(ms) == 2 })
	assert.Equal(t, "call-a", ms[0].CallUUID)
	assert.Equal(t, "1", ms[0].MemberID)
	assert.Equal(t, "+14155550101", ms[0].From)
	assert.Equal(t, kicktest.DefaultTo, ms[0].To)
	assert.False(t, ms[0].JoinedAt.IsZero())
	assert.Equal(t, "call-b", ms[1].CallUUID)

	a.settled()
	status, body := a.do(http.MethodGet, "/rooms", "", testToken)
	require.Equal(t, http.StatusOK, status)
	var rooms []roomJSON
	require.NoError(t, json.Unmarshal(body, &rooms))
	assert.Equal(t, []roomJSON{{Room: "lobby", Members: 2}, {Room: "side", Members: 1}}, rooms)
}

func TestMembersUnknownRoom(t *testing.T) {
	t.Parallel()
	a := newApp(t, config{moderatorToken: testToken})
	status, body := a.do(http.MethodGet, "/rooms/nowhere/members", "", testToken)
	assert.Equal(t, http.StatusNotFound, status, "body %s", body)
}

func TestMembersEmptyRoomSeen(t *testing.T) {
	t.Parallel()
	a := newApp(t, config{moderatorToken: testToken})
	c := a.call("call-a", "lobby", "")
	c.HangUp()
	a.waitMembers("lobby", func(ms []memberJSON) bool { return len(ms) == 0 })
	status, body := a.do(http.MethodGet, "/rooms/lobby/members", "", testToken)
	assert.Equal(t, http.StatusOK, status)
	assert.JSONEq(t, "[]", string(body))
}

func TestUnauthorized(t *testing.T) {
	t.Parallel()
	a := newApp(t, config{moderatorToken: testToken})
	a.call("call-a", "lobby", "")
	endpoints := []struct{ method, path, body string }{
		{http.MethodGet, "/rooms", ""},
		{http.MethodGet, "/rooms/lobby/members", ""},
		{http.MethodPost, "/rooms/lobby/kick", `{"all":true}`},
	}
	tests := []struct {
		name     string
		giveAuth string
	}{
		{name: "no header"},
		{name: "wrong token", giveAuth: "Bearer " + testToken + "x"},
		{name: "token prefix", giveAuth: "Bearer " + testToken[:10]},
		{name: "basic scheme", giveAuth: "Basic " + testToken},
		{name: "bare token", giveAuth: testToken},
	}
	for _, tt := range tests {
		for _, e := range endpoints {
			t.Run(tt.name+" "+e.method+" "+e.path, func(t *testing.T) {
				req := httptest.NewRequest(e.method, a.url+e.path, nil)
				if tt.giveAuth != "" {
					req.Header.Set("Authorization", tt.giveAuth)
				}
				req.Header.Set("Content-Type", "application/json")
				resp, err := http.DefaultClient.Do(withURL(t, req))
				require.NoError(t, err)
				defer resp.Body.Close()
				assert.Equal(t, http.StatusUnauthorized, resp.StatusCode)
				assert.Equal(t, `Bearer realm="answerserver"`, resp.Header.Get("WWW-Authenticate"))
			})
		}
	}
	assert.Empty(t, a.changes(), "no kick reached the platform")
	assert.NotContains(t, a.logs.String(), testToken)
}

// withURL turns a server-side test request into a client request.
func withURL(t *testing.T, req *http.Request) *http.Request {
	t.Helper()
	out, err := http.NewRequestWithContext(t.Context(), req.Method, req.URL.String(), req.Body)
	require.NoError(t, err)
	out.Header = req.Header
	return out
}

func TestKick(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		giveBody   string // %s is replaced by the app's URL
		wantKicked []string
		wantCause  kicktest.Cause
		wantHeard  []string
	}{
		{
			name:       "call with announcement",
			giveBody:   `{"call_uuid":"call-a","announce":"Goodbye {{.From}}.","then":"hangup"}`,
			wantKicked: []string{"call-a"},
			wantCause:  kicktest.CauseNormalHangup,
			wantHeard:  []string{"Goodbye +14155550101."},
		},
		{
			name:       "member with play and default then",
			giveBody:   `{"member_id":"1","play":"https://example.com/bye.mp3"}`,
			wantKicked: []string{"call-a"},
			wantCause:  kicktest.CauseNormalHangup,
		},
		{
			name:       "all",
			giveBody:   `{"all":true,"announce":"The meeting is over."}`,
			wantKicked: []string{"call-a", "call-b"},
			wantCause:  kicktest.CauseNormalHangup,
			wantHeard:  []string{"The meeting is over."},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			a := newApp(t, config{moderatorToken: testToken})
			ca := a.call("call-a", "lobby", "+14155550101")
			a.call("call-b", "lobby", "+14155550102")
			var res kickResponse
			require.Equal(t, http.StatusOK, a.kick("lobby", tt.giveBody, &res))
			assert.Equal(t, "done", res.Outcome)
			var got []string
			for _, m := range res.Kicked {
				got = append(got, m.CallUUID)
			}
			assert.Equal(t, tt.wantKicked, got)
			cause, heard := a.heard(ca)
			assert.Equal(t, tt.wantCause, cause)
			assert.Equal(t, tt.wantHeard, heard)
			a.waitMembers("lobby", func(ms []memberJSON) bool { return len(ms) == 2-len(tt.wantKicked) })
		})
	}
}

func TestKickMove(t *testing.T) {
	t.Parallel()
	a := newApp(t, config{moderatorToken: testToken})
	a.call("call-a", "lobby", "")
	var res kickResponse
	require.Equal(t, http.StatusOK, a.kick("lobby", `{"call_uuid":"call-a","then":"room:side"}`, &res))
	a.waitMembers("side", func(ms []memberJSON) bool { return hasCall(ms, "call-a") })
	a.settled()
	status, body := a.do(http.MethodGet, "/rooms", "", testToken)
	require.Equal(t, http.StatusOK, status)
	assert.JSONEq(t, `[{"room":"lobby","members":0},{"room":"side","members":1}]`, string(body))
}

func TestKickRedirect(t *testing.T) {
	t.Parallel()
	a := newApp(t, config{moderatorToken: testToken})
	a.call("call-a", "lobby", "")
	var res kickResponse
	body := `{"call_uuid":"call-a","then":"redirect:` + a.url + `/answer?room=other"}`
	require.Equal(t, http.StatusOK, a.kick("lobby", body, &res))
	a.waitMembers("other", func(ms []memberJSON) bool { return hasCall(ms, "call-a") })
}

func TestKickBadRequest(t *testing.T) {
	t.Parallel()
	a := newApp(t, config{moderatorToken: testToken})
	ca := a.call("call-a", "lobby", "")
	tests := []struct {
		name     string
		giveBody string
	}{
		{name: "unknown field", giveBody: `{"call_uuid":"call-a","reason":"noise"}`},
		{name: "bad template", giveBody: `{"call_uuid":"call-a","announce":"Bye {{.From"}`},
		{name: "template failing for the member", giveBody: `{"call_uuid":"call-a","announce":"Bye {{.Nickname}}"}`},
		{name: "call_uuid and all", giveBody: `{"call_uuid":"call-a","all":true}`},
		{name: "call_uuid and member_id", giveBody: `{"call_uuid":"call-a","member_id":"1"}`},
		{name: "no target", giveBody: `{"announce":"Bye"}`},
		{name: "all false", giveBody: `{"all":false}`},
		{name: "unknown then", giveBody: `{"call_uuid":"call-a","then":"vanish"}`},
		{name: "redirect without URL", giveBody: `{"call_uuid":"call-a","then":"redirect:"}`},
		{name: "redirect to ftp", giveBody: `{"call_uuid":"call-a","then":"redirect:ftp://example.com/x"}`},
		{name: "room without name", giveBody: `{"call_uuid":"call-a","then":"room:"}`},
		{name: "room the kick API refuses", giveBody: `{"call_uuid":"call-a","then":"room:.."}`},
		{name: "relative play URL", giveBody: `{"call_uuid":"call-a","play":"/bye.mp3"}`},
		{name: "wrong type", giveBody: `{"call_uuid":1}`},
		{name: "not JSON", giveBody: `call_uuid=call-a`},
		{name: "two objects", giveBody: `{"call_uuid":"call-a"}{"all":true}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var res errorJSON
			assert.Equal(t, http.StatusBadRequest, a.kick("lobby", tt.giveBody, &res))
			assert.NotEmpty(t, res.Error)
		})
	}
	resp := a.send(http.MethodPost, "/rooms/lobby/kick", `{"call_uuid":"call-a"}`, testToken, "text/plain")
	require.NoError(t, resp.Body.Close())
	assert.Equal(t, http.StatusUnsupportedMediaType, resp.StatusCode)

	assert.Empty(t, a.changes(), "no kick reached the platform")
	_, _, in := ca.Member()
	assert.True(t, in, "call-a is still in the room")
}

func TestKickNotFound(t *testing.T) {
	t.Parallel()
	a := newApp(t, config{moderatorToken: testToken})
	a.call("call-a", "lobby", "")
	a.call("call-s", "side", "")
	tests := []struct {
		name     string
		giveRoom string
		giveBody string
	}{
		{name: "unknown room", giveRoom: "nowhere", giveBody: `{"all":true}`},
		{name: "unknown call", giveRoom: "lobby", giveBody: `{"call_uuid":"call-x"}`},
		{name: "call in another room", giveRoom: "lobby", giveBody: `{"call_uuid":"call-s"}`},
		{name: "unknown member", giveRoom: "lobby", giveBody: `{"member_id":"9"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var res errorJSON
			assert.Equal(t, http.StatusNotFound, a.kick(tt.giveRoom, tt.giveBody, &res))
			assert.NotEmpty(t, res.Error)
		})
	}
	assert.Empty(t, a.changes(), "no kick reached the platform")
}

func TestKickNotFoundUpstream(t *testing.T) {
	t.Parallel()
	a := newApp(t, config{moderatorToken: testToken})
	a.call("call-a", "lobby", "")
	a.srv.Enqueue(kicktest.Response{Status: http.StatusNotFound, Body: `{"error":"member not found","api_id":"api-404"}`})
	var res errorJSON
	require.Equal(t, http.StatusNotFound, a.kick("lobby", `{"call_uuid":"call-a"}`, &res))
	require.NotNil(t, res.Vobiz)
	assert.Equal(t, vobizJSON{Status: 404, Message: "member not found", APIID: "api-404"}, *res.Vobiz)
}

func TestKickUpstreamFailure(t *testing.T) {
	t.Parallel()
	a := newApp(t, config{moderatorToken: testToken})
	ca := a.call("call-a", "lobby", "")
	a.srv.Enqueue(kicktest.Response{Status: http.StatusUnauthorized, Body: `{"error":"authentication failed","api_id":"api-401"}`})
	var res errorJSON
	require.Equal(t, http.StatusBadGateway, a.kick("lobby", `{"call_uuid":"call-a","announce":"Bye"}`, &res))
	require.NotNil(t, res.Vobiz)
	assert.Equal(t, vobizJSON{Status: 401, Message: "authentication failed", APIID: "api-401"}, *res.Vobiz)
	assert.Contains(t, res.Error, "authentication failed")
	_, _, in := ca.Member()
	assert.True(t, in, "call-a is still in the room")
}

func TestKickUpstreamUnreachable(t *testing.T) {
	t.Parallel()
	down := httptest.NewServer(http.NotFoundHandler())
	downURL := down.URL
	down.Close()
	a := newApp(t, config{moderatorToken: testToken, apiURL: downURL})
	a.call("call-a", "lobby", "")
	var res errorJSON
	require.Equal(t, http.StatusBadGateway, a.kick("lobby", `{"call_uuid":"call-a"}`, &res))
	assert.Nil(t, res.Vobiz)
	assert.NotEmpty(t, res.Error)
}

func TestKickOutcomeUnknown(t *testing.T) {
	t.Parallel()
	a := newApp(t, config{moderatorToken: testToken})
	ca := a.call("call-a", "lobby", "")
	// The platform kicks, then fails to say so.
	a.srv.Enqueue(kicktest.Response{Status: http.StatusBadGateway, Apply: true})
	var res kickResponse
	require.Equal(t, http.StatusOK, a.kick("lobby", `{"call_uuid":"call-a","announce":"Bye"}`, &res))
	assert.Equal(t, "unknown", res.Outcome)
	require.Len(t, res.Kicked, 1)
	assert.Equal(t, "call-a", res.Kicked[0].CallUUID)
	_, heard := a.heard(ca)
	assert.Equal(t, []string{"Bye"}, heard, "the kicked caller still hears the continuation")
}
