package kick

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"os"
	"strings"
	"sync/atomic"
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
// A bad argument or option gives an error matching [ErrInvalidArgument].
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
	for _, opt := range opts {
		if opt == nil {
			continue
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
		return nil, fmt.Errorf("kick: environment variable %s not set: %w",
			strings.Join(missing, " and "), ErrInvalidArgument)
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

// call is one API operation, possibly made in several attempts.
type call struct {
	op     string // for error messages
	method string
	path   string // escaped, relative to the base URL
	body   []byte // nil for no body
}

// do runs the attempts of cl and returns the status and body of a 2xx.
func (c *Client) do(ctx context.Context, cl call) (int, []byte, error) {
	if err := ctx.Err(); err != nil {
		return 0, nil, fmt.Errorf("kick: %s: %w", cl.op, err)
	}
	for n := 1; ; n++ {
		req, connected, err := c.newRequest(ctx, cl)
		if err != nil {
			return 0, nil, fmt.Errorf("kick: %s: %w", cl.op, err)
		}
		status, body, a := c.attempt(ctx, cl, req, connected)
		if a.Err == nil {
			return status, body, nil
		}
		a.Number = n
		if ctx.Err() != nil || !c.checkRetry(ctx, a) {
			return 0, nil, a.Err
		}
		if n >= c.maxAttempts {
			return 0, nil, &RetryError{Attempts: n, Cause: ErrRetriesExhausted, Last: a.Err}
		}
		wait := max(c.backoff(a), 0)
		if wait > c.maxWait {
			return 0, nil, a.Err
		}
		if err := c.sleep(ctx, wait); err != nil {
			return 0, nil, &RetryError{Attempts: n, Cause: err, Last: a.Err}
		}
	}
}

// newRequest builds the request for one attempt of cl. The returned flag is
// set once the transport has a connection for it, from which point the
// platform may receive it.
func (c *Client) newRequest(ctx context.Context, cl call) (*http.Request, *atomic.Bool, error) {
	connected := new(atomic.Bool)
	trace := &httptrace.ClientTrace{
		GotConn: func(httptrace.GotConnInfo) { connected.Store(true) },
	}
	var body io.Reader
	if cl.body != nil {
		body = bytes.NewReader(cl.body)
	}
	req, err := http.NewRequestWithContext(httptrace.WithClientTrace(ctx, trace),
		cl.method, c.baseURL.String()+cl.path, body)
	if err != nil {
		return nil, nil, err
	}
	// Set directly so the names go out exactly as documented.
	req.Header["X-Auth-ID"] = []string{c.cred.id}
	req.Header["X-Auth-Token"] = []string{c.cred.token}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", c.userAgent)
	if cl.body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	return req, connected, nil
}

// attempt sends req. On a 2xx it returns the status and body and an Attempt
// with a nil Err; otherwise the Attempt describes the failure.
func (c *Client) attempt(ctx context.Context, cl call, req *http.Request, connected *atomic.Bool) (int, []byte, Attempt) {
	a := Attempt{Method: cl.method}
	resp, err := c.hc.Do(req)
	if err != nil {
		a.Sent = connected.Load()
		a.Err = transportError(ctx, cl.op, a.Sent, err)
		return 0, nil, a
	}
	data, readErr := readBody(resp.Body)
	a.StatusCode = resp.StatusCode
	a.Sent = true
	if resp.StatusCode >= 200 && resp.StatusCode <= 299 {
		// The platform has acted; a body cut short changes nothing, and the
		// result keeps what was read.
		return resp.StatusCode, data, Attempt{}
	}
	apiErr := newError(cl.op, resp.StatusCode, resp.Header, data, c.now())
	a.RetryAfter = apiErr.RetryAfter
	a.Err = apiErr
	if readErr != nil {
		a.Err = fmt.Errorf("%w (reading body: %w)", apiErr, readErr)
	}
	return 0, nil, a
}

// transportError classifies a failed round trip. Before a connection was
// made the platform cannot have acted; after, the outcome is unknown. When
// ctx is done its error is the one reported.
func transportError(ctx context.Context, op string, sent bool, err error) error {
	if ctxErr := ctx.Err(); ctxErr != nil {
		err = ctxErr
	}
	if sent {
		return fmt.Errorf("kick: %s: %w: %w", op, ErrOutcomeUnknown, err)
	}
	return fmt.Errorf("kick: %s: request not sent: %w", op, err)
}

// readBody reads up to maxBodySize bytes, discards a bounded remainder so
// the connection can be reused, and closes the body.
func readBody(rc io.ReadCloser) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(rc, maxBodySize))
	if err == nil {
		_, err = io.Copy(io.Discard, io.LimitReader(rc, maxDrainSize))
	}
	if cerr := rc.Close(); err == nil {
		err = cerr
	}
	return data, err
}

// memberPath checks the arguments and returns the escaped path
// ".../Conference/{conference}/Member/{ids}/".
func (c *Client) memberPath(conference string, memberIDs []string) (string, error) {
	if c == nil || c.cred == nil {
		return "", fmt.Errorf("client not made by New: %w", ErrInvalidArgument)
	}
	if conference == "" {
		return "", fmt.Errorf("empty conference name: %w", ErrInvalidArgument)
	}
	if conference == "." || conference == ".." {
		return "", fmt.Errorf("conference name %q cannot be a path segment: %w", conference, ErrInvalidArgument)
	}
	if len(memberIDs) == 0 {
		return "", fmt.Errorf("no member IDs: %w", ErrInvalidArgument)
	}
	escaped := make([]string, len(memberIDs))
	for i, id := range memberIDs {
		switch {
		case id == "":
			return "", fmt.Errorf("empty member ID: %w", ErrInvalidArgument)
		case strings.ContainsAny(id, ",/"):
			return "", fmt.Errorf("member ID %q contains \",\" or \"/\": %w", id, ErrInvalidArgument)
		case id == "." || id == "..":
			return "", fmt.Errorf("member ID %q cannot be a path segment: %w", id, ErrInvalidArgument)
		case id == All && len(memberIDs) > 1:
			return "", fmt.Errorf("%q mixed with other member IDs: %w", All, ErrInvalidArgument)
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
		return fmt.Errorf("kick: empty auth ID: %w", ErrInvalidArgument)
	case url.PathEscape(authID) != authID || authID == "." || authID == "..":
		return fmt.Errorf("kick: auth ID %q is not path-safe: %w", authID, ErrInvalidArgument)
	case authToken == "":
		return fmt.Errorf("kick: empty auth token: %w", ErrInvalidArgument)
	case !headerSafe(authToken):
		return fmt.Errorf("kick: auth token holds characters not allowed in a header: %w", ErrInvalidArgument)
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
