package kicktest

import (
	"context"
	"fmt"
	"io"
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
	// Redirect, ConferenceEnter or ConferenceExit, ConferenceRemoteSounds
	// (waitSound), Record and RecordStop, DialAction and the Dial callback
	// events, the Stream status events; "" for a Gather action, which
	// sends none, and for dialMusic and confirmSound fetches.
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
	form := callForm(c, status, event)
	ex := s.send(ctx, c.uuid, event, target, string(method), form)
	switch {
	case ctx.Err() != nil:
		return nil, CauseNormalHangup
	case ex.Err != nil, ex.Status < 200, ex.Status > 299:
		return nil, reachCause
	}
	doc, ok := parseAnswer(ex)
	if !ok {
		return nil, xmlCause
	}
	c.fetches++
	return doc, 0
}

// send makes one request to an app, signed unless signatures are off,
// records it and returns the exchange.
func (s *Server) send(ctx context.Context, callUUID string, event xml.Event, target, method string, form url.Values) Exchange {
	ex := Exchange{CallUUID: callUUID, Event: event, Method: method, URL: target, Form: form}
	s.do(ctx, &ex)
	s.mu.Lock()
	s.exchanges = append(s.exchanges, ex)
	s.changedLocked()
	s.mu.Unlock()
	return ex
}

// do makes the request ex describes and fills in the rest of ex; for GET
// the parameters go into ex.URL's query string.
func (s *Server) do(ctx context.Context, ex *Exchange) {
	ctx, cancel := context.WithTimeout(ctx, s.fetchTimeout)
	defer cancel()
	var body io.Reader
	if ex.Method == http.MethodGet {
		sep := "?"
		if strings.Contains(ex.URL, "?") {
			sep = "&"
		}
		ex.URL += sep + ex.Form.Encode()
	} else {
		body = strings.NewReader(ex.Form.Encode())
	}
	req, err := http.NewRequestWithContext(ctx, ex.Method, ex.URL, body)
	if err != nil {
		ex.Err = fmt.Errorf("kicktest: %s %s: %w", ex.Method, ex.URL, err)
		return
	}
	ex.Header = req.Header
	req.Header.Set("User-Agent", "Vobiz")
	if body != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if s.sign {
		if ex.Err = signRequest(req.Header, s.AuthToken, ex.URL); ex.Err != nil {
			return
		}
	}
	resp, err := s.http.Do(req)
	if err != nil {
		ex.Err = fmt.Errorf("kicktest: %s %s: %w", ex.Method, ex.URL, err)
		return
	}
	defer resp.Body.Close()
	ex.Status = resp.StatusCode
	ex.ContentType = resp.Header.Get("Content-Type")
	ex.Body, err = io.ReadAll(io.LimitReader(resp.Body, maxDocument+1))
	if err != nil {
		ex.Err = fmt.Errorf("kicktest: reading answer of %s %s: %w", ex.Method, ex.URL, err)
	}
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
