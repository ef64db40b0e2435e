package main

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kickflow/kickflow/kick/kicktest"
)

// TestErrorsAreJSON checks that every error of the moderator API, the
// router's 404 and 405 included, is {"error": ...} in one style: the
// package prefix once, then the kind, and no Go names.
func TestErrorsAreJSON(t *testing.T) {
	t.Parallel()
	a := newApp(t, config{moderatorToken: testToken})
	a.call("call-a", "lobby", "")
	tests := []struct {
		name             string
		giveMethod       string
		givePath         string
		giveBody         string
		giveToken        string
		giveType         string
		wantStatus       int
		wantError        string // exact, unless wantErrorPrefix
		wantErrorPrefix  string
		wantAllowHeader  string
		skipDefaultToken bool
	}{
		{name: "unknown path", giveMethod: http.MethodGet, givePath: "/nothing-here",
			wantStatus: http.StatusNotFound, wantError: "answerserver: not found: no GET /nothing-here here"},
		{name: "unknown path below rooms", giveMethod: http.MethodGet, givePath: "/rooms/lobby/members/x",
			wantStatus: http.StatusNotFound, wantError: "answerserver: not found: no GET /rooms/lobby/members/x here"},
		{name: "wrong method", giveMethod: http.MethodDelete, givePath: "/rooms",
			wantStatus: http.StatusMethodNotAllowed, wantError: "answerserver: method not allowed: use GET, HEAD for /rooms, not DELETE",
			wantAllowHeader: "GET, HEAD"},
		{name: "kick with GET", giveMethod: http.MethodGet, givePath: "/rooms/lobby/kick",
			wantStatus: http.StatusMethodNotAllowed, wantError: "answerserver: method not allowed: use POST for /rooms/lobby/kick, not GET",
			wantAllowHeader: "POST"},
		{name: "no token", giveMethod: http.MethodGet, givePath: "/rooms", skipDefaultToken: true,
			wantStatus: http.StatusUnauthorized, wantError: "answerserver: unauthorized: send Authorization: Bearer <MODERATOR_TOKEN>"},
		{name: "unknown room", giveMethod: http.MethodGet, givePath: "/rooms/nowhere/members",
			wantStatus: http.StatusNotFound, wantError: `answerserver: not found: room "nowhere" is not known`},
		{name: "not JSON content", giveMethod: http.MethodPost, givePath: "/rooms/lobby/kick", giveBody: `{"all":true}`, giveType: "text/plain",
			wantStatus: http.StatusUnsupportedMediaType, wantError: "answerserver: unsupported media type: send the body as application/json"},
		{name: "number for a string", giveMethod: http.MethodPost, givePath: "/rooms/lobby/kick", giveBody: `{"call_uuid":1}`,
			wantStatus: http.StatusBadRequest, wantError: "answerserver: bad request: field call_uuid must be a string"},
		{name: "string for a boolean", giveMethod: http.MethodPost, givePath: "/rooms/lobby/kick", giveBody: `{"all":"yes"}`,
			wantStatus: http.StatusBadRequest, wantError: "answerserver: bad request: field all must be true or false"},
		{name: "unknown field", giveMethod: http.MethodPost, givePath: "/rooms/lobby/kick", giveBody: `{"call_uuid":"call-a","reason":"x"}`,
			wantStatus: http.StatusBadRequest, wantError: `answerserver: bad request: unknown field "reason"`},
		{name: "not JSON", giveMethod: http.MethodPost, givePath: "/rooms/lobby/kick", giveBody: `call_uuid=call-a`,
			wantStatus: http.StatusBadRequest, wantErrorPrefix: "answerserver: bad request: body is not JSON: "},
		{name: "cut short", giveMethod: http.MethodPost, givePath: "/rooms/lobby/kick", giveBody: `{"call_uuid":"call-a"`,
			wantStatus: http.StatusBadRequest, wantError: "answerserver: bad request: body ends inside the JSON object"},
		{name: "too long", giveMethod: http.MethodPost, givePath: "/rooms/lobby/kick",
			giveBody:   `{"announce":"` + strings.Repeat("a", maxKickBody) + `"}`,
			wantStatus: http.StatusBadRequest, wantError: "answerserver: bad request: body is longer than 65536 bytes"},
		{name: "unknown call", giveMethod: http.MethodPost, givePath: "/rooms/lobby/kick", giveBody: `{"call_uuid":"call-x"}`,
			wantStatus: http.StatusNotFound, wantError: `answerserver: not found: call "call-x" is not in room "lobby"`},
		{name: "unknown member", giveMethod: http.MethodPost, givePath: "/rooms/lobby/kick", giveBody: `{"member_id":"9"}`,
			wantStatus: http.StatusNotFound, wantErrorPrefix: "answerserver: not found: "},
		{name: "empty room", giveMethod: http.MethodPost, givePath: "/rooms/nowhere/kick", giveBody: `{"all":true}`,
			wantStatus: http.StatusNotFound, wantErrorPrefix: "answerserver: not found: "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			token := testToken
			if tt.skipDefaultToken {
				token = ""
			}
			ct := tt.giveType
			if ct == "" {
				ct = "application/json"
			}
			resp := a.send(tt.giveMethod, tt.givePath, tt.giveBody, token, ct)
			msg := errorMessage(t, resp)
			assert.Equal(t, tt.wantStatus, resp.StatusCode)
			if tt.wantErrorPrefix != "" {
				assert.True(t, strings.HasPrefix(msg, tt.wantErrorPrefix), "error %q", msg)
			} else {
				assert.Equal(t, tt.wantError, msg)
			}
			if tt.wantAllowHeader != "" {
				assert.Equal(t, tt.wantAllowHeader, resp.Header.Get("Allow"))
			}
			assertOneStyle(t, msg)
		})
	}
	assert.Empty(t, a.changes(), "no kick reached the platform")
}

