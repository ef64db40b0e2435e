package main

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kickflow/kickflow/kick/kicktest"
)

// post sends a control to room and decodes the answer into out.
func (a *app) post(room, control, body string, out any) int {
	a.t.Helper()
	status, b := a.do(http.MethodPost, "/rooms/"+room+"/"+control, body, testToken)
	require.NoError(a.t, json.Unmarshal(b, out), "body %s", b)
	return status
}

// member returns call's entry of the members list of room.
func (a *app) member(room, call string) memberJSON {
	a.t.Helper()
	for _, m := range a.waitMembers(room, func(ms []memberJSON) bool { return hasCall(ms, call) }) {
		if m.CallUUID == call {
			return m
		}
	}
	return memberJSON{}
}

func reachedCalls(res controlResponse) []string {
	var out []string
	for _, m := range res.Reached {
		out = append(out, m.CallUUID)
	}
	return out
}

func TestMuteAndDeaf(t *testing.T) {
	t.Parallel()
	a := newApp(t, config{moderatorToken: testToken})
	a.call("call-a", "lobby", "+14155550101")
	a.call("call-b", "lobby", "+14155550102")
	tests := []struct {
		control, body string
		wantReached   []string
		wantA, wantB  [2]bool // muted, deaf
	}{
		{"mute", `{"call_uuid":"call-a","muted":true}`, []string{"call-a"}, [2]bool{true, false}, [2]bool{}},
		{"deaf", `{"all":true,"deaf":true}`, []string{"call-a", "call-b"}, [2]bool{true, true}, [2]bool{false, true}},
		{"mute", `{"call_uuid":"call-a","muted":false}`, []string{"call-a"}, [2]bool{false, true}, [2]bool{false, true}},
		{"deaf", `{"call_uuid":"call-b","deaf":false}`, []string{"call-b"}, [2]bool{false, true}, [2]bool{}},
	}
	for _, tt := range tests {
		var res controlResponse
		require.Equal(t, http.StatusOK, a.post("lobby", tt.control, tt.body, &res), tt.body)
		assert.Equal(t, "done", res.Outcome, tt.body)
		assert.Equal(t, tt.wantReached, reachedCalls(res), tt.body)
		ma, mb := a.member("lobby", "call-a"), a.member("lobby", "call-b")
		assert.Equal(t, tt.wantA, [2]bool{ma.Muted, ma.Deaf}, "call-a after %s", tt.body)
		assert.Equal(t, tt.wantB, [2]bool{mb.Muted, mb.Deaf}, "call-b after %s", tt.body)
	}
	for _, m := range a.srv.Members("lobby") {
		if m.CallUUID == "call-a" {
			assert.True(t, m.Deaf, "the platform has call-a deaf")
			assert.False(t, m.Muted)
		}
	}
}

func TestMembersStateFromTheControlsWhenThePlatformCannotBeRead(t *testing.T) {
	t.Parallel()
	srv := kicktest.NewServer(kicktest.WithLiveReads())
	t.Cleanup(srv.Close)
	a := newAppOn(t, srv, config{moderatorToken: testToken})
	a.call("call-a", "lobby", "")
	a.call("call-b", "lobby", "")
	var res controlResponse
	require.Equal(t, http.StatusOK, a.post("lobby", "mute", `{"call_uuid":"call-b","muted":true}`, &res))
	mb := a.member("lobby", "call-b")
	assert.True(t, mb.Muted, "what this server did, as the platform answered {\"error\":\"failed\"}")
	assert.False(t, mb.Deaf)
	assert.False(t, a.member("lobby", "call-a").Muted)
}

func TestPlayAndSpeak(t *testing.T) {
	t.Parallel()
	a := newApp(t, config{moderatorToken: testToken})
	ca := a.call("call-a", "lobby", "")
	cb := a.call("call-b", "lobby", "")
	var res controlResponse
	require.Equal(t, http.StatusOK, a.post("lobby", "play", `{"call_uuid":"call-a","url":"https://example.com/warn.mp3"}`, &res))
	assert.Equal(t, []string{"call-a"}, reachedCalls(res))
	assert.Equal(t, "done", res.Outcome)
	require.Equal(t, http.StatusOK, a.post("lobby", "speak", `{"all":true,"text":"Two minutes left.","voice":"WOMAN","language":"en-US"}`, &res))
	assert.Equal(t, []string{"call-a", "call-b"}, reachedCalls(res))
	ca.HangUp()
	cb.HangUp()
	a.heard(ca)
	a.heard(cb)
	var plays, speeches []string
	for _, s := range ca.Transcript().Steps() {
		switch s := s.(type) {
		case kicktest.HeardPlay:
			plays = append(plays, s.URL)
		case kicktest.HeardSpeech:
			speeches = append(speeches, s.Text+"/"+s.Voice+"/"+s.Language)
		}
	}
	assert.Equal(t, []string{"https://example.com/warn.mp3"}, plays)
	assert.Equal(t, []string{"Two minutes left./WOMAN/en-US"}, speeches)
	var bHeard int
	for _, s := range cb.Transcript().Steps() {
		if _, ok := s.(kicktest.HeardPlay); ok {
			bHeard++
		}
	}
	assert.Zero(t, bHeard, "call-b was not played to")
}

