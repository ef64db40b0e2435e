package kicktest

import (
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/kickflow/kickflow/xml"
)

// Member is a participant of a conference room.
type Member struct {
	// ID is the conference member ID, as the platform sends it in the
	// ConferenceMemberID of an enter callback (for example "10").
	ID string
	// CallUUID identifies the call leg; unlike the member ID, it is never
	// reused when a caller rejoins.
	CallUUID string
	// Muted is set while the REST API has the member muted: the others do
	// not hear it.
	Muted bool
	// Deaf is set while the REST API has the member deaf: it does not hear
	// the others.
	Deaf bool
}

// String returns the member as {ID CallUUID}, with " muted" and " deaf"
// added when set, for example "{11 call-b muted}".
func (m Member) String() string {
	out := "{" + m.ID + " " + m.CallUUID
	if m.Muted {
		out += " muted"
	}
	if m.Deaf {
		out += " deaf"
	}
	return out + "}"
}

// Action is what happened to a member through the API.
type Action int

// Actions reported in an [Event].
const (
	// Kicked: the member was removed and the call goes on with the XML after
	// its <Conference>.
	Kicked Action = iota + 1
	// HungUp: the member's call was ended.
	HungUp
)

// String returns "kicked" or "hung up".
func (a Action) String() string {
	switch a {
	case Kicked:
		return "kicked"
	case HungUp:
		return "hung up"
	}
	return fmt.Sprintf("Action(%d)", int(a))
}

// Event tells a hook that the API removed a member from a room.
type Event struct {
	// Action is what the API did to the member.
	Action Action
	// Conference is the room's name.
	Conference string
	// Member is the member as it was in the room.
	Member Member
}

// room holds the members of one conference, in the order they joined. A
// room exists while it has members, as on the platform.
type room struct {
	members  []Member
	uuid     string               // the ConferenceUUID of this session of the room
	hadTwo   bool                 // the room has held two members or more
	sims     map[string]*joined   // the members that are simulated calls, by member ID
	created  time.Time            // when the room was made, in real time
	joinedAt map[string]time.Time // when each member joined, by member ID, in real time
}

func newRoom() *room {
	return &room{uuid: newUUID(), sims: make(map[string]*joined), created: time.Now(),
		joinedAt: make(map[string]time.Time)}
}

func (r *room) index(id string) int {
	return slices.IndexFunc(r.members, func(m Member) bool { return m.ID == id })
}

// joined is a simulated call's membership of a room.
type joined struct {
	call  *Call
	room  string
	id    string
	attrs xml.ConferenceAttrs
	leave chan Reason // gets the reason once, when the member is removed

	// Guarded by Server.mu.
	entered bool   // the Joined step is in the transcript
	heard   []Step // REST audio heard before the Joined step was recorded
}