// TestUpstreamErrorsInOneStyle checks the messages of kicks the platform
// refused.
func TestUpstreamErrorsInOneStyle(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		giveStatus int
		wantStatus int
		wantPrefix string
	}{
		{name: "not found", giveStatus: http.StatusNotFound, wantStatus: http.StatusNotFound, wantPrefix: "answerserver: not found: "},
		{name: "unauthorized", giveStatus: http.StatusUnauthorized, wantStatus: http.StatusBadGateway, wantPrefix: "answerserver: upstream failure: "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			a := newApp(t, config{moderatorToken: testToken})
			a.call("call-a", "lobby", "")
			a.srv.Enqueue(kicktest.Response{Status: tt.giveStatus, Body: `{"error":"refused here","api_id":"api-1"}`})
			resp := a.send(http.MethodPost, "/rooms/lobby/kick", `{"call_uuid":"call-a"}`, testToken, "application/json")
			msg := errorMessage(t, resp)
			assert.Equal(t, tt.wantStatus, resp.StatusCode)
			assert.True(t, strings.HasPrefix(msg, tt.wantPrefix), "error %q", msg)
			assert.Contains(t, msg, "refused here")
			assertOneStyle(t, msg)
		})
	}
}

// errorMessage reads an error answer: JSON with an "error" string.
func errorMessage(t *testing.T, resp *http.Response) string {
	t.Helper()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	require.NoError(t, resp.Body.Close())
	assert.Equal(t, "application/json", resp.Header.Get("Content-Type"), "body %s", body)
	var res errorJSON
	require.NoError(t, json.Unmarshal(body, &res), "body %s", body)
	return res.Error
}

// assertOneStyle checks msg carries the package prefix once and no other
// package's, and no Go names.
func assertOneStyle(t *testing.T, msg string) {
	t.Helper()
	assert.True(t, strings.HasPrefix(msg, "answerserver: "), "error %q", msg)
	assert.Equal(t, 1, strings.Count(msg, "answerserver: "), "error %q", msg)
	for _, bad := range []string{"flow: ", "kick: ", "json: ", "main.", "Go struct", "Go value"} {
		assert.NotContains(t, msg, bad, "error %q", msg)
	}
}
