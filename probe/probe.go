// Package probe requests an app's answer URL the way Vobiz does when a
// call comes in, and reports what Vobiz would make of the answer: the HTTP
// side (status, Content-Type, size, time to answer) and the document
// itself (xml.Check). It is what kickflow lint does for a URL, for Go
// programs and tests that want the same check.
//
// The request is a webhook like the one Vobiz sends to an answer URL: the
// form parameters CallUUID, From, To, Direction=inbound,
// CallStatus=ringing and Event=StartApp, in the body for POST or the query
// string for GET, with User-Agent Vobiz and, when an auth token is given,
// the V2 and V3 signature headers an app verifies.
package probe

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/kickflow/kickflow/internal/signature"
	"github.com/kickflow/kickflow/xml"
)

// Defaults for the fields of Request left zero.
const (
	// DefaultMaxLatency is the longest an answer may take: the upper end of
	// Vobiz's guidance to answer within 1 to 2 seconds
	// (https://www.vobiz.ai/docs/xml/overview/best-practices). Vobiz
	// documents no hard timeout; a caller hears silence meanwhile.
	DefaultMaxLatency = 2 * time.Second
	// DefaultTimeout is how long Answer waits for the whole answer before
	// giving up.
	DefaultTimeout = 10 * time.Second
	// DefaultFrom and DefaultTo are the caller and called numbers sent
	// when Request leaves them empty.
	DefaultFrom = "+14155550100"
	DefaultTo   = "+14155550199"
)

// The rules of the findings about the HTTP side of an answer. Their
// findings have no element path and no position.
const (
	// RuleStatus fires on an answer other than 2xx: Vobiz drops the call
	// (https://www.vobiz.ai/docs/concepts/hangup-causes).
	RuleStatus xml.Rule = "http-status"
	// RuleContentType fires on a Content-Type other than application/xml or
	// text/xml: Vobiz cannot read the document and drops the call
	// (https://www.vobiz.ai/docs/xml/request).
	RuleContentType xml.Rule = "content-type"
	// RuleBodySize fires on a body over xml.MaxSize, Vobiz's 100 KB limit
	// (https://www.vobiz.ai/docs/xml/request).
	RuleBodySize xml.Rule = "body-size"
	// RuleLatency fires on an answer slower than Request.MaxLatency, or none
	// within Request.Timeout.
	RuleLatency xml.Rule = "latency"
)

// ErrRequest is matched by the errors of Answer for a request that got no
// HTTP answer for a reason other than slowness: a bad URL, a host that
// cannot be resolved or reached, a TLS failure, a cancelled context.
var ErrRequest = errors.New("probe: no answer")

// Request describes the answer request to make.
type Request struct {
	// URL is the answer URL, http or https.
	URL string
	// Method is GET or POST; POST when empty, Vobiz's default answer
	// method.
	Method string
	// From, To and CallUUID are sent as the webhook's parameters;
	// DefaultFrom, DefaultTo and a random UUID when empty.
	From, To, CallUUID string
	// AuthToken, when set, signs the request with the V2 and V3 signatures
	// as Vobiz does with the account's auth token.
	AuthToken string
	// MaxLatency is the longest an answer may take before it is an error;
	// DefaultMaxLatency when 0.
	MaxLatency time.Duration
	// Timeout bounds the whole request, reading the body included;
	// DefaultTimeout when 0.
	Timeout time.Duration
	// Client makes the request; a client without its own timeout when nil.
	// Redirects are followed as Client does.
	Client *http.Client
}

// Result is what the answer URL gave back.
type Result struct {
	// Status is the status code of the answer; 0 if none came in time.
	Status int
	// ContentType is the answer's Content-Type header.
	ContentType string
	// Body is the answer's body; at most xml.MaxSize+1 bytes are read.
	Body []byte
	// Elapsed is how long the answer took, reading the body included.
	Elapsed time.Duration
	// Findings are the findings about the HTTP side, then, when the answer
	// is a 2xx with a body within the size limit, those of xml.Check on
	// the body (strict parsing) in document order.
	Findings []xml.Finding
}

// Failed reports whether a finding is at xml.Error severity: Vobiz would
// drop the call.
func (r *Result) Failed() bool {
	for _, f := range r.Findings {
		if f.Severity == xml.Error {
			return true
		}
	}
	return false
}

