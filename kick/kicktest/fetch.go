package kicktest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/kickflow/kickflow/internal/signature"
	"github.com/kickflow/kickflow/xml"
)

// maxDocument is the largest document the platform accepts (100 KB).
const maxDocument = 100 << 10

// Exchange is a request the platform made to the app and what came back.
type Exchange struct {
	// CallUUID is the call the request was made for.
	CallUUID string
	// Event is the request's Event parameter: StartApp for the answer URL,
	// Redirect, ConferenceEnter or ConferenceExit.
	Event xml.Event
	// Method is GET or POST.
	Method string
	// URL is the URL requested, with the parameters in its query string
	// for GET.
	URL string
	// Header holds the request headers, signatures included.
	Header http.Header
	// Form holds the parameters sent.
	Form url.Values
	// Status is the answer's status code; 0 if none came.
	Status int
	// ContentType is the answer's Content-Type header.
	ContentType string
	// Body is the answer's body (at most 100 KB and one byte are kept).
	Body []byte
	// Err is why no answer came (timeout, connection refused, …), else nil.
	Err error
}

// Exchanges returns every request the platform has made to apps so far
// (answer and redirect fetches, conference callbacks), oldest first; a
// request still in progress is not listed yet.
func (s *Server) Exchanges() []Exchange {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Exchange, len(s.exchanges))
	for i, e := range s.exchanges {
		e.Header = e.Header.Clone()
		e.Form = cloneValues(e.Form)
		e.Body = slices.Clone(e.Body)
		out[i] = e
	}
	return out
}

// fetchDocument requests a document for the call and parses it. A non-zero
// cause means the call ends.
func (s *Server) fetchDocument(ctx context.Context, c *Call, target string, method xml.Method, event xml.Event) (*xml.Response, Cause) {
	reachCause, xmlCause := CauseAnswerURLError, CauseInvalidAnswerXML
	status := xml.StatusRinging
	if event == xml.EventRedirect {
		reachCause, xmlCause = CauseRedirectURLError, CauseInvalidRedirectXML
		status = xml.StatusInProgress
	}
	form := url.Values{
		"CallUUID":   {c.uuid},
		"From":       {c.from},
		"To":         {c.to},
		"Direction":  {string(xml.Inbound)},
		"CallStatus": {string(status)},
		"Event":      {string(event)},
	}
	ex := s.send(ctx, c.uuid, event, target, string(method), form)
	switch {
	case ctx.Err() != nil:
		return nil, CauseNormalHangup
	case ex.Err != nil, ex.Status < 200, ex.Status > 299:
		return nil, reachCause
	}
	mt, _, err := mime.ParseMediaType(ex.ContentType)
	if err != nil || (mt != "application/xml" && mt != "text/xml") || len(ex.Body) > maxDocument {
		return nil, xmlCause
	}
	doc, err := xml.Parse(ex.Body, xml.Lenient())
	if err != nil {
		return nil, xmlCause
	}
	return doc, 0
}

// send makes one request to an app, signed unless signatures are off,
// records it and returns the exchange.
func (s *Server) send(ctx context.Context, callUUID string, event xml.Event, target, method string, form url.Values) Exchange {
	ex := Exchange{CallUUID: callUUID, Event: event, Method: method, URL: target, Form: form}
	ex.Header, ex.Status, ex.ContentType, ex.Body, ex.Err = s.do(ctx, &ex.URL, method, form)
	s.mu.Lock()
	s.exchanges = append(s.exchanges, ex)
	s.changedLocked()
	s.mu.Unlock()
	return ex
}

// do makes the request; *target gets the query string for GET.
func (s *Server) do(ctx context.Context, target *string, method string, form url.Values) (http.Header, int, string, []byte, error) {
	ctx, cancel := context.WithTimeout(ctx, s.fetchTimeout)
	defer cancel()
	var body io.Reader
	if method == http.MethodGet {
		sep := "?"
		if strings.Contains(*target, "?") {
			sep = "&"
		}
		*target += sep + form.Encode()
	} else {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequestWithContext(ctx, method, *target, body)
	if err != nil {
		return nil, 0, "", nil, fmt.Errorf("kicktest: %s %s: %w", method, *target, err)
	}
	req.Header.Set("User-Agent", "Vobiz")
	if body != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if s.sign {
		if err := signRequest(req.Header, s.AuthToken, *target); err != nil {
			return req.Header, 0, "", nil, err
		}
	}
	resp, err := s.http.Do(req)
	if err != nil {
		return req.Header, 0, "", nil, fmt.Errorf("kicktest: %s %s: %w", method, *target, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxDocument+1))
	if err != nil && !errors.Is(err, io.EOF) {
		return req.Header, resp.StatusCode, resp.Header.Get("Content-Type"), data,
			fmt.Errorf("kicktest: reading answer of %s %s: %w", method, *target, err)
	}
	return req.Header, resp.StatusCode, resp.Header.Get("Content-Type"), data, nil
}

// signRequest adds the V2 and V3 signatures of target, each with its own
// nonce.
func signRequest(h http.Header, authToken, target string) error {
	n2, n3 := signature.Nonce(), signature.Nonce()
	v2, err := signature.SignV2(authToken, target, n2)
	if err != nil {
		return fmt.Errorf("kicktest: signing: %w", err)
	}
	v3, err := signature.SignV3(authToken, target, n3)
	if err != nil {
		return fmt.Errorf("kicktest: signing: %w", err)
	}
	h.Set(signature.HeaderV2, v2)
	h.Set(signature.HeaderV2Nonce, n2)
	h.Set(signature.HeaderV3, v3)
	h.Set(signature.HeaderV3Nonce, n3)
	return nil
}

func cloneValues(v url.Values) url.Values {
	if v == nil {
		return nil
	}
	out := make(url.Values, len(v))
	for k, vs := range v {
		out[k] = slices.Clone(vs)
	}
	return out
}
