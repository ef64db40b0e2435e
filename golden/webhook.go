package golden

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	vxml "github.com/kickflow/kickflow/xml"
)

// DefaultWebhookURL is the address a [Webhook] is sent to when its URL is
// empty.
const DefaultWebhookURL = "https://example.com/"

// Webhook describes a simulated Vobiz webhook request: what Vobiz sends to an
// answer, action or redirect URL (https://www.vobiz.ai/docs/xml/request).
// The zero value is a POST to DefaultWebhookURL carrying only the defaults
// of Direction and CallStatus.
type Webhook struct {
	// URL is the request's address; default DefaultWebhookURL. Its query
	// string is kept.
	URL string
	// Method is "POST" (the default), which sends the parameters as a
	// form-encoded body, or "GET", which adds them to the query string.
	Method string

	// CallUUID, From, To and Event are sent when not empty.
	CallUUID string
	From     string
	To       string
	Event    vxml.Event

	// Direction is sent as given; default inbound.
	Direction vxml.Direction
	// CallStatus is sent as given; default in-progress.
	CallStatus vxml.CallStatus

	// Extra parameters are sent too. A key here replaces the standard
	// parameter of that name; a key with no values removes it.
	Extra url.Values
}

// Form returns the parameters the request carries: CallUUID (also as
// ALegUUID, since the call is its own A leg), From, To, Event, Direction and
// CallStatus, then Extra.
func (w Webhook) Form() url.Values {
	form := url.Values{}
	set := func(key, value string) {
		if value != "" {
			form.Set(key, value)
		}
	}
	set("CallUUID", w.CallUUID)
	set("ALegUUID", w.CallUUID)
	set("From", w.From)
	set("To", w.To)
	set("Event", string(w.Event))
	set("Direction", string(w.Direction))
	if w.Direction == "" {
		form.Set("Direction", string(vxml.Inbound))
	}
	set("CallStatus", string(w.CallStatus))
	if w.CallStatus == "" {
		form.Set("CallStatus", string(vxml.StatusInProgress))
	}
	for k, v := range w.Extra {
		if len(v) == 0 {
			form.Del(k)
			continue
		}
		form[k] = append([]string(nil), v...)
	}
	return form
}

// NewRequest returns the webhook as an incoming server request, as a
// handler would receive it, with the User-Agent Vobiz sends. It returns an
// error for a method other than GET or POST or a URL that does not parse.
func (w Webhook) NewRequest(ctx context.Context) (*http.Request, error) {
	target := w.URL
	if target == "" {
		target = DefaultWebhookURL
	}
	u, err := url.Parse(target)
	if err != nil {
		return nil, fmt.Errorf("golden: webhook url: %w", err)
	}
	form := w.Form().Encode()
	var r *http.Request
	switch w.Method {
	case "", http.MethodPost:
		r, err = http.NewRequestWithContext(ctx, http.MethodPost, u.String(), strings.NewReader(form))
		if err == nil {
			r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
	case http.MethodGet:
		if u.RawQuery != "" && form != "" {
			u.RawQuery += "&"
		}
		u.RawQuery += form
		r, err = http.NewRequestWithContext(ctx, http.MethodGet, u.String(), http.NoBody)
	default:
		return nil, fmt.Errorf("golden: webhook method %q: want GET or POST", w.Method)
	}
	if err != nil {
		return nil, fmt.Errorf("golden: webhook request: %w", err)
	}
	r.Header.Set("User-Agent", "Vobiz")
	// Like a request a server received: a body always, the request line kept.
	r.RequestURI = r.URL.RequestURI()
	r.RemoteAddr = "192.0.2.1:1234"
	return r, nil
}
