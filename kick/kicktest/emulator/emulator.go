package emulator

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/kickflow/kickflow/kick/kicktest"
	"github.com/kickflow/kickflow/xml"
)

// MaxBodyBytes bounds the body of a control request.
const MaxBodyBytes = 64 << 10

// DefaultPollInterval is how often /control/events looks for changes.
const DefaultPollInterval = 200 * time.Millisecond

// heartbeat is how often an idle event stream gets a comment line, so that
// proxies and browsers keep it open.
const heartbeat = 15 * time.Second

// Emulator serves a kicktest.Server's REST API, the control API and the
// console on one handler. Make it with New and stop its event streams with
// Close; it does not close the kicktest server.
type Emulator struct {
	srv   *kicktest.Server
	mux   *http.ServeMux
	proxy *httputil.ReverseProxy
	poll  time.Duration

	closeOnce sync.Once
	done      chan struct{}
}

// Option configures an Emulator.
type Option func(*Emulator)

// WithPollInterval sets how often the event stream looks for changes; a
// value ≤ 0 means DefaultPollInterval.
func WithPollInterval(d time.Duration) Option {
	return func(e *Emulator) {
		if d > 0 {
			e.poll = d
		}
	}
}

// New returns an emulator for srv. It fails only if srv has no usable URL.
func New(srv *kicktest.Server, opts ...Option) (*Emulator, error) {
	target, err := url.Parse(srv.URL)
	if err != nil || target.Host == "" {
		return nil, fmt.Errorf("emulator: kicktest server URL %q: not an absolute URL", srv.URL)
	}
	e := &Emulator{srv: srv, mux: http.NewServeMux(), poll: DefaultPollInterval, done: make(chan struct{})}
	for _, o := range opts {
		o(e)
	}
	e.proxy = &httputil.ReverseProxy{
		Rewrite: func(r *httputil.ProxyRequest) {
			r.SetURL(target)
			r.Out.Host = target.Host
		},
		Transport: srv.Client().Transport,
	}
	e.mux.Handle("/api/", e.proxy)
	e.mux.HandleFunc("POST /control/calls", e.startCall)
	e.mux.HandleFunc("GET /control/calls", e.listCalls)
	e.mux.HandleFunc("GET /control/calls/{uuid}", e.getCall)
	e.mux.HandleFunc("POST /control/calls/{uuid}/digits", e.press)
	e.mux.HandleFunc("POST /control/calls/{uuid}/speech", e.say)
	e.mux.HandleFunc("POST /control/calls/{uuid}/hangup", e.hangUp)
	e.mux.HandleFunc("GET /control/rooms", e.listRooms)
	e.mux.HandleFunc("POST /control/faults", e.faults)
	e.mux.HandleFunc("GET /control/state", e.state)
	e.mux.HandleFunc("GET /control/events", e.events)
	e.mux.HandleFunc("GET /{$}", e.console)
	e.mux.HandleFunc("GET /console.js", e.asset)
	e.mux.HandleFunc("GET /console.css", e.asset)
	return e, nil
}

// Close ends the open event streams. The emulator still answers other
// requests; close the kicktest server to end its calls.
func (e *Emulator) Close() {
	e.closeOnce.Do(func() { close(e.done) })
}

// ServeHTTP serves the REST API, the control API and the console.
func (e *Emulator) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, "/control/") || r.URL.Path == "/" {
		if err := checkRequest(r); err != nil {
			writeError(w, http.StatusForbidden, err.Error())
			return
		}
	}
	e.mux.ServeHTTP(w, r)
}

// checkRequest refuses cross-origin requests and POSTs that are not JSON.
func checkRequest(r *http.Request) error {
	if o := r.Header.Get("Origin"); o != "" {
		u, err := url.Parse(o)
		if err != nil || u.Host != r.Host {
			return errors.New("emulator: cross-origin request refused")
		}
	}
	if r.Method == http.MethodPost {
		mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
		if err != nil || mt != "application/json" {
			return errors.New("emulator: a control POST must be application/json")
		}
	}
	return nil
}

// startRequest is the body of POST /control/calls.
type startRequest struct {
	AnswerURL    string  `json:"answerUrl"`
	AnswerMethod string  `json:"answerMethod"`
	From         string  `json:"from"`
	To           string  `json:"to"`
	CallUUID     string  `json:"callUuid"`
	Input        []Input `json:"input"`
}

func (e *Emulator) startCall(w http.ResponseWriter, r *http.Request) {
	var req startRequest
	if !readJSON(w, r, &req) {
		return
	}
	u, err := url.Parse(req.AnswerURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		writeError(w, http.StatusBadRequest, "emulator: answerUrl must be an absolute http or https URL")
		return
	}
	method := strings.ToUpper(req.AnswerMethod)
	if method != "" && method != "GET" && method != "POST" {
		writeError(w, http.StatusBadRequest, "emulator: answerMethod must be GET or POST")
		return
	}
	if req.CallUUID != "" && e.srv.Call(req.CallUUID) != nil {
		writeError(w, http.StatusConflict, "emulator: a call with this callUuid exists")
		return
	}
	in, err := toKicktest(req.Input)
	if err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	c := e.srv.StartCall(kicktest.CallSpec{
		AnswerURL: req.AnswerURL, AnswerMethod: xml.Method(method),
		From: req.From, To: req.To, CallUUID: req.CallUUID, Input: in,
	})
	writeJSON(w, http.StatusCreated, callState(c))
}

