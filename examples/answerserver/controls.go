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
	"sync"
	"time"
	"unicode/utf8"

	"github.com/kickflow/kickflow/flow"
	"github.com/kickflow/kickflow/kick"
)

// platformReadTimeout bounds the platform read made for a members list.
const platformReadTimeout = 2 * time.Second

// targetRequest is the target part of every control's body: one call or
// the whole room.
type targetRequest struct {
	CallUUID string `json:"call_uuid"`
	All      bool   `json:"all"`
}

// muteRequest is the body of POST /rooms/{room}/mute.
type muteRequest struct {
	targetRequest
	Muted *bool `json:"muted"`
}

// deafRequest is the body of POST /rooms/{room}/deaf.
type deafRequest struct {
	targetRequest
	Deaf *bool `json:"deaf"`
}

// playRequest is the body of POST /rooms/{room}/play.
type playRequest struct {
	targetRequest
	URL string `json:"url"`
}

// speakRequest is the body of POST /rooms/{room}/speak.
type speakRequest struct {
	targetRequest
	Text     string `json:"text"`
	Voice    string `json:"voice"`
	Language string `json:"language"`
}

// controlResponse is the answer to a control the platform accepted or may
// have carried out.
type controlResponse struct {
	Reached []memberJSON `json:"reached"`
	Outcome string       `json:"outcome"` // "done" or "unknown"
}

// syncResponse is the answer to POST /rooms/{room}/sync.
type syncResponse struct {
	Added   []memberJSON `json:"added"`
	Dropped []memberJSON `json:"dropped"`
	// Outcome is "done", or "unavailable" when the platform gave no member
	// list (the live platform's 200 {"error":"failed"}): nothing changed.
	Outcome string `json:"outcome"`
}

// memberStates remembers the mute and deaf state the moderator API set,
// by call UUID, for the members list when the platform cannot be read. It
// is per process: with several instances, each knows what it did.
type memberStates struct {
	mu    sync.Mutex
	calls map[string]memberState
}

type memberState struct{ muted, deaf bool }

func (ms *memberStates) get(callUUID string) memberState {
	ms.mu.Lock()
	defer ms.mu.Unlock()
	return ms.calls[callUUID]
}

func (ms *memberStates) set(members []flow.Member, change func(*memberState)) {
	ms.mu.Lock()
	defer ms.mu.Unlock()
	if ms.calls == nil {
		ms.calls = make(map[string]memberState)
	}
	for _, m := range members {
		st := ms.calls[m.CallUUID]
		change(&st)
		if st == (memberState{}) {
			delete(ms.calls, m.CallUUID)
		} else {
			ms.calls[m.CallUUID] = st
		}
	}
}

// withStates adds the mute and deaf state to the members list: from the
// platform's read of the room when it answers, else from what this server
// did.
func (s *server) withStates(ctx context.Context, room string, out []memberJSON) {
	var platform map[string]kick.ConferenceMember
	if s.platform != nil && len(out) > 0 {
		ctx, cancel := context.WithTimeout(ctx, platformReadTimeout)
		conf, err := s.platform.Conference(ctx, room)
		cancel()
		if err == nil {
			platform = make(map[string]kick.ConferenceMember, len(conf.Members))
			for _, m := range conf.Members {
				platform[m.CallUUID] = m
			}
		}
	}
	for i := range out {
		if pm, ok := platform[out[i].CallUUID]; ok {
			out[i].Muted, out[i].Deaf = pm.Muted, pm.Deaf
			continue
		}
		st := s.states.get(out[i].CallUUID)
		out[i].Muted, out[i].Deaf = st.muted, st.deaf
	}
}

// mute answers POST /rooms/{room}/mute.
func (s *server) mute(w http.ResponseWriter, r *http.Request) {
	var req muteRequest
	s.control(w, r, &req, &req.targetRequest, func() error {
		if req.Muted == nil {
			return badRequest(`give "muted": true or false`)
		}
		return nil
	}, func(ctx context.Context, t flow.Target) (*flow.ControlResult, error) {
		if *req.Muted {
			return s.flow.Mute(ctx, t)
		}
		return s.flow.Unmute(ctx, t)
	}, func(st *memberState) { st.muted = *req.Muted })
}

// deaf answers POST /rooms/{room}/deaf.
func (s *server) deaf(w http.ResponseWriter, r *http.Request) {
	var req deafRequest
	s.control(w, r, &req, &req.targetRequest, func() error {
		if req.Deaf == nil {
			return badRequest(`give "deaf": true or false`)
		}
		return nil
	}, func(ctx context.Context, t flow.Target) (*flow.ControlResult, error) {
		if *req.Deaf {
			return s.flow.Deaf(ctx, t)
		}
		return s.flow.Undeaf(ctx, t)
	}, func(st *memberState) { st.deaf = *req.Deaf })
}

// play answers POST /rooms/{room}/play.
func (s *server) play(w http.ResponseWriter, r *http.Request) {
	var req playRequest
	s.control(w, r, &req, &req.targetRequest, func() error {
		return checkAudioURL(req.URL)
	}, func(ctx context.Context, t flow.Target) (*flow.ControlResult, error) {
		return s.flow.Play(ctx, t, req.URL)
	}, nil)
}

