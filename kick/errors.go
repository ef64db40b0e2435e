package kick

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// Sentinel errors. Match them with [errors.Is]; the errors the client
// returns wrap them or, for API failures, are an [*Error] whose Is method
// maps the status code onto them.
var (
	// ErrInvalidArgument reports input rejected before any request was made:
	// an empty conference name, no member IDs, an empty ID, an ID holding ","
	// or "/", a conference name or ID that is "." or "..", [All] mixed with
	// other IDs, credentials that cannot be sent, an invalid [Option], or a
	// client not made by [New].
	ErrInvalidArgument = errors.New("kick: invalid argument")

	// ErrUnauthorized matches a 401 or 403 answer. Besides wrong credentials,
	// the platform also answers 401 to a lowercase path or a path without its
	// trailing slash, so a 401 from a proxy that rewrites paths looks the same.
	ErrUnauthorized = errors.New("kick: unauthorized")

	// ErrNotFound matches a 404 from the conference API itself: the conference
	// does not exist (it has ended, or nobody is in it) or the member is not in
	// it. A 404 from the platform's gateway for a route it does not know
	// matches [ErrRouteNotFound] instead.
	ErrNotFound = errors.New("kick: not found")

	// ErrRouteNotFound matches the gateway's generic 404 (body
	// {"message":"Not Found"}): the route itself does not exist, which points
	// at a wrong base URL or a proxy in between, not at a missing member.
	ErrRouteNotFound = errors.New("kick: route not found")

	// ErrRateLimited matches a 429 answer. The default retry policy retries
	// it; [Error.RetryAfter] holds the server's Retry-After, if any.
	ErrRateLimited = errors.New("kick: rate limited")

	// ErrOutcomeUnknown reports that a request that changes state may have
	// reached the platform but no definite answer came back: a 5xx answer,
	// or a transport error or timeout that does not prove the request was
	// never sent. It stays matched across retries: if any attempt may have
	// acted, the final error matches it too, whatever the later attempts
	// answered (a retried kick that gets a 404 may have worked the first
	// time). The members may or may not have been affected; confirm with the
	// conference callbacks. Test for it before the other sentinels.
	ErrOutcomeUnknown = errors.New("kick: outcome unknown")

	// ErrUnavailable matches a 2xx answer to a read that does not hold the
	// data asked for: the 200 {"error":"failed"} the live platform has given
	// for live rooms, or an empty or undecodable body. It is an [*Error]
	// carrying the 2xx status and the body, and is not retried.
	ErrUnavailable = errors.New("kick: unavailable")

	// ErrRetriesExhausted is the cause in a [*RetryError] when the retry
	// policy wanted another attempt but the maximum number of attempts had
	// been made.
	ErrRetriesExhausted = errors.New("kick: retries exhausted")
)

// Error is an answer from the platform with a status code outside 2xx, or
// a 2xx answer to a read that lacks the data ([ErrUnavailable]). Every such
// answer becomes an *Error, including one with an empty or non-JSON body.
// Match the kind of failure with [errors.Is] against [ErrUnauthorized],
// [ErrNotFound], [ErrRouteNotFound], [ErrRateLimited], [ErrOutcomeUnknown]
// or [ErrUnavailable]; reach the fields with [errors.As].
type Error struct {
	// StatusCode is the HTTP status code of the answer.
	StatusCode int
	// Message is the platform's message: the "error" field when it is a
	// string, the "message" of an "error" object, or else the top-level
	// "message" field. Empty when the body has none of these.
	Message string
	// Code is the platform's error code from an "error" object, if any.
	Code string
	// APIID is the platform's request ID ("api_id" or "requestId"), if any.
	APIID string
	// Body is the raw body, read up to a size limit.
	Body []byte
	// RetryAfter is the wait the server asked for in its Retry-After header;
	// zero when the header is absent or unparsable.
	RetryAfter time.Duration

	op     string // what was attempted, for the message only
	method string // the request's method; a GET has no unknown outcome
}

