package main

import (
	"bytes"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kickflow/kickflow/golden"
	"github.com/kickflow/kickflow/kick"
	"github.com/kickflow/kickflow/kick/kicktest"
)

const (
	testBase = "https://app.example.com"
	testPIN  = "4321"
	testRoom = "Team"
)

func TestDocuments(t *testing.T) {
	t.Parallel()
	h, err := newApp(testBase, testPIN, testRoom)
	require.NoError(t, err)
	tests := []struct {
		name string
		url  string
		give url.Values
	}{
		{"answer", testBase + answerPath, nil},
		{"second_try", testBase + answerPath + "?try=2", nil},
		{"last_try", testBase + answerPath + "?try=3", nil},
		{"right_pin", testBase + pinPath + "?try=1", url.Values{"Digits": {testPIN}}},
		{"wrong_pin", testBase + pinPath + "?try=1", url.Values{"Digits": {"1111"}}},
		{"wrong_pin_last_try", testBase + pinPath + "?try=3", url.Values{"Digits": {"1111"}}},
		{"no_pin", testBase + pinPath + "?try=2", url.Values{"Digits": {""}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			golden.AssertHandler(t, tt.name, h, golden.Webhook{URL: tt.url, CallUUID: "call-1", Extra: tt.give})
		})
	}
}

func TestNewApp_rejects(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct{ name, base, pin, room string }{
		{"relative base", "/ivr", testPIN, testRoom},
		{"short PIN", testBase, "12", testRoom},
		{"PIN with letters", testBase, "12a4", testRoom},
		{"no room", testBase, testPIN, " "},
	} {
		_, err := newApp(tt.base, tt.pin, tt.room)
		assert.Error(t, err, tt.name)
	}
	var stderr bytes.Buffer
	assert.Error(t, run([]string{"-url", "ftp://x", "-pin", testPIN}, &stderr))
}

// offline starts the app on a loopback server and a kicktest platform.
func offline(t *testing.T, opts ...kicktest.Option) (appURL string, srv *kicktest.Server) {
	t.Helper()
	ts := httptest.NewUnstartedServer(nil)
	base := "http://" + ts.Listener.Addr().String()
	app, err := newApp(base, testPIN, testRoom)
	require.NoError(t, err)
	ts.Config.Handler = app
	ts.Start()
	t.Cleanup(ts.Close)
	srv = kicktest.NewServer(opts...)
	t.Cleanup(srv.Close)
	return ts.URL, srv
}

// stable replaces the app's URL and random recording and leg IDs.
func stable(s, appURL string) string {
	return strings.ReplaceAll(s, appURL, "APP")
}

// TestCall_wrongPINThenRoomThenKick runs a whole call offline: a wrong
// PIN, the right one on the second try, the room, a kick by the host and
// the goodbye after <Conference>.
func TestCall_wrongPINThenRoomThenKick(t *testing.T) {
	t.Parallel()
	appURL, srv := offline(t)
	call := srv.StartCall(kicktest.CallSpec{
		AnswerURL: appURL + answerPath,
		CallUUID:  "caller-1",
		Input: []kicktest.Input{
			kicktest.Keys{Digits: "1111#", Delay: 2 * time.Second, Gap: 500 * time.Millisecond},
			kicktest.Keys{Digits: testPIN + "#", BargeIn: true, Gap: 500 * time.Millisecond},
		},
	})
	member, err := srv.WaitMember(t.Context(), testRoom, "caller-1")
	require.NoError(t, err)

	kc, err := kick.New(srv.AuthID, srv.AuthToken, kick.WithBaseURL(srv.URL), kick.WithHTTPClient(srv.Client()))
	require.NoError(t, err)
	_, err = kc.Kick(t.Context(), testRoom, member.ID)
	require.NoError(t, err)

	cause, err := call.Wait(t.Context())
	require.NoError(t, err)
	assert.Equal(t, kicktest.CauseNormalHangup, cause)
	assert.Equal(t, `0s gathering dtmf (4 digits, finish #, 10s)
0s spoke "Welcome to the conference line. Please enter your four-digit PIN, then press the hash key."
4.5s gathered digits 1111
4.5s spoke "Sorry, that PIN is not right."
5.5s redirected POST APP/ivr?try=2
5.5s gathering dtmf (4 digits, finish #, 10s)
5.5s spoke "Please enter your four-digit PIN again, then press the hash key."
7s gathered digits 4321
7s spoke "Thank you. You are joining the conference."
8s joined Team as member 1
8s left Team as member 1 (kicked)
8s spoke "You have left the conference. Goodbye."
9s hung up: Normal Hangup (4000)
`, stable(call.Transcript().String(), appURL))

	var pins []string
	for _, ex := range srv.Exchanges() {
		if strings.HasPrefix(ex.URL, appURL+pinPath) {
			pins = append(pins, ex.Form.Get("Digits"))
		}
	}
	assert.Equal(t, []string{"1111", testPIN}, pins)
}

// TestCall_noInput checks both readings of a Gather that times out: the
// fall-through and an action posted with empty Digits end the same way.
func TestCall_noInput(t *testing.T) {
	t.Parallel()
	for name, opts := range map[string][]kicktest.Option{
		"fall through":      nil,
		"empty action post": {kicktest.WithGatherTimeoutAction()},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			appURL, srv := offline(t, opts...)
			call := srv.StartCall(kicktest.CallSpec{AnswerURL: appURL + answerPath})
			cause, err := call.Wait(t.Context())
			require.NoError(t, err)
			assert.Equal(t, kicktest.CauseNormalHangup, cause)
			var timeouts, spoke int
			for _, st := range call.Transcript().Steps() {
				switch st := st.(type) {
				case kicktest.GatherTimedOut:
					timeouts++
				case kicktest.Spoke:
					if st.Text == "We did not get your PIN." {
						spoke++
					}
				}
			}
			assert.Equal(t, maxTries, timeouts)
			assert.Equal(t, maxTries, spoke)
			steps := call.Transcript().Steps()
			assert.Equal(t, kicktest.Spoke{Text: "Goodbye."}, steps[len(steps)-2])
		})
	}
}

// TestCall_threeWrongPINs ends the call after the last try.
func TestCall_threeWrongPINs(t *testing.T) {
	t.Parallel()
	appURL, srv := offline(t)
	wrong := kicktest.Keys{Digits: "0000#"}
	call := srv.StartCall(kicktest.CallSpec{AnswerURL: appURL + answerPath, Input: []kicktest.Input{wrong, wrong, wrong, kicktest.Keys{Digits: testPIN + "#"}}})
	_, err := call.Wait(t.Context())
	require.NoError(t, err)
	assert.Empty(t, srv.Conferences())
	assert.NotContains(t, call.Transcript().String(), "joined")
	assert.Contains(t, call.Transcript().String(), `spoke "Goodbye."`)
}
