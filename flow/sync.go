package flow

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/kickflow/kickflow/kick"
)

// SyncResult is what [Flow.Sync] changed in the registry.
type SyncResult struct {
	// Room is the room reconciled.
	Room string
	// Added are the members the platform listed whose enter callback had
	// not arrived; they were recorded with Reconciled set.
	Added []Member
	// Dropped are the members the registry had that the platform no
	// longer listed; their records were removed as an exit callback
	// removes them.
	Dropped []Member
	// Unavailable reports that the platform answered without a member
	// list (the 200 {"error":"failed"} the live platform has given for
	// live rooms): the registry was left untouched.
	Unavailable bool
	// Conference is the platform's answer; nil when it had none, and an
	// empty conference when the platform said the room does not exist.
	Conference *kick.Conference
}

// Sync reconciles the registry's members of room with the platform's
// list, read with [kick.Client.Conference]:
//
//   - a member the platform lists whose enter callback never arrived (lost
//     to a store outage, say) is recorded with [Member].Reconciled set, so
//     it can be kicked, muted and so on; the next verified enter callback
//     of that call replaces the record, and an exit callback of that call's
//     member ID in the room, received by this Flow, removes it (received
//     by another instance sharing the store, the record stays until the
//     next Sync drops it or it expires with the member TTL);
//   - a member the registry has and the platform does not list is dropped,
//     as if its exit callback had arrived; a room the platform does not
//     know (404, [kick.ErrNotFound]) drops every member;
//   - a record whose JoinedAt is not before the moment the platform was
//     asked is never dropped or replaced: the snapshot may predate that
//     join.
//
// When the platform answers without a list ([kick.ErrUnavailable]), the
// registry is left untouched; Sync returns a SyncResult with Unavailable
// set and an error matching kick.ErrUnavailable. Other failures of the
// read return its error (wrapped) and change nothing.
//
// The live platform, as observed, answered 200 {"error":"failed"} to
// reads of rooms that were live, so on it Sync may find nothing to read
// at all; the conference callbacks stay the registry's source of truth,
// and Sync is a best-effort repair where the platform answers.
//
// To run it periodically, loop over the rooms your app joins callers to
// (the names it passes to [Flow.Join]; the Store keeps no list of rooms)
// on a ticker, one room at a time:
//
//	t := time.NewTicker(time.Minute)
//	defer t.Stop()
//	for {
//		select {
//		case <-ctx.Done():
//			return
//		case <-t.C:
//		}
//		for _, room := range rooms() {
//			if _, err := f.Sync(ctx, room); err != nil {
//				log.Printf("sync %s: %v", room, err)
//			}
//		}
//	}
//
// Every read is a request to the platform: keep the period in minutes
// rather than seconds when there are many rooms. A member who leaves while
// Sync runs may be added from the snapshot and is dropped by the next run
// (a kick of it meanwhile fails with kick.ErrNotFound and keeps nothing).
func (f *Flow) Sync(ctx context.Context, room string) (*SyncResult, error) {
	if room == "" {
		return nil, invalid("empty room name")
	}
	res := &SyncResult{Room: room}
	asked := f.o.now()
	conf, err := f.client.Conference(ctx, room)
	switch {
	case err == nil:
	case errors.Is(err, kick.ErrUnavailable):
		res.Unavailable = true
		f.o.logger.LogAttrs(ctx, slog.LevelWarn, "flow: sync: the platform gave no member list; registry left as it was",
			slog.String("room", room), slog.String("error", err.Error()))
		return res, fmt.Errorf("flow: sync room %q: registry left as it was: %w", room, err)
	case errors.Is(err, kick.ErrNotFound) && !errors.Is(err, kick.ErrRouteNotFound):
		conf = &kick.Conference{Name: room}
	default:
		return nil, fmt.Errorf("flow: sync room %q: %w", room, err)
	}
	res.Conference = conf
	known, err := f.o.store.Members(ctx, room)
	if err != nil {
		return nil, fmt.Errorf("flow: sync room %q: members: %w", room, err)
	}
	byCall := make(map[string]Member, len(known))
	byID := make(map[string]Member, len(known))
	for _, m := range known {
		byCall[m.CallUUID] = m
		byID[m.MemberID] = m
	}
	listed := make(map[string]bool, len(conf.Members))
	for _, pm := range conf.Members {
		if pm.CallUUID == "" || pm.MemberID == "" {
			continue
		}
		listed[pm.CallUUID] = true
		if m, ok := byCall[pm.CallUUID]; ok && m.MemberID == pm.MemberID {
			continue
		}
		if h, ok := byID[pm.MemberID]; ok && !h.JoinedAt.Before(asked) {
			continue // the ID was given to a newer join after the snapshot
		}
		m, added, err := f.addReconciled(ctx, room, pm, asked)
		if err != nil {
			return res, err
		}
		if added {
			res.Added = append(res.Added, m)
		}
	}
	for _, m := range known {
		if listed[m.CallUUID] || !m.JoinedAt.Before(asked) {
			continue
		}
		if err := f.o.store.Exit(ctx, m, f.o.memberTTL); err != nil {
			return res, fmt.Errorf("flow: sync room %q: drop call %q: %w", room, m.CallUUID, err)
		}
		res.Dropped = append(res.Dropped, m)
	}
	f.o.logger.LogAttrs(ctx, slog.LevelInfo, "flow: synced", slog.String("room", room),
		slog.Int("added", len(res.Added)), slog.Int("dropped", len(res.Dropped)))
	return res, nil
}

