package main_test

import (
	"bufio"
	"bytes"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kickflow/kickflow/kick/kicktest/emulator"
)

// buildExample builds the example command in ../../examples/name into a
// temporary directory and returns the binary's path.
func buildExample(t *testing.T, name string) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), name)
	goTool, err := exec.LookPath("go")
	require.NoError(t, err, "building the example needs the go tool")
	out, err := exec.Command(goTool, "build", "-o", bin, "../../examples/"+name).CombinedOutput()
	require.NoError(t, err, "building %s: %s", name, out)
	return bin
}

// freeAddr returns a loopback address that was free a moment ago.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	require.NoError(t, ln.Close())
	return addr
}

// startProcess runs bin with args until the test ends and returns its
// combined output so far, read through out().
func startProcess(t *testing.T, env []string, bin string, args ...string) (out func() string) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), env...)
	var (
		mu  sync.Mutex
		buf bytes.Buffer
	)
	w := writerFunc(func(p []byte) (int, error) {
		mu.Lock()
		defer mu.Unlock()
		return buf.Write(p)
	})
	cmd.Stdout, cmd.Stderr = w, w
	require.NoError(t, cmd.Start())
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	})
	return func() string {
		mu.Lock()
		defer mu.Unlock()
		return buf.String()
	}
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }

// waitHTTP waits until url answers at all.
func waitHTTP(t *testing.T, url string, logs func() string) {
	t.Helper()
	require.Eventually(t, func() bool {
		res, err := http.Get(url)
		if err != nil {
			return false
		}
		res.Body.Close()
		return true
	}, 30*time.Second, 50*time.Millisecond, "%s never answered; output: %s", url, logs())
}

// liveCall runs "kickflow call" with args and lets the test read its
// output while it runs.
type liveCall struct {
	cmd     *exec.Cmd
	mu      sync.Mutex
	stdout  strings.Builder
	stderr  bytes.Buffer
	stdin   io.WriteCloser
	changed chan struct{}
}

func startCall(t *testing.T, args ...string) *liveCall {
	t.Helper()
	lc := &liveCall{changed: make(chan struct{}, 1)}
	lc.cmd = exec.Command(binary, append([]string{"call"}, args...)...)
	out, err := lc.cmd.StdoutPipe()
	require.NoError(t, err)
	lc.cmd.Stderr = writerFunc(func(p []byte) (int, error) {
		lc.mu.Lock()
		defer lc.mu.Unlock()
		return lc.stderr.Write(p)
	})
	lc.stdin, err = lc.cmd.StdinPipe()
	require.NoError(t, err)
	require.NoError(t, lc.cmd.Start())
	t.Cleanup(func() { _ = lc.cmd.Process.Kill() })
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			lc.mu.Lock()
			lc.stdout.WriteString(sc.Text() + "\n")
			lc.mu.Unlock()
		}
	}()
	return lc
}

func (lc *liveCall) output() (stdout, stderr string) {
	lc.mu.Lock()
	defer lc.mu.Unlock()
	return lc.stdout.String(), lc.stderr.String()
}

// waitOutput waits until re matches the standard output or error and
// returns the submatches.
func (lc *liveCall) waitOutput(t *testing.T, re *regexp.Regexp) []string {
	t.Helper()
	var m []string
	require.Eventually(t, func() bool {
		out, errOut := lc.output()
		if m = re.FindStringSubmatch(out); m == nil {
			m = re.FindStringSubmatch(errOut)
		}
		return m != nil
	}, 60*time.Second, 20*time.Millisecond, "no %s in the output", re)
	return m
}

// wait waits for the process to end and returns its exit status.
func (lc *liveCall) wait(t *testing.T) int {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- lc.cmd.Wait() }()
	select {
	case err := <-done:
		if err == nil {
			return 0
		}
		var ee *exec.ExitError
		require.ErrorAs(t, err, &ee)
		return ee.ExitCode()
	case <-time.After(60 * time.Second):
		out, errOut := lc.output()
		t.Fatalf("kickflow call did not end; stdout: %s\nstderr: %s", out, errOut)
		return -1
	}
}

var (
	embeddedEnv = regexp.MustCompile(`VOBIZ_API_URL=(\S+) VOBIZ_AUTH_ID=(\S+) VOBIZ_AUTH_TOKEN=(\S+)`)
	memberLine  = regexp.MustCompile(`joined Team as member (\S+)`)
)

