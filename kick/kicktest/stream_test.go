package kicktest_test

import (
	"context"
	"encoding/base64"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/coder/websocket/wsjson"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kickflow/kickflow/kick/kicktest"
	"github.com/kickflow/kickflow/xml"
)

// wsApp is a voice bot on a real WebSocket: serve runs for each
// connection, with the start message already read.
type wsApp struct {
	*httptest.Server
	mu     sync.Mutex
	starts []map[string]any
	conns  int
}

func newWSApp(t *testing.T, serve func(ctx context.Context, n int, c *websocket.Conn) error) *wsApp {
	t.Helper()
	a := &wsApp{}
	a.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := websocket.Accept(w, r, nil)
		if err != nil {
			return
		}
		defer c.CloseNow() //nolint:errcheck // test server
		var start map[string]any
		if err := wsjson.Read(r.Context(), c, &start); err != nil {
			return
		}
		a.mu.Lock()
		a.starts = append(a.starts, start)
		a.conns++
		n := a.conns
		a.mu.Unlock()
		if err := serve(r.Context(), n, c); err != nil {
			t.Log("ws app:", err)
		}
	}))
	t.Cleanup(a.Close)
	return a
}

func (a *wsApp) wsURL() string { return "ws" + strings.TrimPrefix(a.URL, "http") + "/bot" }

// readUntil reads messages until one has the event, counting media frames
// and checking their payload size.
func readUntil(ctx context.Context, t *testing.T, c *websocket.Conn, event string, frameSize int) (map[string]any, int, error) {
	frames := 0
	for {
		var m map[string]any
		if err := wsjson.Read(ctx, c, &m); err != nil {
			return nil, frames, err
		}
		if m["event"] == "media" {
			frames++
			media := m["media"].(map[string]any)
			b, err := base64.StdEncoding.DecodeString(media["payload"].(string))
			assert.NoError(t, err)
			assert.Len(t, b, frameSize)
		}
		if m["event"] == event {
			return m, frames, nil
		}
	}
}

func TestStream_keepCallAlive(t *testing.T) {
	t.Parallel()
	var (
		mu     sync.Mutex
		played map[string]any
		frames int
	)
	bot := newWSApp(t, func(ctx context.Context, _ int, c *websocket.Conn) error {
		// Wait for a few frames, then talk back.
		for range 3 {
			var m map[string]any
			if err := wsjson.Read(ctx, c, &m); err != nil {
				return err
			}
		}
		if err := wsjson.Write(ctx, c, map[string]any{"event": "playAudio", "media": map[string]any{
			"contentType": "audio/x-mulaw", "sampleRate": 8000, "payload": base64.StdEncoding.EncodeToString(make([]byte, 800)),
		}}); err != nil {
			return err
		}
		if err := wsjson.Write(ctx, c, map[string]any{"event": "checkpoint", "name": "greeting"}); err != nil {
			return err
		}
		m, n, err := readUntil(ctx, t, c, "playedStream", 160)
		if err != nil {
			return err
		}
		if err := wsjson.Write(ctx, c, map[string]any{"event": "clearAudio"}); err != nil {
			return err
		}
		if _, _, err := readUntil(ctx, t, c, "clearedAudio", 160); err != nil {
			return err
		}
		mu.Lock()
		played, frames = m, n
		mu.Unlock()
		return wsjson.Write(ctx, c, map[string]any{"event": "stop"})
	})
	app := newApp(t)
	app.route("/answer", func(*xml.Webhook) *xml.Response {
		return xml.NewResponse().
			Stream(bot.wsURL(), xml.StreamAttrs{
				Bidirectional: xml.True, KeepCallAlive: xml.True, ContentType: xml.ContentMulawRate8000,
				ExtraHeaders: "agent=7", StatusCallbackURL: app.URL + "/status",
			}).
			Speak("after the bot")
	})
	srv := newPlatform(t)
	call := runCall(t, srv, kicktest.CallSpec{AnswerURL: app.URL + "/answer", CallUUID: "call-s"})
	steps := call.Transcript().Steps()
	require.Len(t, steps, 8, "%v", call.Transcript())
	started := steps[0].(kicktest.StreamStarted)
	assert.Equal(t, 1, started.Attempt)
	assert.Equal(t, []kicktest.Step{
		kicktest.StreamMessage{Event: "playAudio", Bytes: 800},
		kicktest.StreamMessage{Event: "checkpoint", Name: "greeting"},
		kicktest.StreamMessage{Event: "clearAudio"},
		kicktest.StreamMessage{Event: "stop"},
	}, steps[1:5])
	ended := steps[5].(kicktest.StreamEnded)
	assert.Equal(t, "stop", ended.Reason)
	assert.Equal(t, kicktest.Spoke{Text: "after the bot"}, steps[6], "the document goes on after stop")

	bot.mu.Lock()
	start := bot.starts[0]
	bot.mu.Unlock()
	assert.Equal(t, "start", start["event"])
	assert.Equal(t, "agent=7", start["extra_headers"])
	st := start["start"].(map[string]any)
	assert.Equal(t, "call-s", st["callId"])
	assert.Equal(t, started.StreamID, st["streamId"])
	assert.Equal(t, srv.AuthID, st["accountId"])
	assert.Equal(t, map[string]any{"encoding": "audio/x-mulaw", "sampleRate": float64(8000)}, st["mediaFormat"])
	mu.Lock()
	assert.Equal(t, "greeting", played["name"])
	assert.GreaterOrEqual(t, frames, 0)
	mu.Unlock()

	require.NoError(t, srv.WaitCallbacks(t.Context()))
	var events []string
	for _, w := range app.events("/status") {
		events = append(events, w.Form.Get("Event"))
		assert.Equal(t, started.StreamID, w.Form.Get("StreamID"))
		assert.Equal(t, "call-s", w.CallUUID)
		assert.Equal(t, "true", w.Form.Get("keepCallAlive"))
		assert.Equal(t, "audio/x-mulaw;rate=8000", w.Form.Get("contentType"))
		assert.Equal(t, "agent=7", w.Form.Get("extraHeaders"))
		assert.Equal(t, "86400", w.Form.Get("streamTimeout"))
		switch w.Form.Get("Event") {
		case "PlayedStream":
			assert.Equal(t, "greeting", w.Form.Get("Name"))
		case "StartStream":
			assert.Equal(t, bot.wsURL(), w.Form.Get("ServiceURL"))
		}
	}
	assert.Equal(t, []string{"StartStream", "PlayedStream", "ClearedAudio", "StopStream"}, events)
}

