//go:build linux

package emulator_test

import (
	"context"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kickflow/kickflow/internal/browsertest"
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
	bin := browsertest.Chromium(t)
	a := newApp(t)
	e := newEmu(t, kicktest.WithRealClock())

	// A caller whose number is markup: shown as text, never parsed.
	status, body := e.do(t, http.MethodPost, "/control/calls", map[string]any{
		"answerUrl": a.url + "/room", "callUuid": "call-x", "from": `<img src=x id=injected>`,
	})
	require.Equal(t, http.StatusCreated, status, string(body))

	ctx, cancel := context.WithTimeout(t.Context(), browserTimeout)
	defer cancel()
	page := browsertest.Open(ctx, t, bin, e.url+"/")
	js := func(expr string) {
		t.Helper()
		require.NoError(t, page.Eval(expr, nil), expr)
	}
	wait := func(expr string) {
		t.Helper()
		require.NoError(t, page.WaitTrue(expr), expr)
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
	require.NoError(t, page.Eval(`document.getElementById("status").textContent.replace("Started call ", "").replace(/\.$/, "")`, &uuid))
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
		require.NoError(t, page.Eval(`document.getElementById("status").textContent === "Sent digits to `+uuid+`." || `+inRoom, &done))
		if !done {
			js(press)
		}
		return done
	}, browserTimeout, 300*time.Millisecond)

	wait(`document.querySelectorAll('#rooms table[data-room="Team"] tbody tr').length === 2`)
	wait(`document.querySelector('` + sel + ` .title').textContent.includes("in room Team as member")`)
	var member string
	require.NoError(t, page.Eval(`document.querySelector('#rooms table[data-room="Team"] tr[data-call-uuid=`+strconv.Quote(uuid)+`]').dataset.member`, &member))
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
	require.NoError(t, page.Eval(`document.querySelector('`+sel+` .transcript').textContent`, &transcript))
	assert.Contains(t, transcript, "You have left the room")
	a.mu.Lock()
	assert.Equal(t, []string{"4321"}, a.digits)
	a.mu.Unlock()
}