// addReconciled records the platform's member pm of room unless the call
// has a record newer than the snapshot taken at asked, and reports whether
// the record is in place (an exit of the same member ID already recorded
// keeps it out).
func (f *Flow) addReconciled(ctx context.Context, room string, pm kick.ConferenceMember, asked time.Time) (Member, bool, error) {
	cur, ok, err := f.o.store.Member(ctx, pm.CallUUID)
	if err != nil {
		return Member{}, false, fmt.Errorf("flow: sync room %q: look up call %q: %w", room, pm.CallUUID, err)
	}
	if ok && !cur.JoinedAt.Before(asked) {
		return Member{}, false, nil
	}
	m := Member{
		CallUUID: pm.CallUUID, Room: room, MemberID: pm.MemberID,
		From: pm.From, To: pm.To, CallerName: pm.CallerName,
		JoinedAt:   asked.Add(-pm.JoinedFor),
		Reconciled: true,
	}
	f.reconciled.add(pm.CallUUID) // before the record exists, so no exit misses it
	if err := f.o.store.Enter(ctx, m, f.o.memberTTL); err != nil {
		return Member{}, false, fmt.Errorf("flow: sync room %q: add call %q: %w", room, pm.CallUUID, err)
	}
	got, ok, err := f.o.store.Member(ctx, pm.CallUUID)
	if err != nil {
		return Member{}, false, fmt.Errorf("flow: sync room %q: look up call %q: %w", room, pm.CallUUID, err)
	}
	return got, ok && got.Reconciled && got.Room == room && got.MemberID == pm.MemberID, nil
}

// exitReconciled applies the exit callback of m to a record [Flow.Sync]
// added for the same call, room and member ID, which has no join token:
// one more Exit, without the token, made only for calls this Flow
// reconciled, so that exit callbacks keep their one store round trip
// otherwise. Recording that exit also keeps a later Sync from adding that
// member back from a stale snapshot.
func (f *Flow) exitReconciled(ctx context.Context, m Member) error {
	if m.Join == "" || !f.reconciled.take(m.CallUUID) {
		return nil
	}
	m.Join = ""
	return f.o.store.Exit(ctx, m, f.o.memberTTL)
}

// maxReconciled bounds the calls a Flow remembers having reconciled.
const maxReconciled = 10000

// reconciledSet holds the call UUIDs of the records this Flow's Sync
// added, for exitReconciled. It is per process: a reconciled record whose
// exit callback reaches another instance (or arrives after maxReconciled
// others were added) stays until the next Sync drops it or it expires
// with the member TTL.
type reconciledSet struct {
	mu    sync.Mutex
	calls map[string]struct{}
}

func (r *reconciledSet) add(callUUID string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.calls == nil {
		r.calls = make(map[string]struct{})
	}
	if len(r.calls) < maxReconciled {
		r.calls[callUUID] = struct{}{}
	}
}

// take removes callUUID and reports whether it was there.
func (r *reconciledSet) take(callUUID string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	_, ok := r.calls[callUUID]
	delete(r.calls, callUUID)
	return ok
}
