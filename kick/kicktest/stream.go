package kicktest

import (
	"context"
	"encoding/base64"
	"errors"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/coder/websocket"
	"github.com/coder/websocket/wsjson"

	"github.com/kickflow/kickflow/xml"
)

// Stream settings.
const (
	frameInterval        = 20 * time.Millisecond
	defaultStreamTimeout = 86400 * time.Second
	maxStreamRetries     = 10
	maxStreamMessage     = 1 << 20
)

// StreamStarted records a <Stream> socket that connected and got its start
// message: the URL, the stream's ID and which attempt it was (1 for the
// first, more after maxRetries reconnects).
type StreamStarted struct {
	URL      string
	StreamID string
	Attempt  int
}

// StreamFailed records a <Stream> connection attempt that failed.
type StreamFailed struct {
	URL   string
	Error string
}

// StreamMessage records a message the app sent on the socket: playAudio
// (Bytes of decoded audio), checkpoint (Name), clearAudio or stop.
type StreamMessage struct {
	Event string
	Name  string
	Bytes int
}

// StreamEnded records the end of a socket: "stop" (the app sent stop),
// "closed" (the app closed it), "timeout" (streamTimeout passed) or
// "hung-up" (the call or the document went on without it).
type StreamEnded struct {
	StreamID string
	Reason   string
	Frames   int
}

func (StreamStarted) step() {}
func (StreamFailed) step()  {}
func (StreamMessage) step() {}
func (StreamEnded) step()   {}

// String returns for example "stream ws://127.0.0.1:1234/ws connected (id …, attempt 1)".
func (s StreamStarted) String() string {
	return "stream " + s.URL + " connected (id " + s.StreamID + ", attempt " + strconv.Itoa(s.Attempt) + ")"
}

// String returns for example "stream ws://… failed: connection refused".
func (s StreamFailed) String() string { return "stream " + s.URL + " failed: " + s.Error }

// String returns for example "stream got playAudio (320 bytes)".
func (s StreamMessage) String() string {
	switch {
	case s.Event == "playAudio":
		return "stream got playAudio (" + strconv.Itoa(s.Bytes) + " bytes)"
	case s.Name != "":
		return "stream got " + s.Event + " " + s.Name
	}
	return "stream got " + s.Event
}

// String returns for example "stream … ended: stop after 50 frames".
func (s StreamEnded) String() string {
	return "stream " + s.StreamID + " ended: " + s.Reason + " after " + strconv.Itoa(s.Frames) + " frames"
}

// streamSpec is a Stream's settings with defaults applied.
type streamSpec struct {
	url      string
	attrs    xml.StreamAttrs
	encoding string
	rate     int
	retries  int
	timeout  time.Duration
}

func newStreamSpec(e *xml.Stream) streamSpec {
	sp := streamSpec{url: strings.TrimSpace(e.URL), attrs: e.Attrs, encoding: "audio/x-l16", rate: 8000, timeout: e.Attrs.StreamTimeout}
	if ct := string(e.Attrs.ContentType); ct != "" {
		enc, params, _ := strings.Cut(ct, ";")
		sp.encoding = strings.TrimSpace(enc)
		if r, ok := strings.CutPrefix(strings.TrimSpace(params), "rate="); ok {
			if n, err := strconv.Atoi(r); err == nil && n > 0 {
				sp.rate = n
			}
		}
	}
	if r := e.Attrs.MaxRetries; r != nil {
		sp.retries = min(max(*r, 0), maxStreamRetries)
	}
	if sp.timeout <= 0 {
		sp.timeout = defaultStreamTimeout
	}
	return sp
}

// frame returns 20 ms of silence in the stream's format.
func (sp streamSpec) frame() []byte {
	n := sp.rate * int(frameInterval/time.Millisecond) / 1000
	if sp.encoding == "audio/x-mulaw" {
		b := make([]byte, n)
		for i := range b {
			b[i] = 0xFF // μ-law silence
		}
		return b
	}
	return make([]byte, 2*n) // 16-bit linear silence
}

// stream runs a <Stream>; results as for runDocument.
func (s *Server) stream(ctx context.Context, c *Call, e *xml.Stream) (*xml.Response, Cause) {
	sp := newStreamSpec(e)
	if sp.attrs.Bidirectional == xml.True && sp.attrs.AudioTrack == xml.TrackBoth {
		s.record(c, StreamFailed{URL: sp.url, Error: `audioTrack="both" with bidirectional="true"`})
		return nil, CauseEndOfXML
	}
	if sp.attrs.KeepCallAlive == xml.True {
		s.runStream(ctx, c, sp)
		if ctx.Err() != nil {
			return nil, CauseNormalHangup
		}
		return nil, 0
	}
	bctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		defer close(done)
		s.runStream(bctx, c, sp)
	}()
	c.background = append(c.background, func() { cancel(); <-done })
	return nil, 0
}

