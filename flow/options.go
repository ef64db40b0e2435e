package flow

import (
	"fmt"
	"log/slog"
	"time"

	vxml "github.com/kickflow/kickflow/xml"
)

// Defaults used when the corresponding option is not given.
const (
	// DefaultContinuationTTL is how long a stored continuation waits for
	// its kicked call to fetch it.
	DefaultContinuationTTL = 10 * time.Minute
	// DefaultGrace is how long a served continuation is served again to a
	// retried fetch of the same call.
	DefaultGrace = 30 * time.Second
	// DefaultMemberTTL is how long the registry keeps a member (and the
	// memory of an exit) without news: longer than the platform's default
	// conference time limit of four hours.
	DefaultMemberTTL = 5 * time.Hour
	// DefaultNonceTTL is how long a signature nonce is remembered to
	// reject replays when neither [WithNonceTTL] nor [WithMemberTTL] is
	// given: the member TTL, as long as a replay could still do harm.
	DefaultNonceTTL = DefaultMemberTTL
	// DefaultMaxNonces bounds the per-process nonce cache used with a
	// [Store] that is not a [Guard]; when it is full, the oldest nonce is
	// forgotten.
	DefaultMaxNonces = 1 << 20
	// DefaultEndedText is what the default continuation says before it
	// hangs up.
	DefaultEndedText = "The conference has ended."
	// MaxAnnounceBytes bounds the text a continuation's announcement
	// template may produce.
	MaxAnnounceBytes = 4096
)

// Option configures a [Flow] made by [New]. An option given a bad value
// makes New fail with an error matching [ErrInvalidArgument].
type Option func(*options) error

type options struct {
	store           Store
	authToken       string
	verify          *bool
	stayAlone       bool
	defaultDoc      *vxml.Response
	continuationTTL time.Duration
	grace           time.Duration
	memberTTL       time.Duration
	nonceTTL        time.Duration // 0: the member TTL
	legacyURLs      *time.Duration
	maxNonces       int
	logger          *slog.Logger
	hooks           Hooks
	now             func() time.Time
	joinToken       func() string
}

func defaultOptions() options {
	return options{
		stayAlone:       true,
		continuationTTL: DefaultContinuationTTL,
		grace:           DefaultGrace,
		memberTTL:       DefaultMemberTTL,
		maxNonces:       DefaultMaxNonces,
		now:             time.Now,
	}
}

func invalid(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrInvalidArgument}, args...)...)
}

// WithStore sets where continuations and the member registry are kept.
// If not set, a new [MemoryStore].
func WithStore(s Store) Option {
	return func(o *options) error {
		if s == nil {
			return invalid("nil store")
		}
		o.store = s
		return nil
	}
}

// WithAuthToken sets the account's auth token, which the platform signs
// its requests with, and turns signature verification on (unless
// [WithSignatures] turns it off). If not set, requests are not verified.
func WithAuthToken(token string) Option {
	return func(o *options) error {
		if token == "" {
			return invalid("empty auth token")
		}
		o.authToken = token
		return nil
	}
}

// WithSignatures turns signature verification on or off. Turning it on
// needs [WithAuthToken]. If not set, verification is on exactly when an
// auth token is configured.
func WithSignatures(on bool) Option {
	return func(o *options) error {
		o.verify = &on
		return nil
	}
}

// WithStayAlone sets the stayAlone value every join document carries. If
// not set, true, so a caller alone in the room is not disconnected (the
// platform's own default is false).
func WithStayAlone(stay bool) Option {
	return func(o *options) error {
		o.stayAlone = stay
		return nil
	}
}

// WithDefault sets the document served to a call that fetches its
// continuation when none is stored: it left the room without a kick of
// this flow (stayAlone or endConferenceOnExit cascades, hangupOnStar,
// another app's kick) or its continuation expired. The document must be
// valid. If not set, a Speak of [DefaultEndedText] followed by a Hangup.
func WithDefault(r *vxml.Response) Option {
	return func(o *options) error {
		if r == nil {
			return invalid("nil default document")
		}
		o.defaultDoc = r
		return nil
	}
}

// WithContinuationTTL sets how long a stored continuation is kept for its
// call. If not set, [DefaultContinuationTTL].
func WithContinuationTTL(d time.Duration) Option {
	return positive("continuation TTL", d, func(o *options) { o.continuationTTL = d })
}

// WithGrace sets how long a continuation, once served, is served again to
// retried fetches of the same call. If not set, [DefaultGrace].
func WithGrace(d time.Duration) Option {
	return positive("grace window", d, func(o *options) { o.grace = d })
}

// WithMemberTTL sets how long the registry keeps a member, and the memory
// of an exit, without news. If not set, [DefaultMemberTTL].
func WithMemberTTL(d time.Duration) Option {
	return positive("member TTL", d, func(o *options) { o.memberTTL = d })
}

// WithNonceTTL sets how long a signature nonce is remembered to reject a
// replayed request in the legacy URL form, or by a [Store] that is not a
// [Guard]; under a join token the join's binding keeps its nonces for the
// member TTL (see the package doc). If not set, the member TTL.
func WithNonceTTL(d time.Duration) Option {
	return positive("nonce TTL", d, func(o *options) { o.nonceTTL = d })
}

func positive(what string, d time.Duration, set func(*options)) Option {
	return func(o *options) error {
		if d <= 0 {
			return invalid("%s %v is not positive", what, d)
		}
		set(o)
		return nil
	}
}

// WithLogger sets the structured logger. The flow logs call UUIDs, rooms,
// member IDs and outcomes, never tokens, signatures or raw headers. If not
// set, nothing is logged.
func WithLogger(l *slog.Logger) Option {
	return func(o *options) error {
		if l == nil {
			return invalid("nil logger")
		}
		o.logger = l
		return nil
	}
}

// WithHooks sets functions called on kicks, served continuations and
// rejected signatures, for metrics. If not set, none; [Flow.Stats] counts
// the same events either way.
func WithHooks(h Hooks) Option {
	return func(o *options) error {
		o.hooks = h
		return nil
	}
}

// resolve checks the options against each other.
func (o *options) resolve() error {
	if o.verify != nil && *o.verify && o.authToken == "" {
		return invalid("signature verification needs an auth token")
	}
	if o.store == nil {
		o.store = &MemoryStore{}
	}
	if o.nonceTTL == 0 {
		o.nonceTTL = o.memberTTL
	}
	if o.logger == nil {
		o.logger = slog.New(slog.DiscardHandler)
	}
	return nil
}

func (o *options) verifying() bool {
	if o.verify != nil {
		return *o.verify
	}
	return o.authToken != ""
}
