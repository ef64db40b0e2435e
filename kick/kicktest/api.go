package kicktest

import (
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"time"
)

// gatewayNotFound is the gateway's answer to a route it does not know.
var gatewayNotFound = map[string]any{"message": "Not Found"}

// knownRoute reports whether rt is one of the Route constants.
func knownRoute(rt Route) bool {
	switch rt {
	case RouteKick, RouteHangUp, RouteMute, RouteUnmute, RouteDeaf, RouteUndeaf,
		RoutePlay, RouteStopPlay, RouteSpeak, RouteStopSpeak,
		RouteConference, RouteHangUpConference, RouteConferences, RouteHangUpAllConferences,
		RouteStartRecording, RouteStopRecording:
		return true
	}
	return false
}

// apply checks and carries out the request, and returns the live status and
// JSON answer (nil for no body).
func (s *Server) apply(r *http.Request, rt route, body []byte) (int, map[string]any) {
	if rt.shape == shapeUnknown {
		return http.StatusNotFound, gatewayNotFound
	}
	if r.Header.Get("X-Auth-ID") != s.AuthID || r.Header.Get("X-Auth-Token") != s.AuthToken ||
		rt.authID != s.AuthID || !rt.exact {
		return http.StatusUnauthorized, s.answer("error", "authentication failed")
	}
	name := rt.name(r.Method)
	switch name {
	case "":
		return http.StatusNotFound, gatewayNotFound
	case RouteKick, RouteHangUp:
		return s.removeMembers(name, rt)
	case RouteMute, RouteUnmute, RouteDeaf, RouteUndeaf:
		return s.setMemberState(name, rt)
	case RoutePlay, RouteSpeak:
		return s.playToMembers(name, rt, body)
	case RouteStopPlay, RouteStopSpeak:
		status, answer, _ := s.targets(rt)
		if answer != nil {
			return status, answer
		}
		return http.StatusNoContent, nil
	case RouteConference:
		return s.readConference(rt.conference)
	case RouteConferences:
		return s.listConferences()
	case RouteHangUpConference:
		return s.hangUpRooms([]string{rt.conference})
	case RouteHangUpAllConferences:
		status, _ := s.hangUpRooms(s.Conferences())
		if status == http.StatusNotFound { // no room: nothing to do
			return http.StatusNoContent, nil
		}
		return status, nil
	case RouteStartRecording, RouteStopRecording:
		return s.recordRoom(name, rt.conference, body)
	}
	return http.StatusNotFound, gatewayNotFound
}

// answer returns a JSON answer with the given fields and a fresh api_id.
func (s *Server) answer(kv ...any) map[string]any {
	a := map[string]any{"api_id": s.nextAPIID()}
	for i := 0; i+1 < len(kv); i += 2 {
		a[kv[i].(string)] = kv[i+1]
	}
	return a
}

// removeMembers kicks or hangs up the members of the route.
func (s *Server) removeMembers(name Route, rt route) (int, map[string]any) {
	reason, action := ReasonKicked, Kicked
	if name == RouteHangUp {
		reason, action = ReasonHungUp, HungUp
	}
	gone, ok := s.remove(rt.conference, rt.memberIDs, reason)
	if !ok {
		return http.StatusNotFound, s.answer("error", "conference not found")
	}
	if len(gone) == 0 {
		return http.StatusNotFound, s.answer("error", "member not found")
	}
	s.notifyHooks(action, rt.conference, gone)
	if name == RouteHangUp {
		return http.StatusNoContent, nil
	}
	return http.StatusAccepted, s.answer("message", "kicked", "member_id", rt.memberIDs)
}

// notifyHooks tells the hooks of members the API removed; no lock is held.
func (s *Server) notifyHooks(action Action, conference string, gone []Member) {
	for _, m := range gone {
		for _, h := range s.hooks {
			h(Event{Action: action, Conference: conference, Member: m})
		}
	}
}

// targets resolves the route's member IDs in its room. When the room or
// every member is missing it returns the 404 to send; else the IDs of the
// members found. It takes the lock itself.
func (s *Server) targets(rt route) (int, map[string]any, []string) {
	s.mu.Lock()
	ids, ok := s.targetsLocked(rt)
	s.mu.Unlock()
	switch {
	case !ok:
		return http.StatusNotFound, s.answer("error", "conference not found"), nil
	case len(ids) == 0:
		return http.StatusNotFound, s.answer("error", "member not found"), nil
	}
	return 0, nil, ids
}

// targetsLocked returns the IDs of the route's members present in its
// room, and false if the room does not exist.
func (s *Server) targetsLocked(rt route) ([]string, bool) {
	r := s.rooms[rt.conference]
	if r == nil {
		return nil, false
	}
	var ids []string
	for _, m := range r.members {
		if (len(rt.memberIDs) == 1 && rt.memberIDs[0] == "all") || slices.Contains(rt.memberIDs, m.ID) {
			ids = append(ids, m.ID)
		}
	}
	return ids, true
}

// setMemberState mutes, unmutes, deafens or undeafens the route's members.
func (s *Server) setMemberState(name Route, rt route) (int, map[string]any) {
	status, answer, ids := s.targets(rt)
	if answer != nil {
		return status, answer
	}
	s.mu.Lock()
	if r := s.rooms[rt.conference]; r != nil {
		for i := range r.members {
			if !slices.Contains(ids, r.members[i].ID) {
				continue
			}
			switch name {
			case RouteMute, RouteUnmute:
				r.members[i].Muted = name == RouteMute
			default:
				r.members[i].Deaf = name == RouteDeaf
			}
		}
		s.changedLocked()
	}
	s.mu.Unlock()
	switch name {
	case RouteMute:
		return http.StatusAccepted, s.answer("message", "muted", "member_id", rt.memberIDs)
	case RouteDeaf:
		return http.StatusAccepted, s.answer("message", "deaf", "member_id", rt.memberIDs)
	}
	return http.StatusNoContent, nil
}

