//go:build linux

package main

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kickflow/kickflow/kick/kicktest"
)

// browserTimeout bounds the whole browser test.
const browserTimeout = 30 * time.Second

// TestPageKicksThroughForm loads the moderator page in headless Chromium,
// types the token, opens the room, kicks a member through the form and
// sees the member list update.
func TestPageKicksThroughForm(t *testing.T) {
	bin := chromiumPath(t)
	a := newApp(t, config{moderatorToken: testToken})
	ca := a.call("call-a", "lobby", "+14155550101")
	a.call("call-b", "lobby", `<img src=x id=injected>`) // data is shown as text, never parsed

	ctx, cancel := context.WithTimeout(t.Context(), browserTimeout)
	defer cancel()
	page := openPage(ctx, t, bin, a.url+"/")

	js := func(expr string) {
		t.Helper()
		require.NoError(t, page.eval(expr, nil), expr)
	}
	wait := func(expr string) {
		t.Helper()
		require.NoError(t, page.waitTrue(expr), expr)
	}
	wait(`document.readyState === "complete" && document.getElementById("kick-form") !== null`)
	js(`document.getElementById("token").value = ` + strconv.Quote(testToken))
	js(`document.getElementById("token-form").requestSubmit()`)
	wait(`[...document.querySelectorAll("#rooms a")].some(a => a.textContent === "lobby (2)")`)
	js(`[...document.querySelectorAll("#rooms a")].find(a => a.textContent === "lobby (2)").click()`)
	wait(`document.querySelectorAll("#members tbody tr").length === 2`)

	wait(`[...document.querySelectorAll("#members td")].some(td => td.textContent === "<img src=x id=injected>")`)
	js(`if (document.getElementById("injected") !== null) throw new Error("caller data parsed as HTML")`)

	// The moderator controls, on call-b.
	status := func(want string) {
		t.Helper()
		wait(`document.getElementById("status").textContent === ` + strconv.Quote(want))
	}
	cell := func(call string, col int) string {
		return `document.querySelector('#members tr[data-call-uuid="` + call + `"] td:nth-child(` + strconv.Itoa(col) + `)').textContent`
	}
	js(`document.querySelector('#members tr[data-call-uuid="call-b"] input[name="member"]').click()`)
	js(`document.getElementById("mute-button").click()`)
	status("Mute: 1 member(s).")
	wait(cell("call-b", 6) + ` === "yes" && ` + cell("call-a", 6) + ` === "no"`)
	js(`document.querySelector('input[name="control-who"][value="all"]').click()`)
	js(`document.getElementById("deaf-button").click()`)
	status("Deafen: 2 member(s).")
	wait(cell("call-a", 7) + ` === "yes" && ` + cell("call-b", 7) + ` === "yes"`)
	js(`document.getElementById("undeaf-button").click()`)
	status("Undeafen: 2 member(s).")
	wait(cell("call-a", 7) + ` === "no"`)
	js(`document.querySelector('input[name="control-who"][value="selected"]').click()`)
	js(`document.getElementById("unmute-button").click()`)
	status("Unmute: 1 member(s).")
	wait(cell("call-b", 6) + ` === "no"`)
	js(`document.getElementById("control-play").value = "http://example.com/warn.mp3"`)
	js(`document.getElementById("play-button").click()`)
	wait(`document.getElementById("status").textContent.startsWith("Play failed: ")`)
	js(`document.getElementById("control-play").value = "https://example.com/warn.mp3"`)
	js(`document.getElementById("play-button").click()`)
	status("Play: 1 member(s).")
	js(`document.getElementById("control-speak").value = "Please mute your line."`)
	js(`document.getElementById("speak-button").click()`)
	status("Speak: 1 member(s).")
	js(`document.getElementById("sync-button").click()`)
	status("Sync: added 0, dropped 0.")

	js(`document.querySelector('#members tr[data-call-uuid="call-a"] input[name="member"]').click()`)
	js(`document.getElementById("tell-room").value = "{{.From}} has left."`)
	js(`document.getElementById("announce").value = "Goodbye {{.From"`)
	js(`document.getElementById("kick-form").requestSubmit()`)
	wait(`document.getElementById("status").textContent.startsWith("Kick failed: ") && document.getElementById("status").textContent.includes("announcement template")`)
	js(`document.getElementById("announce").value = "Goodbye {{.From}}."`)
	js(`document.getElementById("kick-form").requestSubmit()`)
	wait(`document.getElementById("status").textContent === "Kicked 1 member(s). Told 1 member(s) who stayed."`)
	wait(`document.querySelectorAll("#members tbody tr").length === 1`)

	var left []string
	require.NoError(t, page.eval(`[...document.querySelectorAll("#members tbody tr")].map(tr => tr.dataset.callUuid)`, &left))
	assert.Equal(t, []string{"call-b"}, left)
	_, heard := a.heard(ca)
	assert.Equal(t, []string{"Goodbye +14155550101."}, heard)
	var told []string
	for _, st := range a.srv.Call("call-b").Transcript().Steps() {
		switch st := st.(type) {
		case kicktest.HeardPlay:
			told = append(told, st.URL)
		case kicktest.HeardSpeech:
			told = append(told, st.Text)
		}
	}
	assert.Equal(t, []string{"https://example.com/warn.mp3", "Please mute your line.", "+14155550101 has left."}, told)
}

// chromiumPath returns the path of Debian's chromium. Without one the test
// is skipped, or fails under CI=true, where .ci/run installs it.
func chromiumPath(t *testing.T) string {
	t.Helper()
	bin, err := exec.LookPath("chromium")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("chromium not found on PATH; .ci/run installs it (apt-get install chromium)")
		}
		t.Skip("chromium not found on PATH; run apt-get install chromium to run this test")
	}
	return bin
}

// browserPage is a tab of headless Chromium, driven through chromedp.
type browserPage struct {
	ctx context.Context // chromedp's context of the tab
}

// openPage starts headless Chromium (bin) through chromedp, opens url in a
// tab and waits for it to load. The browser, with its children, ends when
// ctx does or the test ends, whichever comes first.
func openPage(ctx context.Context, t *testing.T, bin, url string) *browserPage {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(bin),
		chromedp.NoSandbox, // tests may run as root, where the sandbox refuses to start
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.UserDataDir(t.TempDir()),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	t.Cleanup(cancelAlloc) // kills the browser and waits for it
	tctx, cancelTab := chromedp.NewContext(actx, chromedp.WithLogf(t.Logf))
	t.Cleanup(cancelTab)
	require.NoError(t, chromedp.Do(tctx, chromedp.Navigate(url)), "opening %s", url)
	return &browserPage{ctx: tctx}
}

// eval evaluates a JavaScript expression in the page, awaiting a promise,
// and decodes its value into out (unless nil).
func (p *browserPage) eval(expr string, out any) error {
	raw, err := chromedp.Run(p.ctx, chromedp.Evaluate[[]byte](expr, chromedp.EvalAwaitPromise))
	if err != nil || out == nil {
		return err
	}
	return json.Unmarshal(raw, out)
}

// waitTrue polls expr in the page every few milliseconds until it is
// truthy or the page's context ends.
func (p *browserPage) waitTrue(expr string) error {
	_, err := chromedp.Run(p.ctx, chromedp.Poll[chromedp.Void](expr,
		chromedp.WithPollingInterval(20*time.Millisecond), chromedp.WithPollingTimeout(browserTimeout)))
	return err
}