func TestControlsBadRequest(t *testing.T) {
	t.Parallel()
	a := newApp(t, config{moderatorToken: testToken})
	a.call("call-a", "lobby", "")
	tests := []struct{ control, body string }{
		{"mute", `{"call_uuid":"call-a"}`},
		{"mute", `{"call_uuid":"call-a","muted":"yes"}`},
		{"mute", `{"muted":true}`},
		{"mute", `{"call_uuid":"call-a","all":true,"muted":true}`},
		{"mute", `{"member_id":"1","muted":true}`},
		{"deaf", `{"all":true}`},
		{"deaf", `{"all":false,"deaf":true}`},
		{"play", `{"call_uuid":"call-a"}`},
		{"play", `{"call_uuid":"call-a","url":"http://example.com/a.mp3"}`},
		{"play", `{"call_uuid":"call-a","url":"/a.mp3"}`},
		{"speak", `{"call_uuid":"call-a","text":"  "}`},
		{"speak", `{"call_uuid":"call-a","text":"` + strings.Repeat("x", 1001) + `"}`},
		{"speak", `{"call_uuid":"call-a","text":"Hi","voice":"ROBOT"}`},
		{"speak", `{"call_uuid":"call-a","text":"Hi","language":"en US"}`},
		{"speak", `not JSON`},
		{"speak", `{"call_uuid":"call-a","text":"Hi"}{}`},
	}
	for _, tt := range tests {
		var res errorJSON
		assert.Equal(t, http.StatusBadRequest, a.post("lobby", tt.control, tt.body, &res), "%s %s", tt.control, tt.body)
		assert.True(t, strings.HasPrefix(res.Error, "answerserver: bad request: "), res.Error)
	}
	for _, control := range []string{"mute", "deaf", "play", "speak"} {
		resp := a.send(http.MethodPost, "/rooms/lobby/"+control, `{"all":true}`, testToken, "text/plain")
		require.NoError(t, resp.Body.Close())
		assert.Equal(t, http.StatusUnsupportedMediaType, resp.StatusCode, control)
	}
	assert.Empty(t, a.changes(), "nothing reached the platform")
}

func TestControlsNotFoundAndUnauthorized(t *testing.T) {
	t.Parallel()
	a := newApp(t, config{moderatorToken: testToken})
	a.call("call-a", "lobby", "")
	a.call("call-s", "side", "")
	tests := []struct{ room, control, body string }{
		{"lobby", "mute", `{"call_uuid":"call-x","muted":true}`},
		{"lobby", "deaf", `{"call_uuid":"call-s","deaf":true}`},
		{"nowhere", "play", `{"all":true,"url":"https://example.com/a.mp3"}`},
		{"nowhere", "speak", `{"all":true,"text":"Hi"}`},
		{"nowhere", "sync", `{}`},
	}
	for _, tt := range tests {
		var res errorJSON
		assert.Equal(t, http.StatusNotFound, a.post(tt.room, tt.control, tt.body, &res), "%s %s", tt.room, tt.control)
		assert.NotEmpty(t, res.Error)
		status, _ := a.do(http.MethodPost, "/rooms/"+tt.room+"/"+tt.control, tt.body, "wrong")
		assert.Equal(t, http.StatusUnauthorized, status)
	}
	assert.Empty(t, a.changes(), "nothing reached the platform")
}

