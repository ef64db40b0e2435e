package kicktest

import (
	"context"
	"slices"
	"time"
)

// waiter is a call sleeping on the manual clock until the virtual time
// reaches until.
type waiter struct {
	until time.Duration
	wake  chan struct{}
}

// sleep spends d of the call's virtual time. With the automatic clock it
// returns at once; with the manual clock it blocks until [Server.Advance]
// has moved the clock far enough. It reports false if the call ended
// first.
func (s *Server) sleep(ctx context.Context, c *Call, d time.Duration) bool {
	if d <= 0 {
		return ctx.Err() == nil
	}
	if !s.manualClock {
		c.elapsed += d
		return ctx.Err() == nil
	}
	s.mu.Lock()
	w := waiter{until: s.now + d, wake: make(chan struct{})}
	s.waiters = append(s.waiters, w)
	s.mu.Unlock()
	select {
	case <-w.wake:
		return true
	case <-ctx.Done():
		s.mu.Lock()
		defer s.mu.Unlock()
		if i := slices.IndexFunc(s.waiters, func(o waiter) bool { return o.wake == w.wake }); i >= 0 {
			s.waiters = slices.Delete(s.waiters, i, i+1)
		}
		return false
	}
}

// atLocked returns the call's virtual time since its start.
func (s *Server) atLocked(c *Call) time.Duration {
	if s.manualClock {
		return s.now - c.start
	}
	return c.elapsed
}

// Advance moves the manual clock forward by d and wakes the calls whose
// Speak, Play or Wait has then finished. It panics unless the server was
// made with [WithManualClock], or if d is negative.
func (s *Server) Advance(d time.Duration) {
	if !s.manualClock {
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

// Now returns the manual clock's virtual time since the server started; it
// is always 0 with the automatic clock.
func (s *Server) Now() time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.now
}

// Sleeping returns how many calls are waiting for the manual clock to move.
func (s *Server) Sleeping() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.waiters)
}