// TestCallIVRWithInput runs examples/ivr and calls it with a script: a
// wrong PIN, then the right one; the caller joins the room, is kicked with
// "kickflow kick" through the embedded emulator's REST API and hears the
// goodbye. Nothing but binaries.
func TestCallIVRWithInput(t *testing.T) {
	t.Parallel()
	ivr := buildExample(t, "ivr")
	addr := freeAddr(t)
	logs := startProcess(t, nil, ivr, "-listen", addr, "-url", "http://"+addr, "-pin", "4321")
	waitHTTP(t, "http://"+addr+"/", logs)

	script := filepath.Join(t.TempDir(), "pin.txt")
	require.NoError(t, os.WriteFile(script, []byte("# wrong, then right\nkeys 1111 after 500ms\nkeys 4321\n"), 0o600))
	lc := startCall(t, "--input", script, "--call-uuid", "call-ivr", "http://"+addr+"/ivr")

	env := lc.waitOutput(t, embeddedEnv)
	joined := lc.waitOutput(t, memberLine)
	got := kickflow(t, "", []string{"VOBIZ_API_URL=" + env[1], "VOBIZ_AUTH_ID=" + env[2], "VOBIZ_AUTH_TOKEN=" + env[3]},
		"kick", "-y", "Team", joined[1])
	require.Equal(t, 0, got.code, "stderr: %s", got.stderr)

	code := lc.wait(t)
	out, errOut := lc.output()
	require.Equal(t, 0, code, "stdout: %s\nstderr: %s", out, errOut)
	assert.Contains(t, out, "call call-ivr from ")
	assert.Contains(t, out, "1111")
	assert.Contains(t, out, "Sorry, that PIN is not right.")
	assert.Contains(t, out, "4321")
	assert.Contains(t, out, "kicked")
	assert.Contains(t, out, "You have left the conference. Goodbye.")
	assert.Regexp(t, `(?m)^ended: `, out)
	assert.Less(t, strings.Index(out, "1111"), strings.Index(out, "4321"), "the transcript is in order")
}

// TestCallLiveInputInsideEmulate calls an app inside a running "kickflow
// emulate" and types the PIN on standard input.
func TestCallLiveInputInsideEmulate(t *testing.T) {
	t.Parallel()
	ivr := buildExample(t, "ivr")
	addr := freeAddr(t)
	logs := startProcess(t, nil, ivr, "-listen", addr, "-url", "http://"+addr, "-pin", "4321")
	waitHTTP(t, "http://"+addr+"/", logs)
	e := startEmulate(t)

	lc := startCall(t, "--emulator", e.url, "--call-uuid", "call-live", "http://"+addr+"/ivr")
	lc.waitOutput(t, regexp.MustCompile(`Please enter|PIN`))
	// Keys reach the Gather only while it listens; type until they land.
	require.Eventually(t, func() bool {
		_, err := io.WriteString(lc.stdin, "4321\n")
		require.NoError(t, err)
		out, _ := lc.output()
		return memberLine.MatchString(out)
	}, 60*time.Second, 500*time.Millisecond)
	c := e.waitCall(t, "call-live", func(c emulator.CallState) bool { return c.Room == "Team" })
	assert.NotEmpty(t, c.MemberID, "the call shows in the emulator")

	_, err := io.WriteString(lc.stdin, "hangup\n")
	require.NoError(t, err)
	code := lc.wait(t)
	out, errOut := lc.output()
	assert.Equal(t, 0, code, "stdout: %s\nstderr: %s", out, errOut)
	assert.Regexp(t, `(?m)^ended: `, out)
}

func TestCallAppErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		handler http.HandlerFunc
		want    string
	}{
		{name: "500", handler: func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(500) }, want: "ended: "},
		{name: "invalid xml", handler: func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "application/xml")
			_, _ = io.WriteString(w, "<Response><Speak>")
		}, want: "ended: "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			app := httptest.NewServer(tt.handler)
			t.Cleanup(app.Close)
			got := kickflow(t, "", nil, "call", app.URL)
			assert.Equal(t, 1, got.code, "stdout: %s\nstderr: %s", got.stdout, got.stderr)
			assert.Contains(t, got.stdout, tt.want)
		})
	}
}

func TestCallEndsNormally(t *testing.T) {
	t.Parallel()
	app := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/xml")
		_, _ = io.WriteString(w, `<Response><Speak>Hello &lt;there&gt;</Speak></Response>`)
	}))
	t.Cleanup(app.Close)
	got := kickflow(t, "", nil, "call", "--from", "+14155550111", app.URL)
	require.Equal(t, 0, got.code, "stderr: %s", got.stderr)
	assert.Contains(t, got.stdout, "from +14155550111")
	assert.Contains(t, got.stdout, "Hello <there>")
	assert.Contains(t, got.stdout, "ended: End Of XML")
	assert.Contains(t, got.stderr, "VOBIZ_API_URL=http://127.0.0.1:")
}

func TestCallUsage(t *testing.T) {
	t.Parallel()
	bad := filepath.Join(t.TempDir(), "bad.txt")
	require.NoError(t, os.WriteFile(bad, []byte("press 1\n"), 0o600))
	tests := []struct {
		name string
		give []string
		want string
	}{
		{name: "no url", give: []string{"call"}, want: "accepts 1 arg"},
		{name: "bad script", give: []string{"call", "--input", bad, "http://127.0.0.1:1/"}, want: `line 1: unknown input "press"`},
		{name: "missing script", give: []string{"call", "--input", "nope.txt", "http://127.0.0.1:1/"}, want: "nope.txt"},
		{name: "bad answer url", give: []string{"call", "ftp://x/"}, want: "answerUrl"},
		{name: "bad emulator url", give: []string{"call", "--emulator", "x", "http://127.0.0.1:1/"}, want: "--emulator"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := kickflow(t, "", nil, tt.give...)
			assert.Equal(t, 2, got.code, "stdout: %s", got.stdout)
			assert.Contains(t, got.stderr, tt.want)
		})
	}
}