// Answer requests req.URL as Vobiz requests an answer URL and judges the
// answer. It returns an error matching ErrRequest when no HTTP answer came
// for a reason other than slowness, and then no Result; an answer that is
// slow, late or wrong is a Result with findings.
func Answer(ctx context.Context, req Request) (*Result, error) {
	hreq, err := newRequest(ctx, req)
	if err != nil {
		return nil, err
	}
	timeout := req.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	maxLatency := req.MaxLatency
	if maxLatency <= 0 {
		maxLatency = DefaultMaxLatency
	}
	client := req.Client
	if client == nil {
		client = &http.Client{}
	}
	reqCtx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	hreq = hreq.WithContext(reqCtx)

	start := time.Now()
	res := &Result{}
	resp, err := client.Do(hreq)
	if err == nil {
		res.Status = resp.StatusCode
		res.ContentType = resp.Header.Get("Content-Type")
		res.Body, err = io.ReadAll(io.LimitReader(resp.Body, xml.MaxSize+1))
		resp.Body.Close()
	}
	res.Elapsed = time.Since(start)
	if err != nil {
		if ctx.Err() == nil && errors.Is(reqCtx.Err(), context.DeadlineExceeded) {
			res.add(RuleLatency, "no complete answer within "+timeout.String()+"; Vobiz drops a call whose answer URL does not answer")
			return res, nil
		}
		return nil, fmt.Errorf("%w: %s %s: %w", ErrRequest, hreq.Method, req.URL, err)
	}
	res.judge(maxLatency)
	return res, nil
}

// newRequest builds the signed webhook request.
func newRequest(ctx context.Context, req Request) (*http.Request, error) {
	u, err := url.Parse(req.URL)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrRequest, err)
	}
	if u.Scheme != "http" && u.Scheme != "https" || u.Host == "" {
		return nil, fmt.Errorf("%w: %q is not an absolute http or https URL", ErrRequest, req.URL)
	}
	method := strings.ToUpper(req.Method)
	if method == "" {
		method = http.MethodPost
	}
	if method != http.MethodGet && method != http.MethodPost {
		return nil, fmt.Errorf("%w: method %q is not GET or POST", ErrRequest, req.Method)
	}
	form := url.Values{
		"CallUUID":   {or(req.CallUUID, newUUID())},
		"From":       {or(req.From, DefaultFrom)},
		"To":         {or(req.To, DefaultTo)},
		"Direction":  {string(xml.Inbound)},
		"CallStatus": {string(xml.StatusRinging)},
		"Event":      {string(xml.EventStartApp)},
	}
	target := req.URL
	var body io.Reader
	if method == http.MethodGet {
		q := u.Query()
		for k, vs := range form {
			q[k] = vs
		}
		u.RawQuery = q.Encode()
		target = u.String()
	} else {
		body = strings.NewReader(form.Encode())
	}
	hreq, err := http.NewRequestWithContext(ctx, method, target, body)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrRequest, err)
	}
	hreq.Header.Set("User-Agent", "Vobiz")
	if body != nil {
		hreq.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if req.AuthToken != "" {
		if err := sign(hreq.Header, req.AuthToken, target); err != nil {
			return nil, err
		}
	}
	return hreq, nil
}

// sign sets the V2 and V3 signature headers, each with its own nonce.
func sign(h http.Header, authToken, target string) error {
	n2, n3 := signature.Nonce(), signature.Nonce()
	v2, err := signature.SignV2(authToken, target, n2)
	if err != nil {
		return fmt.Errorf("%w: signing: %w", ErrRequest, err)
	}
	v3, err := signature.SignV3(authToken, target, n3)
	if err != nil {
		return fmt.Errorf("%w: signing: %w", ErrRequest, err)
	}
	h.Set(signature.HeaderV2, v2)
	h.Set(signature.HeaderV2Nonce, n2)
	h.Set(signature.HeaderV3, v3)
	h.Set(signature.HeaderV3Nonce, n3)
	return nil
}

// judge adds the findings on the answer that came.
func (r *Result) judge(maxLatency time.Duration) {
	if r.Elapsed > maxLatency {
		r.add(RuleLatency, "answered in "+r.Elapsed.Round(time.Millisecond).String()+", over "+maxLatency.String()+
			"; the caller hears silence meanwhile and Vobiz asks for 1 to 2 s")
	}
	if r.Status < 200 || r.Status > 299 {
		r.add(RuleStatus, "status "+strconv.Itoa(r.Status)+" "+http.StatusText(r.Status)+
			"; Vobiz drops a call whose answer URL does not answer 2xx")
		return
	}
	mt, _, err := mime.ParseMediaType(r.ContentType)
	if err != nil || (mt != "application/xml" && mt != "text/xml") {
		r.add(RuleContentType, "Content-Type "+strconv.Quote(r.ContentType)+
			" is not application/xml or text/xml; Vobiz cannot read the document and drops the call")
	}
	if len(r.Body) > xml.MaxSize {
		r.add(RuleBodySize, "body is larger than "+strconv.Itoa(xml.MaxSize)+" bytes, Vobiz's limit")
		return
	}
	r.Findings = append(r.Findings, xml.Check(r.Body)...)
}

// add records an Error finding about the HTTP side.
func (r *Result) add(rule xml.Rule, msg string) {
	r.Findings = append(r.Findings, xml.Finding{Severity: xml.Error, Rule: rule, Message: msg})
}

func or(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// newUUID returns a random version 4 UUID, as Vobiz's CallUUID.
func newUUID() string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		// crypto/rand.Read does not fail on supported platforms.
		panic("probe: reading random bytes: " + err.Error())
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}
