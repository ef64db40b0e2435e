package main

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	vxml "github.com/kickflow/kickflow/xml"
)

func TestAnswer(t *testing.T) {
	t.Parallel()
	a := newApp(t, config{moderatorToken: testToken})
	tests := []struct {
		name     string
		givePath string
		wantRoom string
	}{
		{name: "room", givePath: "/answer?room=Sales", wantRoom: "Sales"},
		{name: "default room", givePath: "/answer", wantRoom: "lobby"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := a.send(http.MethodPost, tt.givePath, "CallUUID=call-a&From=%2B1415", "", "application/x-www-form-urlencoded")
			defer resp.Body.Close()
			require.Equal(t, http.StatusOK, resp.StatusCode)
			assert.Equal(t, vxml.MediaType, resp.Header.Get("Content-Type"))
			body, err := io.ReadAll(resp.Body)
			require.NoError(t, err)
			doc, err := vxml.Parse(body)
			require.NoError(t, err)
			require.Len(t, doc.Elements, 2)
			conf, ok := doc.Elements[0].(*vxml.Conference)
			require.True(t, ok, "first element %T", doc.Elements[0])
			assert.Equal(t, tt.wantRoom, conf.Room)
			token := strings.TrimPrefix(conf.Attrs.CallbackURL, a.url+"/vobiz/events/")
			assert.Regexp(t, `^[A-Z2-7]{16}$`, token, conf.Attrs.CallbackURL)
			redirect, ok := doc.Elements[1].(*vxml.Redirect)
			require.True(t, ok, "second element %T", doc.Elements[1])
			assert.Equal(t, a.url+"/vobiz/continue/"+token, redirect.URL)
		})
	}
}

func TestAnswerBadRoom(t *testing.T) {
	t.Parallel()
	a := newApp(t, config{moderatorToken: testToken})
	for _, room := range []string{strings.Repeat("r", maxRoomLen+1), "a%2Fb", "bad%01room"} {
		t.Run(room[:min(len(room), 10)], func(t *testing.T) {
			resp := a.send(http.MethodGet, "/answer?room="+room, "", "", "")
			defer resp.Body.Close()
			require.Equal(t, http.StatusOK, resp.StatusCode, "the platform always gets a document")
			body, err := io.ReadAll(resp.Body)
			require.NoError(t, err)
			want, err := vxml.DefaultFallback().Render()
			require.NoError(t, err)
			assert.Equal(t, string(want), string(body))
		})
	}
	status, body := a.do(http.MethodGet, "/rooms", "", testToken)
	require.Equal(t, http.StatusOK, status)
	assert.JSONEq(t, "[]", string(body), "bad rooms are not listed")
}

func TestFlowEndpointsVerifySignatures(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		giveSkip   bool
		wantStatus int
	}{
		{name: "verified", wantStatus: http.StatusForbidden},
		{name: "insecure-skip-signatures", giveSkip: true, wantStatus: http.StatusNoContent},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			a := newApp(t, config{moderatorToken: testToken, skipSignatures: tt.giveSkip})
			form := "ConferenceAction=enter&CallUUID=forged&ConferenceName=lobby&ConferenceMemberID=1"
			resp := a.send(http.MethodPost, "/vobiz/events", form, "", "application/x-www-form-urlencoded")
			require.NoError(t, resp.Body.Close())
			assert.Equal(t, tt.wantStatus, resp.StatusCode)
		})
	}
}

func TestHealthz(t *testing.T) {
	t.Parallel()
	a := newApp(t, config{moderatorToken: testToken})
	status, body := a.do(http.MethodGet, "/healthz", "", "")
	assert.Equal(t, http.StatusOK, status)
	assert.Equal(t, "ok\n", string(body))
}