// Error returns a one-line description: the operation, the status and the
// platform's message. It never contains credentials.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("kick: ")
	if e.op != "" {
		b.WriteString(e.op)
		b.WriteString(": ")
	}
	fmt.Fprintf(&b, "%d %s", e.StatusCode, http.StatusText(e.StatusCode))
	if e.Message != "" {
		b.WriteString(": ")
		b.WriteString(e.Message)
	}
	if e.StatusCode >= 200 && e.StatusCode <= 299 {
		b.WriteString(" (a success status without the data asked for)")
	}
	if e.StatusCode == http.StatusUnauthorized {
		b.WriteString(" (wrong credentials, or a path with the wrong case or without its trailing slash)")
	}
	if e.APIID != "" {
		fmt.Fprintf(&b, " (api_id %s)", e.APIID)
	}
	return b.String()
}

// Is reports whether the status code of e corresponds to target, one of
// [ErrUnauthorized] (401, 403), [ErrNotFound] (404 from the API),
// [ErrRouteNotFound] (404 from the gateway), [ErrRateLimited] (429) and
// [ErrOutcomeUnknown] (5xx to a request that changes state, not to a GET)
// and [ErrUnavailable] (2xx).
func (e *Error) Is(target error) bool {
	switch target {
	case ErrUnauthorized:
		return e.StatusCode == http.StatusUnauthorized || e.StatusCode == http.StatusForbidden
	case ErrNotFound:
		return e.StatusCode == http.StatusNotFound && !gatewayNotFound(e.Body)
	case ErrRouteNotFound:
		return e.StatusCode == http.StatusNotFound && gatewayNotFound(e.Body)
	case ErrRateLimited:
		return e.StatusCode == http.StatusTooManyRequests
	case ErrOutcomeUnknown:
		return e.StatusCode >= 500 && e.StatusCode <= 599 && e.method != http.MethodGet
	case ErrUnavailable:
		return e.StatusCode >= 200 && e.StatusCode <= 299
	}
	return false
}

// RetryError is the error of a call that made more than one attempt, or
// that stopped while the retry policy still wanted another attempt (the
// attempts ran out, the context ended during a wait). It keeps the reason,
// the last attempt's error and every attempt's error, so [errors.Is] works
// on the cause (for example [context.DeadlineExceeded] or
// [ErrRetriesExhausted]) and on the last error, and [errors.As] finds the
// last error (for example an [*Error] from a 429).
//
// When an earlier attempt of a call that changes state may have acted, the
// RetryError matches [ErrOutcomeUnknown] even if the last attempt's error
// does not (a 503 that acted, then a 404 on the retry). Such an error
// matches both ErrOutcomeUnknown and the last error's class, so test
// ErrOutcomeUnknown first.
type RetryError struct {
	// Attempts is the number of attempts made.
	Attempts int
	// Cause is why retrying stopped: [ErrRetriesExhausted], the context's
	// error, or nil when the policy did not retry the last failure (or its
	// wait would have been longer than the maximum).
	Cause error
	// Last is the error of the last attempt.
	Last error
	// Errors holds every attempt's error, oldest first; Last is the final
	// one.
	Errors []error
	// OutcomeUnknown is set when an attempt of a call that changes state
	// (not a GET) may have acted: its error matched [ErrOutcomeUnknown].
	OutcomeUnknown bool
}

