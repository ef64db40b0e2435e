//go:build linux

package main

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kickflow/kickflow/internal/browsertest"
	"github.com/kickflow/kickflow/kick/kicktest"
)

// browserTimeout bounds the whole browser test.
const browserTimeout = 30 * time.Second

// TestPageKicksThroughForm loads the moderator page in headless Chromium,
// types the token, opens the room, kicks a member through the form and
// sees the member list update.
func TestPageKicksThroughForm(t *testing.T) {
	bin := browsertest.Chromium(t)
	a := newApp(t, config{moderatorToken: testToken})
	ca := a.call("call-a", "lobby", "+14155550101")
	a.call("call-b", "lobby", `<img src=x id=injected>`) // data is shown as text, never parsed

	ctx, cancel := context.WithTimeout(t.Context(), browserTimeout)
	defer cancel()
	page := browsertest.Open(ctx, t, bin, a.url+"/")

	js := func(expr string) {
		t.Helper()
		require.NoError(t, page.Eval(expr, nil), expr)
	}
	wait := func(expr string) {
		t.Helper()
		require.NoError(t, page.WaitTrue(expr), expr)
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
	require.NoError(t, page.Eval(`[...document.querySelectorAll("#members tbody tr")].map(tr => tr.dataset.callUuid)`, &left))
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
