package kicktest

import (
	"context"
	"net/url"
	"slices"

	"github.com/kickflow/kickflow/xml"
)

// Callback is a notify-only callback the platform is about to send: to the
// callbackUrl of a member's <Conference>, of a <Record> (RecordStop) or of
// a <Dial>, or to a <Stream>'s statusCallbackUrl.
type Callback struct {
	// URL is the callbackUrl.
	URL string
	// Method is the callbackMethod: GET or POST.
	Method xml.Method
	// Form holds the parameters; for a conference callback
	// Form.Get("ConferenceAction") is "enter", "exit" or "digits".
	Form url.Values
}

// Fault is what happens to a [Callback], as chosen by the function given to
// [WithCallbackFaults].
type Fault int

// The callback faults.
const (
	// Deliver sends the callback normally.
	Deliver Fault = iota
	// Drop never sends it.
	Drop
	// Duplicate sends it twice in a row.
	Duplicate
	// Hold keeps it back until [Server.ReleaseCallbacks], so that later
	// callbacks overtake it.
	Hold
)

// pendingCallback is a queued callback; released ones skip the fault
// function.
type pendingCallback struct {
	cb       Callback
	callUUID string
	released bool
}

// callbackLocked queues a callback for the member if its <Conference> has a
// callbackUrl.
func (s *Server) callbackLocked(j *joined, form url.Values) {
	if j.attrs.CallbackURL == "" || s.closed {
		return
	}
	method := j.attrs.CallbackMethod
	if method == "" {
		method = xml.MethodPost
	}
	s.cbQueue = append(s.cbQueue, pendingCallback{
		cb:       Callback{URL: j.attrs.CallbackURL, Method: method, Form: form},
		callUUID: j.call.uuid,
	})
	s.cbCond.Signal()
}

// dispatch is the goroutine that delivers callbacks one at a time, in the
// order they were queued, until Close.
func (s *Server) dispatch(ctx context.Context) {
	defer s.wg.Done()
	for {
		s.mu.Lock()
		for len(s.cbQueue) == 0 && !s.closed {
			s.cbCond.Wait()
		}
		if s.closed {
			s.mu.Unlock()
			return
		}
		p := s.cbQueue[0]
		s.cbQueue[0] = pendingCallback{}
		s.cbQueue = s.cbQueue[1:]
		s.cbBusy = true
		s.mu.Unlock()

		fault := Deliver
		if s.cbFaults != nil && !p.released {
			fault = s.cbFaults(Callback{URL: p.cb.URL, Method: p.cb.Method, Form: cloneValues(p.cb.Form)})
		}
		switch fault {
		case Drop:
		case Hold:
			s.mu.Lock()
			s.cbHeld = append(s.cbHeld, p)
			s.mu.Unlock()
		case Duplicate:
			s.deliver(ctx, p)
			s.deliver(ctx, p)
		default:
			s.deliver(ctx, p)
		}

		s.mu.Lock()
		s.cbBusy = false
		s.changedLocked()
		s.mu.Unlock()
	}
}

// deliver sends one callback; its answer is ignored (callbacks are
// notify-only) but recorded.
func (s *Server) deliver(ctx context.Context, p pendingCallback) {
	s.send(ctx, p.callUUID, xml.Event(p.cb.Form.Get("Event")), p.cb.URL, string(p.cb.Method), cloneValues(p.cb.Form))
}

// ReleaseCallbacks queues the callbacks held by a [Hold] fault for
// delivery, newest first, ahead of any callback not yet sent. They are not
// shown to the fault function again. It returns how many there were.
func (s *Server) ReleaseCallbacks() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	held := s.cbHeld
	s.cbHeld = nil
	slices.Reverse(held)
	for i := range held {
		held[i].released = true
	}
	s.cbQueue = append(held, s.cbQueue...)
	s.cbCond.Signal()
	s.changedLocked()
	return len(held)
}

// HeldCallbacks returns the callbacks held by a [Hold] fault, oldest first.
func (s *Server) HeldCallbacks() []Callback {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Callback, len(s.cbHeld))
	for i, p := range s.cbHeld {
		out[i] = Callback{URL: p.cb.URL, Method: p.cb.Method, Form: cloneValues(p.cb.Form)}
	}
	return out
}
