package main_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kickflow/kickflow/kick/kicktest/emulator"
)

// runningEmulator is a "kickflow emulate" process and what it printed.
type runningEmulator struct {
	url, authID, authToken string
	cmd                    *exec.Cmd
	stderr                 *bytes.Buffer
}

// env returns the environment that aims kickflow at the emulator.
func (e *runningEmulator) env() []string {
	return []string{"VOBIZ_API_URL=" + e.url, "VOBIZ_AUTH_ID=" + e.authID, "VOBIZ_AUTH_TOKEN=" + e.authToken}
}

// startEmulate runs "kickflow emulate" on a free port with args and reads
// the address and credentials it prints. The process is interrupted when
// the test ends.
func startEmulate(t *testing.T, args ...string) *runningEmulator {
	t.Helper()
	cmd := exec.Command(binary, append([]string{"emulate", "--addr", "127.0.0.1:0"}, args...)...)
	out, err := cmd.StdoutPipe()
	require.NoError(t, err)
	e := &runningEmulator{cmd: cmd, stderr: &bytes.Buffer{}}
	cmd.Stderr = e.stderr
	require.NoError(t, cmd.Start())
	t.Cleanup(func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		done := make(chan struct{})
		go func() { _ = cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			_ = cmd.Process.Kill()
			<-done
		}
	})
	lines := make(chan string)
	go func() {
		defer close(lines)
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			lines <- sc.Text()
		}
	}()
	deadline := time.After(30 * time.Second)
	for e.url == "" || e.authID == "" || e.authToken == "" {
		select {
		case l, ok := <-lines:
			require.True(t, ok, "emulate ended early: %s", e.stderr)
			if v, ok := strings.CutPrefix(l, "export VOBIZ_API_URL="); ok {
				e.url = v
			}
			if v, ok := strings.CutPrefix(l, "export VOBIZ_AUTH_ID="); ok {
				e.authID = v
			}
			if v, ok := strings.CutPrefix(l, "export VOBIZ_AUTH_TOKEN="); ok {
				e.authToken = v
			}
		case <-deadline:
			t.Fatalf("emulate printed no address in time: %s", e.stderr)
		}
	}
	go func() {
		for range lines { // keep the pipe drained
		}
	}()
	return e
}

// control sends a JSON request to the emulator's control API.
func (e *runningEmulator) control(t *testing.T, method, path string, body any) (int, []byte) {
	t.Helper()
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		require.NoError(t, err)
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(t.Context(), method, e.url+path, rd)
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer res.Body.Close()
	data, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	return res.StatusCode, data
}

// waitCall polls a call through the control API until cond holds.
func (e *runningEmulator) waitCall(t *testing.T, uuid string, cond func(emulator.CallState) bool) emulator.CallState {
	t.Helper()
	var c emulator.CallState
	require.Eventually(t, func() bool {
		status, body := e.control(t, http.MethodGet, "/control/calls/"+uuid, nil)
		if status != http.StatusOK {
			return false
		}
		c = emulator.CallState{}
		require.NoError(t, json.Unmarshal(body, &c))
		return cond(c)
	}, 30*time.Second, 20*time.Millisecond, "call %s never reached the state; last %+v", uuid, c)
	return c
}

func TestEmulate(t *testing.T) {
	t.Parallel()
	app := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/xml")
		_, _ = io.WriteString(w, `<Response><Conference stayAlone="true">Lobby</Conference><Speak>Bye</Speak></Response>`)
	}))
	t.Cleanup(app.Close)
	e := startEmulate(t, "--auth-id", "MA_LOCAL", "--auth-token", "local-secret")
	assert.Equal(t, "MA_LOCAL", e.authID)
	assert.Equal(t, "local-secret", e.authToken)

	status, body := e.control(t, http.MethodPost, "/control/calls", map[string]any{"answerUrl": app.URL, "callUuid": "call-1"})
	require.Equal(t, http.StatusCreated, status, string(body))
	c := e.waitCall(t, "call-1", func(c emulator.CallState) bool { return c.Room == "Lobby" })

	member := c.MemberID
	got := kickflow(t, "", e.env(), "kick", "-y", "Lobby", member)
	require.Equal(t, 0, got.code, "stderr: %s", got.stderr)
	c = e.waitCall(t, "call-1", func(c emulator.CallState) bool { return c.Done })
	var text []string
	for _, l := range c.Transcript {
		text = append(text, l.Text)
	}
	assert.Contains(t, strings.Join(text, "\n"), "Bye", "the continuation after the kick ran")

	got = kickflow(t, "", e.env(), "kick", "-y", "Lobby", member)
	assert.Equal(t, 1, got.code, "the member has gone: %s", got.stderr)
	assert.Contains(t, got.stderr, "404")

	// Interrupted, it stops cleanly.
	require.NoError(t, e.cmd.Process.Signal(syscall.SIGTERM))
	err := e.cmd.Wait()
	assert.NoError(t, err, "stderr: %s", e.stderr)
}

func TestEmulateUsage(t *testing.T) {
	t.Parallel()
	got := kickflow(t, "", nil, "emulate", "--addr", "127.0.0.1:0", "--auth-id", "MA_X")
	assert.Equal(t, 2, got.code)
	assert.Contains(t, got.stderr, "give both --auth-id and --auth-token")

	ln := httptest.NewServer(http.NotFoundHandler())
	t.Cleanup(ln.Close)
	got = kickflow(t, "", nil, "emulate", "--addr", strings.TrimPrefix(ln.URL, "http://"))
	assert.Equal(t, 2, got.code)
	assert.Contains(t, got.stderr, "listening on")
}
