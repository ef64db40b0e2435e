package kicktest

import (
	"net/url"

	"github.com/kickflow/kickflow/xml"
)

// notify queues a notify-only callback about the call (Record's
// RecordStop, Dial's callbackUrl events) for the callback goroutine, which
// delivers it like the conference callbacks, faults included. Nothing is
// queued for an empty URL or after Close.
func (s *Server) notify(c *Call, target string, method xml.Method, form url.Values) {
	if target == "" {
		return
	}
	if method == "" {
		method = xml.MethodPost
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return
	}
	s.cbQueue = append(s.cbQueue, pendingCallback{
		cb:       Callback{URL: target, Method: method, Form: form},
		callUUID: c.uuid,
	})
	s.cbCond.Signal()
	s.changedLocked()
}
