package kicktest

import (
	"strconv"
	"strings"
	"time"
)

// HeardPlay records that the REST API played the audio file at URL to the
// call while it was member MemberID of the room Conference (POST
// .../Member/{ids}/Play/). Only the targeted members hear it, and the step
// appears in their transcripts only.
type HeardPlay struct {
	Conference string
	MemberID   string
	URL        string
}

// HeardSpeech records that the REST API said Text to the call while it was
// member MemberID of the room Conference (POST .../Member/{ids}/Speak/),
// with the voice and language the request gave ("" when left to the
// platform). Only the targeted members hear it.
type HeardSpeech struct {
	Conference string
	MemberID   string
	Text       string
	Voice      string
	Language   string
}

func (HeardPlay) step()   {}
func (HeardSpeech) step() {}

// String returns for example "heard play https://example.com/a.mp3 in MyRoom
// as member 1".
func (s HeardPlay) String() string {
	return "heard play " + s.URL + " in " + s.Conference + " as member " + s.MemberID
}

// String returns for example `heard speech "Two minutes left" (WOMAN,
// en-US) in MyRoom as member 1`.
func (s HeardSpeech) String() string {
	var opts []string
	if s.Voice != "" {
		opts = append(opts, s.Voice)
	}
	if s.Language != "" {
		opts = append(opts, s.Language)
	}
	out := "heard speech " + strconv.Quote(s.Text)
	if len(opts) > 0 {
		out += " (" + strings.Join(opts, ", ") + ")"
	}
	return out + " in " + s.Conference + " as member " + s.MemberID
}

// Recording is a conference recording started through the REST API (POST
// .../Conference/{name}/Record/), as [Server.Recordings] reports it. No
// file is produced, as on the live platform.
type Recording struct {
	// Conference is the room's name.
	Conference string
	// FileFormat and CallbackURL are the request's "file_format" and
	// "callback_url" ("" when not given).
	FileFormat  string
	CallbackURL string
	// Stopped is set once DELETE .../Record/ stopped it, or the room ended.
	Stopped bool
}

// Recordings returns the recordings started so far, oldest first.
func (s *Server) Recordings() []Recording {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Recording(nil), s.recs...)
}

// heardLocked appends st to the transcript of the simulated call j, at the
// time of its latest step (the call's own clock is not read from another
// goroutine). The member is in the room before the call has recorded its
// Joined step; what it hears until then is kept and recorded right after
// that step, so the transcript stays in order.
func (s *Server) heardLocked(j *joined, st Step) {
	if !j.entered {
		j.heard = append(j.heard, st)
		return
	}
	c := j.call
	var at time.Duration
	switch s.clock {
	case clockManual, clockReal:
		at = s.atLocked(c)
	default:
		if n := len(c.entries); n > 0 {
			at = c.entries[n-1].At
		}
	}
	c.entries = append(c.entries, Entry{At: at, Step: st})
}

// recordJoined records the call's Joined step for j, then anything it
// heard before that. It runs on the call's goroutine.
func (s *Server) recordJoined(c *Call, j *joined) {
	s.mu.Lock()
	defer s.mu.Unlock()
	at := s.atLocked(c)
	c.entries = append(c.entries, Entry{At: at, Step: Joined{Conference: j.room, MemberID: j.id}})
	for _, st := range j.heard {
		c.entries = append(c.entries, Entry{At: at, Step: st})
	}
	j.entered, j.heard = true, nil
	s.changedLocked()
}