// stopBackground ends the call's background streams and waits for them.
func (s *Server) stopBackground(c *Call) {
	for _, stop := range c.background {
		stop()
	}
	c.background = nil
}

// runStream connects to the app's socket, retrying up to maxRetries times
// when the connection fails or drops, and serves it until it ends.
func (s *Server) runStream(ctx context.Context, c *Call, sp streamSpec) {
	for attempt := 1; attempt <= 1+sp.retries; attempt++ {
		id := newUUID()
		conn, _, err := websocket.Dial(ctx, sp.url, nil)
		if ctx.Err() != nil {
			return
		}
		if err != nil {
			s.record(c, StreamFailed{URL: sp.url, Error: shortError(err)})
			s.streamStatus(c, sp, "DroppedStream", id, url.Values{"Error": {"connection failed"}})
			continue
		}
		conn.SetReadLimit(maxStreamMessage)
		s.record(c, StreamStarted{URL: sp.url, StreamID: id, Attempt: attempt})
		s.streamStatus(c, sp, "StartStream", id, url.Values{"ServiceURL": {sp.url}})
		reason, frames := s.serveStream(ctx, c, sp, conn, id)
		s.record(c, StreamEnded{StreamID: id, Reason: reason, Frames: frames})
		switch reason {
		case "stop":
			s.streamStatus(c, sp, "StopStream", id, nil)
			return
		case "closed":
			s.streamStatus(c, sp, "DroppedStream", id, url.Values{"Error": {"connection disconnected with the remote service"}})
			continue
		}
		return
	}
}

// streamMsg is a message from the app, or the error that ended reading.
type streamMsg struct {
	Event string `json:"event"`
	Name  string `json:"name"`
	Media struct {
		Payload string `json:"payload"`
	} `json:"media"`
	err error
}

// serveStream sends start and the media frames and answers the app's
// messages until the socket ends; it returns why and how many frames
// were sent.
func (s *Server) serveStream(ctx context.Context, c *Call, sp streamSpec, conn *websocket.Conn, id string) (string, int) {
	seq := 0
	send := func(v map[string]any) error {
		seq++
		v["sequenceNumber"] = seq
		v["streamId"] = id
		return wsjson.Write(ctx, conn, v)
	}
	start := map[string]any{
		"event": "start",
		"start": map[string]any{
			"callId":      c.uuid,
			"streamId":    id,
			"accountId":   s.AuthID,
			"tracks":      []string{trackOf(sp.attrs.AudioTrack)},
			"mediaFormat": map[string]any{"encoding": sp.encoding, "sampleRate": sp.rate},
		},
		"extra_headers": sp.attrs.ExtraHeaders,
	}
	if err := send(start); err != nil {
		conn.CloseNow() //nolint:errcheck // the socket is done either way
		return s.streamGone(ctx), 0
	}
	msgs := make(chan streamMsg)
	rctx, stopRead := context.WithCancel(ctx)
	readerDone := make(chan struct{})
	defer func() {
		stopRead()
		conn.CloseNow() //nolint:errcheck // the socket is done either way
		<-readerDone
	}()
	go func() {
		defer close(readerDone)
		for {
			var m streamMsg
			if err := wsjson.Read(rctx, conn, &m); err != nil {
				m.err = err
				select {
				case msgs <- m:
				case <-rctx.Done():
				}
				return
			}
			select {
			case msgs <- m:
			case <-rctx.Done():
				return
			}
		}
	}()
	base := s.streamNow(c)
	payload := base64.StdEncoding.EncodeToString(sp.frame())
	frames := 0
	for {
		// The next frame, or the timeout once no frame is due before it;
		// so a clock that jumps still gets every frame out first.
		next := time.Duration(frames+1) * frameInterval
		var due, timeout <-chan struct{}
		var stopDue func()
		if next <= sp.timeout {
			due, stopDue = s.streamTimer(c, base+next)
		} else {
			timeout, stopDue = s.streamTimer(c, base+sp.timeout)
		}
		select {
		case <-due:
			stopDue()
			err := send(map[string]any{"event": "media", "media": map[string]any{
				"track":     trackOf(sp.attrs.AudioTrack),
				"timestamp": strconv.FormatInt(int64(time.Duration(frames)*frameInterval/time.Millisecond), 10),
				"chunk":     frames + 1,
				"payload":   payload,
			}})
			if err != nil {
				return s.streamGone(ctx), frames
			}
			frames++
		case m := <-msgs:
			stopDue()
			if m.err != nil {
				return s.streamGone(ctx), frames
			}
			if reason, done := s.streamMessage(ctx, c, sp, id, m, send); done {
				if reason == "stop" {
					conn.Close(websocket.StatusNormalClosure, "stop") //nolint:errcheck // best effort
				}
				return reason, frames
			}
		case <-timeout:
			stopDue()
			conn.Close(websocket.StatusNormalClosure, "stream timeout") //nolint:errcheck // best effort
			return "timeout", frames
		case <-ctx.Done():
			stopDue()
			return "hung-up", frames
		}
	}
}

