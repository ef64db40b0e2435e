package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/kickflow/kickflow/flow"
)

const (
	// maxKickBody bounds the body of a kick request.
	maxKickBody = 64 << 10
	// kickTimeout bounds a kick, which goes on when the moderator's
	// request is cancelled: half a kick must not be abandoned.
	kickTimeout = 30 * time.Second
)

// memberJSON is a room member in the API's answers.
type memberJSON struct {
	CallUUID string    `json:"call_uuid"`
	MemberID string    `json:"member_id"`
	From     string    `json:"from"`
	To       string    `json:"to"`
	JoinedAt time.Time `json:"joined_at"`
	// Muted and Deaf come from the platform's read of the room where it
	// answers, else from the controls this server performed (see
	// withStates); only the members list fills them.
	Muted bool `json:"muted"`
	Deaf  bool `json:"deaf"`
	// Reconciled marks a member added by a sync, whose enter callback
	// never arrived.
	Reconciled bool `json:"reconciled,omitempty"`
}

func toJSON(ms []flow.Member) []memberJSON {
	out := make([]memberJSON, len(ms))
	for i, m := range ms {
		out[i] = memberJSON{CallUUID: m.CallUUID, MemberID: m.MemberID, From: m.From, To: m.To, JoinedAt: m.JoinedAt.UTC(),
			Reconciled: m.Reconciled}
	}
	return out
}

// roomJSON is a room in the rooms list.
type roomJSON struct {
	Room    string `json:"room"`
	Members int    `json:"members"`
}

// listRooms answers GET /rooms: the rooms of the registry's index (see
// roomIndex), with their member counts.
func (s *server) listRooms(w http.ResponseWriter, r *http.Request) {
	rooms, err := s.rooms.rooms(r.Context())
	if err != nil {
		s.internal(w, r, err)
		return
	}
	out := make([]roomJSON, 0, len(rooms))
	for _, room := range rooms {
		ms, err := s.flow.Members(r.Context(), room)
		if err != nil {
			s.internal(w, r, err)
			return
		}
		out = append(out, roomJSON{Room: room, Members: len(ms)})
	}
	s.writeJSON(w, http.StatusOK, out)
}

// members answers GET /rooms/{room}/members. A room is known when the
// registry has members in it or its index lists it; another room is 404.
func (s *server) members(w http.ResponseWriter, r *http.Request) {
	room := r.PathValue("room")
	ms, err := s.flow.Members(r.Context(), room)
	if err != nil {
		s.internal(w, r, err)
		return
	}
	if len(ms) == 0 {
		known, err := s.rooms.has(r.Context(), room)
		if err != nil {
			s.internal(w, r, err)
			return
		}
		if !known {
			s.writeError(w, http.StatusNotFound, apiMessage(kindNotFound, fmt.Sprintf("room %q is not known", room)))
			return
		}
	}
	out := toJSON(ms)
	s.withStates(r.Context(), room, out)
	s.writeJSON(w, http.StatusOK, out)
}

// kickRequest is the body of POST /rooms/{room}/kick.
type kickRequest struct {
	CallUUID string `json:"call_uuid"`
	MemberID string `json:"member_id"`
	All      bool   `json:"all"`
	Announce string `json:"announce"`
	Play     string `json:"play"`
	Then     string `json:"then"`
	// TellRoom is a template (the announcement's language) spoken to the
	// members who stay, after a successful kick; TellRoomPlay an https
	// audio URL played to them.
	TellRoom     string `json:"tell_room"`
	TellRoomPlay string `json:"tell_room_play"`
}

// kickResponse is the answer to a kick the platform accepted or may have
// carried out.
type kickResponse struct {
	Kicked  []memberJSON `json:"kicked"`
	Outcome string       `json:"outcome"` // "done" or "unknown"
	// Told are the members who stayed and were sent the tell-the-room
	// message; TellRoom is "done", "unknown" or "failed" (with
	// TellRoomError), or absent when there was no message to send.
	Told          []memberJSON `json:"told,omitempty"`
	TellRoom      string       `json:"tell_room,omitempty"`
	TellRoomError string       `json:"tell_room_error,omitempty"`
}

// errBadRequest matches every rejected kick request.
var errBadRequest = errors.New("answerserver: bad request")