// Error returns the last attempt's error followed by the attempt count, the
// cause and, if an earlier attempt may have acted, that the outcome is
// unknown.
func (e *RetryError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%v (", e.Last)
	if e.Cause != nil {
		fmt.Fprintf(&b, "gave up after %d attempts: %s", e.Attempts, bare(e.Cause))
	} else {
		fmt.Fprintf(&b, "after %d attempts", e.Attempts)
	}
	if e.OutcomeUnknown && !errors.Is(e.Last, ErrOutcomeUnknown) {
		if n := e.firstUnknown(); n > 0 {
			fmt.Fprintf(&b, "; outcome unknown since attempt %d", n)
		} else {
			b.WriteString("; outcome unknown")
		}
	}
	b.WriteByte(')')
	return b.String()
}

// firstUnknown returns the number of the first attempt whose outcome is
// unknown, or 0.
func (e *RetryError) firstUnknown() int {
	for i, err := range e.Errors {
		if errors.Is(err, ErrOutcomeUnknown) {
			return i + 1
		}
	}
	return 0
}

// Is reports whether target is [ErrOutcomeUnknown] and an attempt may have
// acted; other targets are matched through Unwrap.
func (e *RetryError) Is(target error) bool {
	return target == ErrOutcomeUnknown && e.OutcomeUnknown
}

// Unwrap returns the cause, if any, and the last error.
func (e *RetryError) Unwrap() []error {
	if e.Cause == nil {
		return []error{e.Last}
	}
	return []error{e.Cause, e.Last}
}

// argError is an argument rejected before any request. Its message carries
// no package prefix, so it reads well inside an operation's message; it
// matches [ErrInvalidArgument] and wraps the underlying error, if any.
type argError struct {
	msg string
	err error
}

// invalid returns an error matching [ErrInvalidArgument] whose message is
// "invalid argument: " and the formatted text.
func invalid(format string, args ...any) error {
	return &argError{msg: "invalid argument: " + fmt.Sprintf(format, args...)}
}

// invalidErr is like invalid and also wraps err.
func invalidErr(err error, format string, args ...any) error {
	return &argError{msg: "invalid argument: " + fmt.Sprintf(format, args...) + ": " + err.Error(), err: err}
}

func (e *argError) Error() string        { return e.msg }
func (e *argError) Is(target error) bool { return target == ErrInvalidArgument }
func (e *argError) Unwrap() error        { return e.err }

// bare returns err's message without the package prefix, for a sentinel
// quoted inside a longer message.
func bare(err error) string {
	return strings.TrimPrefix(err.Error(), "kick: ")
}

// gatewayNotFound reports whether body is the gateway's route-not-found
// answer: a "message" of "Not Found" and no "error" field.
func gatewayNotFound(body []byte) bool {
	f := decodeFields(body)
	if f == nil {
		return false
	}
	if _, ok := f["error"]; ok {
		return false
	}
	return strings.EqualFold(stringField(f, "message"), "not found")
}

// newError builds the *Error for a non-2xx answer.
func newError(cl call, status int, header http.Header, body []byte, now time.Time) *Error {
	e := &Error{StatusCode: status, Body: body, op: cl.op, method: cl.method}
	e.RetryAfter = parseRetryAfter(header.Get("Retry-After"), now)
	f := decodeFields(body)
	if f == nil {
		return e
	}
	e.APIID = firstNonEmpty(stringField(f, "api_id"), stringField(f, "requestId"))
	if raw, ok := f["error"]; ok {
		var s string
		if json.Unmarshal(raw, &s) == nil {
			e.Message = s
		} else {
			var obj map[string]json.RawMessage
			if json.Unmarshal(raw, &obj) == nil {
				e.Message = stringField(obj, "message")
				e.Code = stringField(obj, "code")
			}
		}
	}
	if e.Message == "" {
		e.Message = stringField(f, "message")
	}
	return e
}

// decodeFields decodes a JSON object leniently; nil when body is not one.
func decodeFields(body []byte) map[string]json.RawMessage {
	var f map[string]json.RawMessage
	if json.Unmarshal(body, &f) != nil {
		return nil
	}
	return f
}

// stringField returns f[key] as by [jsonString].
func stringField(f map[string]json.RawMessage, key string) string {
	return jsonString(f[key])
}

// jsonString returns raw as a string when it is a JSON string or number, and
// "" otherwise.
func jsonString(raw json.RawMessage) string {
	if len(raw) == 0 {
		return ""
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var n json.Number
	if json.Unmarshal(raw, &n) == nil {
		return n.String()
	}
	return ""
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}
