package kicktest

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/kickflow/kickflow/xml"
)

// DefaultMemberCap is the account's limit on members per room
// (max_conf_members) when [WithMemberCap] is not used.
const DefaultMemberCap = 20

// WithMemberCap sets the account's limit on members per room. The platform
// reads a <Conference> maxParticipants but does not enforce it: this cap
// applies instead, and a caller over it records [RoomFull] and the
// document goes on. If not set, [DefaultMemberCap].
func WithMemberCap(n int) Option {
	return func(c *config) error {
		if n < 1 {
			return fmt.Errorf("kicktest: member cap %d is not positive", n)
		}
		c.sim.memberCap = n
		return nil
	}
}

// WithConferenceAction makes the <Conference> action URL fire when fire
// reports true for the room and the call leaving it. The platform fetches
// it only for rooms hosted on a remote media server, which an app cannot
// tell, so by default it never fires; a test can make it fire always, or
// for some calls, to check that the app copes either way. When it fires,
// the action is requested (method, POST if unset) with the standard
// parameters, ConferenceName, ConferenceUUID and ConferenceMemberID, and
// its answer replaces the rest of the document.
func WithConferenceAction(fire func(conference, callUUID string) bool) Option {
	return func(c *config) error {
		if fire == nil {
			return fmt.Errorf("kicktest: nil conference action function")
		}
		c.sim.conferenceAction = fire
		return nil
	}
}

// memberCap is the account's limit on members per room.
func (s *Server) memberCap() int {
	if s.sim.memberCap > 0 {
		return s.sim.memberCap
	}
	return DefaultMemberCap
}

// WaitingForStart records a member who joined with
// startConferenceOnEnter="false" a room nobody has started yet: it hears
// the waitSound (the steps that follow) until a starter arrives.
type WaitingForStart struct {
	Conference string
}

// Muted records that the member joined muted (muted="true").
type Muted struct {
	Conference string
}

func (WaitingForStart) step() {}
func (Muted) step()           {}

// String returns for example "waiting in MyRoom for the start".
func (w WaitingForStart) String() string { return "waiting in " + w.Conference + " for the start" }

// String returns for example "muted in MyRoom".
func (m Muted) String() string { return "muted in " + m.Conference }

// conference puts the call into the room until it leaves. It returns the
// document that replaces the current one (a fired action's), or the cause
// the call ends with; nil and 0 go on with the next element.
func (s *Server) conference(ctx context.Context, c *Call, e *xml.Conference) (*xml.Response, Cause) {
	name := strings.TrimSpace(e.Room)
	j, full := s.join(c, e)
	if full {
		s.record(c, RoomFull{Conference: name})
		return nil, 0
	}
	if j == nil { // hung up or closed before entering
		return nil, CauseNormalHangup
	}
	s.mu.Lock()
	var confUUID string
	started := true
	if r := s.rooms[j.room]; r != nil {
		confUUID = r.uuid
		started = roomStartedLocked(r)
	}
	s.mu.Unlock()
	s.recordJoined(c, j)
	if e.Attrs.Muted == xml.True {
		s.record(c, Muted{Conference: j.room})
	}
	if u := strings.TrimSpace(e.Attrs.WaitSound); u != "" {
		// Fetched on every join, as observed; heard only while waiting.
		sounds := s.fetchSounds(ctx, c, u, "ConferenceRemoteSounds", url.Values{
			"ConferenceAction": {"waitSound"},
			"ConferenceName":   {j.room},
		})
		if !started {
			s.record(c, WaitingForStart{Conference: j.room})
			for _, el := range sounds {
				s.record(c, promptStep(el))
			}
		}
	}
	limit, stopLimit := s.roomTimer(e.Attrs.TimeLimit)
	defer stopLimit()
	var reason Reason
	select {
	case reason = <-j.leave:
	case <-limit:
		s.mu.Lock()
		if r := s.rooms[j.room]; r != nil {
			ids := make([]string, len(r.members))
			for i, m := range r.members {
				ids[i] = m.ID
			}
			s.leaveLocked(j.room, ids, ReasonEnded)
		}
		s.mu.Unlock()
		reason = <-j.leave
	case <-ctx.Done():
		// A caller's hang-up fills j.leave before cancelling; Close does
		// not touch the rooms.
		select {
		case reason = <-j.leave:
		default:
			return nil, CauseNormalHangup
		}
	}
	s.record(c, Left{Conference: j.room, MemberID: j.id, Reason: reason})
	if reason == ReasonHungUp {
		return nil, CauseNormalHangup
	}
	if a := strings.TrimSpace(e.Attrs.Action); a != "" && s.sim.conferenceAction != nil && s.sim.conferenceAction(j.room, c.uuid) {
		return s.requestAction(ctx, c, a, e.Attrs.Method, "", url.Values{
			"ConferenceName":     {j.room},
			"ConferenceUUID":     {confUUID},
			"ConferenceMemberID": {j.id},
		}, true)
	}
	return nil, 0
}

