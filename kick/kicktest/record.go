package kicktest

import (
	"context"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/kickflow/kickflow/xml"
)

// Defaults of a <Record>.
const (
	defaultRecordTimeout   = 60 * time.Second
	defaultRecordMaxLength = 60 * time.Second
	defaultRecordFinish    = "1234567890*#"
)

// EndReason is why a recording stopped, as posted in RecordingEndReason.
type EndReason string

// The documented reasons.
const (
	// EndTimeout: the Record's timeout of silence passed.
	EndTimeout EndReason = "RecordingTimeout"
	// EndMaxLength: the Record's maxLength was reached.
	EndMaxLength EndReason = "maxLength"
	// EndKey: the caller pressed one of the finishOnKey keys.
	EndKey EndReason = "FinishedOnKey"
	// EndHungUp: the call ended (always so for recordSession, and for a
	// startOnDialAnswer recording when its bridge ends).
	EndHungUp EndReason = "HungUp"
)

// RecordStarted records the start of a <Record>: the recording's ID and
// whether a beep was played; Session for recordSession="true",
// OnDialAnswer for a recording armed by startOnDialAnswer="true" that
// starts when a Dial is answered.
type RecordStarted struct {
	ID           string
	Beep         bool
	Session      bool
	OnDialAnswer bool
}

// Recorded records the end of a recording: its length, why it ended and the
// URL the file is served at (by the kicktest server).
type Recorded struct {
	ID        string
	Duration  time.Duration
	EndReason EndReason
	URL       string
}

func (RecordStarted) step() {}
func (Recorded) step()      {}

// String returns for example "recording 3f2a… (beep)".
func (r RecordStarted) String() string {
	s := "recording " + r.ID
	switch {
	case r.Session:
		s += " (session)"
	case r.OnDialAnswer:
		s += " (on dial answer)"
	case r.Beep:
		s += " (beep)"
	}
	return s
}

// String returns for example "recorded 3f2a… 5s (FinishedOnKey)".
func (r Recorded) String() string {
	return "recorded " + r.ID + " " + r.Duration.String() + " (" + string(r.EndReason) + ")"
}

// recording is a recording in progress.
type recording struct {
	id    string
	start time.Duration
	attrs xml.RecordAttrs
}

// recordURL is where the server serves a recording's file.
func (s *Server) recordURL(id string) string { return s.URL + mediaPrefix + id + ".wav" }

// recordElement runs a <Record>; results as for runDocument.
func (s *Server) recordElement(ctx context.Context, c *Call, e *xml.Record) (*xml.Response, Cause) {
	a := e.Attrs
	rec := &recording{id: newUUID(), attrs: a}
	follow := a.Redirect == xml.True
	switch {
	case a.StartOnDialAnswer == xml.True:
		s.record(c, RecordStarted{ID: rec.id, OnDialAnswer: true})
		c.armed = append(c.armed, rec)
		return nil, 0
	case a.RecordSession == xml.True:
		s.record(c, RecordStarted{ID: rec.id, Session: true})
		rec.start = s.callNow(c)
		c.sessions = append(c.sessions, rec)
		return s.recordAction(ctx, c, rec, follow)
	}
	beep := a.PlayBeep != xml.False
	s.record(c, RecordStarted{ID: rec.id, Beep: beep})
	rec.start = s.callNow(c)
	next, cause := s.recordAction(ctx, c, rec, follow)
	if cause != 0 {
		return nil, cause
	}

	timeout, maxLength, finish := a.Timeout, a.MaxLength, a.FinishOnKey
	if timeout <= 0 {
		timeout = defaultRecordTimeout
	}
	if maxLength <= 0 {
		maxLength = defaultRecordMaxLength
	}
	if finish == "" {
		finish = defaultRecordFinish
	}
	endAt, reason, hangUp := planRecording(c.nextInput(), rec.start, timeout, finish)
	if limit := rec.start + maxLength; endAt > limit {
		endAt, reason, hangUp = limit, EndMaxLength, false
	}
	s.setListening(c, listenRecord)
	for {
		woke, alive := s.waitUntil(ctx, c, endAt, true)
		if !alive {
			reason, hangUp = EndHungUp, false
			break
		}
		if !woke {
			break
		}
		if in, ok := s.takeLive(c); ok && strings.ContainsAny(in.keys, finish) {
			endAt, reason, hangUp = in.at, EndKey, false
			break
		}
	}
	s.setListening(c, listenNone)
	if reason != EndHungUp || hangUp {
		s.finishRecording(c, rec, endAt, reason)
	} else {
		s.finishRecording(c, rec, s.callNow(c), reason)
	}
	switch {
	case hangUp:
		c.HangUp()
		return nil, CauseNormalHangup
	case ctx.Err() != nil:
		return nil, CauseNormalHangup
	}
	return next, 0
}