func TestStream_retries(t *testing.T) {
	t.Parallel()
	bot := newWSApp(t, func(ctx context.Context, n int, c *websocket.Conn) error {
		if n == 1 {
			return c.Close(websocket.StatusGoingAway, "restart") // drops the first socket
		}
		return wsjson.Write(ctx, c, map[string]any{"event": "stop"})
	})
	app := newApp(t)
	app.route("/answer", func(*xml.Webhook) *xml.Response {
		return xml.NewResponse().Stream(bot.wsURL(), xml.StreamAttrs{
			Bidirectional: xml.True, KeepCallAlive: xml.True, MaxRetries: xml.Int(2), StatusCallbackURL: app.URL + "/status",
		})
	})
	srv := newPlatform(t)
	call := runCall(t, srv, kicktest.CallSpec{AnswerURL: app.URL + "/answer"})
	var starts []kicktest.StreamStarted
	var reasons []string
	for _, st := range call.Transcript().Steps() {
		switch st := st.(type) {
		case kicktest.StreamStarted:
			starts = append(starts, st)
		case kicktest.StreamEnded:
			reasons = append(reasons, st.Reason)
		}
	}
	require.Len(t, starts, 2)
	assert.Equal(t, 2, starts[1].Attempt)
	assert.NotEqual(t, starts[0].StreamID, starts[1].StreamID, "each retry is a new stream")
	assert.Equal(t, []string{"closed", "stop"}, reasons)
	require.NoError(t, srv.WaitCallbacks(t.Context()))
	var events []string
	for _, w := range app.events("/status") {
		events = append(events, w.Form.Get("Event"))
		if w.Form.Get("Event") == "DroppedStream" {
			assert.NotEmpty(t, w.Form.Get("Error"))
		}
	}
	assert.Equal(t, []string{"StartStream", "DroppedStream", "StartStream", "StopStream"}, events)
}

func TestStream_connectFailure(t *testing.T) {
	t.Parallel()
	dead := httptest.NewServer(http.NotFoundHandler())
	deadURL := "ws" + strings.TrimPrefix(dead.URL, "http")
	dead.Close()
	app := newApp(t)
	app.route("/answer", fixed(xml.NewResponse().
		Stream(deadURL, xml.StreamAttrs{Bidirectional: xml.True, KeepCallAlive: xml.True, MaxRetries: xml.Int(1)}).
		Speak("no bot")))
	srv := newPlatform(t)
	call := runCall(t, srv, kicktest.CallSpec{AnswerURL: app.URL + "/answer"})
	steps := call.Transcript().Steps()
	require.Len(t, steps, 4)
	assert.IsType(t, kicktest.StreamFailed{}, steps[0])
	assert.IsType(t, kicktest.StreamFailed{}, steps[1])
	assert.Equal(t, kicktest.Spoke{Text: "no bot"}, steps[2])
}

