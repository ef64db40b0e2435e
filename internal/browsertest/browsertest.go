// Package browsertest drives a page in headless Chromium (Debian's
// chromium package) through chromedp, for the tests of the module's web
// pages: answerserver's moderator page and the emulator's console.
//
// Quick start, in a test:
//
//	bin := browsertest.Chromium(t) // skips without chromium; fails under CI=true
//	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
//	defer cancel()
//	page := browsertest.Open(ctx, t, bin, srv.URL+"/")
//	require.NoError(t, page.WaitTrue(`document.readyState === "complete"`))
//	require.NoError(t, page.Eval(`document.title`, &title))
package browsertest

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"
)

// Chromium returns the path of the chromium binary. Without one on PATH
// the test is skipped with an install hint, or fails when CI=true (CI
// installs it, so its absence there is an error).
func Chromium(t testing.TB) string {
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

// Page is a tab of headless Chromium. Its methods are for one test
// goroutine at a time.
type Page struct {
	ctx context.Context // chromedp's context of the tab
}

// Open starts headless Chromium (bin) through chromedp and opens url in a
// tab, waiting for it to load. The browser, with its children, ends when
// ctx does or the test ends, whichever comes first.
func Open(ctx context.Context, t testing.TB, bin, url string) *Page {
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
	return &Page{ctx: tctx}
}

// Eval evaluates a JavaScript expression in the page, awaiting a promise,
// and decodes its value into out (unless nil).
func (p *Page) Eval(expr string, out any) error {
	raw, err := chromedp.Run(p.ctx, chromedp.Evaluate[[]byte](expr, chromedp.EvalAwaitPromise))
	if err != nil || out == nil {
		return err
	}
	return json.Unmarshal(raw, out)
}

// WaitTrue polls expr in the page every 20 ms until it is truthy, or
// fails when the page's context ends.
func (p *Page) WaitTrue(expr string) error {
	_, err := chromedp.Run(p.ctx, chromedp.Poll[chromedp.Void](expr, chromedp.WithPollingInterval(20*time.Millisecond)))
	return err
}
