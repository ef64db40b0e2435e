package flow

import (
	"bytes"
	"context"
	"slices"
	"strings"
	"sync"
	"time"
)

// sweepEvery is how many writes a MemoryStore makes between two sweeps of
// its expired entries.
const sweepEvery = 1024

// MemoryStore is a [Store] kept in the process's memory. Entries expire
// after their TTL. The zero value is ready to use; a MemoryStore must not
// be copied after first use. It is safe for concurrent use by multiple
// goroutines, but it is not shared between processes: app servers that run
// as several instances need a shared store such as flow/redisstore.
type MemoryStore struct {
	mu     sync.Mutex
	now    func() time.Time // nil means time.Now
	conts  map[string]*continuationEntry
	calls  map[string]memberEntry
	rooms  map[string]map[string]string // room → member ID → call UUID
	exits  map[joinKey]time.Time
	writes int

	// The replay protection of [Guard]; see memory_guard.go.
	nonces    map[nonceKey]guardRec
	joins     map[string]*joinRec
	contSteps map[contStepKey]guardRec
}

var _ Store = (*MemoryStore)(nil)

type continuationEntry struct {
	pending    []byte
	pendingEnd time.Time
	prev       []byte // the pending one that pending replaced
	prevEnd    time.Time
	taken      []byte
	takenEnd   time.Time
}

type memberEntry struct {
	m   Member
	end time.Time
}

type joinKey struct {
	callUUID, room, memberID, join string
}

func keyOf(m Member) joinKey { return joinKey{m.CallUUID, m.Room, m.MemberID, m.Join} }

func (s *MemoryStore) clock() time.Time {
	if s.now != nil {
		return s.now()
	}
	return time.Now()
}

// lock locks s, makes its maps on first use and returns the current time.
func (s *MemoryStore) lock() time.Time {
	s.mu.Lock()
	if s.conts == nil {
		s.conts = make(map[string]*continuationEntry)
		s.calls = make(map[string]memberEntry)
		s.rooms = make(map[string]map[string]string)
		s.exits = make(map[joinKey]time.Time)
	}
	return s.clock()
}

// wrote counts a write and sweeps expired entries now and then, so that
// entries nobody reads again do not pile up.
func (s *MemoryStore) wrote(now time.Time) {
	s.writes++
	if s.writes%sweepEvery != 0 {
		return
	}
	for id, c := range s.conts {
		if !now.Before(c.pendingEnd) && !now.Before(c.takenEnd) {
			delete(s.conts, id)
		}
	}
	for _, e := range s.calls {
		if !now.Before(e.end) {
			s.unlink(e.m)
		}
	}
	for k, end := range s.exits {
		if !now.Before(end) {
			delete(s.exits, k)
		}
	}
	s.sweepGuard(now)
}

// PutContinuation implements [Store].
func (s *MemoryStore) PutContinuation(ctx context.Context, callUUID string, doc []byte, ttl time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	now := s.lock()
	defer s.mu.Unlock()
	c := s.conts[callUUID]
	if c == nil {
		c = &continuationEntry{}
		s.conts[callUUID] = c
	}
	c.prev, c.prevEnd = nil, time.Time{}
	if c.pending != nil && now.Before(c.pendingEnd) {
		c.prev, c.prevEnd = c.pending, c.pendingEnd
	}
	c.pending, c.pendingEnd = slices.Clone(doc), now.Add(ttl)
	s.wrote(now)
	return nil
}

// RemoveContinuation implements [Store].
func (s *MemoryStore) RemoveContinuation(ctx context.Context, callUUID string, doc []byte) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	now := s.lock()
	defer s.mu.Unlock()
	c := s.conts[callUUID]
	switch {
	case c == nil:
		return nil
	case c.pending != nil && bytes.Equal(c.pending, doc):
		c.pending, c.pendingEnd = c.prev, c.prevEnd
		c.prev, c.prevEnd = nil, time.Time{}
	case c.prev != nil && bytes.Equal(c.prev, doc):
		c.prev, c.prevEnd = nil, time.Time{}
	}
	if c.pending == nil && !now.Before(c.takenEnd) {
		delete(s.conts, callUUID)
	}
	return nil
}

// TakeContinuation implements [Store].
func (s *MemoryStore) TakeContinuation(ctx context.Context, callUUID string, grace time.Duration) ([]byte, bool, error) {
	if err := ctx.Err(); err != nil {
		return nil, false, err
	}
	now := s.lock()
	defer s.mu.Unlock()
	doc, ok := s.takeLocked(callUUID, grace, now)
	return slices.Clone(doc), ok, nil
}

