package kicktest

import (
	"fmt"
	"slices"
	"strings"
)

// Member is a participant of a conference room.
type Member struct {
	// ID is the conference member ID, as the platform sends it in the
	// ConferenceMemberID of an enter callback (for example "10").
	ID string
	// CallUUID identifies the call leg; unlike the member ID, it is never
	// reused when a caller rejoins.
	CallUUID string
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
	members []Member
}

func (r *room) index(id string) int {
	return slices.IndexFunc(r.members, func(m Member) bool { return m.ID == id })
}

// AddMember puts m into the conference room, creating the room if needed,
// as if the call had joined. It panics if conference or m.ID is empty, if
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
		r = &room{}
		s.rooms[conference] = r
	}
	if r.index(m.ID) >= 0 {
		panic(fmt.Sprintf("kicktest: AddMember: member %q already in conference %q", m.ID, conference))
	}
	r.members = append(r.members, m)
}

// RemoveMember takes the member with the given ID out of the room, as if
// the caller had left on their own, and reports whether it was there. No
// hook is called. The room disappears with its last member.
func (s *Server) RemoveMember(conference, memberID string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.rooms[conference]
	if r == nil {
		return false
	}
	i := r.index(memberID)
	if i < 0 {
		return false
	}
	r.members = slices.Delete(r.members, i, i+1)
	if len(r.members) == 0 {
		delete(s.rooms, conference)
	}
	return true
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

// remove takes the selected members out of the room and returns them. ids
// is either ["all"] or member IDs; IDs not in the room are skipped. The
// second result is false when the room does not exist.
func (s *Server) remove(conference string, ids []string) ([]Member, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.rooms[conference]
	if r == nil {
		return nil, false
	}
	var gone []Member
	if len(ids) == 1 && ids[0] == "all" {
		gone, r.members = r.members, nil
	} else {
		for _, id := range ids {
			if i := r.index(id); i >= 0 {
				gone = append(gone, r.members[i])
				r.members = slices.Delete(r.members, i, i+1)
			}
		}
	}
	if len(r.members) == 0 {
		delete(s.rooms, conference)
	}
	return gone, true
}