// AddMember puts m into the conference room, creating the room if needed,
// as if the call had joined; m.Muted and m.Deaf set its initial state. It
// panics if conference or m.ID is empty, if
// m.ID holds "," or "/" or is "all", or if a member with that ID is already
// in the room.
func (s *Server) AddMember(conference string, m Member) {
	if conference == "" {
		panic("kicktest: AddMember: empty conference name")
	}
	if m.ID == "" || strings.ContainsAny(m.ID, ",/") || m.ID == "all" {
		panic(fmt.Sprintf("kicktest: AddMember: invalid member ID %q", m.ID))
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.rooms[conference]
	if r == nil {
		r = newRoom()
		s.rooms[conference] = r
	}
	if r.index(m.ID) >= 0 {
		panic(fmt.Sprintf("kicktest: AddMember: member %q already in conference %q", m.ID, conference))
	}
	r.members = append(r.members, m)
	r.joinedAt[m.ID] = time.Now()
	r.hadTwo = r.hadTwo || len(r.members) >= 2
	s.changedLocked()
}

// RemoveMember takes the member with the given ID out of the room, as if
// the caller had left on their own, and reports whether it was there. No
// hook is called. The room disappears with its last member. A member that
// is a simulated call leaves as with [Call.HangUp].
func (s *Server) RemoveMember(conference, memberID string) bool {
	s.mu.Lock()
	j := s.simLocked(conference, memberID)
	s.mu.Unlock()
	if j != nil {
		j.call.HangUp()
		return true
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.rooms[conference] == nil {
		return false
	}
	return len(s.leaveLocked(conference, []string{memberID}, ReasonHungUp)) > 0
}

// simLocked returns the simulated member with the ID, or nil.
func (s *Server) simLocked(conference, memberID string) *joined {
	if r := s.rooms[conference]; r != nil {
		return r.sims[memberID]
	}
	return nil
}

// Members returns the members of the room in the order they joined; nil if
// the room does not exist.
func (s *Server) Members(conference string) []Member {
	s.mu.Lock()
	defer s.mu.Unlock()
	if r := s.rooms[conference]; r != nil {
		return slices.Clone(r.members)
	}
	return nil
}

// Conferences returns the names of the rooms that have members, sorted.
func (s *Server) Conferences() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	names := make([]string, 0, len(s.rooms))
	for name := range s.rooms {
		names = append(names, name)
	}
	slices.Sort(names)
	return names
}

// remove takes the members selected by the REST API out of the room and
// returns them; simulated calls among them leave for reason. ids is either
// ["all"] or member IDs; IDs not in the room are skipped. The second result
// is false when the room does not exist.
func (s *Server) remove(conference string, ids []string, reason Reason) ([]Member, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.rooms[conference]
	if r == nil {
		return nil, false
	}
	if len(ids) == 1 && ids[0] == "all" {
		ids = make([]string, len(r.members))
		for i, m := range r.members {
			ids[i] = m.ID
		}
	}
	return s.leaveLocked(conference, ids, reason), true
}

// join puts the call into the room of e, creating the room if needed. It
// returns nil and true if the room is full, and nil and false if the call
// has ended or the server is closed.
func (s *Server) join(c *Call, e *xml.Conference) (*joined, bool) {
	name := strings.TrimSpace(e.Room)
	s.mu.Lock()
	defer s.mu.Unlock()
	if c.hungUp || s.closed {
		return nil, false
	}
	r := s.rooms[name]
	if r != nil && len(r.members) >= s.memberCap() { // not maxParticipants: see conference.go
		return nil, true
	}
	if r == nil {
		r = newRoom()
		s.rooms[name] = r
	}
	j := &joined{call: c, room: name, id: s.memberIDLocked(name, r, c.uuid), attrs: e.Attrs, leave: make(chan Reason, 1)}
	r.members = append(r.members, Member{ID: j.id, CallUUID: c.uuid, Muted: e.Attrs.Muted == xml.True})
	r.joinedAt[j.id] = time.Now()
	r.sims[j.id] = j
	r.hadTwo = r.hadTwo || len(r.members) >= 2
	c.member = j
	s.callbackLocked(j, url.Values{
		"ConferenceAction":      {"enter"},
		"Event":                 {string(xml.EventConferenceEnter)},
		"ConferenceUUID":        {r.uuid},
		"ConferenceName":        {name},
		"ConferenceMemberID":    {j.id},
		"ConferenceFirstMember": {strconv.FormatBool(len(r.members) == 1)},
		"CallUUID":              {c.uuid},
		"From":                  {c.from},
		"To":                    {c.to},
		"Direction":             {string(xml.Inbound)},
		"CallStatus":            {string(xml.StatusInProgress)},
	})
	s.changedLocked()
	return j, false
}

// memberIDLocked returns the member ID for the call in the room: the one
// it had before in a room of that name if it is free, else the next unused
// number.
func (s *Server) memberIDLocked(conference string, r *room, callUUID string) string {
	ids := s.memberIDs[conference]
	if ids == nil {
		ids = make(map[string]string)
		s.memberIDs[conference] = ids
	}
	if id, ok := ids[callUUID]; ok && r.index(id) < 0 {
		return id
	}
	for {
		s.memberSeq[conference]++
		id := strconv.Itoa(s.memberSeq[conference])
		if r.index(id) < 0 {
			ids[callUUID] = id
			return id
		}
	}
}

// leaveLocked takes the members with the given IDs out of the room and
// returns those that were there. Simulated calls among them are told the
// reason and their exit callbacks queued. Then the room's rules apply: if
// one of them had joined with endConferenceOnExit="true", every other
// simulated member leaves with ReasonEnded; else a simulated member left
// alone in a room that had held two leaves with ReasonAlone unless it
// joined with stayAlone="true". Seeded members are never removed by these
// rules. The room is deleted once empty.
func (s *Server) leaveLocked(conference string, ids []string, reason Reason) []Member {
	r := s.rooms[conference]
	if r == nil {
		return nil
	}
	var gone []Member
	endAll := false
	for _, id := range ids {
		i := r.index(id)
		if i < 0 {
			continue
		}
		gone = append(gone, r.members[i])
		if j := s.dropLocked(conference, r, i, reason); j != nil && j.attrs.EndConferenceOnExit == xml.True {
			endAll = true
		}
	}
	if endAll {
		for i := 0; i < len(r.members); {
			if r.sims[r.members[i].ID] != nil {
				s.dropLocked(conference, r, i, ReasonEnded)
				continue
			}
			i++
		}
	} else if len(gone) > 0 && len(r.members) == 1 && r.hadTwo {
		if j := r.sims[r.members[0].ID]; j != nil && j.attrs.StayAlone != xml.True {
			s.dropLocked(conference, r, 0, ReasonAlone)
		}
	}
	if len(r.members) == 0 {
		delete(s.rooms, conference)
		s.stopRecordingsLocked(conference)
	}
	s.changedLocked()
	return gone
}

// dropLocked removes the member at index i; if it is a simulated call, it
// tells the call why, queues the exit callback and returns the membership.
func (s *Server) dropLocked(conference string, r *room, i int, reason Reason) *joined {
	m := r.members[i]
	r.members = slices.Delete(r.members, i, i+1)
	delete(r.joinedAt, m.ID)
	j := r.sims[m.ID]
	if j == nil {
		return nil
	}
	delete(r.sims, m.ID)
	j.call.member = nil
	j.leave <- reason
	s.callbackLocked(j, url.Values{
		"ConferenceAction":     {"exit"},
		"Event":                {string(xml.EventConferenceExit)},
		"ConferenceUUID":       {r.uuid},
		"ConferenceName":       {conference},
		"ConferenceMemberID":   {m.ID},
		"ConferenceLastMember": {strconv.FormatBool(len(r.members) == 0)},
		"CallUUID":             {m.CallUUID},
	})
	return j
}