// takeLocked is TakeContinuation with s.mu held; the document returned is
// the store's own.
func (s *MemoryStore) takeLocked(callUUID string, grace time.Duration, now time.Time) ([]byte, bool) {
	c := s.conts[callUUID]
	if c == nil {
		return nil, false
	}
	if c.pending != nil && now.Before(c.pendingEnd) {
		doc := c.pending
		c.taken, c.takenEnd = doc, now.Add(grace)
		c.pending, c.pendingEnd = nil, time.Time{}
		c.prev, c.prevEnd = nil, time.Time{}
		s.wrote(now)
		return doc, true
	}
	if c.taken != nil && now.Before(c.takenEnd) {
		return c.taken, true
	}
	delete(s.conts, callUUID)
	return nil, false
}

// Enter implements [Store].
func (s *MemoryStore) Enter(ctx context.Context, m Member, ttl time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	now := s.lock()
	defer s.mu.Unlock()
	s.enterLocked(m, ttl, now)
	return nil
}

// enterLocked is Enter with s.mu held.
func (s *MemoryStore) enterLocked(m Member, ttl time.Duration, now time.Time) {
	if end, ok := s.exits[keyOf(m)]; ok && now.Before(end) {
		return
	}
	if old, ok := s.calls[m.CallUUID]; ok {
		s.unlink(old.m)
	}
	if other, ok := s.rooms[m.Room][m.MemberID]; ok {
		s.unlink(s.calls[other].m)
	}
	s.calls[m.CallUUID] = memberEntry{m: m, end: now.Add(ttl)}
	room := s.rooms[m.Room]
	if room == nil {
		room = make(map[string]string)
		s.rooms[m.Room] = room
	}
	room[m.MemberID] = m.CallUUID
	s.wrote(now)
}

// Exit implements [Store].
func (s *MemoryStore) Exit(ctx context.Context, m Member, ttl time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	now := s.lock()
	defer s.mu.Unlock()
	s.exitLocked(m, ttl, now)
	return nil
}

// exitLocked is Exit with s.mu held.
func (s *MemoryStore) exitLocked(m Member, ttl time.Duration, now time.Time) {
	s.exits[keyOf(m)] = now.Add(ttl)
	if m.Join != "" {
		bare := m
		bare.Join = ""
		s.exits[keyOf(bare)] = now.Add(ttl)
	}
	if e, ok := s.calls[m.CallUUID]; ok && exits(e.m, m) {
		s.unlink(e.m)
	}
	s.wrote(now)
}

// exits reports whether the exit of the join x removes the record r: r is
// that join, or r has no join token (a record [Flow.Sync] added, or one of
// a document not made by [Flow.Join]) and the same call, room and member
// ID.
func exits(r, x Member) bool {
	return keyOf(r) == keyOf(x) ||
		r.Join == "" && r.CallUUID == x.CallUUID && r.Room == x.Room && r.MemberID == x.MemberID
}

// unlink removes the record m from s.calls and from its room.
func (s *MemoryStore) unlink(m Member) {
	delete(s.calls, m.CallUUID)
	if r := s.rooms[m.Room]; r != nil && r[m.MemberID] == m.CallUUID {
		delete(r, m.MemberID)
		if len(r) == 0 {
			delete(s.rooms, m.Room)
		}
	}
}

// Members implements [Store].
func (s *MemoryStore) Members(ctx context.Context, room string) ([]Member, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	now := s.lock()
	defer s.mu.Unlock()
	var out []Member
	for _, id := range s.rooms[room] {
		if e := s.calls[id]; now.Before(e.end) {
			out = append(out, e.m)
		}
	}
	slices.SortFunc(out, func(a, b Member) int {
		if c := a.JoinedAt.Compare(b.JoinedAt); c != 0 {
			return c
		}
		return strings.Compare(a.CallUUID, b.CallUUID)
	})
	return out, nil
}

// Member implements [Store].
func (s *MemoryStore) Member(ctx context.Context, callUUID string) (Member, bool, error) {
	if err := ctx.Err(); err != nil {
		return Member{}, false, err
	}
	now := s.lock()
	defer s.mu.Unlock()
	e, ok := s.calls[callUUID]
	if !ok || !now.Before(e.end) {
		return Member{}, false, nil
	}
	return e.m, true, nil
}
