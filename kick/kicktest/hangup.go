package kicktest

import (
	"context"
	"time"

	"github.com/kickflow/kickflow/xml"
)

// Hangup records a <Hangup> with a reason or a schedule: the reason as the
// document gave it, and the schedule when it hangs up later. A plain
// <Hangup/> adds no step; the [Ended] step follows at once.
type Hangup struct {
	Reason   xml.HangupReason
	Schedule time.Duration
}

// RedirectLoop records a call that would fetch more documents than
// [WithMaxDocuments] allows; the call then ends.
type RedirectLoop struct {
	Documents int
}

func (Hangup) step()       {}
func (RedirectLoop) step() {}

// String returns for example "hangup (busy)" or "hangup in 60s".
func (h Hangup) String() string {
	s := "hangup"
	if h.Schedule > 0 {
		s += " in " + h.Schedule.String()
	}
	if h.Reason != "" {
		s += " (" + string(h.Reason) + ")"
	}
	return s
}

// String returns for example "redirect loop after 1000 documents".
func (r RedirectLoop) String() string {
	return "redirect loop after " + itoa(r.Documents) + " documents"
}

// hangup runs a <Hangup>. Without schedule the call ends now; with it the
// document goes on and the call ends when the schedule's time has passed
// ([CauseScheduledHangup]), or earlier if the document ends first.
func (s *Server) hangup(_ context.Context, c *Call, e *xml.Hangup) (*xml.Response, Cause) {
	if e.Attrs.Reason != "" || e.Attrs.Schedule > 0 {
		s.record(c, Hangup{Reason: e.Attrs.Reason, Schedule: e.Attrs.Schedule})
	}
	if e.Attrs.Schedule > 0 {
		at := s.callNow(c) + e.Attrs.Schedule
		if c.hangupAt == 0 || at < c.hangupAt {
			c.hangupAt = at
		}
		return nil, 0
	}
	return nil, CauseNormalHangup
}

// waitLength is how long a <Wait> lasts on the simulated line, which is
// silent and has no answering machine: its length (1s if unset), or with
// silence="true" its minSilence (2s if unset) when that is shorter; beep
// waits the whole length since no beep comes.
func waitLength(e *xml.Wait) time.Duration {
	d := e.Attrs.Length
	if d <= 0 {
		d = defaultWaitCost
	}
	if e.Attrs.Silence == xml.True {
		ms := e.Attrs.MinSilence
		if ms <= 0 {
			ms = defaultMinSilence
		}
		d = min(d, ms)
	}
	return d
}

// dtmfCost is how long sending digits takes with async="false": w is half
// a second, W a second, other digits a tenth of a second each.
func dtmfCost(digits string) time.Duration {
	var d time.Duration
	for _, r := range digits {
		switch r {
		case 'w':
			d += 500 * time.Millisecond
		case 'W':
			d += time.Second
		default:
			d += 100 * time.Millisecond
		}
	}
	return d
}
