package xml

import (
	"errors"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// MaxWebhookBytes is the largest request body [ParseWebhook] reads. Vobiz webhooks
// are a few hundred bytes of form fields; anything near this size is not one.
const MaxWebhookBytes = 64 << 10

// ErrWebhook is matched (with errors.Is) by every error [ParseWebhook] returns for a
// request that is not a readable Vobiz webhook.
var ErrWebhook = errors.New("xml: bad webhook request")

// Direction is the direction of a call, as Vobiz reports it in webhooks.
type Direction string

// The directions Vobiz sends.
const (
	Inbound  Direction = "inbound"
	Outbound Direction = "outbound"
)

// CallStatus is the state of a call in a webhook. Vobiz documents the values below;
// treat the set as open, since the docs themselves disagree on it.
type CallStatus string

// The documented call states.
const (
	StatusRinging    CallStatus = "ringing"
	StatusInProgress CallStatus = "in-progress"
	StatusCompleted  CallStatus = "completed"
	StatusBusy       CallStatus = "busy"
	StatusNoAnswer   CallStatus = "no-answer"
	StatusCancel     CallStatus = "cancel"
	StatusTimeout    CallStatus = "timeout"
	StatusFailed     CallStatus = "failed"
)

// Event names why Vobiz made a webhook request. The general values are below;
// element callbacks (Record, Dial, Stream, Conference) send their own, which are kept
// as they arrive.
type Event string

// The general request events, and the conference callback events.
const (
	EventStartApp         Event = "StartApp"         // the answer URL
	EventRedirect         Event = "Redirect"         // after <Redirect>
	EventTransfer         Event = "Transfer"         // the Transfer API
	EventMachineDetection Event = "MachineDetection" // answering-machine detection
	EventHangup           Event = "Hangup"           // hangup_url
	EventConferenceEnter  Event = "ConferenceEnter"  // Conference callbackUrl, a member joined
	EventConferenceExit   Event = "ConferenceExit"   // Conference callbackUrl, a member left
)

// Webhook is the typed view of the form-encoded parameters Vobiz sends to answer,
// action and redirect URLs (https://www.vobiz.ai/docs/xml/request), so handlers never
// read raw form keys. Fields Vobiz did not send are zero; every parameter, known or
// not, stays available in Form.
type Webhook struct {
	CallUUID        string     // the call leg
	From            string     // the caller; Vobiz may strip the leading +
	To              string     // the number called
	ForwardedFrom   string     // only on forwarded calls, carrier permitting
	CallerName      string     // SIP name or caller ID, when known
	Direction       Direction  // inbound or outbound
	CallStatus      CallStatus // ringing, in-progress, …
	Event           Event      // StartApp, Redirect, …
	ALegUUID        string     // the A leg of the call
	ALegRequestUUID string     // outbound calls only
	RequestUUID     string     // the API request that created the call
	ParentAuthID    string     // the account that owns the call

	// HangupCause, Duration and BillDuration arrive only once the call has ended.
	HangupCause  string
	Duration     time.Duration
	BillDuration time.Duration

	// Gather results: what the caller keyed or said.
	Digits                string
	Speech                string
	SpeechConfidenceScore float64
	InputType             string

	// SIPHeaders holds the X-VH-* headers of the call, keyed by the name after the
	// prefix ("X-VH-Reason" is SIPHeaders["Reason"]). Nil when there are none.
	SIPHeaders map[string]string

	// Form is every parameter as received, the query string included.
	Form url.Values

	// Invalid lists the parameters that were sent but did not parse (a
	// Duration of "ten", a SpeechConfidenceScore of "n/a"); their fields
	// are left zero and their raw values stay in Form. Nil when every
	// parameter parsed. A handler that needs one of these fields checks
	// here (or [Webhook.Err]) before trusting a zero.
	Invalid []*FieldError
}

// FieldError reports a webhook parameter that was sent but did not parse.
// It matches [ErrWebhook].
type FieldError struct {
	Name  string // the parameter, such as "SpeechConfidenceScore"
	Value string // the value as received
	Want  string // what it should have been, such as "a number"
}

// maxQuotedValue bounds how much of a bad value an error message quotes.
const maxQuotedValue = 64

func (e *FieldError) Error() string {
	v := e.Value
	if len(v) > maxQuotedValue {
		v = v[:maxQuotedValue] + "…"
	}
	return fmt.Sprintf("xml: webhook parameter %s %q is not %s", e.Name, v, e.Want)
}

// Unwrap returns [ErrWebhook].
func (e *FieldError) Unwrap() error { return ErrWebhook }

// Err returns the errors of w.Invalid joined, or nil when every parameter
// parsed: for handlers that want the old all-or-nothing behaviour.
func (w *Webhook) Err() error {
	errs := make([]error, len(w.Invalid))
	for i, e := range w.Invalid {
		errs[i] = e
	}
	return errors.Join(errs...)
}

// ParseWebhook reads the Vobiz parameters of r: a form-encoded body for POST, the
// query string for GET (Vobiz sends both shapes, per the element's method attribute).
// It reads at most [MaxWebhookBytes] of body.
//
// ParseWebhook requires no parameter: each endpoint checks the ones it uses (exit
// callbacks, for one, carry no From or To). A number that does not parse does not
// fail the request either: its field is left zero and listed in [Webhook.Invalid],
// so one odd optional value (SpeechConfidenceScore=n/a) never costs a call. The
// error, matching [ErrWebhook], is only for a request whose parameters cannot be
// read at all: a body over the limit, a malformed form encoding, a failed read.
// ParseWebhook does not check signatures.
func ParseWebhook(r *http.Request) (*Webhook, error) {
	if r.Body != nil {
		r.Body = http.MaxBytesReader(nil, r.Body, MaxWebhookBytes)
	}
	if err := r.ParseForm(); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrWebhook, err)
	}
	return WebhookFromForm(r.Form), nil
}

