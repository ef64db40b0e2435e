package flow

import (
	"crypto/rand"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"time"

	"github.com/kickflow/kickflow/kick"
	vxml "github.com/kickflow/kickflow/xml"
)

// The paths of the endpoints below the public base URL.
const (
	// EventsPath receives the conference enter and exit callbacks.
	EventsPath = "/events"
	// ContinuePath serves the continuation of a call that left its room.
	ContinuePath = "/continue"
	// JoinParam is the query parameter that carried the join token (see
	// [Member.Join]) in the legacy callback URL form; join documents now
	// carry the token in the path (see [Flow.Join]).
	JoinParam = "join"
)

// Flow kicks conference members with a continuation: what each kicked
// caller hears next. It makes the join documents, keeps the member registry
// from the conference callbacks, stores continuations before kicking and
// serves them when the kicked calls come back. Its HTTP endpoints are served
// by the Flow itself, an [http.Handler].
//
// Make it with [New]; the zero value is not usable. A Flow is safe for
// concurrent use by multiple goroutines.
type Flow struct {
	client      *kick.Client
	eventsURL   string
	continueURL string
	o           options
	defaultDoc  []byte
	guard       Guard // the store, if it is one
	legacyUntil time.Time
	nonces      nonceCache
	templates   templateCache
	reconciled  reconciledSet
	stats       counters
}

var _ http.Handler = (*Flow)(nil)

// New returns a Flow that kicks through client and whose endpoints the
// platform reaches at publicBaseURL: the callbacks at publicBaseURL +
// [EventsPath], the continuations at publicBaseURL + [ContinuePath]. The
// base URL is the address as the platform sees it (behind a proxy, the
// proxy's public address); it must be absolute http or https with no query,
// fragment or user info. Signatures are checked against these URLs, never
// against the Host of the incoming request.
//
// A bad argument or option, or a nil option, gives an error matching
// [ErrInvalidArgument]; a nil option is named by its position among opts,
// counting from 1.
func New(client *kick.Client, publicBaseURL string, opts ...Option) (*Flow, error) {
	if client == nil {
		return nil, invalid("nil kick client")
	}
	base, err := baseURL(publicBaseURL)
	if err != nil {
		return nil, err
	}
	o := defaultOptions()
	for i, opt := range opts {
		if opt == nil {
			return nil, invalid("option %d is nil", i+1)
		}
		if err := opt(&o); err != nil {
			return nil, err
		}
	}
	if err := o.resolve(); err != nil {
		return nil, err
	}
	def := o.defaultDoc
	if def == nil {
		def = vxml.NewResponse().Speak(DefaultEndedText).Hangup()
	}
	doc, err := def.Render()
	if err != nil {
		return nil, fmt.Errorf("%w: default document: %w", ErrInvalidArgument, err)
	}
	f := &Flow{
		client:      client,
		eventsURL:   base + EventsPath,
		continueURL: base + ContinuePath,
		o:           o,
		defaultDoc:  doc,
	}
	f.nonces.max = o.maxNonces
	if h := o.hooks.StoreFailed; h != nil {
		f.o.store = observe(o.store, h)
	}
	f.guard, _ = f.o.store.(Guard)
	legacy := DefaultLegacyURLs
	if o.legacyURLs != nil {
		legacy = *o.legacyURLs
	}
	f.legacyUntil = o.now().Add(legacy)
	return f, nil
}

// baseURL checks a public base URL and returns it in the form the platform
// signs (scheme, host and escaped path) without a trailing slash.
func baseURL(raw string) (string, error) {
	u, err := url.Parse(raw)
	if err != nil {
		// A *url.Error quotes the whole URL, which may hold a password.
		if ue, ok := errors.AsType[*url.Error](err); ok {
			err = ue.Err
		}
		return "", invalid("public base URL: %v", err)
	}
	switch shown := u.Redacted(); {
	case u.Scheme != "http" && u.Scheme != "https":
		return "", invalid("public base URL %q is not http or https", shown)
	case u.Host == "":
		return "", invalid("public base URL %q has no host", shown)
	case u.RawQuery != "" || u.ForceQuery || u.Fragment != "" || u.User != nil:
		return "", invalid("public base URL %q has a query, fragment or user info", shown)
	}
	return u.Scheme + "://" + u.Host + strings.TrimSuffix(u.EscapedPath(), "/"), nil
}

// EventsURL returns the URL the platform posts conference callbacks to,
// without the "/" + join token that join documents append.
func (f *Flow) EventsURL() string { return f.eventsURL }

// ContinueURL returns the URL a call fetches its continuation from,
// without the "/" + join token that join documents append.
func (f *Flow) ContinueURL() string { return f.continueURL }

// newJoinToken returns a token that tells one join apart from the others.
func (f *Flow) newJoinToken() string {
	if f.o.joinToken != nil {
		return f.o.joinToken()
	}
	return rand.Text()[:16]
}

// Hooks are functions the flow calls on events worth counting. A nil
// function is not called. They run synchronously on the goroutine of the
// event and must be safe for concurrent use.
type Hooks struct {
	// Kicked is called after every Kick that reached the kick API, with its
	// result and error (see [Flow.Kick]).
	Kicked func(res *Result, err error)
	// Served is called after a continuation request was answered, with the
	// call UUID and whether the default document was served.
	Served func(callUUID string, isDefault bool)
	// SignatureRejected is called for every request rejected for its
	// signature, with the error (matching [ErrSignature]).
	SignatureRejected func(err error)
	// StoreFailed is called for every failed call to the flow's [Store],
	// with the name of the method (a [Store] or [Guard] method, such as
	// "TakeContinuation" or "EnterOnce") and its error. The flow handles
	// the failure as it would without the hook.
	StoreFailed func(op string, err error)
}

// Stats counts what a Flow has done since it was made.
type Stats struct {
	// Kicks counts kicks the platform accepted.
	Kicks int64
	// KicksFailed counts kicks the platform definitely refused, or that
	// could not be sent; their continuations were removed.
	KicksFailed int64
	// KicksUnknown counts kicks with an unknown outcome; their
	// continuations were kept.
	KicksUnknown int64
	// Continuations counts stored continuations served, retried fetches
	// within the grace window included.
	Continuations int64
	// Defaults counts continuation requests answered with the default
	// document.
	Defaults int64
	// Enters and Exits count conference callbacks recorded.
	Enters, Exits int64
	// SignatureFailures counts requests rejected for their signature.
	SignatureFailures int64
}

type counters struct {
	kicks, kicksFailed, kicksUnknown, continuations, defaults, enters, exits, sigFailures atomic.Int64
}

// Stats returns the counts so far.
func (f *Flow) Stats() Stats {
	c := &f.stats
	return Stats{
		Kicks:             c.kicks.Load(),
		KicksFailed:       c.kicksFailed.Load(),
		KicksUnknown:      c.kicksUnknown.Load(),
		Continuations:     c.continuations.Load(),
		Defaults:          c.defaults.Load(),
		Enters:            c.enters.Load(),
		Exits:             c.exits.Load(),
		SignatureFailures: c.sigFailures.Load(),
	}
}
