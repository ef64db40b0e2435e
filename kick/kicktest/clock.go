package kicktest

import (
	"context"
	"slices"
	"time"
)

// clockMode is how virtual time moves; see the package documentation.
type clockMode int

const (
	clockAuto   clockMode = iota // per-call virtual time that never blocks
	clockManual                  // one clock moved by Server.Advance
	clockReal                    // virtual time follows the wall clock
)

// waiter is a call sleeping on the manual clock until the virtual time
// reaches until.
type waiter struct {
	until time.Duration
	wake  chan struct{}
}

// sleep spends d of the call's virtual time. With the automatic clock it
// returns at once; with the manual clock it blocks until [Server.Advance]
// has moved the clock far enough; with the real-time clock it blocks for d.
// It reports false if the call ended first.
func (s *Server) sleep(ctx context.Context, c *Call, d time.Duration) bool {
	if d <= 0 {
		return ctx.Err() == nil
	}
	_, alive := s.waitUntil(ctx, c, s.callNow(c)+d, false)
	return alive
}

// callNow returns the call's virtual time since its start.
func (s *Server) callNow(c *Call) time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.atLocked(c)
}

// waitUntil lets the call's virtual time run to until (counted from the
// call's start). With listen, live input ([Call.Press], [Call.Say]) ends
// the wait early: woke is then true. alive is false if the call ended
// first. With the automatic clock, input already queued wakes the call at
// once and otherwise the clock jumps to until.
func (s *Server) waitUntil(ctx context.Context, c *Call, until time.Duration, listen bool) (woke, alive bool) {
	if ctx.Err() != nil {
		return false, false
	}
	if at := c.hangupAt; at > 0 && until >= at {
		c.hangupAt = 0
		woke, alive := s.waitUntil(ctx, c, at, listen)
		if woke || !alive {
			c.hangupAt = at
			return woke, alive
		}
		c.scheduledOut = true
		c.cancel()
		return false, false
	}
	var inputs <-chan struct{}
	if listen {
		inputs = c.inputSig
		s.mu.Lock()
		queued := len(c.live) > 0
		s.mu.Unlock()
		if queued {
			return true, true
		}
	}
	switch s.clock {
	case clockManual:
		s.mu.Lock()
		w := waiter{until: c.start + until, wake: make(chan struct{})}
		if w.until <= s.now {
			s.mu.Unlock()
			return false, true
		}
		s.waiters = append(s.waiters, w)
		s.changedLocked()
		s.mu.Unlock()
		select {
		case <-w.wake:
			return false, true
		case <-inputs:
			s.dropWaiter(w)
			return true, true
		case <-ctx.Done():
			s.dropWaiter(w)
			return false, false
		}
	case clockReal:
		d := until - s.callNow(c)
		if d <= 0 {
			return false, true
		}
		t := time.NewTimer(d)
		defer t.Stop()
		select {
		case <-t.C:
			return false, true
		case <-inputs:
			return true, true
		case <-ctx.Done():
			return false, false
		}
	default:
		s.mu.Lock()
		if until > c.elapsed {
			c.elapsed = until
		}
		s.mu.Unlock()
		return false, true
	}
}

// dropWaiter forgets a manual-clock waiter that will not be woken.
func (s *Server) dropWaiter(w waiter) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if i := slices.IndexFunc(s.waiters, func(o waiter) bool { return o.wake == w.wake }); i >= 0 {
		s.waiters = slices.Delete(s.waiters, i, i+1)
	}
}

// atLocked returns the call's virtual time since its start.
func (s *Server) atLocked(c *Call) time.Duration {
	switch s.clock {
	case clockManual:
		return s.now - c.start
	case clockReal:
		return time.Since(c.wallStart)
	}
	return c.elapsed
}

// Advance moves the manual clock forward by d and wakes the calls whose
// waits have then finished. It panics unless the server was made with
// [WithManualClock], or if d is negative.
func (s *Server) Advance(d time.Duration) {
	if s.clock != clockManual {
		panic("kicktest: Advance: the server was not made WithManualClock")
	}
	if d < 0 {
		panic("kicktest: Advance: negative duration")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.now += d
	kept := s.waiters[:0]
	for _, w := range s.waiters {
		if w.until <= s.now {
			close(w.wake)
		} else {
			kept = append(kept, w)
		}
	}
	clear(s.waiters[len(kept):])
	s.waiters = kept
	s.changedLocked()
}

// Now returns the server's virtual time since it started: the manual
// clock's reading, the wall time since [NewServer] with the real-time
// clock, and always 0 with the automatic clock.
func (s *Server) Now() time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.clock == clockReal {
		return time.Since(s.started)
	}
	return s.now
}

// Sleeping returns how many waits are pending on the manual clock: calls in
// a Speak, Play, Wait, Gather, Record or Dial, rooms with a timeLimit, and
// streams waiting for their next frame.
func (s *Server) Sleeping() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.waiters)
}