// playToMembers plays or speaks to the route's members: the simulated
// calls among them get a [HeardPlay] or [HeardSpeech] step.
func (s *Server) playToMembers(name Route, rt route, body []byte) (int, map[string]any) {
	var req struct {
		URL      string `json:"url"`
		Text     string `json:"text"`
		Voice    string `json:"voice"`
		Language string `json:"language"`
	}
	if err := json.Unmarshal(body, &req); err != nil {
		return http.StatusBadRequest, s.answer("error", "invalid JSON body")
	}
	switch {
	case name == RoutePlay && req.URL == "":
		return http.StatusBadRequest, s.answer("error", "url is required")
	case name == RouteSpeak && req.Text == "":
		return http.StatusBadRequest, s.answer("error", "text is required")
	}
	status, answer, ids := s.targets(rt)
	if answer != nil {
		return status, answer
	}
	s.mu.Lock()
	if r := s.rooms[rt.conference]; r != nil {
		for _, id := range ids {
			j := r.sims[id]
			if j == nil {
				continue
			}
			if name == RoutePlay {
				s.heardLocked(j, HeardPlay{Conference: rt.conference, MemberID: id, URL: req.URL})
			} else {
				s.heardLocked(j, HeardSpeech{Conference: rt.conference, MemberID: id, Text: req.Text,
					Voice: req.Voice, Language: req.Language})
			}
		}
		s.changedLocked()
	}
	s.mu.Unlock()
	if name == RoutePlay {
		return http.StatusAccepted, s.answer("message", "play queued into conference", "member_id", rt.memberIDs)
	}
	return http.StatusAccepted, s.answer("message", "speak started", "member_id", rt.memberIDs)
}

// readConference answers GET .../Conference/{name}/.
func (s *Server) readConference(name string) (int, map[string]any) {
	s.mu.Lock()
	r := s.rooms[name]
	if r == nil {
		s.mu.Unlock()
		return http.StatusNotFound, s.answer("error", "conference not found")
	}
	if s.liveReads {
		s.mu.Unlock()
		return http.StatusOK, s.answer("error", "failed")
	}
	now := time.Now()
	members := make([]map[string]any, 0, len(r.members))
	for _, m := range r.members {
		from, to, direction := "", "", ""
		if j := r.sims[m.ID]; j != nil {
			from, to, direction = j.call.from, j.call.to, "inbound"
		}
		members = append(members, map[string]any{
			"member_id":   m.ID,
			"call_uuid":   m.CallUUID,
			"muted":       m.Muted,
			"deaf":        m.Deaf,
			"from":        from,
			"to":          to,
			"caller_name": "",
			"direction":   direction,
			"join_time":   seconds(now.Sub(r.joinedAt[m.ID])),
		})
	}
	runTime, count := seconds(now.Sub(r.created)), strconv.Itoa(len(r.members))
	s.mu.Unlock()
	return http.StatusOK, s.answer(
		"conference_name", name,
		"conference_run_time", runTime,
		"conference_member_count", count,
		"members", members,
	)
}

// seconds formats d as whole seconds, as the platform sends its numbers.
func seconds(d time.Duration) string { return strconv.FormatInt(int64(d/time.Second), 10) }

// listConferences answers GET .../Conference/.
func (s *Server) listConferences() (int, map[string]any) {
	names := []string{}
	if !s.liveReads {
		names = s.Conferences()
	}
	return http.StatusOK, s.answer("conferences", names)
}

// hangUpRooms ends the named rooms: every member leaves with
// [ReasonHungUp], so simulated calls end. It answers 404 if none of them
// exists, else 204.
func (s *Server) hangUpRooms(names []string) (int, map[string]any) {
	found := false
	for _, name := range names {
		gone, ok := s.remove(name, []string{"all"}, ReasonHungUp)
		if !ok {
			continue
		}
		found = true
		s.notifyHooks(HungUp, name, gone)
	}
	if !found {
		return http.StatusNotFound, s.answer("error", "conference not found")
	}
	return http.StatusNoContent, nil
}

// recordRoom starts or stops the recording of a room.
func (s *Server) recordRoom(name Route, conference string, body []byte) (int, map[string]any) {
	var req struct {
		FileFormat  string `json:"file_format"`
		CallbackURL string `json:"callback_url"`
	}
	if name == RouteStartRecording && len(body) > 0 {
		if err := json.Unmarshal(body, &req); err != nil {
			return http.StatusBadRequest, s.answer("error", "invalid JSON body")
		}
		if req.FileFormat != "" && req.FileFormat != "mp3" && req.FileFormat != "wav" {
			return http.StatusBadRequest, s.answer("error", "file_format must be mp3 or wav")
		}
	}
	s.mu.Lock()
	if s.rooms[conference] == nil {
		s.mu.Unlock()
		return http.StatusNotFound, s.answer("error", "conference not found")
	}
	if name == RouteStopRecording {
		s.stopRecordingsLocked(conference)
		s.mu.Unlock()
		return http.StatusNoContent, nil
	}
	s.recs = append(s.recs, Recording{Conference: conference, FileFormat: req.FileFormat, CallbackURL: req.CallbackURL})
	s.changedLocked()
	s.mu.Unlock()
	return http.StatusOK, s.answer("message", "async api spawned")
}

// stopRecordingsLocked marks the room's running recordings stopped.
func (s *Server) stopRecordingsLocked(conference string) {
	for i := range s.recs {
		if s.recs[i].Conference == conference {
			s.recs[i].Stopped = true
		}
	}
	s.changedLocked()
}
