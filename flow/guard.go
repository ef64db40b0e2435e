package flow

import (
	"context"
	"time"
)

// Seen describes a request whose signature has been verified, for a
// [Guard]'s replay protection.
type Seen struct {
	// Join is the join token from the request's path. It is empty for a
	// request in the legacy URL form (token in the query, or none), whose
	// nonces are then scoped to the registry (callbacks) or to the call
	// (continuation requests), and which is bound to nothing.
	Join string
	// Nonces are the nonces of the request's valid signatures (one or two).
	Nonces []string
	// Sum is the request's fingerprint: a hash of its method, URL (query
	// included) and body. Two requests with the same Sum are byte-identical
	// where it matters.
	Sum string
	// NonceTTL is how long the nonces of a request in the legacy form are
	// remembered. Under a join token the join's records keep them, for
	// JoinTTL.
	NonceTTL time.Duration
	// Grace is how long a byte-identical request is answered as this one
	// was; it is also the take's grace window (see [Store.TakeContinuation]).
	Grace time.Duration
	// JoinTTL is how long the join's binding and the record of its steps
	// (enter, exit, continue) are kept.
	JoinTTL time.Duration
}

// Verdict is what a [Guard] decided about a request.
type Verdict int

const (
	// Fresh: the request was new; it was checked and applied.
	Fresh Verdict = iota + 1
	// Repeat: the request is byte-identical to one applied within the grace
	// window; it gets that request's answer and changes nothing.
	Repeat
	// Refused: the request reuses a nonce with another content, repeats a
	// step its join has taken, or names another call, room or member than
	// its join is bound to; it changes nothing and is answered 403.
	Refused
)

// Binding is what a join token is bound to by the first verified
// callback under it.
type Binding struct {
	CallUUID, Room, MemberID string
}

// A Guard is a [Store] that also keeps the replay protection of a Flow's
// endpoints, so that it holds across every instance sharing the store.
// [MemoryStore] and flow/redisstore's Store are Guards; a Store that is
// not gets the weaker per-process protection described in the package
// doc. Each method is one atomic step (one round trip to a shared store),
// and the check sits in the same step as the state it protects: nothing
// is recorded when the state change fails, so a retry after a store
// error is taken as new.
//
// The rules, for a request seen under the nonces N and join token T:
//
//   - Under a token, the first callback binds T to its call, room and
//     member ID (for JoinTTL); a callback naming others is refused. The
//     binding also remembers which step used each nonce: a callback under
//     T with a nonce another step used is refused.
//   - Under a token, each step (enter, exit, continue) is taken once: a
//     second request of a step is a [Repeat] if byte-identical to the first
//     and within its grace window, whatever its nonce, else refused. Since
//     every request under T is one of its steps, these records do the work
//     of the nonces, for JoinTTL; no record per nonce is kept.
//   - In the legacy form (no token), a nonce seen before (remembered for
//     NonceTTL, scoped to the registry for callbacks and to the call for
//     continuation requests) refuses the request unless the request is
//     byte-identical to the one that used it and within its grace window,
//     which makes a Repeat.
type Guard interface {
	Store

	// EnterOnce is [Store.Enter] (Exit when exit is true) of m under the
	// rules above, for a callback seen as seen; m.Join must be seen.Join.
	// ttl is the member TTL. A Refused or Repeat request changes nothing.
	EnterOnce(ctx context.Context, m Member, exit bool, seen Seen, ttl time.Duration) (Verdict, error)

	// TakeOnce is [Store.TakeContinuation] of the call (with seen.Grace)
	// under the rules above. For a Repeat, doc and ok are the first
	// request's answer (ok false: the default was served); for Refused,
	// none. The caller checks the join's binding first (see Bound).
	TakeOnce(ctx context.Context, callUUID string, seen Seen) (doc []byte, ok bool, v Verdict, err error)

	// Bound returns what the join token is bound to, and reports whether
	// it is bound.
	Bound(ctx context.Context, join string) (Binding, bool, error)
}
