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
		what := "environment variable " + missing[0]
		if len(missing) > 1 {
			what = "environment variables " + strings.Join(missing, " and ")
		}
		return nil, fmt.Errorf("kick: %w", invalid("%s not set", what))
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

// Kick removes members from a conference; their calls go on with the XML
// that follows the <Conference> element. Give one member ID, several, or
// [All]. Any 2xx answer is success.
//
// Arguments are checked before any request is made; a bad one gives an
// error matching [ErrInvalidArgument]. A non-2xx answer gives an [*Error]
// (see the package documentation for the sentinels it matches). A failure
// after the request may have reached the platform matches
// [ErrOutcomeUnknown]: the members may have been removed or not. When ctx
// ends, the error matches ctx's error.
func (c *Client) Kick(ctx context.Context, conference string, memberIDs ...string) (*Result, error) {
	op := fmt.Sprintf("kick %q %v", conference, memberIDs)
	path, err := c.memberPath(conference, memberIDs)
	if err != nil {
		return nil, fmt.Errorf("kick: %s: %w", op, err)
	}
	status, body, err := c.do(ctx, call{
		op:     op,
		method: http.MethodPost,
		path:   path + "Kick/",
		body:   []byte("{}"),
	})
	if err != nil {
		return nil, err
	}
	return newResult(status, body), nil
}

// HangUp ends the calls of conference members outright, where [Client.Kick]
// lets them go on. The platform answers 204; any 2xx is success. Arguments,
// errors and retries are as for [Client.Kick].
func (c *Client) HangUp(ctx context.Context, conference string, memberIDs ...string) error {
	op := fmt.Sprintf("hang up %q %v", conference, memberIDs)
	path, err := c.memberPath(conference, memberIDs)
	if err != nil {
		return fmt.Errorf("kick: %s: %w", op, err)
	}
	_, _, err = c.do(ctx, call{op: op, method: http.MethodDelete, path: path})
	return err
}

// memberPath checks the arguments and returns the escaped path
// ".../Conference/{conference}/Member/{ids}/".
func (c *Client) memberPath(conference string, memberIDs []string) (string, error) {
	if c == nil || c.cred == nil {
		return "", invalid("client not made by New")
	}
	if conference == "" {
		return "", invalid("empty conference name")
	}
	if conference == "." || conference == ".." {
		return "", invalid("conference name %q cannot be a path segment", conference)
	}
	if len(memberIDs) == 0 {
		return "", invalid("no member IDs")
	}
	escaped := make([]string, len(memberIDs))
	for i, id := range memberIDs {
		switch {
		case id == "":
			return "", invalid("empty member ID")
		case strings.ContainsAny(id, ",/"):
			return "", invalid("member ID %q contains \",\" or \"/\"", id)
		case id == "." || id == "..":
			return "", invalid("member ID %q cannot be a path segment", id)
		case id == All && len(memberIDs) > 1:
			return "", invalid("%q mixed with other member IDs", All)
		}
		escaped[i] = url.PathEscape(id)
	}
	return "/api/v1/Account/" + c.cred.id +
		"/Conference/" + url.PathEscape(conference) +
		"/Member/" + strings.Join(escaped, ",") + "/", nil
}

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