// speak answers POST /rooms/{room}/speak.
func (s *server) speak(w http.ResponseWriter, r *http.Request) {
	var req speakRequest
	s.control(w, r, &req, &req.targetRequest, func() error {
		switch n := utf8.RuneCountInString(req.Text); {
		case strings.TrimSpace(req.Text) == "":
			return badRequest(`give a "text" to speak`)
		case n > kick.MaxSpeechText:
			return badRequest("text: %d characters, at most %d", n, kick.MaxSpeechText)
		}
		if req.Voice != "" && req.Voice != "WOMAN" && req.Voice != "MAN" {
			return badRequest(`voice: want "WOMAN" or "MAN", not %q`, req.Voice)
		}
		if len(req.Language) > 16 || strings.ContainsAny(req.Language, " /\"<>") {
			return badRequest("language: want a code such as en-US")
		}
		return nil
	}, func(ctx context.Context, t flow.Target) (*flow.ControlResult, error) {
		return s.flow.Speak(ctx, t, kick.Speech{Text: req.Text, Voice: req.Voice, Language: req.Language})
	}, nil)
}

// control runs one control: it decodes the body into req, checks it
// (check, then the target), makes sure a target call is in the room, and
// only then calls do; after success it records the state change, if any.
// Rejected input never reaches the platform.
func (s *server) control(w http.ResponseWriter, r *http.Request, req any, tr *targetRequest,
	check func() error, do func(context.Context, flow.Target) (*flow.ControlResult, error), change func(*memberState)) {
	room := r.PathValue("room")
	if !s.jsonBody(w, r) {
		return
	}
	if err := decodeJSON(w, r, req); err != nil {
		s.writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	target, err := tr.parse(room)
	if err == nil {
		err = check()
	}
	if err != nil {
		s.writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	if !s.callInRoom(w, r, tr.CallUUID, room) {
		return
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(r.Context()), kickTimeout)
	defer cancel()
	res, err := do(ctx, target)
	if err != nil && !(res != nil && res.OutcomeUnknown) {
		s.kickFailed(w, r, err)
		return
	}
	out := controlResponse{Reached: toJSON(res.Members), Outcome: "done"}
	if res.OutcomeUnknown {
		out.Outcome = "unknown"
	} else if change != nil {
		s.states.set(res.Members, change)
	}
	s.writeJSON(w, http.StatusOK, out)
}

// sync answers POST /rooms/{room}/sync: it reconciles the registry of the
// room with the platform's member list. The body is ignored; a room the
// server has never had a callback for is 404. When the platform gives no list
// (the live platform's 200 {"error":"failed"}), nothing changes and the
// outcome is "unavailable".
func (s *server) sync(w http.ResponseWriter, r *http.Request) {
	room := r.PathValue("room")
	if err := checkRoom(room); err != nil {
		s.writeError(w, http.StatusBadRequest, apiMessage(kindBadRequest, err.Error()))
		return
	}
	known, err := s.rooms.has(r.Context(), room)
	if err != nil {
		s.internal(w, r, err)
		return
	}
	if !known {
		s.writeError(w, http.StatusNotFound, apiMessage(kindNotFound, fmt.Sprintf("room %q is not known", room)))
		return
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(r.Context()), kickTimeout)
	defer cancel()
	res, err := s.flow.Sync(ctx, room)
	if err != nil && !(res != nil && res.Unavailable) {
		s.kickFailed(w, r, err)
		return
	}
	out := syncResponse{Added: toJSON(res.Added), Dropped: toJSON(res.Dropped), Outcome: "done"}
	if res.Unavailable {
		out.Outcome = "unavailable"
	}
	s.writeJSON(w, http.StatusOK, out)
}

// jsonBody answers 415 unless the request's body is JSON.
func (s *server) jsonBody(w http.ResponseWriter, r *http.Request) bool {
	if ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); ct != "application/json" {
		s.writeError(w, http.StatusUnsupportedMediaType, apiMessage(kindMediaType, "send the body as application/json"))
		return false
	}
	return true
}

// callInRoom answers 404 unless callUUID is empty or in room.
func (s *server) callInRoom(w http.ResponseWriter, r *http.Request, callUUID, room string) bool {
	if callUUID == "" {
		return true
	}
	m, ok, err := s.flow.Member(r.Context(), callUUID)
	if err != nil {
		s.internal(w, r, err)
		return false
	}
	if !ok || m.Room != room {
		s.writeError(w, http.StatusNotFound, apiMessage(kindNotFound, fmt.Sprintf("call %q is not in room %q", callUUID, room)))
		return false
	}
	return true
}

// parse checks the target and returns it.
func (tr *targetRequest) parse(room string) (flow.Target, error) {
	if err := checkRoom(room); err != nil {
		return flow.Target{}, badRequest("%v", err)
	}
	switch {
	case tr.CallUUID != "" && !tr.All:
		return flow.Call(tr.CallUUID), nil
	case tr.CallUUID == "" && tr.All:
		return flow.Room(room), nil
	}
	return flow.Target{}, badRequest(`give exactly one of "call_uuid" and "all": true`)
}

// decodeJSON reads one JSON object with known fields only into v.
func decodeJSON(w http.ResponseWriter, r *http.Request, v any) error {
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxKickBody))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("%w: %s", errBadRequest, decodeProblem(err))
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return fmt.Errorf("%w: body: data after the JSON object", errBadRequest)
	}
	return nil
}

// badRequest makes an error matching errBadRequest.
func badRequest(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{errBadRequest}, args...)...)
}

// checkAudioURL accepts absolute https URLs, as the platform's Play does.
func checkAudioURL(raw string) error {
	if raw == "" {
		return badRequest(`give the "url" of an audio file`)
	}
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "https" || u.Host == "" {
		return badRequest("url: want an absolute https URL")
	}
	return nil
}
