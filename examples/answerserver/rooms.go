package main

import (
	"slices"
	"sync"
)

// maxRooms bounds how many room names the server remembers.
const maxRooms = 1024

// roomSet remembers the rooms this process has put callers into, for the
// rooms list: the flow's store lists the members of a named room but not
// the rooms. When full, the room seen least recently is forgotten. It is
// safe for concurrent use.
type roomSet struct {
	mu   sync.Mutex
	seen map[string]uint64 // room → sequence number of its last sighting
	seq  uint64
	max  int
}

func newRoomSet(maxLen int) *roomSet {
	return &roomSet{seen: make(map[string]uint64), max: maxLen}
}

// see records that a caller was sent into room.
func (s *roomSet) see(room string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.seq++
	if _, ok := s.seen[room]; !ok && len(s.seen) >= s.max {
		oldest, lowest := "", s.seq
		for r, n := range s.seen {
			if n < lowest {
				oldest, lowest = r, n
			}
		}
		delete(s.seen, oldest)
	}
	s.seen[room] = s.seq
}

// has reports whether room has been seen (and not forgotten).
func (s *roomSet) has(room string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, ok := s.seen[room]
	return ok
}

// list returns the rooms seen, sorted by name.
func (s *roomSet) list() []string {
	s.mu.Lock()
	rooms := make([]string, 0, len(s.seen))
	for r := range s.seen {
		rooms = append(rooms, r)
	}
	s.mu.Unlock()
	slices.Sort(rooms)
	return rooms
}
