package kick

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"
)

// All is the member ID that selects every member of a conference. It cannot
// be combined with other IDs.
const All = "all"

// Environment variables read by [FromEnv].
const (
	EnvAuthID    = "VOBIZ_AUTH_ID"
	EnvAuthToken = "VOBIZ_AUTH_TOKEN"
	EnvAPIURL    = "VOBIZ_API_URL"
)

const (
	// maxBodySize bounds how much of an answer's body is read and kept.
	maxBodySize = 64 << 10
	// maxDrainSize bounds how much of an over-long body is discarded so the
	// connection can be reused.
	maxDrainSize = 256 << 10
)

// Client calls the conference member API. Make it with [New] or [FromEnv];
// the zero value is not usable and its methods return an error matching
// [ErrInvalidArgument]. A Client is safe for concurrent use by multiple
// goroutines and reuses connections across calls.
//
// Formatting a Client (String, %v, %#v) never shows the auth token.
type Client struct {
	cred        *credentials // a pointer so that fmt never prints the token
	baseURL     *url.URL
	hc          *http.Client
	userAgent   string
	maxAttempts int
	maxWait     time.Duration
	checkRetry  CheckRetry
	backoff     Backoff
	sleep       func(context.Context, time.Duration) error
	now         func() time.Time
}

type credentials struct {
	id    string
	token string
}

// New returns a client for the account authID authenticated by authToken.
// The auth ID goes into request paths and must be path-safe (for example
// "MA_XXXXXXXX"); both must be non-empty and valid in an HTTP header.
// A bad argument or option, or a nil option, gives an error matching
// [ErrInvalidArgument]; a nil option's error names its position, counted
// from 1.
//
// Without [WithHTTPClient], requests go through [http.DefaultTransport].
// When it is an *http.Transport the client uses a clone of it, with its own
// connection pool and a [DefaultTimeout] for the answer's headers. When it
// is any other RoundTripper (a tracing wrapper, say) the client uses it as
// it is, shared with the rest of the program, and [DefaultTimeout] bounds
// each attempt. Either way the client itself stops at a redirect (see
// [WithHTTPClient]); a RoundTripper that follows redirects on its own is
// beyond its reach.
func New(authID, authToken string, opts ...Option) (*Client, error) {
	if err := checkCredentials(authID, authToken); err != nil {
		return nil, err
	}
	o := options{
		httpClient:  nil,
		userAgent:   DefaultUserAgent,
		maxAttempts: DefaultMaxAttempts,
		maxWait:     DefaultMaxWait,
		checkRetry:  DefaultCheckRetry,
		backoff:     DefaultBackoff,
		sleep:       sleep,
		now:         time.Now,
	}
	if err := WithBaseURL(DefaultBaseURL)(&o); err != nil {
		return nil, err
	}
	for i, opt := range opts {
		if opt == nil {
			return nil, fmt.Errorf("kick: %w", invalid("option %d is nil", i+1))
		}
		if err := opt(&o); err != nil {
			return nil, err
		}
	}
	if o.httpClient == nil {
		o.httpClient = defaultHTTPClient()
	}
	return &Client{
		cred:        &credentials{id: authID, token: authToken},
		baseURL:     o.baseURL,
		hc:          noRedirects(o.httpClient),
		userAgent:   o.userAgent,
		maxAttempts: o.maxAttempts,
		maxWait:     o.maxWait,
		checkRetry:  o.checkRetry,
		backoff:     o.backoff,
		sleep:       o.sleep,
		now:         o.now,
	}, nil
}

// FromEnv returns a client configured from the environment: VOBIZ_AUTH_ID
// and VOBIZ_AUTH_TOKEN (required) and VOBIZ_API_URL (optional, the base
// URL). Options given here override the environment. A missing or empty
// required variable gives an error that names it and matches
// [ErrInvalidArgument].
func FromEnv(opts ...Option) (*Client, error) {
	var missing []string
	id, token := os.Getenv(EnvAuthID), os.Getenv(EnvAuthToken)
	if id == "" {
		missing = append(missing, EnvAuthID)
	}
	if token == "" {
		missing = append(missing, EnvAuthToken)
	}
	if len(missing) > 0 {
		verb := "is"
		if len(missing) > 1 {
			verb = "are"
		}
		return nil, fmt.Errorf("kick: %w", invalid("%s %s not set", strings.Join(missing, " and "), verb))
	}
	if u := os.Getenv(EnvAPIURL); u != "" {
		opts = append([]Option{WithBaseURL(u)}, opts...)
	}
	return New(id, token, opts...)
}

// String describes the client without its auth token.
func (c *Client) String() string {
	if c == nil || c.cred == nil {
		return "kick.Client(unconfigured)"
	}
	return fmt.Sprintf("kick.Client(auth ID %s, base URL %s)", c.cred.id, c.baseURL.Redacted())
}

// GoString is like String, so %#v does not show the auth token either.
func (c *Client) GoString() string { return c.String() }

// checkCredentials rejects an auth ID that is not a plain path segment and
// credentials that cannot be sent in a header. The token is never quoted.
func checkCredentials(authID, authToken string) error {
	switch {
	case authID == "":
		return fmt.Errorf("kick: %w", invalid("empty auth ID"))
	case url.PathEscape(authID) != authID || authID == "." || authID == "..":
		return fmt.Errorf("kick: %w", invalid("auth ID %q is not path-safe", authID))
	case authToken == "":
		return fmt.Errorf("kick: %w", invalid("empty auth token"))
	case !headerSafe(authToken):
		return fmt.Errorf("kick: %w", invalid("auth token holds characters not allowed in a header"))
	}
	return nil
}

// headerSafe reports whether s can be sent as a header value unchanged:
// visible ASCII, space and tab only, no leading or trailing blanks.
func headerSafe(s string) bool {
	if strings.TrimSpace(s) != s {
		return false
	}
	for i := 0; i < len(s); i++ {
		if b := s[i]; (b < 0x20 && b != '\t') || b >= 0x7f {
			return false
		}
	}
	return true
}
