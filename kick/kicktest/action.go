package kicktest

import (
	"context"
	"mime"
	"net/url"
	"strings"

	"github.com/kickflow/kickflow/xml"
)

// The hangup causes of an element's action URL (Gather, Dial, Record).
const (
	// CauseActionURLError (7012): an action URL followed with
	// redirect="true" could not be reached or answered other than 2xx.
	CauseActionURLError Cause = 7012
	// CauseInvalidActionURL (7022): such an action URL does not start with
	// http:// or https://.
	CauseInvalidActionURL Cause = 7022
	// CauseInvalidActionMethod (7032): its method is neither GET nor POST.
	CauseInvalidActionMethod Cause = 7032
	// CauseInvalidActionXML (8012): its answer is not a valid document.
	CauseInvalidActionXML Cause = 8012
)

// callForm returns the standard parameters of a request about the call.
func callForm(c *Call, status xml.CallStatus, event xml.Event) url.Values {
	form := url.Values{
		"CallUUID":   {c.uuid},
		"From":       {c.from},
		"To":         {c.to},
		"Direction":  {string(xml.Inbound)},
		"CallStatus": {string(status)},
	}
	if event != "" {
		form.Set("Event", string(event))
	}
	return form
}

// requestAction requests an element's action URL with the standard
// parameters, Event (if not "") and params. With follow (the element's
// redirect is true) the answer is the call's next document, and a failure
// ends the call with the action causes. Without follow the request is made
// and its answer ignored; a URL or method the platform would refuse is not
// requested at all.
func (s *Server) requestAction(ctx context.Context, c *Call, target string, method xml.Method, event xml.Event, params url.Values, follow bool) (*xml.Response, Cause) {
	target = strings.TrimSpace(target)
	if method == "" {
		method = xml.MethodPost
	}
	badURL := !strings.HasPrefix(target, "http://") && !strings.HasPrefix(target, "https://")
	badMethod := method != xml.MethodGet && method != xml.MethodPost
	if !follow {
		if !badURL && !badMethod {
			form := callForm(c, xml.StatusInProgress, event)
			mergeValues(form, params)
			s.send(ctx, c.uuid, event, target, string(method), form)
		}
		if ctx.Err() != nil {
			return nil, CauseNormalHangup
		}
		return nil, 0
	}
	switch {
	case badURL:
		return nil, CauseInvalidActionURL
	case badMethod:
		return nil, CauseInvalidActionMethod
	}
	form := callForm(c, xml.StatusInProgress, event)
	mergeValues(form, params)
	ex := s.send(ctx, c.uuid, event, target, string(method), form)
	if ctx.Err() != nil {
		return nil, CauseNormalHangup
	}
	if ex.Err != nil || ex.Status < 200 || ex.Status > 299 {
		return nil, CauseActionURLError
	}
	doc, ok := parseAnswer(ex)
	if !ok {
		return nil, CauseInvalidActionXML
	}
	c.fetches++
	return doc, 0
}

// fetchSounds POST-fetches a document of sounds (dialMusic, confirmSound,
// waitSound) and returns its elements; nil if the request failed or the
// answer is not a document.
func (s *Server) fetchSounds(ctx context.Context, c *Call, target string, event xml.Event, params url.Values) []xml.Element {
	form := callForm(c, xml.StatusInProgress, event)
	mergeValues(form, params)
	ex := s.send(ctx, c.uuid, event, strings.TrimSpace(target), string(xml.MethodPost), form)
	if ex.Err != nil || ex.Status < 200 || ex.Status > 299 {
		return nil
	}
	doc, ok := parseAnswer(ex)
	if !ok {
		return nil
	}
	return doc.Elements
}

// parseAnswer parses an app's answer as a document, as the platform
// accepts it: served as XML, at most 100 KB, parsing leniently.
func parseAnswer(ex Exchange) (*xml.Response, bool) {
	mt, _, err := mime.ParseMediaType(ex.ContentType)
	if err != nil || (mt != "application/xml" && mt != "text/xml") || len(ex.Body) > maxDocument {
		return nil, false
	}
	doc, err := xml.Parse(ex.Body, xml.Lenient(), xml.Unvalidated())
	if err != nil {
		return nil, false
	}
	return doc, true
}

// mergeValues sets every parameter of src in dst.
func mergeValues(dst, src url.Values) {
	for k, vs := range src {
		dst[k] = vs
	}
}
