package main

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/kickflow/kickflow/flow"
)

// maxRooms bounds how many rooms GET /rooms lists (one store call each).
const maxRooms = 1024

// The room index: flow's Store lists the members of a named room but not
// the rooms, so roomIndex keeps the list of rooms in the registry itself,
// as members of a room no conference can have. An index entry is written
// beside every member the registry records, that is for every enter
// callback whose signature the flow verified, never for an answer request.
// Being in the store, the list is the same on every instance that shares
// it (Redis), and it expires like the members do: an entry lives one
// member TTL after the room's last enter.
const (
	// indexRoom is the registry room holding the index: "." is a name the
	// kick API refuses and checkRoom rejects, so no caller is ever in it.
	indexRoom = "."
	// indexCall starts the call UUID of a room's index entry; the slash
	// keeps it apart from the platform's UUIDs.
	indexCall = "answerserver/room/"
)

// roomIndex is the flow's Store, also recording in it the room of every
// member entered.
type roomIndex struct {
	flow.Store
}

// Enter records m, then the index entry of m's room for as long.
func (s roomIndex) Enter(ctx context.Context, m flow.Member, ttl time.Duration) error {
	if err := s.Store.Enter(ctx, m, ttl); err != nil {
		return err
	}
	return s.index(ctx, m, ttl)
}

// index records the index entry of m's room for ttl.
func (s roomIndex) index(ctx context.Context, m flow.Member, ttl time.Duration) error {
	if m.Room == indexRoom {
		return nil
	}
	joined := m.JoinedAt
	if joined.IsZero() {
		joined = time.Now()
	}
	entry := flow.Member{CallUUID: indexCall + m.Room, Room: indexRoom, MemberID: m.Room, JoinedAt: joined}
	if err := s.Store.Enter(ctx, entry, ttl); err != nil {
		return fmt.Errorf("answerserver: room index: %w", err)
	}
	return nil
}

// flowStore returns the store to give the flow: s, or, when s's store is
// a flow.Guard, a guardedIndex, so that the flow keeps its replay rules in
// the store.
func (s roomIndex) flowStore() flow.Store {
	if g, ok := s.Store.(flow.Guard); ok {
		return guardedIndex{s, g}
	}
	return s
}

// guardedIndex is a roomIndex whose store is a flow.Guard.
type guardedIndex struct {
	roomIndex
	guard flow.Guard
}

var _ flow.Guard = guardedIndex{}

// EnterOnce implements flow.Guard: the index entry is written after a
// fresh enter.
func (s guardedIndex) EnterOnce(ctx context.Context, m flow.Member, exit bool, seen flow.Seen, ttl time.Duration) (flow.Verdict, error) {
	v, err := s.guard.EnterOnce(ctx, m, exit, seen, ttl)
	if err != nil || v != flow.Fresh || exit {
		return v, err
	}
	return v, s.index(ctx, m, ttl)
}

// TakeOnce implements flow.Guard.
func (s guardedIndex) TakeOnce(ctx context.Context, callUUID string, seen flow.Seen) ([]byte, bool, flow.Verdict, error) {
	return s.guard.TakeOnce(ctx, callUUID, seen)
}

// Bound implements flow.Guard.
func (s guardedIndex) Bound(ctx context.Context, join string) (flow.Binding, bool, error) {
	return s.guard.Bound(ctx, join)
}

// rooms returns the indexed rooms, sorted by name, at most maxRooms.
func (s roomIndex) rooms(ctx context.Context) ([]string, error) {
	entries, err := s.Store.Members(ctx, indexRoom)
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
func (s roomIndex) has(ctx context.Context, room string) (bool, error) {
	e, ok, err := s.Store.Member(ctx, indexCall+room)
	if err != nil {
		return false, fmt.Errorf("answerserver: room index: %w", err)
	}
	return ok && e.Room == indexRoom && e.MemberID == room, nil
}
