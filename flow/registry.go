package flow

import (
	"context"
	"fmt"
)

// Members returns the members of room the registry knows, from the
// conference callbacks received so far, ordered by when they joined.
func (f *Flow) Members(ctx context.Context, room string) ([]Member, error) {
	ms, err := f.o.store.Members(ctx, room)
	if err != nil {
		return nil, fmt.Errorf("flow: members of room %q: %w", room, err)
	}
	return ms, nil
}

// Member returns the registry's record of the call and reports whether the
// call is in a room.
func (f *Flow) Member(ctx context.Context, callUUID string) (Member, bool, error) {
	m, ok, err := f.o.store.Member(ctx, callUUID)
	if err != nil {
		return Member{}, false, fmt.Errorf("flow: look up call %q: %w", callUUID, err)
	}
	return m, ok, nil
}
