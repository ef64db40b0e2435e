package kick

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Client defaults, used when the corresponding option is not given.
const (
	// DefaultBaseURL is the platform's API address.
	DefaultBaseURL = "https://api.vobiz.ai"
	// DefaultTimeout bounds one attempt (connect, send, answer) of the
	// default HTTP client.
	DefaultTimeout = 15 * time.Second
	// DefaultUserAgent is the User-Agent header sent on every request.
	DefaultUserAgent = "kickflow-kick/1"
)

// Option configures a [Client] made by [New] or [FromEnv]. An option given
// a bad value makes the constructor fail.
type Option func(*options) error

type options struct {
	baseURL     *url.URL
	httpClient  *http.Client
	userAgent   string
	maxAttempts int
	maxWait     time.Duration
	checkRetry  CheckRetry
	backoff     Backoff
	sleep       func(context.Context, time.Duration) error
	now         func() time.Time
}

// WithBaseURL sets the API address, an absolute http or https URL with no
// query, fragment or user info; a path is kept as a prefix. If not set, [DefaultBaseURL].
func WithBaseURL(rawURL string) Option {
	return func(o *options) error {
		u, err := url.Parse(rawURL)
		if err != nil {
			// A *url.Error quotes the whole URL, user info included; keep
			// only the reason.
			var ue *url.Error
			if errors.As(err, &ue) {
				err = ue.Err
			}
			return fmt.Errorf("kick: %w", invalidErr(err, "base URL"))
		}
		if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" ||
			u.RawQuery != "" || u.Fragment != "" || u.User != nil {
			return fmt.Errorf("kick: %w", invalid("base URL %q: want an absolute http(s) URL without query, fragment or user info",
				u.Redacted()))
		}
		u.Path = strings.TrimSuffix(u.Path, "/")
		u.RawPath = strings.TrimSuffix(u.RawPath, "/")
		o.baseURL = u
		return nil
	}
}

// WithHTTPClient sets the HTTP client used for every request; its
// transport, jar and timeout are used as they are. Its Timeout, if any,
// bounds one attempt. The client is copied so that redirects are never
// followed: a redirected POST would become a GET, and the auth headers would
// be sent on to wherever the redirect points, so a 3xx becomes an [*Error]
// instead. If not set, the client is built on [http.DefaultTransport] (see
// [New]) with [DefaultTimeout].
//
// Whether a failed request was sent is read from the error the client
// returns, never from httptrace events (a wrapping RoundTripper need not
// pass those on). Only an error that proves the request never left counts
// as not sent: a dial or DNS error (*net.OpError with Op "dial",
// *net.DNSError), a proxy connect failure (Op "proxyconnect"), or a TLS
// handshake that failed on the certificate, on ECH or by timing out. Any
// other failure counts as possibly sent: it is not retried by
// [DefaultCheckRetry] and, for a call that changes state, matches
// [ErrOutcomeUnknown]. A transport that wraps or replaces these errors thus
// makes failures look possibly sent, which is safe but retries less.
func WithHTTPClient(hc *http.Client) Option {
	return func(o *options) error {
		if hc == nil {
			return fmt.Errorf("kick: %w", invalid("nil HTTP client"))
		}
		o.httpClient = hc
		return nil
	}
}

// WithUserAgent sets the User-Agent header. If not set, [DefaultUserAgent].
func WithUserAgent(ua string) Option {
	return func(o *options) error {
		if ua == "" || !headerSafe(ua) {
			return fmt.Errorf("kick: %w", invalid("user agent %q", ua))
		}
		o.userAgent = ua
		return nil
	}
}

// WithMaxAttempts sets how many attempts a call makes in all, the first one
// included: 1 means no retries. If not set, [DefaultMaxAttempts].
func WithMaxAttempts(n int) Option {
	return func(o *options) error {
		if n < 1 {
			return fmt.Errorf("kick: %w", invalid("max attempts %d: want at least 1", n))
		}
		o.maxAttempts = n
		return nil
	}
}

// WithMaxWait sets the longest wait between two attempts; a longer wait
// asked for by the [Backoff] (usually a Retry-After) ends the retries and
// returns the last error. If not set, [DefaultMaxWait].
func WithMaxWait(d time.Duration) Option {
	return func(o *options) error {
		if d < 0 {
			return fmt.Errorf("kick: %w", invalid("max wait %v", d))
		}
		o.maxWait = d
		return nil
	}
}

// WithCheckRetry sets the policy that decides which failures are retried.
// A nil policy means the default. If not set, [DefaultCheckRetry], which
// never retries a request that may have reached the platform.
func WithCheckRetry(f CheckRetry) Option {
	return func(o *options) error {
		if f == nil {
			f = DefaultCheckRetry
		}
		o.checkRetry = f
		return nil
	}
}

// WithBackoff sets how long to wait before each retry. A nil backoff means
// the default. If not set, [DefaultBackoff].
func WithBackoff(f Backoff) Option {
	return func(o *options) error {
		if f == nil {
			f = DefaultBackoff
		}
		o.backoff = f
		return nil
	}
}

// withSleep replaces the wait between attempts; tests use it to avoid real
// sleeps.
func withSleep(f func(context.Context, time.Duration) error) Option {
	return func(o *options) error {
		o.sleep = f
		return nil
	}
}

// withClock replaces the clock used to read Retry-After dates.
func withClock(now func() time.Time) Option {
	return func(o *options) error {
		o.now = now
		return nil
	}
}

// defaultHTTPClient returns a client on http.DefaultTransport: a clone of
// it with its own pool and timeouts when it is an *http.Transport, else the
// RoundTripper itself, as it is (a tracing wrapper, for example).
func defaultHTTPClient() *http.Client {
	t, ok := http.DefaultTransport.(*http.Transport)
	if !ok {
		return &http.Client{Transport: http.DefaultTransport, Timeout: DefaultTimeout}
	}
	t = t.Clone()
	t.ResponseHeaderTimeout = DefaultTimeout
	t.MaxIdleConnsPerHost = 16
	return &http.Client{Transport: t, Timeout: DefaultTimeout}
}

// noRedirects returns a copy of hc that does not follow redirects.
func noRedirects(hc *http.Client) *http.Client {
	c := *hc
	c.CheckRedirect = func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}
	return &c
}