func TestPage(t *testing.T) {
	t.Parallel()
	a := newApp(t, config{moderatorToken: testToken})
	resp := a.send(http.MethodGet, "/", "", "", "")
	defer resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode, "the page itself needs no token")
	assert.Equal(t, "text/html; charset=utf-8", resp.Header.Get("Content-Type"))
	csp := resp.Header.Get("Content-Security-Policy")
	assert.Contains(t, csp, "default-src 'none'")
	assert.Regexp(t, `script-src 'sha256-[A-Za-z0-9+/]+=*'`, csp)
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	assert.Contains(t, string(body), `id="kick-form"`)
	assert.NotContains(t, string(body), "innerHTML", "data is set as text only")
	assert.NotRegexp(t, `(src|href)="(https?:)?//`, string(body), "no external assets")

	status, _ := a.do(http.MethodGet, "/nothing-here", "", "")
	assert.Equal(t, http.StatusNotFound, status)
}

func TestRequestLogs(t *testing.T) {
	t.Parallel()
	a := newApp(t, config{moderatorToken: testToken})
	a.call("call-a", "lobby", "")
	status, _ := a.do(http.MethodGet, "/rooms/lobby/members?secret=query-value", "", testToken)
	require.Equal(t, http.StatusOK, status)
	status, _ = a.do(http.MethodGet, "/rooms", "", "wrong-token-value-123")
	require.Equal(t, http.StatusUnauthorized, status)

	logs := a.logs.String()
	assert.Regexp(t, `msg=request method=GET path=/rooms/lobby/members status=200 duration=\S+`, logs)
	assert.Regexp(t, `msg=request method=GET path=/rooms status=401 duration=\S+`, logs)
	assert.Regexp(t, `msg=request method=POST path=/answer status=200`, logs)
	for _, secret := range []string{testToken, "wrong-token-value-123", "query-value", a.srv.AuthToken, "Bearer"} {
		assert.NotContains(t, logs, secret)
	}
}

func TestTokenlessLoopback(t *testing.T) {
	t.Parallel()
	h, err := newServer(config{publicURL: "http://127.0.0.1:8080", authID: "MA_TEST", authToken: "auth-token",
		apiURL: "http://127.0.0.1:1"})
	require.NoError(t, err)
	tests := []struct {
		giveHost   string
		wantStatus int
	}{
		{giveHost: "127.0.0.1:8080", wantStatus: http.StatusOK},
		{giveHost: "localhost:8080", wantStatus: http.StatusOK},
		{giveHost: "[::1]:8080", wantStatus: http.StatusOK},
		{giveHost: "rebound.example.com:8080", wantStatus: http.StatusForbidden},
		{giveHost: "192.0.2.1", wantStatus: http.StatusForbidden},
	}
	for _, tt := range tests {
		t.Run(tt.giveHost, func(t *testing.T) {
			t.Parallel()
			req := httptest.NewRequest(http.MethodGet, "/rooms", nil)
			req.Host = tt.giveHost
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			assert.Equal(t, tt.wantStatus, rec.Code)
		})
	}
}

func TestRun(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	pr, pw := io.Pipe()
	getenv := env(creds("MODERATOR_TOKEN", testToken, "VOBIZ_API_URL", "http://127.0.0.1:1"))
	done := make(chan error, 1)
	go func() {
		err := run(ctx, []string{"-addr", "127.0.0.1:0"}, getenv, pw)
		pw.CloseWithError(err)
		done <- err
	}()
	lines := bufio.NewScanner(pr)
	addr := regexp.MustCompile(`msg="answerserver: listening" addr=(\S+)`)
	var base string
	for base == "" && lines.Scan() {
		if m := addr.FindStringSubmatch(lines.Text()); m != nil {
			base = "http://" + m[1]
		}
	}
	require.NotEmpty(t, base, "no listening line")
	go func() { // keep the log flowing
		for lines.Scan() {
		}
	}()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, base+"/healthz", nil)
	require.NoError(t, err)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	require.NoError(t, resp.Body.Close())
	assert.Equal(t, http.StatusOK, resp.StatusCode)

	cancel()
	select {
	case err := <-done:
		assert.NoError(t, err, "graceful shutdown")
	case <-time.After(10 * time.Second):
		t.Fatal("run did not return after its context ended")
	}
}

func TestRunConfigError(t *testing.T) {
	t.Parallel()
	err := run(t.Context(), []string{"-addr", ":0"}, env(creds()), io.Discard)
	assert.ErrorIs(t, err, errConfig)
}
