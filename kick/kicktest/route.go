package kicktest

import (
	"net/http"
	"net/url"
	"strings"
)

type routeKind int

const (
	routeUnknown routeKind = iota
	routeKick              // POST .../Member/{ids}/Kick/
	routeHangUp            // DELETE .../Member/{ids}/
)

func (k routeKind) method() string {
	if k == routeKick {
		return http.MethodPost
	}
	return http.MethodDelete
}

// route is a parsed member route.
type route struct {
	kind       routeKind
	exact      bool // capitalised as documented, with the trailing slash
	authID     string
	conference string
	memberIDs  []string
}

// Templates of the member routes, as segments of the escaped path; "*"
// matches any non-empty segment.
var (
	kickTemplate   = []string{"api", "v1", "Account", "*", "Conference", "*", "Member", "*", "Kick"}
	hangUpTemplate = []string{"api", "v1", "Account", "*", "Conference", "*", "Member", "*"}
)

// parseRoute matches an escaped path against the member routes. A path that
// matches only when case is ignored, or that lacks the trailing slash, is
// still recognised but not exact: the platform answers it with 401.
func parseRoute(escapedPath string) route {
	p, ok := strings.CutPrefix(escapedPath, "/")
	if !ok {
		return route{}
	}
	p, slash := strings.CutSuffix(p, "/")
	segs := strings.Split(p, "/")
	for _, tc := range []struct {
		kind routeKind
		tmpl []string
	}{{routeKick, kickTemplate}, {routeHangUp, hangUpTemplate}} {
		exact, ok := match(segs, tc.tmpl)
		if !ok {
			continue
		}
		conference, err1 := url.PathUnescape(segs[5])
		ids, err2 := url.PathUnescape(segs[7])
		authID, err3 := url.PathUnescape(segs[3])
		if err1 != nil || err2 != nil || err3 != nil {
			return route{}
		}
		return route{
			kind:       tc.kind,
			exact:      exact && slash,
			authID:     authID,
			conference: conference,
			memberIDs:  strings.Split(ids, ","),
		}
	}
	return route{}
}

// match reports whether segs fit tmpl ignoring case, and whether the case
// is exact too.
func match(segs, tmpl []string) (exact, ok bool) {
	if len(segs) != len(tmpl) {
		return false, false
	}
	exact = true
	for i, t := range tmpl {
		switch {
		case t == "*":
			if segs[i] == "" {
				return false, false
			}
		case segs[i] == t:
		case strings.EqualFold(segs[i], t):
			exact = false
		default:
			return false, false
		}
	}
	return exact, true
}