// streamMessage handles one message from the app; done is true when the
// socket is to end.
func (s *Server) streamMessage(ctx context.Context, c *Call, sp streamSpec, id string, m streamMsg, send func(map[string]any) error) (reason string, done bool) {
	switch m.Event {
	case "playAudio":
		b, err := base64.StdEncoding.DecodeString(m.Media.Payload)
		if err != nil {
			b = nil
		}
		s.record(c, StreamMessage{Event: m.Event, Bytes: len(b)})
	case "checkpoint":
		s.record(c, StreamMessage{Event: m.Event, Name: m.Name})
		if send(map[string]any{"event": "playedStream", "name": m.Name}) != nil {
			return s.streamGone(ctx), true
		}
		s.streamStatus(c, sp, "PlayedStream", id, url.Values{"Name": {m.Name}})
	case "clearAudio":
		s.record(c, StreamMessage{Event: m.Event})
		if send(map[string]any{"event": "clearedAudio"}) != nil {
			return s.streamGone(ctx), true
		}
		s.streamStatus(c, sp, "ClearedAudio", id, nil)
	case "stop":
		s.record(c, StreamMessage{Event: m.Event})
		return "stop", true
	}
	return "", false
}

// streamGone names the end of a socket that failed: the call's end, or
// the app closing it.
func (s *Server) streamGone(ctx context.Context) string {
	if ctx.Err() != nil {
		return "hung-up"
	}
	return "closed"
}

// streamStatus queues a status callback with the Stream's settings echoed.
func (s *Server) streamStatus(c *Call, sp streamSpec, event, id string, extra url.Values) {
	a := sp.attrs
	form := callForm(c, xml.StatusInProgress, xml.Event(event))
	mergeValues(form, url.Values{
		"StreamID":             {id},
		"Timestamp":            {time.Now().UTC().Format(time.RFC3339)},
		"Error":                {""},
		"bidirectional":        {strconv.FormatBool(a.Bidirectional == xml.True)},
		"audioTrack":           {trackOf(a.AudioTrack)},
		"streamTimeout":        {strconv.FormatInt(int64(sp.timeout/time.Second), 10)},
		"statusCallbackUrl":    {a.StatusCallbackURL},
		"statusCallbackMethod": {string(orPost(a.StatusCallbackMethod))},
		"contentType":          {sp.encoding + ";rate=" + strconv.Itoa(sp.rate)},
		"extraHeaders":         {a.ExtraHeaders},
		"maxRetries":           {strconv.Itoa(sp.retries)},
		"keepCallAlive":        {strconv.FormatBool(a.KeepCallAlive == xml.True)},
	})
	mergeValues(form, extra)
	s.notify(c, a.StatusCallbackURL, a.StatusCallbackMethod, form)
}

// streamNow is the virtual time streams are paced by: the manual clock's
// reading, else the wall time since the server started.
func (s *Server) streamNow(c *Call) time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.clock == clockManual {
		return s.now
	}
	return time.Since(s.started)
}

// streamTimer returns a channel closed once streamNow reaches at, and a
// function that releases the timer.
func (s *Server) streamTimer(c *Call, at time.Duration) (<-chan struct{}, func()) {
	if s.clock == clockManual {
		s.mu.Lock()
		defer s.mu.Unlock()
		w := waiter{until: at, wake: make(chan struct{})}
		if at <= s.now {
			close(w.wake)
			return w.wake, func() {}
		}
		s.waiters = append(s.waiters, w)
		s.changedLocked()
		return w.wake, func() { s.dropWaiter(w) }
	}
	ch := make(chan struct{})
	t := time.AfterFunc(at-s.streamNow(c), func() { close(ch) })
	return ch, func() { t.Stop() }
}

func trackOf(t xml.AudioTrack) string {
	if t == "" {
		return string(xml.TrackInbound)
	}
	return string(t)
}

func orPost(m xml.Method) xml.Method {
	if m == "" {
		return xml.MethodPost
	}
	return m
}

// shortError is an error's message without the URL kicktest already shows.
func shortError(err error) string {
	var ce websocket.CloseError
	if errors.As(err, &ce) {
		return "closed: " + ce.Reason
	}
	return err.Error()
}
