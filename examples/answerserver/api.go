package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/kickflow/kickflow/flow"
	"github.com/kickflow/kickflow/kick"
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
}

func toJSON(ms []flow.Member) []memberJSON {
	out := make([]memberJSON, len(ms))
	for i, m := range ms {
		out[i] = memberJSON{CallUUID: m.CallUUID, MemberID: m.MemberID, From: m.From, To: m.To, JoinedAt: m.JoinedAt.UTC()}
	}
	return out
}

// roomJSON is a room in the rooms list.
type roomJSON struct {
	Room    string `json:"room"`
	Members int    `json:"members"`
}

// listRooms answers GET /rooms: the rooms this process has sent callers
// into, with their member counts.
func (s *server) listRooms(w http.ResponseWriter, r *http.Request) {
	rooms := s.rooms.list()
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

// members answers GET /rooms/{room}/members. A room is known when this
// process has sent callers into it or the registry has members in it;
// another room is 404.
func (s *server) members(w http.ResponseWriter, r *http.Request) {
	room := r.PathValue("room")
	ms, err := s.flow.Members(r.Context(), room)
	if err != nil {
		s.internal(w, r, err)
		return
	}
	if len(ms) == 0 && !s.rooms.has(room) {
		s.writeError(w, http.StatusNotFound, fmt.Sprintf("room %q is not known", room))
		return
	}
	s.writeJSON(w, http.StatusOK, toJSON(ms))
}

// kickRequest is the body of POST /rooms/{room}/kick.
type kickRequest struct {
	CallUUID string `json:"call_uuid"`
	MemberID string `json:"member_id"`
	All      bool   `json:"all"`
	Announce string `json:"announce"`
	Play     string `json:"play"`
	Then     string `json:"then"`
}

// kickResponse is the answer to a kick the platform accepted or may have
// carried out.
type kickResponse struct {
	Kicked  []memberJSON `json:"kicked"`
	Outcome string       `json:"outcome"` // "done" or "unknown"
}

// errBadRequest matches every rejected kick request.
var errBadRequest = errors.New("answerserver: bad request")

// kick answers POST /rooms/{room}/kick: it kicks one call, one member or
// the whole room with a continuation made of the announcement, the audio
// file and the next step.
func (s *server) kick(w http.ResponseWriter, r *http.Request) {
	room := r.PathValue("room")
	if ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); ct != "application/json" {
		s.writeError(w, http.StatusUnsupportedMediaType, "send the body as application/json")
		return
	}
	req, err := decodeKick(w, r)
	if err != nil {
		s.writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	target, c, moveTo, err := req.parse(room)
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
			s.writeError(w, http.StatusNotFound, fmt.Sprintf("call %q is not in room %q", req.CallUUID, room))
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
	if moveTo != "" {
		s.rooms.see(moveTo)
	}
	out := kickResponse{Kicked: toJSON(res.Members), Outcome: "done"}
	if res.OutcomeUnknown {
		out.Outcome = "unknown"
	}
	s.writeJSON(w, http.StatusOK, out)
}

// decodeKick reads one JSON object with known fields only.
func decodeKick(w http.ResponseWriter, r *http.Request) (kickRequest, error) {
	var req kickRequest
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxKickBody))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		return req, fmt.Errorf("%w: body: %w", errBadRequest, err)
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
	c := flow.Continuation{Announce: k.Announce}
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

// vobizJSON is the platform's answer to a failed kick.
type vobizJSON struct {
	Status  int    `json:"status"`
	Message string `json:"message,omitempty"`
	Code    string `json:"code,omitempty"`
	APIID   string `json:"api_id,omitempty"`
}

// errorJSON is the body of every error answer.
type errorJSON struct {
	Error string     `json:"error"`
	Vobiz *vobizJSON `json:"vobiz,omitempty"`
}

// kickFailed answers a kick that definitely did not happen: 400 for input
// the flow rejected (a template that does not execute, a bad document),
// 404 for a target unknown to the registry or, per the platform, no longer
// in the room, 502 for another failure of the platform or of the way to it,
// 500 for the rest (the store).
func (s *server) kickFailed(w http.ResponseWriter, r *http.Request, err error) {
	var apiErr *kick.Error
	if errors.As(err, &apiErr) {
		body := errorJSON{Error: err.Error(), Vobiz: &vobizJSON{
			Status: apiErr.StatusCode, Message: apiErr.Message, Code: apiErr.Code, APIID: apiErr.APIID,
		}}
		status := http.StatusBadGateway
		if errors.Is(err, kick.ErrNotFound) {
			status = http.StatusNotFound
		}
		s.writeJSON(w, status, body)
		return
	}
	var urlErr *url.Error
	switch {
	case errors.Is(err, flow.ErrInvalidArgument) || errors.Is(err, flow.ErrConflict):
		s.writeError(w, http.StatusBadRequest, err.Error())
	case errors.Is(err, flow.ErrNotFound):
		s.writeError(w, http.StatusNotFound, err.Error())
	case errors.As(err, &urlErr), errors.Is(err, context.DeadlineExceeded):
		s.writeError(w, http.StatusBadGateway, err.Error())
	default:
		s.internal(w, r, err)
	}
}

// internal answers 500 and logs err, which the client does not see.
func (s *server) internal(w http.ResponseWriter, r *http.Request, err error) {
	s.log.ErrorContext(r.Context(), "answerserver: request failed", "path", r.URL.Path, "error", err)
	s.writeError(w, http.StatusInternalServerError, "internal error")
}

func (s *server) writeError(w http.ResponseWriter, status int, msg string) {
	writeJSON(s.log, w, status, errorJSON{Error: msg})
}

func (s *server) writeJSON(w http.ResponseWriter, status int, v any) {
	writeJSON(s.log, w, status, v)
}

// writeJSON sends v as the JSON body of an answer with status. A failure
// to marshal (a programming error) or to write (the client left) is
// logged.
func writeJSON(log *slog.Logger, w http.ResponseWriter, status int, v any) {
	body, err := json.Marshal(v)
	if err != nil {
		log.Error("answerserver: encoding an answer", "error", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	if _, err := w.Write(append(body, '\n')); err != nil {
		log.Debug("answerserver: answer not delivered", "error", err)
	}
}
