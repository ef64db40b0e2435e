package flow

import (
	"net/http"
	"path"
	"time"
)

// DefaultLegacyURLs is how long after [New] a Flow still serves the
// legacy URL forms (see [WithLegacyURLs]): longer than the longest call
// can last under the platform's default conference time limit (14,400 s)
// plus an hour, so that every document served before an upgrade has run
// its course.
const DefaultLegacyURLs = 5 * time.Hour

// maxTokenLen bounds a join token in a request's path.
const maxTokenLen = 64

// WithLegacyURLs sets how long after [New] the flow still serves the URL
// forms of documents made before join tokens moved into the path: the
// callback URL with the token in its query (…/events?join=TOKEN) and the
// bare continue URL (…/continue). Requests in those forms get only the
// weaker protection of the package doc's "Legacy URLs"; 0 refuses them at
// once (403). Since the window starts at New, a restart opens it again:
// once every instance has run this version for the window, set 0. If not
// set, [DefaultLegacyURLs].
func WithLegacyURLs(d time.Duration) Option {
	return func(o *options) error {
		if d < 0 {
			return invalid("legacy URL window %v is negative", d)
		}
		o.legacyURLs = &d
		return nil
	}
}

// endpoint is what a request's path names.
type endpoint struct {
	events    bool   // the events endpoint, else the continue endpoint
	join      string // the join token (from the query in the legacy form)
	legacy    bool   // no token in the path
	signedURL string // the public URL the platform signs for the request
}

// route reads the endpoint of r from the end of its path; ok is false for
// a path that names none.
func (f *Flow) route(r *http.Request) (ep endpoint, ok bool) {
	p := r.URL.Path
	last, parent := "/"+path.Base(p), "/"+path.Base(path.Dir(p))
	switch {
	case last == EventsPath:
		return endpoint{events: true, join: r.URL.Query().Get(JoinParam), legacy: true, signedURL: f.eventsURL}, true
	case last == ContinuePath:
		return endpoint{legacy: true, signedURL: f.continueURL}, true
	case !validToken(last[1:]):
		return endpoint{}, false
	case parent == EventsPath:
		return endpoint{events: true, join: last[1:], signedURL: f.eventsURL + last}, true
	case parent == ContinuePath:
		return endpoint{join: last[1:], signedURL: f.continueURL + last}, true
	}
	return endpoint{}, false
}

// validToken reports whether tok can be a join token in a path: 1 to
// maxTokenLen letters, digits, '-' or '_', so that it reads the same
// escaped or not.
func validToken(tok string) bool {
	if tok == "" || len(tok) > maxTokenLen {
		return false
	}
	for _, c := range []byte(tok) {
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', c == '-', c == '_':
		default:
			return false
		}
	}
	return true
}
