package flow

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"text/template"

	"github.com/kickflow/kickflow/kick"
)

type targetKind uint8

const (
	targetCall targetKind = iota + 1
	targetCalls
	targetMember
	targetRoom
)

// Target says whom [Flow.Kick] kicks: make it with [Call], [Calls],
// [MemberID] or [Room]. Member IDs are always looked up in the registry
// right before the kick.
type Target struct {
	kind  targetKind
	calls []string
	room  string
	id    string
}

// Call targets one call by its call UUID, in whatever room it is.
func Call(callUUID string) Target { return Target{kind: targetCall, calls: []string{callUUID}} }

// Calls targets several calls by call UUID; they must be in the same room.
func Calls(callUUIDs ...string) Target { return Target{kind: targetCalls, calls: callUUIDs} }

// MemberID targets the call that currently holds memberID in room.
func MemberID(room, memberID string) Target {
	return Target{kind: targetMember, room: room, id: memberID}
}

// Room targets every member the registry knows in room. Members whose
// enter callback has not arrived yet are not kicked.
func Room(room string) Target { return Target{kind: targetRoom, room: room} }

// Result is the outcome of [Flow.Kick].
type Result struct {
	// Room is the room the members were kicked from.
	Room string
	// Members are the members the kick was sent for, each with its
	// continuation stored. After success they were kicked; with
	// OutcomeUnknown they may have been.
	Members []Member
	// OutcomeUnknown reports that the platform may or may not have kicked
	// the members (a 5xx, or a timeout after sending). Their continuations
	// stay stored for the continuation TTL, so a caller who was kicked
	// still hears theirs.
	OutcomeUnknown bool
	// Kick is the kick API's answer; nil unless the kick succeeded.
	Kick *kick.Result
	// TellRoom is what became of the continuation's TellRoom message; nil
	// when it had none or the kick did not succeed.
	TellRoom *TellResult
}

// Kick kicks the target with the continuation c: each kicked caller hears
// c, rendered for them, next.
//
// It checks the announcement template (see the package doc; before the
// target is looked up), resolves the target in the registry, renders every
// member's continuation (a template or document error gives an error
// matching [ErrInvalidArgument] before anything is stored or sent), stores the
// continuations under the call UUIDs and only then calls the kick API, so
// no kicked call can come back before its continuation is in place. Then:
//
//   - success: the Result lists the kicked members, and the continuation's
//     TellRoom message, if any, is sent to the members who stay (see
//     [RoomMessage]; its failure is reported in Result.TellRoom, never as
//     Kick's error);
//   - a definite failure (4xx, a request that could not be sent): the
//     stored continuations are removed and the error returned (it wraps the
//     kick package's error, so errors.Is(err, kick.ErrNotFound) works);
//   - an unknown outcome: the continuations stay, and Kick returns both a
//     Result with OutcomeUnknown set and an error matching
//     kick.ErrOutcomeUnknown. The kick is not retried: member IDs are
//     reused, a late retry could kick another call.
//
// A target the registry does not know gives an error matching
// [ErrNotFound]. Two kicks of the same call race: the continuation stored
// last is the one served.
func (f *Flow) Kick(ctx context.Context, t Target, c Continuation) (*Result, error) {
	var tmpl *template.Template
	if c.Announce != "" {
		var err error
		if tmpl, err = f.templates.get(c.Announce); err != nil {
			return nil, err
		}
	}
	tell, err := f.prepareTell(&c.TellRoom)
	if err != nil {
		return nil, err
	}
	members, err := f.resolve(ctx, t)
	if err != nil {
		return nil, err
	}
	docs := make([][]byte, len(members))
	for i, m := range members {
		if docs[i], err = f.render(&c, tmpl, m); err != nil {
			return nil, err
		}
	}
	speech, err := tell.text(&c, members)
	if err != nil {
		return nil, err
	}
	room := members[0].Room
	for i, m := range members {
		if err := f.o.store.PutContinuation(ctx, m.CallUUID, docs[i], f.o.continuationTTL); err != nil {
			err = fmt.Errorf("flow: store continuation of call %q: %w", m.CallUUID, err)
			return nil, errors.Join(err, f.unstore(ctx, members[:i], docs))
		}
	}
	ids := make([]string, len(members))
	for i, m := range members {
		ids[i] = m.MemberID
	}
	kres, kerr := f.client.Kick(ctx, room, ids...)
	res := &Result{Room: room, Members: members, Kick: kres}
	switch {
	case kerr == nil:
		f.stats.kicks.Add(1)
		f.o.logger.LogAttrs(ctx, slog.LevelInfo, "flow: kicked", slog.String("room", room), slog.Int("members", len(members)))
		if tell != nil {
			res.TellRoom = f.tellRoom(ctx, room, members, tell, speech)
		}
		f.kicked(res, nil)
		return res, nil
	case errors.Is(kerr, kick.ErrOutcomeUnknown):
		f.stats.kicksUnknown.Add(1)
		res.OutcomeUnknown = true
		err := fmt.Errorf("flow: kick in room %q: continuations kept: %w", room, kerr)
		f.o.logger.LogAttrs(ctx, slog.LevelWarn, "flow: kick outcome unknown; continuations kept",
			slog.String("room", room), slog.Int("members", len(members)), slog.String("error", kerr.Error()))
		f.kicked(res, err)
		return res, err
	default:
		f.stats.kicksFailed.Add(1)
		err := fmt.Errorf("flow: kick in room %q: %w", room, kerr)
		err = errors.Join(err, f.unstore(ctx, members, docs))
		f.o.logger.LogAttrs(ctx, slog.LevelWarn, "flow: kick failed; continuations removed",
			slog.String("room", room), slog.Int("members", len(members)), slog.String("error", kerr.Error()))
		f.kicked(nil, err)
		return nil, err
	}
}

