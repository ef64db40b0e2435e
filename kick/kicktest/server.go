package kicktest

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"time"
)

// maxRequestBody bounds how much of a request body is read and recorded.
const maxRequestBody = 1 << 20

// Server is a fake Vobiz platform listening on a loopback address: the
// conference member API and simulated calls. Make it with [NewServer] and
// stop it with [Server.Close]. Its methods are safe for concurrent use,
// also while it serves requests and runs calls.
type Server struct {
	// URL is the base URL, http://127.0.0.1:port, with no trailing slash;
	// give it to the client as its base URL.
	URL string
	// AuthID is the account ID the server accepts, in paths and in the
	// X-Auth-ID header.
	AuthID string
	// AuthToken is the token the server accepts in the X-Auth-Token header.
	AuthToken string

	ts           *httptest.Server
	hooks        []func(Event)
	reqHooks     []func(Request)
	done         chan struct{}
	closeOnce    sync.Once
	stopDispatch context.CancelFunc // ends the context of the callback dispatcher
	wg           sync.WaitGroup     // the calls and the callback dispatcher
	http         *http.Client       // for requests to apps
	transport    *http.Transport
	fetchTimeout time.Duration
	sign         bool
	clock        clockMode
	started      time.Time // the wall time of NewServer
	sim          simConfig // call simulation settings (sim.go)
	liveReads    bool
	cbFaults     func(Callback) Fault

	mu         sync.Mutex
	cbCond     *sync.Cond // signalled when cbQueue grows or the server closes; uses mu
	closed     bool
	changed    chan struct{} // closed and replaced on every change of state
	rooms      map[string]*room
	requests   []Request
	script     []Response
	scripts    map[Route][]Response // scripted answers for one route
	recs       []Recording
	apiSeq     int
	calls      map[string]*Call
	callOrder  []*Call
	memberIDs  map[string]map[string]string // room name → call UUID → member ID last given
	memberSeq  map[string]int               // room name → last member number given
	exchanges  []Exchange
	cbQueue    []pendingCallback
	cbHeld     []pendingCallback
	cbBusy     bool // a callback is being delivered
	now        time.Duration
	waiters    []waiter
	recordings map[string]time.Duration // recording ID → length, served by serveMedia
}

// Option configures a [Server] made by [NewServer].
type Option func(*config) error

type config struct {
	authID, authToken string
	hooks             []func(Event)
	reqHooks          []func(Request)
	fetchTimeout      time.Duration
	unsigned          bool
	clock             clockMode
	sim               simConfig
	liveReads         bool
	cbFaults          func(Callback) Fault
}

// DefaultFetchTimeout is how long the platform waits for an app's answer
// when [WithFetchTimeout] is not used.
const DefaultFetchTimeout = 5 * time.Second

// WithFetchTimeout sets how long the platform waits for an app to answer a
// request (answer URL, redirect, callback), in real time. A call whose
// answer or redirect URL does not answer in time ends with
// [CauseAnswerURLError] or [CauseRedirectURLError]. If not set,
// [DefaultFetchTimeout].
func WithFetchTimeout(d time.Duration) Option {
	return func(c *config) error {
		if d <= 0 {
			return fmt.Errorf("kicktest: fetch timeout %v is not positive", d)
		}
		c.fetchTimeout = d
		return nil
	}
}

// WithoutSignatures makes the platform send requests to apps without the
// X-Vobiz-Signature-* headers, as for accounts without callback
// authentication. If not set, every request is signed with AuthToken.
func WithoutSignatures() Option {
	return func(c *config) error {
		c.unsigned = true
		return nil
	}
}

// WithManualClock makes virtual time move only through [Server.Advance]:
// a call in a Speak, Play or Wait blocks until the clock has moved past its
// end. If not set, those elements finish at once and only advance the
// call's own virtual time.
func WithManualClock() Option {
	return func(c *config) error {
		c.clock = clockManual
		return nil
	}
}

// WithLiveReads makes the two REST reads answer as the live platform was
// observed to, rather than as documented: GET .../Conference/{name}/ of a
// room with members answers 200 {"error":"failed","api_id":"…"}, and GET
// .../Conference/ answers {"conferences":[]} whatever rooms are live. A
// room that does not exist still answers 404. If not set, both answer as
// the documentation says, with the conference object and the room names.
func WithLiveReads() Option {
	return func(c *config) error {
		c.liveReads = true
		return nil
	}
}

