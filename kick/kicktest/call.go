package kicktest

import (
	"context"
	"crypto/rand"
	"fmt"
	"maps"
	"net/url"
	"slices"
	"time"

	"github.com/kickflow/kickflow/xml"
)

// Defaults of a [CallSpec].
const (
	DefaultFrom = "+14155550100"
	DefaultTo   = "+14155550199"
)

// CallSpec describes a simulated inbound call for [Server.StartCall].
type CallSpec struct {
	// AnswerURL is the app's answer URL, absolute; required.
	AnswerURL string
	// AnswerMethod is GET or POST; POST if not set.
	AnswerMethod xml.Method
	// From is the caller; [DefaultFrom] if not set.
	From string
	// To is the number called; [DefaultTo] if not set.
	To string
	// CallUUID identifies the call; a random UUID if not set.
	CallUUID string
	// Input is what the caller will do, in order: each <Gather> and each
	// foreground <Record> takes the next item (see [Input]). When the
	// items run out, the caller stays silent unless the test presses keys
	// or speaks live with [Call.Press] and [Call.Say].
	Input []Input
	// Callees overrides, for this call, how the destinations of a <Dial>
	// behave, by the Number or User text as the document writes it; see
	// [WithCallee].
	Callees map[string]Callee
}

// Call is a simulated inbound call started with [Server.StartCall]. It
// runs on its own until its document ends, the app hangs it up, the REST
// API hangs up its member, [Call.HangUp] or [Server.Close]. Its methods are
// safe for concurrent use.
type Call struct {
	s            *Server
	uuid         string
	from, to     string
	answerURL    string
	answerMethod xml.Method
	cancel       context.CancelFunc // ends the context the call runs with
	done         chan struct{}
	start        time.Duration // the server's virtual time at the start (manual clock)
	wallStart    time.Time     // the wall time at the start (real-time clock)
	elapsed      time.Duration // virtual time spent (automatic clock); only the call's goroutine uses it
	inputSig     chan struct{} // gets a value when live input is queued
	callees      map[string]Callee

	// Used by the call's goroutine only.
	script       []Input       // scripted input not yet taken
	fetches      int           // documents fetched so far
	armed        []*recording  // Records waiting for a Dial to be answered
	sessions     []*recording  // recordSession recordings running until the call ends
	armedRunning []*recording  // startOnDialAnswer recordings of the current bridge
	background   []func()      // stop and wait for the background streams
	hangupAt     time.Duration // a scheduled <Hangup>, 0 if none
	scheduledOut bool          // the scheduled hangup came due

	// Guarded by s.mu.
	entries    []Entry
	cause      Cause
	member     *joined     // the room membership, nil outside a room
	hungUp     bool        // the caller hung up
	listen     listening   // what live input the call takes now
	live       []liveInput // live input not yet taken
	roomDigits string      // keys pressed in the room since the last digitsMatch
}

// StartCall starts a simulated inbound call: the platform fetches the
// answer URL, executes the document and follows redirects, as described in
// the package documentation. It returns at once. StartCall panics if
// spec.AnswerURL is not an absolute http or https URL, if
// spec.AnswerMethod is neither "", GET nor POST, if spec.CallUUID is
// already taken by another call of this server, or after [Server.Close].
func (s *Server) StartCall(spec CallSpec) *Call {
	if u, err := url.Parse(spec.AnswerURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		panic(fmt.Sprintf("kicktest: StartCall: answer URL %q is not an absolute http(s) URL", spec.AnswerURL))
	}
	switch spec.AnswerMethod {
	case "":
		spec.AnswerMethod = xml.MethodPost
	case xml.MethodGet, xml.MethodPost:
	default:
		panic(fmt.Sprintf("kicktest: StartCall: invalid answer method %q", spec.AnswerMethod))
	}
	if spec.From == "" {
		spec.From = DefaultFrom
	}
	if spec.To == "" {
		spec.To = DefaultTo
	}
	if spec.CallUUID == "" {
		spec.CallUUID = newUUID()
	}
	c := &Call{
		s:            s,
		uuid:         spec.CallUUID,
		from:         spec.From,
		to:           spec.To,
		answerURL:    spec.AnswerURL,
		answerMethod: spec.AnswerMethod,
		done:         make(chan struct{}),
		inputSig:     make(chan struct{}, 1),
		callees:      maps.Clone(spec.Callees),
		script:       slices.Clone(spec.Input),
	}
	ctx, cancel := context.WithCancel(context.Background())
	c.cancel = cancel
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		c.cancel()
		panic("kicktest: StartCall: server closed")
	}
	if _, dup := s.calls[c.uuid]; dup {
		c.cancel()
		panic(fmt.Sprintf("kicktest: StartCall: call UUID %q already used", c.uuid))
	}
	s.calls[c.uuid] = c
	s.callOrder = append(s.callOrder, c)
	c.start = s.now
	c.wallStart = time.Now()
	s.wg.Add(1)
	go s.run(ctx, c)
	s.changedLocked()
	return c
}

// Call returns the call with the given UUID, or nil.
func (s *Server) Call(uuid string) *Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls[uuid]
}

// Calls returns every call started so far, in the order they started.
func (s *Server) Calls() []*Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.callOrder)
}

// UUID returns the call's CallUUID.
func (c *Call) UUID() string { return c.uuid }

// From returns the caller's number.
func (c *Call) From() string { return c.from }

// To returns the number called.
func (c *Call) To() string { return c.to }

// Done returns a channel closed when the call has ended.
func (c *Call) Done() <-chan struct{} { return c.done }

// Cause returns the hangup cause, and false while the call is running.
func (c *Call) Cause() (Cause, bool) {
	c.s.mu.Lock()
	defer c.s.mu.Unlock()
	return c.cause, c.cause != 0
}

// Transcript returns what the call has done so far.
func (c *Call) Transcript() Transcript {
	c.s.mu.Lock()
	defer c.s.mu.Unlock()
	return slices.Clone(c.entries)
}

// Member returns the call's room and member ID while it is in a conference
// room; ok is false otherwise.
func (c *Call) Member() (conference, memberID string, ok bool) {
	c.s.mu.Lock()
	defer c.s.mu.Unlock()
	if c.member == nil {
		return "", "", false
	}
	return c.member.room, c.member.id, true
}

// HangUp hangs the call up from the caller's side: it leaves its room
// (reason [ReasonHungUp], with an exit callback) and ends with
// [CauseNormalHangup]. It does nothing once the call has ended.
func (c *Call) HangUp() {
	s := c.s
	s.mu.Lock()
	if c.cause != 0 || c.hungUp {
		s.mu.Unlock()
		return
	}
	c.hungUp = true
	if j := c.member; j != nil {
		s.leaveLocked(j.room, []string{j.id}, ReasonHungUp)
	}
	s.mu.Unlock()
	c.cancel()
}

// newUUID returns a random version 4 UUID.
func newUUID() string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic("kicktest: reading random bytes: " + err.Error())
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}