// kick answers POST /rooms/{room}/kick: it kicks one call, one member or
// the whole room with a continuation made of the announcement, the audio
// file and the next step.
func (s *server) kick(w http.ResponseWriter, r *http.Request) {
	room := r.PathValue("room")
	if ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); ct != "application/json" {
		s.writeError(w, http.StatusUnsupportedMediaType, apiMessage(kindMediaType, "send the body as application/json"))
		return
	}
	req, err := decodeKick(w, r)
	if err != nil {
		s.writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	target, c, _, err := req.parse(room)
	if err != nil {
		s.writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	if req.CallUUID != "" {
		m, ok, err := s.flow.Member(r.Context(), req.CallUUID)
		if err != nil {
			s.internal(w, r, err)
			return
		}
		if !ok || m.Room != room {
			s.writeError(w, http.StatusNotFound, apiMessage(kindNotFound, fmt.Sprintf("call %q is not in room %q", req.CallUUID, room)))
			return
		}
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(r.Context()), kickTimeout)
	defer cancel()
	res, err := s.flow.Kick(ctx, target, c)
	if err != nil && !(res != nil && res.OutcomeUnknown) {
		s.kickFailed(w, r, err)
		return
	}
	out := kickResponse{Kicked: toJSON(res.Members), Outcome: "done"}
	if res.OutcomeUnknown {
		out.Outcome = "unknown"
	}
	if t := res.TellRoom; t != nil {
		out.Told, out.TellRoom = toJSON(t.Members), "done"
		switch {
		case t.OutcomeUnknown:
			out.TellRoom = "unknown"
		case t.Err != nil:
			out.TellRoom = "failed"
		}
		if t.Err != nil {
			out.TellRoomError = detail(t.Err)
		}
	}
	s.writeJSON(w, http.StatusOK, out)
}

// decodeKick reads one JSON object with known fields only.
func decodeKick(w http.ResponseWriter, r *http.Request) (kickRequest, error) {
	var req kickRequest
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxKickBody))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		return req, fmt.Errorf("%w: %s", errBadRequest, decodeProblem(err))
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return req, fmt.Errorf("%w: body: data after the JSON object", errBadRequest)
	}
	return req, nil
}

// parse checks the request and returns what to kick, with what
// continuation, and the room callers are moved to (if any).
func (k *kickRequest) parse(room string) (flow.Target, flow.Continuation, string, error) {
	bad := func(format string, args ...any) (flow.Target, flow.Continuation, string, error) {
		return flow.Target{}, flow.Continuation{}, "", fmt.Errorf("%w: "+format, append([]any{errBadRequest}, args...)...)
	}
	var target flow.Target
	n := 0
	if k.CallUUID != "" {
		n++
		target = flow.Call(k.CallUUID)
	}
	if k.MemberID != "" {
		n++
		target = flow.MemberID(room, k.MemberID)
	}
	if k.All {
		n++
		target = flow.Room(room)
	}
	if n != 1 {
		return bad(`give exactly one of "call_uuid", "member_id" and "all": true`)
	}
	// The flow checks the template, before it looks the target up, so a
	// bad one is a 400 (see kickFailed) whatever the room holds.
	c := flow.Continuation{Announce: k.Announce,
		TellRoom: flow.RoomMessage{Speak: k.TellRoom, Play: k.TellRoomPlay}}
	if k.TellRoomPlay != "" {
		if err := checkAudioURL(k.TellRoomPlay); err != nil {
			return bad("tell_room_play: %v", strings.TrimPrefix(err.Error(), errBadRequest.Error()+": "))
		}
	}
	if k.Play != "" {
		if err := checkURL(k.Play); err != nil {
			return bad("play: %v", err)
		}
		c.Play = k.Play
	}
	var moveTo string
	switch then := k.Then; {
	case then == "" || then == "hangup":
		c.Then = flow.Hangup()
	case strings.HasPrefix(then, "redirect:"):
		u := strings.TrimPrefix(then, "redirect:")
		if err := checkURL(u); err != nil {
			return bad("then: %v", err)
		}
		c.Then = flow.Redirect(u)
	case strings.HasPrefix(then, "room:"):
		moveTo = strings.TrimPrefix(then, "room:")
		if err := checkRoom(moveTo); err != nil {
			return bad("then: %v", err)
		}
		c.Then = flow.MoveTo(moveTo)
	default:
		return bad(`then: want "hangup", "redirect:URL" or "room:NAME", not %q`, then)
	}
	return target, c, moveTo, nil
}

// checkURL accepts absolute http and https URLs.
func checkURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil {
		return err
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("%q is not an absolute http or https URL", raw)
	}
	return nil
}
