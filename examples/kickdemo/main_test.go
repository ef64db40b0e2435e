package main

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// runDemo runs the program with args and returns what it printed.
func runDemo(t *testing.T, args ...string) string {
	t.Helper()
	var out, errOut bytes.Buffer
	require.NoError(t, run(t.Context(), args, &out, &errOut), "stderr: %s", errOut.String())
	assert.Empty(t, errOut.String())
	return out.String()
}

var (
	loopbackPort = regexp.MustCompile(`127\.0\.0\.1:[0-9]+`)
	joinToken    = regexp.MustCompile(`/(events|continue)/[A-Z2-7]{16}\b`)
)

// stable replaces what changes from run to run: the loopback ports and the
// join tokens.
func stable(out string) string {
	out = loopbackPort.ReplaceAllString(out, "127.0.0.1:PORT")
	return joinToken.ReplaceAllString(out, "/$1/TOKEN")
}

// TestTimeline compares the printed timeline with testdata/timeline.golden.
// GOLDIE_UPDATE=1 rewrites the file, as for the XML golden files.
func TestTimeline(t *testing.T) {
	t.Parallel()
	got := stable(runDemo(t))
	path := filepath.Join("testdata", "timeline.golden")
	if os.Getenv("GOLDIE_UPDATE") != "" {
		require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, string(want), got)
}

func TestTimelineKeyLines(t *testing.T) {
	t.Parallel()
	out := runDemo(t)
	for _, want := range []string{
		// Alice is kicked with the templated goodbye, and that is what she hears.
		"Kicking Alice (member 1) with an announcement.",
		"/Conference/MyConference/Member/1/Kick/ -> 202 kicked",
		`Alice heard "Goodbye +14155550101, you have been removed from MyConference."; the call ended: Normal Hangup (4000).`,
		// Carol is muted by call UUID, under the member ID she holds.
		"/Conference/MyConference/Member/3/Mute/ -> 202 muted",
		"The platform has Carol (member 3) muted",
		// Those who stay are told Alice left; Alice is not.
		"/Conference/MyConference/Member/2,3/Speak/ -> 202 speak started",
		"  0s heard speech \"+14155550101 has left the meeting.\" in MyConference as member 2\n",
		"  0s heard speech \"+14155550101 has left the meeting.\" in MyConference as member 3\n",
		// Bob is moved to breakout and joins it.
		`Bob heard "Moving you to the breakout room." and joined breakout as member 1.`,
		"  1s joined breakout as member 1\n",
		// Carol is still in MyConference until the meeting ends.
		"MyConference:  Carol (member 3)\n",
		`Carol heard "The meeting is over. Goodbye +14155550103."; the call ended: Normal Hangup (4000).`,
		`Bob heard "The breakout room is closing. Goodbye."; the call ended: Normal Hangup (4000).`,
		"flow: 4 kicks, 4 continuations served, 0 defaults, 4 enter and 4 exit callbacks,",
		"0 requests rejected for their signature. All 3 calls have ended.",
	} {
		assert.Contains(t, out, want)
	}
	assert.NotContains(t, out, "[-v]")
	alice, _, _ := strings.Cut(out[strings.Index(out, "Alice (+14155550101, call-1)"):], "\n\n")
	assert.NotContains(t, alice, "heard speech", "the kicked caller is not told she left")
}

func TestExtraCallersStayUntilTheEnd(t *testing.T) {
	t.Parallel()
	tests := []struct {
		giveCallers string
		wantRoom    string
		wantHeard   []string
	}{
		{
			giveCallers: "4",
			wantRoom:    "MyConference:  Carol (member 3), Dave (member 4)\n",
			wantHeard: []string{
				`Dave heard "The meeting is over. Goodbye +14155550104."; the call ended`,
			},
		},
		{
			giveCallers: "12",
			wantRoom:    ", Judy (member 10), Caller 11 (member 11), Caller 12 (member 12)\n",
			wantHeard: []string{
				`Judy heard "The meeting is over. Goodbye +14155550110."`,
				`Caller 12 heard "The meeting is over. Goodbye +14155550112."`,
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.giveCallers, func(t *testing.T) {
			t.Parallel()
			out := runDemo(t, "-callers", tt.giveCallers)
			assert.Contains(t, out, tt.wantRoom)
			for _, want := range tt.wantHeard {
				assert.Contains(t, out, want)
			}
			assert.Contains(t, out, "All "+tt.giveCallers+" calls have ended.")
			assert.Contains(t, out, "0 defaults")
		})
	}
}

func TestVerbose(t *testing.T) {
	t.Parallel()
	out := runDemo(t, "-v")
	for _, want := range []string{
		"/answer (Event=StartApp CallUUID=call-1) -> 200\n",
		"(Event=ConferenceEnter CallUUID=call-3 ConferenceName=MyConference ConferenceMemberID=3) -> 204\n",
		"(Event=ConferenceEnter CallUUID=call-2 ConferenceName=breakout ConferenceMemberID=1) -> 204\n",
		"/vobiz/continue/", "(Event=Redirect CallUUID=call-1) -> 200\n",
		"       <Speak>The breakout room is closing. Goodbye.</Speak>\n",
	} {
		assert.Contains(t, out, want)
	}
	// Every answer, callback and continuation request: 3 answers, 4 enters,
	// 4 exits and 4 continuations.
	assert.Equal(t, 15, strings.Count(out, "[-v] platform -> app: "))
}

func TestUsageErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		giveArgs []string
	}{
		{"two callers", []string{"-callers", "2"}},
		{"zero callers", []string{"-callers", "0"}},
		{"too many callers", []string{"-callers", "201"}},
		{"not a number", []string{"-callers", "three"}},
		{"unknown flag", []string{"-x"}},
		{"argument", []string{"now"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var out bytes.Buffer
			err := run(t.Context(), tt.giveArgs, &out, io.Discard)
			require.Error(t, err)
			assert.True(t, errors.Is(err, errUsage), "run(%q) = %v, want errUsage", tt.giveArgs, err)
			assert.Empty(t, out.String(), "nothing runs")
		})
	}
}

func TestHelp(t *testing.T) {
	t.Parallel()
	var out, errOut bytes.Buffer
	require.NoError(t, run(t.Context(), []string{"-h"}, &out, &errOut))
	assert.Empty(t, out.String())
	assert.Contains(t, errOut.String(), "-callers")
}

// TestNoGoroutineLeft runs the demo and checks that every goroutine it
// started has returned. It does not run in parallel with the other tests.
func TestNoGoroutineLeft(t *testing.T) {
	before := runtime.NumGoroutine()
	runDemo(t, "-callers", "5")
	deadline := time.Now().Add(2 * time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		runtime.Gosched()
		time.Sleep(time.Millisecond)
	}
	assert.LessOrEqual(t, runtime.NumGoroutine(), before, "goroutines still running:\n%s", stacks())
}

func stacks() string {
	buf := make([]byte, 1<<20)
	return string(buf[:runtime.Stack(buf, true)])
}
