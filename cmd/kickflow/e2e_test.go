package main_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kickflow/kickflow/kick/kicktest/emulator"
)

// TestAnswerServerAgainstEmulate runs a complete call with nothing but
// binaries: examples/answerserver pointed at "kickflow emulate", a call
// started through the emulator's control API, the caller in the room,
// kicked through answerserver's moderator API with an announcement and a
// hang-up as continuation.
func TestAnswerServerAgainstEmulate(t *testing.T) {
	t.Parallel()
	answerserver := buildExample(t, "answerserver")
	e := startEmulate(t, "--auth-id", "MA_E2ETEST", "--auth-token", "e2e-token-not-secret")
	addr := freeAddr(t)
	const moderator = "moderator-token-for-the-e2e-test"
	logs := startProcess(t, append(e.env(), "MODERATOR_TOKEN="+moderator), answerserver, "-addr", addr)
	app := "http://" + addr
	waitHTTP(t, app+"/healthz", logs)

	status, body := e.control(t, http.MethodPost, "/control/calls", map[string]any{
		"answerUrl": app + "/answer?room=demo", "callUuid": "call-e2e", "from": "+14155550142",
	})
	require.Equal(t, http.StatusCreated, status, string(body))
	c := e.waitCall(t, "call-e2e", func(c emulator.CallState) bool { return c.Room == "demo" })
	require.NotEmpty(t, c.MemberID)

	api := func(method, path string, body any) (int, []byte) {
		t.Helper()
		var rd io.Reader
		if body != nil {
			b, err := json.Marshal(body)
			require.NoError(t, err)
			rd = bytes.NewReader(b)
		}
		req, err := http.NewRequestWithContext(t.Context(), method, app+path, rd)
		require.NoError(t, err)
		req.Header.Set("Authorization", "Bearer "+moderator)
		if body != nil {
			req.Header.Set("Content-Type", "application/json")
		}
		res, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		defer res.Body.Close()
		data, err := io.ReadAll(res.Body)
		require.NoError(t, err)
		return res.StatusCode, data
	}
	// The app learns of the member from the emulator's signed enter callback.
	require.Eventually(t, func() bool {
		status, body := api(http.MethodGet, "/rooms/demo/members", nil)
		return status == http.StatusOK && strings.Contains(string(body), `"call-e2e"`)
	}, 30*time.Second, 50*time.Millisecond, "answerserver never saw the member; logs: %s", logs())

	status, body = api(http.MethodPost, "/rooms/demo/kick", map[string]any{
		"call_uuid": "call-e2e", "announce": "Goodbye {{.From}}.", "then": "hangup",
	})
	require.Equal(t, http.StatusOK, status, "%s; logs: %s", body, logs())
	assert.Contains(t, string(body), `"outcome":"done"`)

	c = e.waitCall(t, "call-e2e", func(c emulator.CallState) bool { return c.Done })
	var lines []string
	for _, l := range c.Transcript {
		lines = append(lines, l.Text)
	}
	text := strings.Join(lines, "\n")
	assert.Contains(t, text, "joined demo as member")
	assert.Contains(t, text, "kicked")
	assert.Contains(t, text, `Goodbye +14155550142.`, "the continuation ran")
	assert.Less(t, strings.Index(text, "kicked"), strings.Index(text, "Goodbye +14155550142."))
	assert.Contains(t, c.Cause, "Normal Hangup", "the continuation hung up: %s", text)
	assert.Empty(t, c.Room)

	status, body = e.control(t, http.MethodGet, "/control/rooms", nil)
	require.Equal(t, http.StatusOK, status)
	assert.JSONEq(t, `[]`, string(body), "the room is empty")
}