// TestStream_manualClockPacing: under the manual clock one frame goes out
// per 20 ms the clock moves, and streamTimeout ends the socket.
func TestStream_manualClockPacing(t *testing.T) {
	t.Parallel()
	got := make(chan int, 1)
	bot := newWSApp(t, func(ctx context.Context, _ int, c *websocket.Conn) error {
		frames := 0
		for {
			var m map[string]any
			if err := wsjson.Read(ctx, c, &m); err != nil {
				got <- frames
				return nil
			}
			if m["event"] == "media" {
				frames++
				b, err := base64.StdEncoding.DecodeString(m["media"].(map[string]any)["payload"].(string))
				assert.NoError(t, err)
				assert.Len(t, b, 640, "20 ms of 16 kHz 16-bit audio")
			}
		}
	})
	app := newApp(t)
	app.route("/answer", fixed(xml.NewResponse().
		Stream(bot.wsURL(), xml.StreamAttrs{KeepCallAlive: xml.True, Bidirectional: xml.True, StreamTimeout: 2 * time.Second, ContentType: xml.ContentL16Rate16000}).
		Speak("timed out")))
	srv := newPlatform(t, kicktest.WithManualClock())
	call := srv.StartCall(kicktest.CallSpec{AnswerURL: app.URL + "/answer"})
	ctx, cancel := context.WithTimeout(t.Context(), 20*time.Second)
	defer cancel()
	_, err := call.WaitStep(ctx, func(s kicktest.Step) bool { _, ok := s.(kicktest.StreamStarted); return ok })
	require.NoError(t, err)
	require.NoError(t, srv.WaitUntil(ctx, func() bool { return srv.Sleeping() == 1 })) // the first frame
	srv.Advance(2 * time.Second)
	entry, err := call.WaitStep(ctx, func(s kicktest.Step) bool { _, ok := s.(kicktest.StreamEnded); return ok })
	require.NoError(t, err)
	ended := entry.Step.(kicktest.StreamEnded)
	assert.Equal(t, "timeout", ended.Reason)
	assert.Equal(t, 100, ended.Frames, "2s of 20 ms frames")
	select {
	case n := <-got:
		assert.Equal(t, 100, n)
	case <-ctx.Done():
		t.Fatal("the bot never saw the socket close")
	}
	finish(ctx, t, srv, call)
	assert.Contains(t, call.Transcript().Steps(), kicktest.Spoke{Text: "timed out"})
}

func TestStream_background(t *testing.T) {
	t.Parallel()
	bot := newWSApp(t, func(ctx context.Context, _ int, c *websocket.Conn) error {
		for {
			if _, _, err := c.Read(ctx); err != nil {
				return nil
			}
		}
	})
	app := newApp(t)
	app.route("/answer", fixed(xml.NewResponse().
		Stream(bot.wsURL(), xml.StreamAttrs{}).
		Speak("while streaming").
		Wait(xml.WaitAttrs{Length: 2 * time.Second})))
	srv := newPlatform(t, kicktest.WithRealClock())
	call := runCall(t, srv, kicktest.CallSpec{AnswerURL: app.URL + "/answer"})
	steps := call.Transcript().Steps()
	var spokeAt, endedAt int = -1, -1
	for i, st := range steps {
		switch st := st.(type) {
		case kicktest.Spoke:
			spokeAt = i
		case kicktest.StreamEnded:
			endedAt = i
			assert.Equal(t, "hung-up", st.Reason, "the stream ends with the call")
			assert.Positive(t, st.Frames, "frames flow in real time")
		}
	}
	assert.GreaterOrEqual(t, spokeAt, 0, "the document goes on at once")
	assert.Contains(t, call.Transcript().String(), "connected")
	assert.Greater(t, endedAt, spokeAt)
	assert.Equal(t, kicktest.Ended{Cause: kicktest.CauseEndOfXML}, steps[len(steps)-1])
}

func TestStream_bothTracksBidirectional(t *testing.T) {
	t.Parallel()
	app := newApp(t)
	app.routeRaw("/answer", func() string {
		return `<Response><Stream bidirectional="true" audioTrack="both">ws://127.0.0.1:1/x</Stream><Speak>never</Speak></Response>`
	})
	srv := newPlatform(t)
	call := runCall(t, srv, kicktest.CallSpec{AnswerURL: app.URL + "/answer"})
	cause, _ := call.Cause()
	assert.Equal(t, kicktest.CauseEndOfXML, cause)
	assert.NotContains(t, call.Transcript().Steps(), kicktest.Spoke{Text: "never"})
}