// WithCallbackFaults makes f decide the fate of every conference callback
// before it is sent (see [Fault]). f runs on the delivery goroutine with no
// lock held; it gets a copy of the callback. If not set, every callback is
// delivered once, in order.
func WithCallbackFaults(f func(Callback) Fault) Option {
	return func(c *config) error {
		if f == nil {
			return fmt.Errorf("kicktest: nil callback fault function")
		}
		c.cbFaults = f
		return nil
	}
}

// WithCredentials sets the account ID and token the server accepts. If not
// set, NewServer generates random ones ("MA_" and ten letters or digits for
// the ID).
func WithCredentials(authID, authToken string) Option {
	return func(c *config) error {
		if authID == "" || authToken == "" {
			return fmt.Errorf("kicktest: empty auth ID or token")
		}
		c.authID, c.authToken = authID, authToken
		return nil
	}
}

// WithHook registers h to be told of every member the API removes, one
// [Event] per member, after the room has changed and before the answer is
// written. h runs on the request's goroutine with no lock held, so it may
// call the Server's methods; it should not block for long. Hooks run in the
// order they were registered.
func WithHook(h func(Event)) Option {
	return func(c *config) error {
		if h == nil {
			return fmt.Errorf("kicktest: nil hook")
		}
		c.hooks = append(c.hooks, h)
		return nil
	}
}

// WithRequestHook registers h to be called with every request once it has
// been recorded and before it is answered (and before any scripted delay).
// It runs on the request's goroutine with no lock held.
func WithRequestHook(h func(Request)) Option {
	return func(c *config) error {
		if h == nil {
			return fmt.Errorf("kicktest: nil request hook")
		}
		c.reqHooks = append(c.reqHooks, h)
		return nil
	}
}

// NewServer starts a server and returns it. It panics if an option is
// invalid or nil (naming the nil option's position, counting from 1), as
// httptest does on misuse.
func NewServer(opts ...Option) *Server {
	var cfg config
	for i, opt := range opts {
		if opt == nil {
			panic(fmt.Sprintf("kicktest: option %d is nil", i+1))
		}
		if err := opt(&cfg); err != nil {
			panic(err)
		}
	}
	if cfg.authID == "" {
		cfg.authID = "MA_" + rand.Text()[:10]
		cfg.authToken = rand.Text()
	}
	if cfg.fetchTimeout == 0 {
		cfg.fetchTimeout = DefaultFetchTimeout
	}
	tr := newTransport()
	s := &Server{
		AuthID:       cfg.authID,
		AuthToken:    cfg.authToken,
		hooks:        cfg.hooks,
		reqHooks:     cfg.reqHooks,
		done:         make(chan struct{}),
		transport:    tr,
		fetchTimeout: cfg.fetchTimeout,
		sign:         !cfg.unsigned,
		clock:        cfg.clock,
		started:      time.Now(),
		sim:          cfg.sim,
		liveReads:    cfg.liveReads,
		cbFaults:     cfg.cbFaults,
		changed:      make(chan struct{}),
		rooms:        make(map[string]*room),
		calls:        make(map[string]*Call),
		memberIDs:    make(map[string]map[string]string),
		memberSeq:    make(map[string]int),
		recordings:   make(map[string]time.Duration),
		scripts:      make(map[Route][]Response),
	}
	s.http = &http.Client{
		Transport: tr,
		// The platform does not follow redirects: a 3xx is not a 2xx.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	s.cbCond = sync.NewCond(&s.mu)
	s.ts = httptest.NewServer(http.HandlerFunc(s.serveHTTP))
	s.URL = s.ts.URL
	ctx, cancel := context.WithCancel(context.Background())
	s.stopDispatch = cancel
	s.wg.Add(1)
	go s.dispatch(ctx)
	return s
}

// newTransport returns the transport for requests to apps: a clone of
// http.DefaultTransport when it is an *http.Transport, else a plain one
// (the default transport may be a wrapper, as tracing libraries install).
func newTransport() *http.Transport {
	tr, ok := http.DefaultTransport.(*http.Transport)
	if ok {
		tr = tr.Clone()
	} else {
		tr = &http.Transport{ForceAttemptHTTP2: true}
	}
	tr.MaxIdleConnsPerHost = 64
	return tr
}

// changedLocked wakes the wait helpers.
func (s *Server) changedLocked() {
	close(s.changed)
	s.changed = make(chan struct{})
}

// Client returns an HTTP client for the server; its idle connections are
// closed by [Server.Close].
func (s *Server) Client() *http.Client { return s.ts.Client() }

// Close ends every simulated call still running (cause
// [CauseNormalHangup], without callbacks; rooms are left as they are),
// discards callbacks not yet sent, ends pending scripted delays, shuts the
// server down and blocks until every request in progress has finished and
// every goroutine of the server has returned.
func (s *Server) Close() {
	s.closeOnce.Do(func() {
		close(s.done)
		s.mu.Lock()
		s.closed = true
		s.cbQueue, s.cbHeld = nil, nil
		s.cbCond.Broadcast()
		calls := slices.Clone(s.callOrder)
		s.mu.Unlock()
		s.stopDispatch()
		for _, c := range calls {
			c.cancel()
		}
		s.wg.Wait()
	})
	s.ts.Close()
	s.transport.CloseIdleConnections()
}

// Request is a request the server received.
type Request struct {
	// Method is the HTTP method.
	Method string
	// URI is the request target exactly as sent on the wire, escaping
	// included (for example "/api/v1/Account/MA_1/Conference/a%2Fb/Member/10/Kick/").
	URI string
	// Header holds the request headers. Their names are in canonical form
	// (X-Auth-Id), as net/http's server reads them.
	Header http.Header
	// Body is the request body.
	Body []byte
	// Route is the operation the method and path ask for (whatever the
	// path's case), or "" when they match no route.
	Route Route
	// Conference is the decoded conference name when the path names one
	// (whatever its case), else "".
	Conference string
	// MemberIDs are the decoded member IDs when the path has them, else nil.
	MemberIDs []string
}

// Requests returns every request received so far, oldest first.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Request, len(s.requests))
	for i, r := range s.requests {
		r.Header = r.Header.Clone()
		r.Body = slices.Clone(r.Body)
		r.MemberIDs = slices.Clone(r.MemberIDs)
		out[i] = r
	}
	return out
}

