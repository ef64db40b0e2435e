//go:build linux

package emulator_test

import (
	"context"
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kickflow/kickflow/kick"
	"github.com/kickflow/kickflow/kick/kicktest"
)

// browserTimeout bounds the whole browser test.
const browserTimeout = 40 * time.Second

// TestConsoleFollowsCallsLive loads the console in headless Chromium,
// starts a call through its form, presses the PIN through the call's keypad
// form, sees the caller appear in the room, kicks it through the REST API
// and sees the transcript and the room update, all without reloading.
func TestConsoleFollowsCallsLive(t *testing.T) {
	t.Parallel()
	bin := chromiumPath(t)
	a := newApp(t)
	e := newEmu(t, kicktest.WithRealClock())

	// A caller whose number is markup: shown as text, never parsed.
	status, body := e.do(t, http.MethodPost, "/control/calls", map[string]any{
		"answerUrl": a.url + "/room", "callUuid": "call-x", "from": `<img src=x id=injected>`,
	})
	require.Equal(t, http.StatusCreated, status, string(body))

	ctx, cancel := context.WithTimeout(t.Context(), browserTimeout)
	defer cancel()
	page := openPage(ctx, t, bin, e.url+"/")
	js := func(expr string) {
		t.Helper()
		require.NoError(t, page.eval(expr, nil), expr)
	}
	wait := func(expr string) {
		t.Helper()
		require.NoError(t, page.waitTrue(expr), expr)
	}
	wait(`document.getElementById("status").textContent === "Connected."`)
	wait(`document.querySelector('#calls .call[data-call-uuid="call-x"] .title') !== null &&
		document.querySelector('#calls .call[data-call-uuid="call-x"] .title').textContent.includes("from <img src=x id=injected>")`)
	js(`if (document.getElementById("injected") !== null) throw new Error("caller data parsed as HTML")`)

	// Start a call from the console's form.
	js(`document.getElementById("answer-url").value = ` + strconv.Quote(a.url+"/answer"))
	js(`document.getElementById("from").value = "+14155550123"`)
	js(`document.getElementById("call-form").requestSubmit()`)
	wait(`document.getElementById("status").textContent.startsWith("Started call ")`)
	var uuid string
	require.NoError(t, page.eval(`document.getElementById("status").textContent.replace("Started call ", "").replace(/\.$/, "")`, &uuid))
	require.NotEmpty(t, uuid)
	sel := `#calls .call[data-call-uuid=` + strconv.Quote(uuid) + `]`
	wait(`document.querySelector('` + sel + ` .transcript') !== null &&
		document.querySelector('` + sel + ` .transcript').textContent.includes("Enter your PIN")`)

	// Press the PIN until the Gather listens (it starts after its prompt).
	press := `(() => {
		const f = document.querySelector('` + sel + ` form.keys');
		f.querySelector("input").value = "4321";
		f.requestSubmit();
		return true;
	})()`
	inRoom := `document.querySelector('` + sel + ` .title').textContent.includes("in room Team")`
	require.Eventually(t, func() bool {
		var done bool
		require.NoError(t, page.eval(`document.getElementById("status").textContent === "Sent digits to `+uuid+`." || `+inRoom, &done))
		if !done {
			js(press)
		}
		return done
	}, browserTimeout, 300*time.Millisecond)

	wait(`document.querySelectorAll('#rooms table[data-room="Team"] tbody tr').length === 2`)
	wait(`document.querySelector('` + sel + ` .title').textContent.includes("in room Team as member")`)
	var member string
	require.NoError(t, page.eval(`document.querySelector('#rooms table[data-room="Team"] tr[data-call-uuid=`+strconv.Quote(uuid)+`]').dataset.member`, &member))
	require.NotEmpty(t, member)

	client, err := kick.New(e.srv.AuthID, e.srv.AuthToken, kick.WithBaseURL(e.url))
	require.NoError(t, err)
	_, err = client.Mute(ctx, "Team", member)
	require.NoError(t, err)
	row := `document.querySelector('#rooms table[data-room="Team"] tr[data-call-uuid=` + strconv.Quote(uuid) + `]')`
	wait(row + `.querySelector("td.muted").textContent === "muted" && ` + row + `.querySelector("td.deaf").textContent === "no"`)
	_, err = client.Kick(ctx, "Team", member)
	require.NoError(t, err)
	wait(`document.querySelector('` + sel + ` .transcript').textContent.includes("kicked")`)
	wait(`document.querySelector('` + sel + ` .title').textContent.includes("ended: ")`)
	wait(`document.querySelectorAll('#rooms table[data-room="Team"] tbody tr').length === 1`)

	var transcript string
	require.NoError(t, page.eval(`document.querySelector('`+sel+` .transcript').textContent`, &transcript))
	assert.Contains(t, transcript, "You have left the room")
	a.mu.Lock()
	assert.Equal(t, []string{"4321"}, a.digits)
	a.mu.Unlock()
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
	ctx context.Context
}

// openPage starts headless Chromium through chromedp and opens url in a
// tab. The browser ends when ctx does or the test ends.
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
	t.Cleanup(cancelAlloc)
	tctx, cancelTab := chromedp.NewContext(actx, chromedp.WithLogf(t.Logf))
	t.Cleanup(cancelTab)
	require.NoError(t, chromedp.Do(tctx, chromedp.Navigate(url)), "opening %s", url)
	return &browserPage{ctx: tctx}
}

// eval evaluates a JavaScript expression and decodes its value into out
// (unless nil).
func (p *browserPage) eval(expr string, out any) error {
	raw, err := chromedp.Run(p.ctx, chromedp.Evaluate[[]byte](expr, chromedp.EvalAwaitPromise))
	if err != nil || out == nil {
		return err
	}
	return json.Unmarshal(raw, out)
}

// waitTrue polls expr until it is truthy or the page's context ends.
func (p *browserPage) waitTrue(expr string) error {
	_, err := chromedp.Run(p.ctx, chromedp.Poll[chromedp.Void](expr,
		chromedp.WithPollingInterval(20*time.Millisecond), chromedp.WithPollingTimeout(browserTimeout)))
	return err
}
