package kicktest

import (
	"context"
	"fmt"
	"time"
)

// DefaultWaitTimeout bounds the wait helpers when their context has no
// deadline of its own.
const DefaultWaitTimeout = 10 * time.Second

// WaitUntil blocks until cond reports true, checking it now and after every
// change of the server's state (a call's step, a member joining or leaving,
// a request made, a clock move). cond runs without locks held and may call
// the Server's methods. If ctx has no deadline, [DefaultWaitTimeout]
// applies. The error wraps ctx's error.
func (s *Server) WaitUntil(ctx context.Context, cond func() bool) error {
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, DefaultWaitTimeout)
		defer cancel()
	}
	for {
		s.mu.Lock()
		changed := s.changed
		s.mu.Unlock()
		if cond() {
			return nil
		}
		select {
		case <-changed:
		case <-ctx.Done():
			return fmt.Errorf("kicktest: condition not met: %w", ctx.Err())
		}
	}
}

// WaitMember blocks until the call with the given UUID is a member of the
// room and returns the member. Deadlines work as for [Server.WaitUntil].
func (s *Server) WaitMember(ctx context.Context, conference, callUUID string) (Member, error) {
	var found Member
	err := s.WaitUntil(ctx, func() bool {
		for _, m := range s.Members(conference) {
			if m.CallUUID == callUUID {
				found = m
				return true
			}
		}
		return false
	})
	if err != nil {
		return Member{}, fmt.Errorf("kicktest: call %q not in conference %q: %w", callUUID, conference, err)
	}
	return found, nil
}

// WaitMembers blocks until the room has n members (0: until it is gone)
// and returns them. Deadlines work as for [Server.WaitUntil].
func (s *Server) WaitMembers(ctx context.Context, conference string, n int) ([]Member, error) {
	var ms []Member
	err := s.WaitUntil(ctx, func() bool {
		ms = s.Members(conference)
		return len(ms) == n
	})
	if err != nil {
		return nil, fmt.Errorf("kicktest: conference %q has %d members, not %d: %w", conference, len(ms), n, err)
	}
	return ms, nil
}

// WaitCallbacks blocks until every queued conference callback has been
// delivered (or dropped, or held). Deadlines work as for
// [Server.WaitUntil].
func (s *Server) WaitCallbacks(ctx context.Context) error {
	return s.WaitUntil(ctx, func() bool {
		s.mu.Lock()
		defer s.mu.Unlock()
		return len(s.cbQueue) == 0 && !s.cbBusy
	})
}

// Wait blocks until the call has ended and returns its hangup cause.
// Deadlines work as for [Server.WaitUntil].
func (c *Call) Wait(ctx context.Context) (Cause, error) {
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, DefaultWaitTimeout)
		defer cancel()
	}
	select {
	case <-c.done:
		cause, _ := c.Cause()
		return cause, nil
	case <-ctx.Done():
		return 0, fmt.Errorf("kicktest: call %q still running: %w", c.uuid, ctx.Err())
	}
}

// WaitStep blocks until the call's transcript has a step for which match
// reports true, and returns that step's entry. Deadlines work as for
// [Server.WaitUntil].
func (c *Call) WaitStep(ctx context.Context, match func(Step) bool) (Entry, error) {
	var found Entry
	err := c.s.WaitUntil(ctx, func() bool {
		for _, e := range c.Transcript() {
			if match(e.Step) {
				found = e
				return true
			}
		}
		return false
	})
	if err != nil {
		return Entry{}, fmt.Errorf("kicktest: call %q: step not reached: %w", c.uuid, err)
	}
	return found, nil
}