// ClearRequests forgets the requests recorded so far.
func (s *Server) ClearRequests() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests = nil
}

// serveHTTP records the request, then serves it from the script if a
// scripted answer is queued, else with the live behaviour.
func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	if s.serveMedia(w, r) {
		return
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxRequestBody))
	if err != nil {
		http.Error(w, "kicktest: reading body: "+err.Error(), http.StatusBadRequest)
		return
	}
	rt := parseRoute(r.URL.EscapedPath())
	rec := Request{
		Method:     r.Method,
		URI:        r.RequestURI,
		Header:     r.Header.Clone(),
		Body:       body,
		Route:      rt.name(r.Method),
		Conference: rt.conference,
		MemberIDs:  slices.Clone(rt.memberIDs),
	}
	s.mu.Lock()
	s.requests = append(s.requests, rec)
	scripted := s.nextScriptedLocked(rec.Route)
	s.mu.Unlock()
	for _, h := range s.reqHooks {
		h(rec)
	}
	if scripted != nil {
		s.serveScripted(w, r, *scripted, rt, body)
		return
	}
	s.serveLive(w, r, rt, body)
}

// serveLive answers like the platform does (see the package documentation).
func (s *Server) serveLive(w http.ResponseWriter, r *http.Request, rt route, body []byte) {
	status, answer := s.apply(r, rt, body)
	s.writeJSON(w, status, answer, nil)
}

func (s *Server) nextAPIID() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.apiSeq++
	return fmt.Sprintf("kicktest-%06d", s.apiSeq)
}

// writeJSON writes status with answer as a JSON body, or no body if answer
// is nil.
func (s *Server) writeJSON(w http.ResponseWriter, status int, answer map[string]any, header http.Header) {
	for k, vs := range header {
		w.Header()[k] = slices.Clone(vs)
	}
	if answer == nil {
		w.WriteHeader(status)
		return
	}
	data, err := json.Marshal(answer)
	if err != nil {
		panic(fmt.Sprintf("kicktest: encoding answer: %v", err))
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	if _, err := w.Write(data); err != nil {
		// The client has gone; it sees the failure on its side.
		return
	}
}
