package emulator_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kickflow/kickflow/kick"
	"github.com/kickflow/kickflow/kick/kicktest"
	"github.com/kickflow/kickflow/kick/kicktest/emulator"
	"github.com/kickflow/kickflow/xml"
)

// testTimeout bounds every wait of a test.
const testTimeout = 20 * time.Second

// app is a tiny answer server: /answer gathers a PIN, /pin puts a right
// PIN into the room "Team", /room joins it at once.
type app struct {
	url    string
	mu     sync.Mutex
	digits []string
}

func newApp(t *testing.T) *app {
	t.Helper()
	a := &app{}
	mux := http.NewServeMux()
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	a.url = srv.URL
	serve := func(path string, doc func(*xml.Webhook) *xml.Response) {
		mux.Handle(path, xml.HandlerFunc(func(r *http.Request) (*xml.Response, error) {
			w, err := xml.ParseWebhook(r)
			if err != nil {
				return nil, err
			}
			return doc(w), nil
		}))
	}
	serve("/answer", func(*xml.Webhook) *xml.Response {
		return xml.NewResponse().
			Gather(xml.GatherAttrs{Action: a.url + "/pin", NumDigits: xml.Int(4)},
				func(g *xml.GatherBuilder) { g.Speak("Enter your PIN") }).
			Speak("Goodbye")
	})
	serve("/pin", func(w *xml.Webhook) *xml.Response {
		a.mu.Lock()
		a.digits = append(a.digits, w.Digits)
		a.mu.Unlock()
		if w.Digits != "4321" {
			return xml.NewResponse().Speak("Wrong PIN")
		}
		return xml.NewResponse().Conference("Team", xml.ConferenceAttrs{StayAlone: xml.True}).Speak("You have left the room")
	})
	serve("/room", func(*xml.Webhook) *xml.Response {
		return xml.NewResponse().Conference("Team", xml.ConferenceAttrs{StayAlone: xml.True}).Speak("You have left the room")
	})
	return a
}

// emu is an emulator served by an httptest server.
type emu struct {
	srv *kicktest.Server
	url string
}

func newEmu(t *testing.T, opts ...kicktest.Option) *emu {
	t.Helper()
	srv := kicktest.NewServer(opts...)
	t.Cleanup(srv.Close)
	em, err := emulator.New(srv, emulator.WithPollInterval(20*time.Millisecond))
	require.NoError(t, err)
	t.Cleanup(em.Close)
	hs := httptest.NewServer(em)
	t.Cleanup(hs.Close)
	return &emu{srv: srv, url: hs.URL}
}

