package kick

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
)

// call is one API operation, possibly made in several attempts.
type call struct {
	op     string // for error messages
	method string
	path   string // escaped, relative to the base URL
	body   []byte // nil for no body
}

// changesState reports whether the call may change the platform's state;
// only such calls can have an unknown outcome. GETs only read.
func (cl call) changesState() bool { return cl.method != http.MethodGet }

// do runs the attempts of cl and returns the status and body of a 2xx.
//
// A failure after one attempt is that attempt's error. After several, or
// when the policy wanted a retry that could not be made, it is a
// [*RetryError] with every attempt's error; it matches [ErrOutcomeUnknown]
// when any attempt of a call that changes state may have acted.
func (c *Client) do(ctx context.Context, cl call) (int, []byte, error) {
	if err := ctx.Err(); err != nil {
		return 0, nil, fmt.Errorf("kick: %s: %w", cl.op, err)
	}
	var errs []error
	unknown := false
	fail := func(cause error) (int, []byte, error) {
		last := errs[len(errs)-1]
		if len(errs) == 1 && cause == nil {
			return 0, nil, last
		}
		return 0, nil, &RetryError{Attempts: len(errs), Cause: cause, Last: last, Errors: errs, OutcomeUnknown: unknown}
	}
	for n := 1; ; n++ {
		req, err := c.newRequest(ctx, cl)
		if err != nil {
			return 0, nil, fmt.Errorf("kick: %s: %w", cl.op, err)
		}
		status, body, a := c.attempt(ctx, cl, req)
		if a.Err == nil {
			return status, body, nil
		}
		a.Number = n
		errs = append(errs, a.Err)
		unknown = unknown || (cl.changesState() && errors.Is(a.Err, ErrOutcomeUnknown))
		if ctx.Err() != nil || !c.checkRetry(ctx, a) {
			return fail(nil)
		}
		if n >= c.maxAttempts {
			return fail(ErrRetriesExhausted)
		}
		wait := max(c.backoff(a), 0)
		if wait > c.maxWait {
			return fail(nil)
		}
		if err := c.sleep(ctx, wait); err != nil {
			return fail(err)
		}
	}
}

// newRequest builds the request for one attempt of cl.
func (c *Client) newRequest(ctx context.Context, cl call) (*http.Request, error) {
	var body io.Reader
	if cl.body != nil {
		body = bytes.NewReader(cl.body)
	}
	req, err := http.NewRequestWithContext(ctx, cl.method, c.baseURL.String()+cl.path, body)
	if err != nil {
		return nil, err
	}
	// Set directly so the names go out exactly as documented.
	req.Header["X-Auth-ID"] = []string{c.cred.id}
	req.Header["X-Auth-Token"] = []string{c.cred.token}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", c.userAgent)
	if cl.body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	return req, nil
}

// attempt sends req. On a 2xx it returns the status and body and an Attempt
// with a nil Err; otherwise the Attempt describes the failure.
func (c *Client) attempt(ctx context.Context, cl call, req *http.Request) (int, []byte, Attempt) {
	a := Attempt{Method: cl.method}
	resp, err := c.hc.Do(req)
	if err != nil {
		a.Sent = !neverSent(err)
		a.Err = transportError(ctx, cl, a.Sent, err)
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
	apiErr := newError(cl, resp.StatusCode, resp.Header, data, c.now())
	a.RetryAfter = apiErr.RetryAfter
	a.Err = apiErr
	if readErr != nil {
		a.Err = fmt.Errorf("%w (reading body: %w)", apiErr, readErr)
	}
	return 0, nil, a
}

// transportError classifies a failed round trip. A request that provably
// never left cannot have acted; otherwise the outcome of a call that
// changes state is unknown. When ctx is done its error is the one reported.
func transportError(ctx context.Context, cl call, sent bool, err error) error {
	if ctxErr := ctx.Err(); ctxErr != nil {
		err = ctxErr
	}
	switch {
	case !sent:
		return fmt.Errorf("kick: %s: request not sent: %w", cl.op, err)
	case cl.changesState():
		return fmt.Errorf("kick: %s: %w", cl.op, &unknownError{err: err})
	}
	return fmt.Errorf("kick: %s: %w", cl.op, err)
}

// unknownError is a transport failure after the request may have been
// sent; it matches [ErrOutcomeUnknown].
type unknownError struct{ err error }

func (e *unknownError) Error() string        { return "outcome unknown: " + e.err.Error() }
func (e *unknownError) Is(target error) bool { return target == ErrOutcomeUnknown }
func (e *unknownError) Unwrap() error        { return e.err }

// neverSent reports whether err proves that the request never left: the
// failure happened while the connection was being set up, before any
// request byte could be written. That is a dial error (DNS included), a
// failure to connect through a proxy, or a TLS handshake that failed on the
// certificate, on ECH or by timing out. The error chain is the evidence, so
// a RoundTripper that hides it (or fails in any other way) counts as
// possibly sent.
func neverSent(err error) bool {
	var opErr *net.OpError
	if errors.As(err, &opErr) && (opErr.Op == "dial" || opErr.Op == "proxyconnect") {
		return true
	}
	var dnsErr *net.DNSError
	var certErr *tls.CertificateVerificationError
	var echErr *tls.ECHRejectionError
	if errors.As(err, &dnsErr) || errors.As(err, &certErr) || errors.As(err, &echErr) {
		return true
	}
	return anyInChain(err, func(e error) bool {
		// net/http's handshake timeout has no exported type.
		return e.Error() == "net/http: TLS handshake timeout"
	})
}

// anyInChain reports whether f holds for err or any error it wraps.
func anyInChain(err error, f func(error) bool) bool {
	if err == nil {
		return false
	}
	if f(err) {
		return true
	}
	switch u := err.(type) {
	case interface{ Unwrap() error }:
		return anyInChain(u.Unwrap(), f)
	case interface{ Unwrap() []error }:
		for _, e := range u.Unwrap() {
			if anyInChain(e, f) {
				return true
			}
		}
	}
	return false
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
