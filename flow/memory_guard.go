package flow

import (
	"context"
	"slices"
	"time"
)

var _ Guard = (*MemoryStore)(nil)

// guardRec is what a MemoryStore remembers of a request under one nonce or
// one join step: its fingerprint, until when an identical request gets its
// answer, the answer of a continuation request, and its expiry.
type guardRec struct {
	sum      string
	graceEnd time.Time
	ok       bool
	doc      []byte
	end      time.Time
}

// nonceKey scopes a nonce: "e" plus the join token for callbacks, "c" plus
// the call UUID and the join token for continuation requests.
type nonceKey struct {
	scope, nonce string
}

// joinRec is a join token's binding and the record of its callback steps.
type joinRec struct {
	b           Binding
	enter, exit *guardRec
	nonces      map[string]bool // nonce → used by the exit step (else enter)
	end         time.Time
}

type contStepKey struct {
	callUUID, join string
}

// lockGuard is lock plus the guard's maps.
func (s *MemoryStore) lockGuard() time.Time {
	now := s.lock()
	if s.nonces == nil {
		s.nonces = make(map[nonceKey]guardRec)
		s.joins = make(map[string]*joinRec)
		s.contSteps = make(map[contStepKey]guardRec)
	}
	return now
}

// judge returns the verdict of a request with sum at now against the
// record r of an earlier one (nil: none): 0 when r does not decide.
func judge(r *guardRec, sum string, now time.Time) Verdict {
	switch {
	case r == nil || !now.Before(r.end):
		return 0
	case r.sum == sum && now.Before(r.graceEnd):
		return Repeat
	default:
		return Refused
	}
}

// checkNonces judges the request's nonces in scope; the worst verdict
// wins, and the record of a Repeat is returned. Only requests in the
// legacy form have nonce records: under a join token, the join's records
// do their work (see [Guard]).
func (s *MemoryStore) checkNonces(scope string, seen Seen, now time.Time) (Verdict, *guardRec) {
	if seen.Join != "" {
		return 0, nil
	}
	var v Verdict
	var rep *guardRec
	for _, n := range seen.Nonces {
		r, ok := s.nonces[nonceKey{scope, n}]
		if !ok {
			continue
		}
		switch judge(&r, seen.Sum, now) {
		case Refused:
			return Refused, nil
		case Repeat:
			v, rep = Repeat, &r
		}
	}
	return v, rep
}

// rememberNonces records the request's nonces in scope.
func (s *MemoryStore) rememberNonces(scope string, seen Seen, r guardRec, now time.Time) {
	if seen.Join != "" {
		return
	}
	r.end = now.Add(seen.NonceTTL)
	for _, n := range seen.Nonces {
		s.nonces[nonceKey{scope, n}] = r
	}
}

// EnterOnce implements [Guard].
func (s *MemoryStore) EnterOnce(ctx context.Context, m Member, exit bool, seen Seen, ttl time.Duration) (Verdict, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	now := s.lockGuard()
	defer s.mu.Unlock()
	scope := "e" + seen.Join
	v, _ := s.checkNonces(scope, seen, now)
	if v == Refused {
		return Refused, nil
	}
	j := s.joins[seen.Join]
	if j != nil && !now.Before(j.end) {
		j = nil
	}
	if seen.Join != "" && j != nil {
		if j.b != (Binding{m.CallUUID, m.Room, m.MemberID}) {
			return Refused, nil
		}
		for _, n := range seen.Nonces {
			if usedByExit, ok := j.nonces[n]; ok && usedByExit != exit {
				return Refused, nil // another step's nonce, however old
			}
		}
		step := j.enter
		if exit {
			step = j.exit
		}
		switch judge(step, seen.Sum, now) {
		case Refused:
			return Refused, nil
		case Repeat:
			v = Repeat
		}
	}
	if v == Repeat {
		return Repeat, nil
	}
	if exit {
		s.exitLocked(m, ttl, now)
	} else {
		s.enterLocked(m, ttl, now)
	}
	rec := guardRec{sum: seen.Sum, graceEnd: now.Add(seen.Grace)}
	s.rememberNonces(scope, seen, rec, now)
	if seen.Join != "" {
		if j == nil {
			j = &joinRec{b: Binding{m.CallUUID, m.Room, m.MemberID}, nonces: make(map[string]bool)}
			s.joins[seen.Join] = j
		}
		for _, n := range seen.Nonces {
			j.nonces[n] = exit
		}
		rec.end = now.Add(seen.JoinTTL)
		if exit {
			j.exit = &rec
		} else {
			j.enter = &rec
		}
		j.end = rec.end
	}
	return Fresh, nil
}

// TakeOnce implements [Guard].
func (s *MemoryStore) TakeOnce(ctx context.Context, callUUID string, seen Seen) ([]byte, bool, Verdict, error) {
	if err := ctx.Err(); err != nil {
		return nil, false, 0, err
	}
	now := s.lockGuard()
	defer s.mu.Unlock()
	scope := "c" + callUUID + "\x00" + seen.Join
	v, rep := s.checkNonces(scope, seen, now)
	if v == Refused {
		return nil, false, Refused, nil
	}
	sk := contStepKey{callUUID, seen.Join}
	if seen.Join != "" {
		if r, ok := s.contSteps[sk]; ok {
			switch judge(&r, seen.Sum, now) {
			case Refused:
				return nil, false, Refused, nil
			case Repeat:
				v, rep = Repeat, &r
			}
		}
	}
	if v == Repeat {
		return slices.Clone(rep.doc), rep.ok, Repeat, nil
	}
	doc, ok := s.takeLocked(callUUID, seen.Grace, now)
	rec := guardRec{sum: seen.Sum, graceEnd: now.Add(seen.Grace), ok: ok, doc: doc}
	s.rememberNonces(scope, seen, rec, now)
	if seen.Join != "" {
		rec.end = now.Add(seen.JoinTTL)
		s.contSteps[sk] = rec
	}
	return slices.Clone(doc), ok, Fresh, nil
}

// Bound implements [Guard].
func (s *MemoryStore) Bound(ctx context.Context, join string) (Binding, bool, error) {
	if err := ctx.Err(); err != nil {
		return Binding{}, false, err
	}
	now := s.lockGuard()
	defer s.mu.Unlock()
	j := s.joins[join]
	if j == nil || !now.Before(j.end) {
		return Binding{}, false, nil
	}
	return j.b, true, nil
}

// sweepGuard drops the guard's expired records; s.mu is held.
func (s *MemoryStore) sweepGuard(now time.Time) {
	for k, r := range s.nonces {
		if !now.Before(r.end) {
			delete(s.nonces, k)
		}
	}
	for k, j := range s.joins {
		if !now.Before(j.end) {
			delete(s.joins, k)
		}
	}
	for k, r := range s.contSteps {
		if !now.Before(r.end) {
			delete(s.contSteps, k)
		}
	}
}