// WebhookFromForm is [ParseWebhook] for parameters already parsed, such as those a
// test builds by hand.
func WebhookFromForm(form url.Values) *Webhook {
	w := &Webhook{
		CallUUID:        form.Get("CallUUID"),
		From:            form.Get("From"),
		To:              form.Get("To"),
		ForwardedFrom:   form.Get("ForwardedFrom"),
		CallerName:      form.Get("CallerName"),
		Direction:       Direction(form.Get("Direction")),
		CallStatus:      CallStatus(form.Get("CallStatus")),
		Event:           Event(form.Get("Event")),
		ALegUUID:        form.Get("ALegUUID"),
		ALegRequestUUID: form.Get("ALegRequestUUID"),
		RequestUUID:     form.Get("RequestUUID"),
		ParentAuthID:    form.Get("ParentAuthID"),
		HangupCause:     form.Get("HangupCause"),
		Digits:          form.Get("Digits"),
		Speech:          form.Get("Speech"),
		InputType:       form.Get("InputType"),
		Form:            form,
	}
	w.Duration = w.seconds("Duration")
	w.BillDuration = w.seconds("BillDuration")
	if s := form.Get("SpeechConfidenceScore"); s != "" {
		f, err := strconv.ParseFloat(s, 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			w.Invalid = append(w.Invalid, &FieldError{Name: "SpeechConfidenceScore", Value: s, Want: "a number"})
		} else {
			w.SpeechConfidenceScore = f
		}
	}
	for k, v := range form {
		name, ok := cutPrefixFold(k, "X-VH-")
		if !ok || name == "" || len(v) == 0 {
			continue
		}
		if w.SIPHeaders == nil {
			w.SIPHeaders = make(map[string]string)
		}
		w.SIPHeaders[name] = v[0]
	}
	return w
}

// seconds reads a whole number of seconds; absent means zero, and a value
// that does not parse is zero and listed in w.Invalid.
func (w *Webhook) seconds(key string) time.Duration {
	s := w.Form.Get(key)
	if s == "" {
		return 0
	}
	n, err := strconv.ParseInt(s, 10, 32)
	if err != nil || n < 0 {
		w.Invalid = append(w.Invalid, &FieldError{Name: key, Value: s, Want: "a whole number of seconds"})
		return 0
	}
	return time.Duration(n) * time.Second
}

// cutPrefixFold is strings.CutPrefix with an ASCII case-insensitive prefix.
func cutPrefixFold(s, prefix string) (string, bool) {
	if len(s) < len(prefix) || !strings.EqualFold(s[:len(prefix)], prefix) {
		return s, false
	}
	return s[len(prefix):], true
}