// do sends a control request and returns the status and body.
func (e *emu) do(t *testing.T, method, path string, body any) (int, []byte) {
	t.Helper()
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		require.NoError(t, err)
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(t.Context(), method, e.url+path, rd)
	require.NoError(t, err)
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

// getCall reads a call through the control API.
func (e *emu) getCall(t *testing.T, uuid string) emulator.CallState {
	t.Helper()
	status, body := e.do(t, http.MethodGet, "/control/calls/"+uuid, nil)
	require.Equal(t, http.StatusOK, status, string(body))
	var c emulator.CallState
	require.NoError(t, json.Unmarshal(body, &c))
	return c
}

// waitCall polls a call until cond holds.
func (e *emu) waitCall(t *testing.T, uuid string, cond func(emulator.CallState) bool) emulator.CallState {
	t.Helper()
	var c emulator.CallState
	require.Eventually(t, func() bool {
		c = e.getCall(t, uuid)
		return cond(c)
	}, testTimeout, 10*time.Millisecond, "call %s never reached the state; last %+v", uuid, c)
	return c
}

func transcriptText(c emulator.CallState) string {
	var b strings.Builder
	for _, l := range c.Transcript {
		b.WriteString(l.Text + "\n")
	}
	return b.String()
}

func TestCallKickedThroughRESTProxy(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	e := newEmu(t)
	status, body := e.do(t, http.MethodPost, "/control/calls", map[string]any{
		"answerUrl": a.url + "/room", "callUuid": "call-a", "from": "+14155550101",
	})
	require.Equal(t, http.StatusCreated, status, string(body))
	var started emulator.CallState
	require.NoError(t, json.Unmarshal(body, &started))
	assert.Equal(t, "call-a", started.UUID)
	assert.Equal(t, "+14155550101", started.From)

	c := e.waitCall(t, "call-a", func(c emulator.CallState) bool { return c.Room == "Team" })
	status, body = e.do(t, http.MethodGet, "/control/rooms", nil)
	require.Equal(t, http.StatusOK, status)
	var rooms []emulator.Room
	require.NoError(t, json.Unmarshal(body, &rooms))
	require.Len(t, rooms, 1)
	assert.Equal(t, "Team", rooms[0].Name)
	require.Len(t, rooms[0].Members, 1)
	assert.Equal(t, emulator.Member{ID: c.MemberID, CallUUID: "call-a"}, rooms[0].Members[0])

	// The app's kick client, aimed at the emulator's own address.
	client, err := kick.New(e.srv.AuthID, e.srv.AuthToken, kick.WithBaseURL(e.url))
	require.NoError(t, err)
	memberID := c.MemberID
	_, err = client.Mute(t.Context(), "Team", memberID)
	require.NoError(t, err)
	_, err = client.Deaf(t.Context(), "Team", memberID)
	require.NoError(t, err)
	status, body = e.do(t, http.MethodGet, "/control/rooms", nil)
	require.Equal(t, http.StatusOK, status)
	require.NoError(t, json.Unmarshal(body, &rooms))
	require.Len(t, rooms, 1)
	assert.Equal(t, []emulator.Member{{ID: memberID, CallUUID: "call-a", Muted: true, Deaf: true}}, rooms[0].Members)
	e.srv.ClearRequests()

	res, err := client.Kick(t.Context(), "Team", memberID)
	require.NoError(t, err)
	assert.Equal(t, http.StatusAccepted, res.StatusCode)

	c = e.waitCall(t, "call-a", func(c emulator.CallState) bool { return c.Done })
	assert.Equal(t, kicktest.CauseEndOfXML.String(), c.Cause, "the continuation ran to its end")
	assert.Empty(t, c.Room, "out of the room")
	text := transcriptText(c)
	assert.Contains(t, text, "kicked")
	assert.Contains(t, text, "You have left the room")
	reqs := e.srv.Requests()
	require.Len(t, reqs, 1)
	assert.Equal(t, "/api/v1/Account/"+e.srv.AuthID+"/Conference/Team/Member/"+memberID+"/Kick/", reqs[0].URI,
		"the proxy keeps the path exactly")
}

func TestRESTProxyKeepsEscapingAndErrors(t *testing.T) {
	t.Parallel()
	e := newEmu(t)
	e.srv.AddMember("a/b c", kicktest.Member{ID: "10", CallUUID: "call-x"})
	client, err := kick.New(e.srv.AuthID, e.srv.AuthToken, kick.WithBaseURL(e.url), kick.WithMaxAttempts(1))
	require.NoError(t, err)

	require.NoError(t, client.HangUp(t.Context(), "a/b c", "10"))
	assert.Empty(t, e.srv.Members("a/b c"))
	assert.Equal(t, "/api/v1/Account/"+e.srv.AuthID+"/Conference/a%2Fb%20c/Member/10/", e.srv.Requests()[0].URI)

	_, err = client.Kick(t.Context(), "a/b c", "10")
	assert.ErrorIs(t, err, kick.ErrNotFound)

	bad, err := kick.New(e.srv.AuthID, "wrong", kick.WithBaseURL(e.url))
	require.NoError(t, err)
	_, err = bad.Kick(t.Context(), "x", "1")
	assert.ErrorIs(t, err, kick.ErrUnauthorized)
}

func TestFaults(t *testing.T) {
	t.Parallel()
	e := newEmu(t)
	e.srv.AddMember("R", kicktest.Member{ID: "10", CallUUID: "call-a"})
	status, body := e.do(t, http.MethodPost, "/control/faults", []map[string]any{
		{"status": 503, "body": `{"error":"busy"}`},
		{"status": 429, "retryAfter": "0"},
	})
	require.Equal(t, http.StatusOK, status, string(body))
	assert.JSONEq(t, `{"queued":2}`, string(body))

	client, err := kick.New(e.srv.AuthID, e.srv.AuthToken, kick.WithBaseURL(e.url), kick.WithMaxAttempts(1))
	require.NoError(t, err)
	_, err = client.Kick(t.Context(), "R", "10")
	var apiErr *kick.Error
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, 503, apiErr.StatusCode)
	assert.Equal(t, "busy", apiErr.Message)
	_, err = client.Kick(t.Context(), "R", "10")
	assert.ErrorIs(t, err, kick.ErrRateLimited)
	_, err = client.Kick(t.Context(), "R", "10")
	assert.NoError(t, err, "the faults are used up; the live answer is back")
}

