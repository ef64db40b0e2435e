//go:build linux

package main

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// browserTimeout bounds the whole browser test.
const browserTimeout = 30 * time.Second

// TestPageKicksThroughForm loads the moderator page in headless Chromium,
// types the token, opens the room, kicks a member through the form and
// sees the member list update.
func TestPageKicksThroughForm(t *testing.T) {
	bin, err := exec.LookPath("chromium")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("chromium not found on PATH; .ci/run installs it (apt-get install chromium)")
		}
		t.Skip("chromium not found on PATH; run apt-get install chromium to run this test")
	}
	a := newApp(t, config{moderatorToken: testToken})
	ca := a.call("call-a", "lobby", "+14155550101")
	a.call("call-b", "lobby", `<img src=x id=injected>`) // data is shown as text, never parsed

	ctx, cancel := context.WithTimeout(t.Context(), browserTimeout)
	defer cancel()
	page := startBrowser(ctx, t, bin, a.url+"/")

	js := func(expr string) {
		t.Helper()
		require.NoError(t, page.eval(expr, nil), expr)
	}
	wait := func(expr string) {
		t.Helper()
		require.NoError(t, page.waitTrue(ctx, expr))
	}
	wait(`document.readyState === "complete" && document.getElementById("kick-form") !== null`)
	js(`document.getElementById("token").value = ` + strconv.Quote(testToken))
	js(`document.getElementById("token-form").requestSubmit()`)
	wait(`[...document.querySelectorAll("#rooms a")].some(a => a.textContent === "lobby (2)")`)
	js(`[...document.querySelectorAll("#rooms a")].find(a => a.textContent === "lobby (2)").click()`)
	wait(`document.querySelectorAll("#members tbody tr").length === 2`)

	wait(`[...document.querySelectorAll("#members td")].some(td => td.textContent === "<img src=x id=injected>")`)
	js(`if (document.getElementById("injected") !== null) throw new Error("caller data parsed as HTML")`)

	js(`document.querySelector('#members tr[data-call-uuid="call-a"] input[name="member"]').click()`)
	js(`document.getElementById("announce").value = "Goodbye {{.From"`)
	js(`document.getElementById("kick-form").requestSubmit()`)
	wait(`document.getElementById("status").textContent.startsWith("Kick failed: ") && document.getElementById("status").textContent.includes("announcement template")`)
	js(`document.getElementById("announce").value = "Goodbye {{.From}}."`)
	js(`document.getElementById("kick-form").requestSubmit()`)
	wait(`document.getElementById("status").textContent === "Kicked 1 member(s)."`)
	wait(`document.querySelectorAll("#members tbody tr").length === 1`)

	var left []string
	require.NoError(t, page.eval(`[...document.querySelectorAll("#members tbody tr")].map(tr => tr.dataset.callUuid)`, &left))
	assert.Equal(t, []string{"call-b"}, left)
	_, heard := a.heard(ca)
	assert.Equal(t, []string{"Goodbye +14155550101."}, heard)
}

// startBrowser starts headless Chromium on url and returns a DevTools
// connection to its page. The browser and its children are killed when the
// test ends.
func startBrowser(ctx context.Context, t *testing.T, bin, url string) *cdp {
	t.Helper()
	cmd := exec.Command(bin, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
		"--no-first-run", "--disable-background-networking", "--disable-component-update",
		"--disable-sync", "--disable-dev-shm-usage", "--user-data-dir="+t.TempDir(),
		"--remote-debugging-port=0", url)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	stderr, err := cmd.StderrPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	t.Cleanup(func() {
		// The browser's children share its process group.
		if err := syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL); err != nil {
			t.Logf("killing chromium: %v", err)
		}
		_ = cmd.Wait() // killed: the error says so
	})
	stop := context.AfterFunc(ctx, func() { _ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) })
	t.Cleanup(func() { stop() })

	listening := regexp.MustCompile(`DevTools listening on ws://([^/\s]+)/`)
	lines := bufio.NewScanner(stderr)
	var host string
	for host == "" && lines.Scan() {
		if m := listening.FindStringSubmatch(lines.Text()); m != nil {
			host = m[1]
		}
	}
	require.NotEmpty(t, host, "chromium printed no DevTools address")
	go func() { _, _ = io.Copy(io.Discard, stderr) }() // the browser must not block on a full pipe

	var wsURL string
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for wsURL == "" {
		wsURL = pageTarget(ctx, t, host)
		if wsURL != "" {
			break
		}
		select {
		case <-ctx.Done():
			t.Fatalf("no page target: %v", ctx.Err())
		case <-tick.C:
		}
	}
	c, err := dialCDP(ctx, wsURL)
	require.NoError(t, err)
	t.Cleanup(func() { _ = c.Close() })
	return c
}

// pageTarget returns the DevTools WebSocket URL of the browser's page, or
// "" when there is none yet.
func pageTarget(ctx context.Context, t *testing.T, host string) string {
	t.Helper()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+host+"/json/list", nil)
	require.NoError(t, err)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	var targets []struct {
		Type  string `json:"type"`
		WSURL string `json:"webSocketDebuggerUrl"`
	}
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&targets))
	for _, tg := range targets {
		if tg.Type == "page" && tg.WSURL != "" {
			return tg.WSURL
		}
	}
	return ""
}
