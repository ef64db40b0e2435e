package kicktest

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/kickflow/kickflow/xml"
)

// Virtual costs of the elements that take time; see the package
// documentation.
const (
	speakCost         = time.Second
	playCost          = time.Second
	defaultWaitCost   = time.Second
	defaultMinSilence = 2 * time.Second
)

// run is the goroutine of a call.
func (s *Server) run(ctx context.Context, c *Call) {
	defer s.wg.Done()
	defer close(c.done)
	cause := s.execute(ctx, c)
	s.stopBackground(c)
	if c.scheduledOut {
		cause = CauseScheduledHangup
	}
	s.finishSessions(c)
	s.mu.Lock()
	c.entries = append(c.entries, Entry{At: s.atLocked(c), Step: Ended{Cause: cause}})
	c.cause = cause
	s.changedLocked()
	s.mu.Unlock()
	c.cancel()
}

// execute fetches and runs the call's documents and returns the cause the
// call ends with.
func (s *Server) execute(ctx context.Context, c *Call) Cause {
	doc, cause := s.fetchDocument(ctx, c, c.answerURL, c.answerMethod, xml.EventStartApp)
	for cause == 0 {
		var next *xml.Response
		next, cause = s.runDocument(ctx, c, doc.Elements)
		if cause == 0 && next == nil {
			return CauseEndOfXML
		}
		doc = next
	}
	return cause
}

// runDocument executes elements in order. It returns the document that
// replaces the current one (a Redirect's, or an action's with redirect),
// or nil if the elements ran out, or the cause the call ended with.
func (s *Server) runDocument(ctx context.Context, c *Call, elems []xml.Element) (*xml.Response, Cause) {
	for _, e := range elems {
		if ctx.Err() != nil {
			return nil, s.endCause(c)
		}
		next, cause := s.runElement(ctx, c, e)
		if cause == CauseNormalHangup && ctx.Err() != nil {
			cause = s.endCause(c)
		}
		if next != nil || cause != 0 {
			return next, cause
		}
	}
	return nil, 0
}

// endCause is the cause of a call whose context has ended: a scheduled
// hangup's, else CauseNormalHangup.
func (s *Server) endCause(c *Call) Cause {
	if c.scheduledOut {
		return CauseScheduledHangup
	}
	return CauseNormalHangup
}

// runElement executes one element; results as for runDocument.
func (s *Server) runElement(ctx context.Context, c *Call, e xml.Element) (*xml.Response, Cause) {
	switch e := e.(type) {
	case *xml.Speak, *xml.Play:
		s.record(c, promptStep(e))
		if !s.sleep(ctx, c, promptCost(e)) {
			return nil, CauseNormalHangup
		}
	case *xml.Wait:
		s.record(c, promptStep(e))
		if !s.sleep(ctx, c, promptCost(e)) {
			return nil, CauseNormalHangup
		}
	case *xml.DTMF:
		s.record(c, SentDTMF{Digits: strings.TrimSpace(e.Digits)})
		if e.Attrs.Async == xml.False && !s.sleep(ctx, c, dtmfCost(strings.TrimSpace(e.Digits))) {
			return nil, CauseNormalHangup
		}
	case *xml.PreAnswer:
		return s.runDocument(ctx, c, e.Elements)
	case *xml.Redirect:
		method := e.Attrs.Method
		if method == "" {
			method = xml.MethodPost
		}
		u := strings.TrimSpace(e.URL)
		s.record(c, Redirected{URL: u, Method: method})
		if !strings.HasPrefix(u, "http://") && !strings.HasPrefix(u, "https://") {
			return nil, CauseInvalidRedirectURL
		}
		if method != xml.MethodGet && method != xml.MethodPost {
			return nil, CauseInvalidRedirectMethod
		}
		if c.fetches >= s.maxDocuments() {
			s.record(c, RedirectLoop{Documents: c.fetches})
			return nil, CauseRedirectURLError
		}
		return s.fetchDocument(ctx, c, u, method, xml.EventRedirect)
	case *xml.Hangup:
		return s.hangup(ctx, c, e)
	case *xml.Conference:
		return s.conference(ctx, c, e)
	case *xml.Gather:
		return s.gather(ctx, c, e)
	case *xml.Record:
		return s.recordElement(ctx, c, e)
	case *xml.Dial:
		return s.dial(ctx, c, e)
	case *xml.Stream:
		return s.stream(ctx, c, e)
	default:
		s.record(c, Skipped{Element: elementName(e)})
	}
	return nil, 0
}

// maxDocuments is the bound on documents per call.
func (s *Server) maxDocuments() int {
	if s.sim.maxDocuments > 0 {
		return s.sim.maxDocuments
	}
	return DefaultMaxDocuments
}

// elementName is the XML name of an element's type.
func elementName(e xml.Element) string {
	return strings.TrimPrefix(fmt.Sprintf("%T", e), "*xml.")
}

// record appends a step to the call's transcript.
func (s *Server) record(c *Call, st Step) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c.entries = append(c.entries, Entry{At: s.atLocked(c), Step: st})
	s.changedLocked()
}

// loops is how often a Speak or Play runs: its loop attribute, where unset
// means once and 0 ("until the call ends") is also counted once.
func loops(loop *int) time.Duration {
	if loop == nil || *loop <= 0 {
		return 1
	}
	return time.Duration(*loop)
}

// speakText returns the text of Speak content with SSML tags stripped.
func speakText(nodes []xml.Node) string {
	var b strings.Builder
	var walk func([]xml.Node)
	walk = func(nodes []xml.Node) {
		for _, n := range nodes {
			switch n := n.(type) {
			case xml.Text:
				b.WriteString(string(n))
			case *xml.Tag:
				walk(n.Content)
			}
		}
	}
	walk(nodes)
	return strings.Join(strings.Fields(b.String()), " ")
}