func (f *Flow) kicked(res *Result, err error) {
	if h := f.o.hooks.Kicked; h != nil {
		h(res, err)
	}
}

// unstore removes the continuations stored for members, even when ctx has
// ended (a cancelled kick must not leave continuations behind).
func (f *Flow) unstore(ctx context.Context, members []Member, docs [][]byte) error {
	ctx = context.WithoutCancel(ctx)
	var errs []error
	for i, m := range members {
		if err := f.o.store.RemoveContinuation(ctx, m.CallUUID, docs[i]); err != nil {
			errs = append(errs, fmt.Errorf("flow: remove continuation of call %q: %w", m.CallUUID, err))
		}
	}
	return errors.Join(errs...)
}

// resolve looks the target's members up in the registry.
func (f *Flow) resolve(ctx context.Context, t Target) ([]Member, error) {
	switch t.kind {
	case targetCall, targetCalls:
		if len(t.calls) == 0 {
			return nil, invalid("no call UUIDs")
		}
		members := make([]Member, 0, len(t.calls))
		seen := make(map[string]bool, len(t.calls))
		for _, id := range t.calls {
			if id == "" {
				return nil, invalid("empty call UUID")
			}
			if seen[id] {
				return nil, invalid("call %q given twice", id)
			}
			seen[id] = true
			m, ok, err := f.o.store.Member(ctx, id)
			if err != nil {
				return nil, fmt.Errorf("flow: look up call %q: %w", id, err)
			}
			if !ok {
				return nil, fmt.Errorf("%w: call %q is in no room", ErrNotFound, id)
			}
			if len(members) > 0 && m.Room != members[0].Room {
				return nil, invalid("calls in rooms %q and %q; kick one room at a time", members[0].Room, m.Room)
			}
			members = append(members, m)
		}
		return members, nil
	case targetMember, targetRoom:
		if t.room == "" {
			return nil, invalid("empty room name")
		}
		if t.kind == targetMember && t.id == "" {
			return nil, invalid("empty member ID")
		}
		all, err := f.o.store.Members(ctx, t.room)
		if err != nil {
			return nil, fmt.Errorf("flow: members of room %q: %w", t.room, err)
		}
		if t.kind == targetRoom {
			if len(all) == 0 {
				return nil, fmt.Errorf("%w: room %q has no known members", ErrNotFound, t.room)
			}
			return all, nil
		}
		for _, m := range all {
			if m.MemberID == t.id {
				return []Member{m}, nil
			}
		}
		return nil, fmt.Errorf("%w: member %q is not in room %q", ErrNotFound, t.id, t.room)
	}
	return nil, invalid("empty target")
}
