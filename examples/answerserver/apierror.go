package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"reflect"
	"strings"

	"github.com/kickflow/kickflow/flow"
	"github.com/kickflow/kickflow/kick"
)

// Every error the moderator API answers is JSON, {"error": MESSAGE}, where
// MESSAGE is "answerserver: KIND: DETAIL": the package prefix once, a kind
// telling what went wrong, and a detail in plain words (no Go type names,
// no prefixes of the packages the error came through).
const (
	kindBadRequest   = "bad request"
	kindNotFound     = "not found"
	kindMethod       = "method not allowed"
	kindMediaType    = "unsupported media type"
	kindUnauthorized = "unauthorized"
	kindForbidden    = "forbidden"
	kindUpstream     = "upstream failure"
	kindInternal     = "internal error"
)

// apiMessage returns the message of an error answer of kind.
func apiMessage(kind, detail string) string {
	if detail == "" {
		return "answerserver: " + kind
	}
	return "answerserver: " + kind + ": " + detail
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
	if apiErr, ok := errors.AsType[*kick.Error](err); ok {
		kind, status := kindUpstream, http.StatusBadGateway
		if errors.Is(err, kick.ErrNotFound) {
			kind, status = kindNotFound, http.StatusNotFound
		}
		s.writeJSON(w, status, errorJSON{Error: apiMessage(kind, detail(err)), Vobiz: &vobizJSON{
			Status: apiErr.StatusCode, Message: apiErr.Message, Code: apiErr.Code, APIID: apiErr.APIID,
		}})
		return
	}
	switch _, isURL := errors.AsType[*url.Error](err); {
	case errors.Is(err, flow.ErrInvalidArgument) || errors.Is(err, flow.ErrConflict):
		s.writeError(w, http.StatusBadRequest, apiMessage(kindBadRequest, detail(err)))
	case errors.Is(err, flow.ErrNotFound):
		s.writeError(w, http.StatusNotFound, apiMessage(kindNotFound, detail(err)))
	case isURL, errors.Is(err, context.DeadlineExceeded):
		s.writeError(w, http.StatusBadGateway, apiMessage(kindUpstream, detail(err)))
	default:
		s.internal(w, r, err)
	}
}

// detail is err's message for an answer: without the prefixes of the
// packages it came through, and without the words of the sentinels the
// answer's kind already says.
func detail(err error) string {
	msg := err.Error()
	for _, p := range []string{"flow: ", "kick: ", "redisstore: ", "xml: "} {
		msg = strings.ReplaceAll(msg, p, "")
	}
	for _, sentinel := range []string{"not found: ", "invalid argument: ", ": not found", ": invalid argument"} {
		msg = strings.ReplaceAll(msg, sentinel, "")
	}
	return msg
}

// decodeProblem says in plain words why a kick body did not decode.
func decodeProblem(err error) string {
	if e, ok := errors.AsType[*json.UnmarshalTypeError](err); ok && e.Field != "" {
		return fmt.Sprintf("field %s must be %s", e.Field, jsonKind(e.Type))
	}
	if e, ok := errors.AsType[*json.SyntaxError](err); ok {
		return fmt.Sprintf("body is not JSON: %s (at byte %d)", strings.TrimPrefix(e.Error(), "json: "), e.Offset)
	}
	if e, ok := errors.AsType[*http.MaxBytesError](err); ok {
		return fmt.Sprintf("body is longer than %d bytes", e.Limit)
	}
	switch {
	case errors.Is(err, io.EOF):
		return "empty body"
	case errors.Is(err, io.ErrUnexpectedEOF):
		return "body ends inside the JSON object"
	}
	if field, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		return "unknown field " + field
	}
	return "body is not a kick request object"
}

// jsonKind names the JSON value a Go type is decoded from.
func jsonKind(t reflect.Type) string {
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int64, reflect.Float64:
		return "a number"
	case reflect.Struct, reflect.Map:
		return "an object"
	case reflect.Slice, reflect.Array:
		return "an array"
	}
	return "of another type"
}

// internal answers 500 and logs err, which the client does not see.
func (s *server) internal(w http.ResponseWriter, r *http.Request, err error) {
	s.log.ErrorContext(r.Context(), "answerserver: request failed", "path", r.URL.Path, "error", err)
	s.writeError(w, http.StatusInternalServerError, apiMessage(kindInternal, ""))
}

// writeError answers status with msg, made by apiMessage (or an error
// whose text already has that form).
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
		status, body = http.StatusInternalServerError, []byte(`{"error":"answerserver: internal error"}`)
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

// jsonMisses answers, as JSON errors, the requests mux has no route for
// (404) and those it routes for other methods only (405, with Allow). The
// rest, redirects to a clean path included, mux serves as usual.
func (s *server) jsonMisses(mux *http.ServeMux) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h, pattern := mux.Handler(r)
		if pattern != "" {
			mux.ServeHTTP(w, r)
			return
		}
		rec := &missRecorder{header: http.Header{}}
		h.ServeHTTP(rec, r)
		switch rec.status {
		case http.StatusNotFound:
			s.writeError(w, rec.status, apiMessage(kindNotFound, fmt.Sprintf("no %s %s here", r.Method, r.URL.Path)))
		case http.StatusMethodNotAllowed:
			allow := rec.header.Get("Allow")
			w.Header().Set("Allow", allow)
			s.writeError(w, rec.status, apiMessage(kindMethod, fmt.Sprintf("use %s for %s, not %s", allow, r.URL.Path, r.Method)))
		default:
			mux.ServeHTTP(w, r)
		}
	})
}

// missRecorder takes the status and headers of mux's own answer to a
// request it has no route for, dropping the body.
type missRecorder struct {
	header http.Header
	status int
}

func (m *missRecorder) Header() http.Header { return m.header }

func (m *missRecorder) WriteHeader(status int) {
	if m.status == 0 {
		m.status = status
	}
}

func (m *missRecorder) Write(p []byte) (int, error) {
	m.WriteHeader(http.StatusOK)
	return len(p), nil
}
