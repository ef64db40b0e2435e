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

// Enqueue adds scripted answers for any route. Each request the server
// receives takes the oldest one left, whatever its route, unless an answer
// queued for its route with [Server.EnqueueRoute] is waiting; when none is
// left the server answers live again. Enqueue panics on a Status outside
// 100–599 other than 0.
func (s *Server) Enqueue(rs ...Response) {
	checkScript("Enqueue", rs)
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, r := range rs {
		r.Header = r.Header.Clone()
		s.script = append(s.script, r)
	}
}

// EnqueueRoute adds scripted answers for one route only: the next requests
// for that route (by method and path, see [Route]) take them, oldest
// first, before any answer queued with [Server.Enqueue]; requests for other
// routes leave them alone. So a background read cannot consume a fault
// meant for a kick. EnqueueRoute panics on an unknown route or a Status
// outside 100–599 other than 0.
func (s *Server) EnqueueRoute(rt Route, rs ...Response) {
	if !knownRoute(rt) {
		panic("kicktest: EnqueueRoute: unknown route " + string(rt))
	}
	checkScript("EnqueueRoute", rs)
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, r := range rs {
		r.Header = r.Header.Clone()
		s.scripts[rt] = append(s.scripts[rt], r)
	}
}

func checkScript(fn string, rs []Response) {
	for _, r := range rs {
		if r.Status != 0 && (r.Status < 100 || r.Status > 599) {
			panic("kicktest: " + fn + ": invalid status code")
		}
	}
}

// Pending returns how many scripted answers have not been used yet, those
// queued for one route included.
func (s *Server) Pending() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := len(s.script)
	for _, q := range s.scripts {
		n += len(q)
	}
	return n
}

// nextScriptedLocked takes the scripted answer for a request for rt: the
// oldest queued for rt, else the oldest queued for any route, else nil.
func (s *Server) nextScriptedLocked(rt Route) *Response {
	if q := s.scripts[rt]; rt != "" && len(q) > 0 {
		s.scripts[rt] = q[1:]
		return &q[0]
	}
	if len(s.script) > 0 {
		r := &s.script[0]
		s.script = s.script[1:]
		return r
	}
	return nil
}

// serveScripted answers r as sr says.
func (s *Server) serveScripted(w http.ResponseWriter, r *http.Request, sr Response, rt route, body []byte) {
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
		status, answer := s.apply(r, rt, body)
		s.writeJSON(w, status, answer, header)
		return
	}
	if sr.Apply {
		s.apply(r, rt, body)
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