func (e *Emulator) listCalls(w http.ResponseWriter, _ *http.Request) {
	out := []CallState{}
	for _, c := range e.srv.Calls() {
		out = append(out, callState(c))
	}
	writeJSON(w, http.StatusOK, out)
}

// call finds the call of the request's path, or answers 404.
func (e *Emulator) call(w http.ResponseWriter, r *http.Request) *kicktest.Call {
	c := e.srv.Call(r.PathValue("uuid"))
	if c == nil {
		writeError(w, http.StatusNotFound, "emulator: no such call")
	}
	return c
}

func (e *Emulator) getCall(w http.ResponseWriter, r *http.Request) {
	if c := e.call(w, r); c != nil {
		writeJSON(w, http.StatusOK, callState(c))
	}
}

func (e *Emulator) press(w http.ResponseWriter, r *http.Request) {
	c := e.call(w, r)
	if c == nil {
		return
	}
	var req struct {
		Digits string `json:"digits"`
	}
	if !readJSON(w, r, &req) {
		return
	}
	if !validDigits(req.Digits) {
		writeError(w, http.StatusBadRequest, "emulator: digits must be 1 to 64 of 0-9, * and #")
		return
	}
	if !c.Press(req.Digits) {
		writeError(w, http.StatusConflict, "emulator: nothing on the call listened for keys")
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (e *Emulator) say(w http.ResponseWriter, r *http.Request) {
	c := e.call(w, r)
	if c == nil {
		return
	}
	var req struct {
		Text       string  `json:"text"`
		Confidence float64 `json:"confidence"`
	}
	if !readJSON(w, r, &req) {
		return
	}
	if req.Text == "" || req.Confidence < 0 || req.Confidence > 1 {
		writeError(w, http.StatusBadRequest, "emulator: text is required and confidence must be between 0 and 1")
		return
	}
	if req.Confidence == 0 {
		req.Confidence = defaultConfidence
	}
	if !c.Say(req.Text, req.Confidence) {
		writeError(w, http.StatusConflict, "emulator: no Gather on the call listened for speech")
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (e *Emulator) hangUp(w http.ResponseWriter, r *http.Request) {
	if c := e.call(w, r); c != nil {
		c.HangUp()
		w.WriteHeader(http.StatusNoContent)
	}
}

func (e *Emulator) listRooms(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, rooms(e.srv))
}

// Fault is a scripted answer of the REST API, as JSON; see
// kicktest.Response. Faults are used in order, one per REST request.
type Fault struct {
	Status     int    `json:"status"`
	Body       string `json:"body"`
	RetryAfter string `json:"retryAfter"`
	DelayMS    int64  `json:"delayMs"`
	Drop       bool   `json:"drop"`
	Apply      bool   `json:"apply"`
}

// maxFaultDelay bounds a fault's delay.
const maxFaultDelay = 5 * time.Minute

func (e *Emulator) faults(w http.ResponseWriter, r *http.Request) {
	var fs []Fault
	if !readJSON(w, r, &fs) {
		return
	}
	rs := make([]kicktest.Response, 0, len(fs))
	for i, f := range fs {
		d := time.Duration(f.DelayMS) * time.Millisecond
		if (f.Status != 0 && (f.Status < 100 || f.Status > 599)) || f.DelayMS < 0 || d > maxFaultDelay {
			writeError(w, http.StatusBadRequest, fmt.Sprintf("emulator: fault %d: status must be 100-599 (or 0) and delayMs 0 to %d", i+1, maxFaultDelay.Milliseconds()))
			return
		}
		rs = append(rs, kicktest.Response{Status: f.Status, Body: f.Body, RetryAfter: f.RetryAfter, Delay: d, Drop: f.Drop, Apply: f.Apply})
	}
	e.srv.Enqueue(rs...)
	writeJSON(w, http.StatusOK, map[string]int{"queued": len(rs)})
}

func (e *Emulator) state(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, snapshot(e.srv))
}

// events streams the state as server-sent events whenever it changes.
func (e *Emulator) events(w http.ResponseWriter, r *http.Request) {
	rc := http.NewResponseController(w)
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(http.StatusOK)
	tick := time.NewTicker(e.poll)
	defer tick.Stop()
	var last []byte
	idle := time.Now()
	for {
		data, err := json.Marshal(snapshot(e.srv))
		if err != nil {
			return
		}
		switch {
		case !bytes.Equal(data, last):
			if _, err := fmt.Fprintf(w, "event: state\ndata: %s\n\n", data); err != nil {
				return
			}
			last, idle = data, time.Now()
		case time.Since(idle) > heartbeat:
			if _, err := fmt.Fprint(w, ": keep-alive\n\n"); err != nil {
				return
			}
			idle = time.Now()
		}
		if err := rc.Flush(); err != nil {
			return
		}
		select {
		case <-r.Context().Done():
			return
		case <-e.done:
			return
		case <-tick.C:
		}
	}
}

// readJSON decodes the request body into v, or answers 400 and returns
// false.
func readJSON(w http.ResponseWriter, r *http.Request, v any) bool {
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, MaxBodyBytes))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		writeError(w, http.StatusBadRequest, "emulator: bad JSON body: "+err.Error())
		return false
	}
	return true
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func writeError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]string{"error": msg})
}
