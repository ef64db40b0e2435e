package flow

import (
	"context"
	"time"
)

// Member is a call in a conference room, as the registry knows it from the
// room's enter callback. The call UUID is its identity: member IDs are
// reused when a caller rejoins, call UUIDs never are.
type Member struct {
	// CallUUID identifies the call leg.
	CallUUID string
	// Room is the conference room's name.
	Room string
	// MemberID is the conference member ID the platform gave this join; it
	// is what the kick API takes.
	MemberID string
	// From, To and CallerName are the caller's details from the enter
	// callback; empty when the platform did not send them.
	From, To, CallerName string
	// JoinedAt is when the enter callback was received.
	JoinedAt time.Time
	// Join is the token of the join document that put the call into the
	// room (empty for documents not made by [Flow.Join]). It tells one join
	// of a call apart from a later one, so that late callbacks of an old
	// join cannot change the state of a newer one.
	Join string
	// Reconciled reports a record added by [Flow.Sync] from the platform's
	// list of members because no enter callback for the join had arrived;
	// its Join is empty and its JoinedAt is estimated from the platform's
	// answer. The next verified enter callback of the call replaces it.
	Reconciled bool
}

// Store keeps a [Flow]'s state: continuations by call UUID and the
// registry of room members. Every method takes a context first and must be
// safe for concurrent use by multiple goroutines; when several app
// instances share a store, each method must be atomic across them.
//
// Each method is meant to be one round trip to a shared store: a kick of
// one call costs Member and PutContinuation, a continue request one
// TakeContinuation, a callback one Enter or Exit (the exit callback of a
// call whose record [Flow.Sync] added two Exits: the second, without the
// join token, clears that record).
//
// The conformance suite in package flow/storetest checks an implementation
// against this contract.
type Store interface {
	// PutContinuation stores doc, a rendered document, as the pending
	// continuation of the call for ttl, replacing any pending one (the
	// last put wins). The replaced one is kept aside, unexpired, so that
	// RemoveContinuation can bring it back.
	PutContinuation(ctx context.Context, callUUID string, doc []byte, ttl time.Duration) error

	// RemoveContinuation undoes the PutContinuation of doc for the call,
	// after a kick that definitely failed: if doc is pending, the one it
	// replaced (if any, and unexpired) is pending again; if doc was
	// replaced meanwhile by a newer put, the newer one stays and doc is
	// forgotten. Any other state is left alone.
	RemoveContinuation(ctx context.Context, callUUID string, doc []byte) error

	// TakeContinuation atomically takes the pending continuation of the
	// call: it is returned once as pending, and from then on, for grace,
	// it is what TakeContinuation returns again (the platform retries
	// fetches) unless a new one has been put. The one a taken continuation
	// replaced is dropped. It reports false when there
	// is neither a pending continuation nor one taken within grace.
	TakeContinuation(ctx context.Context, callUUID string, grace time.Duration) (doc []byte, ok bool, err error)

	// Enter records that m joined m.Room, for ttl. It is ignored when an
	// Exit of the same join (CallUUID, Room, MemberID, Join) was recorded
	// and has not expired: a late enter callback must not resurrect a
	// member who left. Otherwise m replaces any earlier record of the call
	// (a call is in one room at a time) and any other call recorded with
	// the same member ID in the same room (the platform reuses IDs only
	// after a member left).
	Enter(ctx context.Context, m Member, ttl time.Duration) error

	// Exit records that the join m (CallUUID, Room, MemberID, Join) left,
	// remembering it for ttl, and removes the call's record if it is that
	// join. An exit of an older join leaves a newer record alone, so exits
	// may arrive in any order.
	Exit(ctx context.Context, m Member, ttl time.Duration) error

	// Members returns the members recorded in the room, ordered by
	// JoinedAt; none is not an error.
	Members(ctx context.Context, room string) ([]Member, error)

	// Member returns the record of the call and reports whether there is
	// one.
	Member(ctx context.Context, callUUID string) (Member, bool, error)
}
