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
	speakCost       = time.Second
	playCost        = time.Second
	defaultWaitCost = time.Second
)

// run is the goroutine of a call.
func (s *Server) run(ctx context.Context, c *Call) {
	defer s.wg.Done()
	defer close(c.done)
	cause := s.execute(ctx, c)
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
	target, method, event := c.answerURL, c.answerMethod, xml.EventStartApp
	for {
		doc, cause := s.fetchDocument(ctx, c, target, method, event)
		if cause != 0 {
			return cause
		}
		next, cause := s.runDocument(ctx, c, doc.Elements)
		if cause != 0 {
			return cause
		}
		if next == nil {
			return CauseEndOfXML
		}
		target, method, event = strings.TrimSpace(next.URL), next.Attrs.Method, xml.EventRedirect
		if method == "" {
			method = xml.MethodPost
		}
	}
}

// runDocument executes elements in order. It returns the Redirect that
// ends the document, or nil if the elements ran out, or the cause the call
// ended with.
func (s *Server) runDocument(ctx context.Context, c *Call, elems []xml.Element) (*xml.Redirect, Cause) {
	for _, e := range elems {
		if ctx.Err() != nil {
			return nil, CauseNormalHangup
		}
		switch e := e.(type) {
		case *xml.Speak:
			s.record(c, Spoke{Text: speakText(e.Content), Voice: e.Attrs.Voice, Language: e.Attrs.Language})
			if !s.sleep(ctx, c, loops(e.Attrs.Loop)*speakCost) {
				return nil, CauseNormalHangup
			}
		case *xml.Play:
			s.record(c, Played{URL: strings.TrimSpace(e.URL)})
			if !s.sleep(ctx, c, loops(e.Attrs.Loop)*playCost) {
				return nil, CauseNormalHangup
			}
		case *xml.Wait:
			d := e.Attrs.Length
			if d <= 0 {
				d = defaultWaitCost
			}
			s.record(c, Waited{Length: d})
			if !s.sleep(ctx, c, d) {
				return nil, CauseNormalHangup
			}
		case *xml.DTMF:
			s.record(c, SentDTMF{Digits: strings.TrimSpace(e.Digits)})
		case *xml.PreAnswer:
			if next, cause := s.runDocument(ctx, c, e.Elements); next != nil || cause != 0 {
				return next, cause
			}
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
			return e, 0
		case *xml.Hangup:
			return nil, CauseNormalHangup
		case *xml.Conference:
			if cause := s.conference(ctx, c, e); cause != 0 {
				return nil, cause
			}
		default:
			s.record(c, Skipped{Element: strings.TrimPrefix(fmt.Sprintf("%T", e), "*xml.")})
		}
	}
	return nil, 0
}

// conference puts the call into the room until it leaves. It returns 0 if
// the document goes on, else the cause the call ends with.
func (s *Server) conference(ctx context.Context, c *Call, e *xml.Conference) Cause {
	j, full := s.join(c, e)
	if full {
		s.record(c, RoomFull{Conference: strings.TrimSpace(e.Room)})
		return 0
	}
	if j == nil { // hung up or closed before entering
		return CauseNormalHangup
	}
	s.record(c, Joined{Conference: j.room, MemberID: j.id})
	var reason Reason
	select {
	case reason = <-j.leave:
	case <-ctx.Done():
		// A caller's hang-up fills j.leave before cancelling; Close does
		// not touch the rooms.
		select {
		case reason = <-j.leave:
		default:
			return CauseNormalHangup
		}
	}
	s.record(c, Left{Conference: j.room, MemberID: j.id, Reason: reason})
	if reason == ReasonHungUp {
		return CauseNormalHangup
	}
	return 0
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
