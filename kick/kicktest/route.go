package kicktest

import (
	"net/http"
	"net/url"
	"strings"
)

// Route names a REST operation of the conference API, after the method of
// the kick client that calls it; [Request.Route] holds it and
// [Server.EnqueueRoute] scripts answers for one route only.
type Route string

// The routes the server serves.
const (
	RouteKick                 Route = "Kick"                 // POST .../Member/{ids}/Kick/
	RouteHangUp               Route = "HangUp"               // DELETE .../Member/{ids}/
	RouteMute                 Route = "Mute"                 // POST .../Member/{ids}/Mute/
	RouteUnmute               Route = "Unmute"               // DELETE .../Member/{ids}/Mute/
	RouteDeaf                 Route = "Deaf"                 // POST .../Member/{ids}/Deaf/
	RouteUndeaf               Route = "Undeaf"               // DELETE .../Member/{ids}/Deaf/
	RoutePlay                 Route = "Play"                 // POST .../Member/{ids}/Play/
	RouteStopPlay             Route = "StopPlay"             // DELETE .../Member/{ids}/Play/
	RouteSpeak                Route = "Speak"                // POST .../Member/{ids}/Speak/
	RouteStopSpeak            Route = "StopSpeak"            // DELETE .../Member/{ids}/Speak/
	RouteConference           Route = "Conference"           // GET .../Conference/{name}/
	RouteHangUpConference     Route = "HangUpConference"     // DELETE .../Conference/{name}/
	RouteConferences          Route = "Conferences"          // GET .../Conference/
	RouteHangUpAllConferences Route = "HangUpAllConferences" // DELETE .../Conference/
	RouteStartRecording       Route = "StartRecording"       // POST .../Conference/{name}/Record/
	RouteStopRecording        Route = "StopRecording"        // DELETE .../Conference/{name}/Record/
)

// route is a parsed request path.
type route struct {
	shape      shape
	exact      bool // capitalised as documented, with the trailing slash
	authID     string
	conference string
	memberIDs  []string
	action     string // the member action segment as documented: "Kick", "Mute", …
}

// shape is the form of a path, before the method is considered.
type shape int

const (
	shapeUnknown      shape = iota
	shapeConferences        // .../Conference/
	shapeConference         // .../Conference/{name}/
	shapeRecord             // .../Conference/{name}/Record/
	shapeMember             // .../Conference/{name}/Member/{ids}/
	shapeMemberAction       // .../Conference/{name}/Member/{ids}/{action}/
)

// memberActions are the documented action segments after .../Member/{ids}/.
var memberActions = []string{"Kick", "Mute", "Deaf", "Play", "Speak"}

// templates of the routes, as segments of the escaped path; "*" matches any
// non-empty segment and "#" a member action.
var templates = []struct {
	shape shape
	tmpl  []string
}{
	{shapeConferences, []string{"api", "v1", "Account", "*", "Conference"}},
	{shapeConference, []string{"api", "v1", "Account", "*", "Conference", "*"}},
	{shapeRecord, []string{"api", "v1", "Account", "*", "Conference", "*", "Record"}},
	{shapeMember, []string{"api", "v1", "Account", "*", "Conference", "*", "Member", "*"}},
	{shapeMemberAction, []string{"api", "v1", "Account", "*", "Conference", "*", "Member", "*", "#"}},
}

// name returns the Route for the method, or "" when the path does not
// take it.
func (rt route) name(method string) Route {
	post, del, get := method == http.MethodPost, method == http.MethodDelete, method == http.MethodGet
	switch rt.shape {
	case shapeConferences:
		return pick(get, RouteConferences, del, RouteHangUpAllConferences)
	case shapeConference:
		return pick(get, RouteConference, del, RouteHangUpConference)
	case shapeRecord:
		return pick(post, RouteStartRecording, del, RouteStopRecording)
	case shapeMember:
		return pick(del, RouteHangUp, false, "")
	case shapeMemberAction:
		switch rt.action {
		case "Kick":
			return pick(post, RouteKick, false, "")
		case "Mute":
			return pick(post, RouteMute, del, RouteUnmute)
		case "Deaf":
			return pick(post, RouteDeaf, del, RouteUndeaf)
		case "Play":
			return pick(post, RoutePlay, del, RouteStopPlay)
		case "Speak":
			return pick(post, RouteSpeak, del, RouteStopSpeak)
		}
	}
	return ""
}

func pick(c1 bool, r1 Route, c2 bool, r2 Route) Route {
	switch {
	case c1:
		return r1
	case c2:
		return r2
	}
	return ""
}

// parseRoute matches an escaped path against the routes. A path that
// matches only when case is ignored, or that lacks the trailing slash, is
// still recognised but not exact: the platform answers it with 401.
func parseRoute(escapedPath string) route {
	p, ok := strings.CutPrefix(escapedPath, "/")
	if !ok {
		return route{}
	}
	p, slash := strings.CutSuffix(p, "/")
	segs := strings.Split(p, "/")
	for _, tc := range templates {
		exact, ok := match(segs, tc.tmpl)
		if !ok {
			continue
		}
		rt := route{shape: tc.shape, exact: exact && slash}
		var err error
		if rt.authID, err = url.PathUnescape(segs[3]); err != nil {
			return route{}
		}
		if len(segs) > 5 {
			if rt.conference, err = url.PathUnescape(segs[5]); err != nil {
				return route{}
			}
		}
		if len(segs) > 7 {
			ids, err := url.PathUnescape(segs[7])
			if err != nil {
				return route{}
			}
			rt.memberIDs = strings.Split(ids, ",")
		}
		if tc.shape == shapeMemberAction {
			for _, a := range memberActions {
				if strings.EqualFold(segs[8], a) {
					rt.action = a
				}
			}
		}
		return rt
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
		case t == "#":
			j := indexFold(memberActions, segs[i])
			if j < 0 {
				return false, false
			}
			if segs[i] != memberActions[j] {
				exact = false
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

// indexFold returns the index of s in list ignoring case, or -1.
func indexFold(list []string, s string) int {
	for i, v := range list {
		if strings.EqualFold(v, s) {
			return i
		}
	}
	return -1
}
