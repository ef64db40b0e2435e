package flow

import (
	"context"
	"time"
)

// observe returns s with every failed call reported to failed, named by
// the Store or Guard method that failed. A Guard stays a Guard, so the
// replay protection it keeps is not lost to the wrapping.
func observe(s Store, failed func(op string, err error)) Store {
	o := observedStore{s: s, failed: failed}
	if g, ok := s.(Guard); ok {
		return observedGuard{o, g}
	}
	return o
}

// observedStore is a Store that reports its failures.
type observedStore struct {
	s      Store
	failed func(op string, err error)
}

func (o observedStore) report(op string, err error) error {
	if err != nil {
		o.failed(op, err)
	}
	return err
}

func (o observedStore) PutContinuation(ctx context.Context, callUUID string, doc []byte, ttl time.Duration) error {
	return o.report("PutContinuation", o.s.PutContinuation(ctx, callUUID, doc, ttl))
}

func (o observedStore) RemoveContinuation(ctx context.Context, callUUID string, doc []byte) error {
	return o.report("RemoveContinuation", o.s.RemoveContinuation(ctx, callUUID, doc))
}

func (o observedStore) TakeContinuation(ctx context.Context, callUUID string, grace time.Duration) ([]byte, bool, error) {
	doc, ok, err := o.s.TakeContinuation(ctx, callUUID, grace)
	return doc, ok, o.report("TakeContinuation", err)
}

func (o observedStore) Enter(ctx context.Context, m Member, ttl time.Duration) error {
	return o.report("Enter", o.s.Enter(ctx, m, ttl))
}

func (o observedStore) Exit(ctx context.Context, m Member, ttl time.Duration) error {
	return o.report("Exit", o.s.Exit(ctx, m, ttl))
}

func (o observedStore) Members(ctx context.Context, room string) ([]Member, error) {
	ms, err := o.s.Members(ctx, room)
	return ms, o.report("Members", err)
}

func (o observedStore) Member(ctx context.Context, callUUID string) (Member, bool, error) {
	m, ok, err := o.s.Member(ctx, callUUID)
	return m, ok, o.report("Member", err)
}

// observedGuard is a Guard that reports its failures.
type observedGuard struct {
	observedStore
	g Guard
}

func (o observedGuard) EnterOnce(ctx context.Context, m Member, exit bool, seen Seen, ttl time.Duration) (Verdict, error) {
	v, err := o.g.EnterOnce(ctx, m, exit, seen, ttl)
	return v, o.report("EnterOnce", err)
}

func (o observedGuard) TakeOnce(ctx context.Context, callUUID string, seen Seen) ([]byte, bool, Verdict, error) {
	doc, ok, v, err := o.g.TakeOnce(ctx, callUUID, seen)
	return doc, ok, v, o.report("TakeOnce", err)
}

func (o observedGuard) Bound(ctx context.Context, join string) (Binding, bool, error) {
	b, ok, err := o.g.Bound(ctx, join)
	return b, ok, o.report("Bound", err)
}