// planRecording reads a scripted input for a recording that starts at
// start: when it ends, why, and whether the caller then hangs up.
func planRecording(in Input, start, timeout time.Duration, finish string) (time.Duration, EndReason, bool) {
	switch in := in.(type) {
	case Talk:
		end := start + in.Length
		switch {
		case in.HangUp:
			return end, EndHungUp, true
		case in.Key != "" && strings.ContainsAny(in.Key, finish):
			return end, EndKey, false
		}
		return end + timeout, EndTimeout, false
	case Speech:
		return start + time.Second + timeout, EndTimeout, false
	case Keys:
		if in.Digits != "" && strings.ContainsAny(in.Digits[:1], finish) {
			return start + in.Delay, EndKey, false
		}
		return start + in.Delay + timeout, EndTimeout, false
	case HangUp:
		if in.Delay < timeout {
			return start + in.Delay, EndHungUp, true
		}
	}
	return start + timeout, EndTimeout, false
}

// recordAction requests a Record's action near the start of the
// recording, with RecordingID and the file's URL but no length yet
// (RecordingDuration -1). With follow (redirect="true") the answer is the
// document that runs once the recording has ended; without, it is ignored.
func (s *Server) recordAction(ctx context.Context, c *Call, rec *recording, follow bool) (*xml.Response, Cause) {
	if rec.attrs.Action == "" {
		return nil, 0
	}
	u := s.recordURL(rec.id)
	return s.requestAction(ctx, c, rec.attrs.Action, rec.attrs.Method, "Record", url.Values{
		"RecordingID":         {rec.id},
		"RecordUrl":           {u},
		"RecordFile":          {u},
		"RecordingDuration":   {"-1"},
		"RecordingDurationMs": {"-1"},
	}, follow)
}

// finishRecording ends a recording at end, a virtual time of the call: it records the step, makes the file
// available and queues the RecordStop callback.
func (s *Server) finishRecording(c *Call, rec *recording, end time.Duration, reason EndReason) {
	d := end - rec.start
	u := s.recordURL(rec.id)
	s.mu.Lock()
	s.recordings[rec.id] = d
	s.mu.Unlock()
	s.record(c, Recorded{ID: rec.id, Duration: d, EndReason: reason, URL: u})
	status := xml.StatusInProgress
	if reason == EndHungUp {
		status = xml.StatusCompleted
	}
	form := callForm(c, status, "RecordStop")
	mergeValues(form, url.Values{
		"RecordingID":         {rec.id},
		"RecordUrl":           {u},
		"RecordFile":          {u},
		"RecordingDuration":   {strconv.FormatInt(int64(d/time.Second), 10)},
		"RecordingDurationMs": {strconv.FormatInt(d.Milliseconds(), 10)},
		"RecordingStartMs":    {strconv.FormatInt(c.wallStart.Add(rec.start).UnixMilli(), 10)},
		"RecordingEndMs":      {strconv.FormatInt(c.wallStart.Add(end).UnixMilli(), 10)},
		"RecordingEndReason":  {string(reason)},
		"ALegUUID":            {c.uuid},
	})
	s.notify(c, rec.attrs.CallbackURL, rec.attrs.CallbackMethod, form)
}

// startArmed starts the recordings armed by startOnDialAnswer, when a
// Dial's bridge starts.
func (s *Server) startArmed(c *Call) []*recording {
	armed := c.armed
	c.armed = nil
	now := s.callNow(c)
	for _, rec := range armed {
		rec.start = now
	}
	return armed
}

// finishSessions ends the recordSession recordings when the call ends.
func (s *Server) finishSessions(c *Call) {
	for _, rec := range c.sessions {
		s.finishRecording(c, rec, s.callNow(c), EndHungUp)
	}
	c.sessions = nil
}