// roomStartedLocked reports whether a member that starts the room is in
// it: a simulated member whose startConferenceOnEnter is not "false", or
// a seeded member.
func roomStartedLocked(r *room) bool {
	for _, m := range r.members {
		j := r.sims[m.ID]
		if j == nil || j.attrs.StartConferenceOnEnter != xml.False {
			return true
		}
	}
	return false
}

// roomTimer returns a channel that gets a value when a member's timeLimit
// has passed since it joined, and a function that stops the timer. With
// the automatic clock a stay in a room takes no virtual time, so the limit
// never comes; it does with the manual and real-time clocks.
func (s *Server) roomTimer(limit time.Duration) (<-chan struct{}, func()) {
	if limit <= 0 || s.clock == clockAuto {
		return nil, func() {}
	}
	if s.clock == clockReal {
		t := time.NewTimer(limit)
		ch := make(chan struct{})
		stop := make(chan struct{})
		go func() {
			select {
			case <-t.C:
				close(ch)
			case <-stop:
				t.Stop()
			}
		}()
		return ch, func() { close(stop) }
	}
	s.mu.Lock()
	w := waiter{until: s.now + limit, wake: make(chan struct{})}
	s.waiters = append(s.waiters, w)
	s.changedLocked()
	s.mu.Unlock()
	return w.wake, func() { s.dropWaiter(w) }
}

// pressInRoomLocked handles keys pressed by a member: "*" with
// hangupOnStar removes it as a kick; keys that end with one of its
// digitsMatch patterns raise a callback with ConferenceAction=digits and
// ConferenceDigitsMatch (the ancestor engine's shape; the platform's is
// undocumented). It reports whether the keys had an effect.
func (s *Server) pressInRoomLocked(c *Call, j *joined, digits string) bool {
	if j.attrs.HangupOnStar == xml.True && strings.Contains(digits, "*") {
		s.leaveLocked(j.room, []string{j.id}, ReasonKicked)
		return true
	}
	if j.attrs.DigitsMatch == "" {
		return false
	}
	c.roomDigits += digits
	for p := range strings.SplitSeq(j.attrs.DigitsMatch, ",") {
		if p = strings.TrimSpace(p); p != "" && strings.HasSuffix(c.roomDigits, p) {
			c.roomDigits = ""
			uuid := ""
			if r := s.rooms[j.room]; r != nil {
				uuid = r.uuid
			}
			s.callbackLocked(j, url.Values{
				"ConferenceAction":      {"digits"},
				"Event":                 {"ConferenceDigitsMatch"},
				"ConferenceDigitsMatch": {p},
				"ConferenceUUID":        {uuid},
				"ConferenceName":        {j.room},
				"ConferenceMemberID":    {j.id},
				"CallUUID":              {c.uuid},
			})
			return true
		}
	}
	return false
}
