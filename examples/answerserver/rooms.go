package main

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/kickflow/kickflow/flow"
	"github.com/kickflow/kickflow/internal/httpstat"
)

// maxRooms bounds how many rooms GET /rooms lists (one store call each).
const maxRooms = 1024

// The room index: flow's Store lists the members of a named room but not
// the rooms, so roomIndex keeps the list of rooms in the store itself, as
// members of a room no conference can have. An entry is written after the
// flow has accepted an enter callback (indexRooms), that is one whose
// signature it verified, never for an answer request. Being in the store,
// the list is the same on every instance that shares it (Redis), and it
// expires like the members do: an entry lives one member TTL after the
// room's last enter.
//
// The index uses the store through its Store methods only and does not
// wrap it: the flow looks for optional interfaces on the store it is
// given, which a wrapper would hide.
const (
	// indexRoom is the registry room holding the index: "." is a name the
	// kick API refuses and checkRoom rejects, so no caller is ever in it.
	indexRoom = "."
	// indexCall starts the call UUID of a room's index entry; the slash
	// keeps it apart from the platform's UUIDs.
	indexCall = "answerserver/room/"
)

// roomIndex is the list of rooms, kept in the flow's store.
type roomIndex struct {
	store flow.Store
	ttl   time.Duration // how long an entry lives: the flow's member TTL
}

// record adds room to the index, or renews its entry.
func (x roomIndex) record(ctx context.Context, room string) error {
	entry := flow.Member{CallUUID: indexCall + room, Room: indexRoom, MemberID: room, JoinedAt: time.Now()}
	if err := x.store.Enter(ctx, entry, x.ttl); err != nil {
		return fmt.Errorf("answerserver: room index: %w", err)
	}
	return nil
}

// rooms returns the indexed rooms, sorted by name, at most maxRooms.
func (x roomIndex) rooms(ctx context.Context) ([]string, error) {
	entries, err := x.store.Members(ctx, indexRoom)
	if err != nil {
		return nil, fmt.Errorf("answerserver: room index: %w", err)
	}
	rooms := make([]string, 0, len(entries))
	for _, e := range entries {
		if room, ok := strings.CutPrefix(e.CallUUID, indexCall); ok && room == e.MemberID {
			rooms = append(rooms, room)
		}
	}
	slices.Sort(rooms)
	return rooms[:min(len(rooms), maxRooms)], nil
}

// has reports whether room is in the index.
func (x roomIndex) has(ctx context.Context, room string) (bool, error) {
	e, ok, err := x.store.Member(ctx, indexCall+room)
	if err != nil {
		return false, fmt.Errorf("answerserver: room index: %w", err)
	}
	return ok && e.Room == indexRoom && e.MemberID == room, nil
}

// indexRooms wraps the flow's handler: once the flow has accepted an enter
// callback (a 2xx answer: the flow checks the signature and records the
// member first), the callback's room goes into the index. A failure to
// index is logged; the room is indexed again at its next enter.
func (s *server) indexRooms(next http.Handler) http.Handler {
	events := vobizPrefix + flow.EventsPath
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := &httpstat.Recorder{ResponseWriter: w}
		next.ServeHTTP(rec, r)
		if r.URL.Path != events || rec.Status() < 200 || rec.Status() > 299 || r.Form == nil ||
			r.Form.Get("ConferenceAction") != "enter" {
			return
		}
		room := r.Form.Get("ConferenceName")
		if room == "" || room == indexRoom {
			return
		}
		if err := s.rooms.record(r.Context(), room); err != nil {
			s.log.ErrorContext(r.Context(), "answerserver: room not listed", "room", room, "error", err)
		}
	})
}