func TestScriptedPINGather(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	e := newEmu(t)
	status, body := e.do(t, http.MethodPost, "/control/calls", map[string]any{
		"answerUrl": a.url + "/answer", "callUuid": "call-p",
		"input": []map[string]any{{"keys": "4321", "delayMs": 500}},
	})
	require.Equal(t, http.StatusCreated, status, string(body))
	c := e.waitCall(t, "call-p", func(c emulator.CallState) bool { return c.Room == "Team" })
	assert.Contains(t, transcriptText(c), "4321")
	a.mu.Lock()
	assert.Equal(t, []string{"4321"}, a.digits)
	a.mu.Unlock()
}

func TestLiveDigitsSpeechAndHangUp(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	e := newEmu(t, kicktest.WithRealClock())
	status, body := e.do(t, http.MethodPost, "/control/calls", map[string]any{"answerUrl": a.url + "/answer", "callUuid": "call-l"})
	require.Equal(t, http.StatusCreated, status, string(body))

	// The Gather takes keys only once it listens; before, nothing does.
	e.waitCall(t, "call-l", func(c emulator.CallState) bool { return strings.Contains(transcriptText(c), "Enter your PIN") })
	require.Eventually(t, func() bool {
		status, _ := e.do(t, http.MethodPost, "/control/calls/call-l/digits", map[string]string{"digits": "4321"})
		return status == http.StatusNoContent
	}, testTimeout, 50*time.Millisecond)
	c := e.waitCall(t, "call-l", func(c emulator.CallState) bool { return c.Room == "Team" })
	assert.NotEmpty(t, c.MemberID)

	status, body = e.do(t, http.MethodPost, "/control/calls/call-l/speech", map[string]any{"text": "hello"})
	assert.Equal(t, http.StatusConflict, status, "no Gather listens in the room: %s", body)

	status, _ = e.do(t, http.MethodPost, "/control/calls/call-l/hangup", map[string]any{})
	assert.Equal(t, http.StatusNoContent, status)
	c = e.waitCall(t, "call-l", func(c emulator.CallState) bool { return c.Done })
	assert.NotEmpty(t, c.Cause)
}

func TestControlRefusals(t *testing.T) {
	t.Parallel()
	e := newEmu(t)
	tests := []struct {
		name        string
		method      string
		path        string
		body        string
		contentType string
		origin      string
		wantStatus  int
		wantError   string
	}{
		{name: "not json", method: "POST", path: "/control/calls", body: `answerUrl=x`, contentType: "application/x-www-form-urlencoded", wantStatus: 403, wantError: "application/json"},
		{name: "cross origin", method: "GET", path: "/control/state", origin: "http://evil.example", wantStatus: 403, wantError: "cross-origin"},
		{name: "bad url", method: "POST", path: "/control/calls", body: `{"answerUrl":"ftp://x/a"}`, wantStatus: 400, wantError: "answerUrl"},
		{name: "bad method", method: "POST", path: "/control/calls", body: `{"answerUrl":"http://x/a","answerMethod":"PUT"}`, wantStatus: 400, wantError: "answerMethod"},
		{name: "unknown field", method: "POST", path: "/control/calls", body: `{"answerUrl":"http://x/a","nope":1}`, wantStatus: 400, wantError: "unknown field"},
		{name: "two inputs in one", method: "POST", path: "/control/calls", body: `{"answerUrl":"http://x/a","input":[{"keys":"1","hangup":true}]}`, wantStatus: 400, wantError: "exactly one"},
		{name: "bad keys", method: "POST", path: "/control/calls", body: `{"answerUrl":"http://x/a","input":[{"keys":"12a"}]}`, wantStatus: 400, wantError: "keys"},
		{name: "too big", method: "POST", path: "/control/calls", body: `{"answerUrl":"http://x/` + strings.Repeat("a", emulator.MaxBodyBytes) + `"}`, wantStatus: 400, wantError: "too large"},
		{name: "unknown call", method: "GET", path: "/control/calls/nope", wantStatus: 404, wantError: "no such call"},
		{name: "digits to unknown call", method: "POST", path: "/control/calls/nope/digits", body: `{"digits":"1"}`, wantStatus: 404, wantError: "no such call"},
		{name: "bad fault", method: "POST", path: "/control/faults", body: `[{"status":999}]`, wantStatus: 400, wantError: "status"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			req, err := http.NewRequestWithContext(t.Context(), tt.method, e.url+tt.path, strings.NewReader(tt.body))
			require.NoError(t, err)
			ct := tt.contentType
			if ct == "" && tt.body != "" {
				ct = "application/json"
			}
			if ct != "" {
				req.Header.Set("Content-Type", ct)
			}
			if tt.origin != "" {
				req.Header.Set("Origin", tt.origin)
			}
			res, err := http.DefaultClient.Do(req)
			require.NoError(t, err)
			defer res.Body.Close()
			assert.Equal(t, tt.wantStatus, res.StatusCode)
			var out struct{ Error string }
			require.NoError(t, json.NewDecoder(res.Body).Decode(&out))
			assert.Contains(t, out.Error, tt.wantError)
		})
	}
	assert.Empty(t, e.srv.Calls(), "no refused request started a call")
}

