package kicktest

import (
	"net"
	"net/http"
	"slices"
	"time"
)

// Response is a scripted answer, queued with [Server.Enqueue] to inject a
// fault. The zero value answers like the live API.
type Response struct {
	// Status is the status code to answer with; 0 keeps the live answer
	// (status, body and effect), so a Response with only Delay or Header
	// set slows down or decorates a normal answer.
	Status int
	// Body is the body sent with Status, as is (it need not be JSON).
	Body string
	// Header holds extra headers to send.
	Header http.Header
	// RetryAfter, if not empty, is sent as the Retry-After header.
	RetryAfter string
	// Delay holds the answer back this long. A client that gives up first,
	// or a Close, ends the wait and the request is not answered.
	Delay time.Duration
	// Drop resets the connection instead of answering (after Delay, and
	// after the effect if Apply is set).
	Drop bool
	// Apply carries out the request's live effect (members removed, hooks
	// called) even though the scripted status is sent or the connection
	// dropped: the platform acted but the client cannot know it.
	Apply bool
}

// Enqueue adds scripted answers. Each request the server receives takes the
// oldest one left, whatever its route; when none is left the server answers
// live again. Enqueue panics on a Status outside 100–599 other than 0.
func (s *Server) Enqueue(rs ...Response) {
	for _, r := range rs {
		if r.Status != 0 && (r.Status < 100 || r.Status > 599) {
			panic("kicktest: Enqueue: invalid status code")
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, r := range rs {
		r.Header = r.Header.Clone()
		s.script = append(s.script, r)
	}
}

// Pending returns how many scripted answers have not been used yet.
func (s *Server) Pending() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.script)
}

// serveScripted answers r as sr says.
func (s *Server) serveScripted(w http.ResponseWriter, r *http.Request, sr Response, rt route) {
	if sr.Delay > 0 {
		t := time.NewTimer(sr.Delay)
		defer t.Stop()
		select {
		case <-t.C:
		case <-r.Context().Done():
			panic(http.ErrAbortHandler) // no answer at all, not an empty 200
		case <-s.done:
			panic(http.ErrAbortHandler)
		}
	}
	header := sr.Header.Clone()
	if sr.RetryAfter != "" {
		if header == nil {
			header = http.Header{}
		}
		header.Set("Retry-After", sr.RetryAfter)
	}
	if sr.Status == 0 && !sr.Drop {
		status, answer := s.apply(r, rt)
		s.writeJSON(w, status, answer, header)
		return
	}
	if sr.Apply {
		s.apply(r, rt)
	}
	if sr.Drop {
		s.drop(w)
		return
	}
	for k, vs := range header {
		w.Header()[k] = slices.Clone(vs)
	}
	w.WriteHeader(sr.Status)
	if _, err := w.Write([]byte(sr.Body)); err != nil {
		// The client has gone; it sees the failure on its side.
		return
	}
}

// drop resets the connection without answering.
func (s *Server) drop(w http.ResponseWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic("kicktest: connection cannot be hijacked")
	}
	conn, _, err := hj.Hijack()
	if err != nil {
		panic("kicktest: hijack: " + err.Error())
	}
	if tc, ok := conn.(*net.TCPConn); ok {
		// Discard unsent data and send RST rather than FIN.
		if err := tc.SetLinger(0); err != nil {
			panic("kicktest: set linger: " + err.Error())
		}
	}
	if err := conn.Close(); err != nil {
		panic("kicktest: closing dropped connection: " + err.Error())
	}
}