func TestControlsUpstream(t *testing.T) {
	t.Parallel()
	a := newApp(t, config{moderatorToken: testToken})
	a.call("call-a", "lobby", "")
	a.srv.EnqueueRoute(kicktest.RouteMute, kicktest.Response{Status: http.StatusUnauthorized, Body: `{"error":"authentication failed","api_id":"api-401"}`})
	var bad errorJSON
	require.Equal(t, http.StatusBadGateway, a.post("lobby", "mute", `{"call_uuid":"call-a","muted":true}`, &bad))
	require.NotNil(t, bad.Vobiz)
	assert.Equal(t, 401, bad.Vobiz.Status)

	a.srv.EnqueueRoute(kicktest.RoutePlay, kicktest.Response{Status: http.StatusServiceUnavailable, Apply: true})
	var res controlResponse
	require.Equal(t, http.StatusOK, a.post("lobby", "play", `{"call_uuid":"call-a","url":"https://example.com/a.mp3"}`, &res))
	assert.Equal(t, "unknown", res.Outcome)
	assert.Equal(t, []string{"call-a"}, reachedCalls(res))
}

func TestKickTellsTheRoom(t *testing.T) {
	t.Parallel()
	a := newApp(t, config{moderatorToken: testToken})
	ca := a.call("call-a", "lobby", "+14155550101")
	cb := a.call("call-b", "lobby", "+14155550102")
	var res kickResponse
	require.Equal(t, http.StatusOK, a.kick("lobby",
		`{"call_uuid":"call-a","announce":"Bye.","tell_room":"{{.From}} has left.","tell_room_play":"https://example.com/chime.mp3"}`, &res))
	assert.Equal(t, "done", res.Outcome)
	assert.Equal(t, "done", res.TellRoom)
	require.Len(t, res.Told, 1)
	assert.Equal(t, "call-b", res.Told[0].CallUUID)
	_, heard := a.heard(ca)
	assert.Equal(t, []string{"Bye."}, heard)
	var bad errorJSON
	assert.Equal(t, http.StatusBadRequest, a.kick("lobby", `{"call_uuid":"call-b","tell_room":"{{range .}}x{{end}}"}`, &bad))
	assert.Equal(t, http.StatusBadRequest, a.kick("lobby", `{"call_uuid":"call-b","tell_room_play":"http://example.com/a.mp3"}`, &bad))
	cb.HangUp()
	a.heard(cb)
	var got []string
	for _, s := range cb.Transcript().Steps() {
		switch s := s.(type) {
		case kicktest.HeardPlay:
			got = append(got, s.URL)
		case kicktest.HeardSpeech:
			got = append(got, s.Text)
		}
	}
	assert.ElementsMatch(t, []string{"+14155550101 has left.", "https://example.com/chime.mp3"}, got)
	for _, s := range ca.Transcript().Steps() {
		_, isPlay := s.(kicktest.HeardPlay)
		_, isSpeech := s.(kicktest.HeardSpeech)
		assert.False(t, isPlay || isSpeech, "the kicked caller heard %v", s)
	}

}

func TestSyncEndpoint(t *testing.T) {
	t.Parallel()
	for _, live := range []bool{false, true} {
		var opts []kicktest.Option
		if live {
			opts = append(opts, kicktest.WithLiveReads())
		}
		opts = append(opts, kicktest.WithCallbackFaults(func(cb kicktest.Callback) kicktest.Fault {
			if cb.Form.Get("CallUUID") == "call-b" && cb.Form.Get("ConferenceAction") == "enter" {
				return kicktest.Drop
			}
			return kicktest.Deliver
		}))
		srv := kicktest.NewServer(opts...)
		t.Cleanup(srv.Close)
		a := newAppOn(t, srv, config{moderatorToken: testToken})
		a.call("call-a", "lobby", "")
		a.srv.StartCall(kicktest.CallSpec{AnswerURL: a.url + "/answer?room=lobby", CallUUID: "call-b"})
		_, err := a.srv.WaitMember(a.ctx, "lobby", "call-b")
		require.NoError(t, err)
		require.NoError(t, a.srv.WaitCallbacks(a.ctx))

		var res syncResponse
		require.Equal(t, http.StatusOK, a.post("lobby", "sync", `{}`, &res))
		assert.Empty(t, res.Dropped)
		if live {
			assert.Equal(t, "unavailable", res.Outcome)
			assert.Empty(t, res.Added)
			status, body := a.do(http.MethodGet, "/rooms/lobby/members", "", testToken)
			require.Equal(t, http.StatusOK, status)
			assert.NotContains(t, string(body), "call-b")
			continue
		}
		assert.Equal(t, "done", res.Outcome)
		require.Len(t, res.Added, 1)
		assert.Equal(t, "call-b", res.Added[0].CallUUID)
		assert.True(t, res.Added[0].Reconciled)
		assert.True(t, a.member("lobby", "call-b").Reconciled)
	}
}