func TestDuplicateCallUUID(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	e := newEmu(t)
	status, _ := e.do(t, http.MethodPost, "/control/calls", map[string]any{"answerUrl": a.url + "/room", "callUuid": "dup"})
	require.Equal(t, http.StatusCreated, status)
	status, body := e.do(t, http.MethodPost, "/control/calls", map[string]any{"answerUrl": a.url + "/room", "callUuid": "dup"})
	assert.Equal(t, http.StatusConflict, status, string(body))
}

func TestEventsStreamState(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	e := newEmu(t)
	ctx, cancel := context.WithTimeout(t.Context(), testTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, e.url+"/control/events", nil)
	require.NoError(t, err)
	res, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer res.Body.Close()
	assert.Equal(t, "text/event-stream", res.Header.Get("Content-Type"))
	events := make(chan emulator.State, 16)
	go func() {
		defer close(events)
		sc := bufio.NewScanner(res.Body)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		event := ""
		for sc.Scan() {
			line := sc.Text()
			switch {
			case strings.HasPrefix(line, "event: "):
				event = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: ") && event == "state":
				var st emulator.State
				if json.Unmarshal([]byte(strings.TrimPrefix(line, "data: ")), &st) == nil {
					events <- st
				}
			}
		}
	}()
	next := func() emulator.State {
		select {
		case st, ok := <-events:
			require.True(t, ok, "the stream ended")
			return st
		case <-ctx.Done():
			t.Fatal("no event in time")
		}
		return emulator.State{}
	}
	first := next()
	assert.Empty(t, first.Calls)
	assert.Empty(t, first.Rooms)

	status, _ := e.do(t, http.MethodPost, "/control/calls", map[string]any{"answerUrl": a.url + "/room", "callUuid": "call-s"})
	require.Equal(t, http.StatusCreated, status)
	for {
		st := next()
		if len(st.Rooms) == 1 && len(st.Rooms[0].Members) == 1 {
			require.Len(t, st.Calls, 1)
			assert.Equal(t, "call-s", st.Calls[0].UUID)
			assert.Equal(t, "Team", st.Calls[0].Room)
			assert.Equal(t, "call-s", st.Rooms[0].Members[0].CallUUID)
			break
		}
	}
}

func TestConsoleHeaders(t *testing.T) {
	t.Parallel()
	e := newEmu(t)
	for _, path := range []string{"/", "/console.js", "/console.css"} {
		res, err := http.Get(e.url + path)
		require.NoError(t, err)
		body, err := io.ReadAll(res.Body)
		res.Body.Close()
		require.NoError(t, err)
		assert.Equal(t, http.StatusOK, res.StatusCode, path)
		assert.Contains(t, res.Header.Get("Content-Security-Policy"), "script-src 'self'", path)
		assert.Equal(t, "nosniff", res.Header.Get("X-Content-Type-Options"), path)
		assert.NotEmpty(t, body, path)
	}
	res, err := http.Get(e.url + "/console.js")
	require.NoError(t, err)
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	assert.NotContains(t, string(body), "innerHTML", "the console puts values in as text only")
}
