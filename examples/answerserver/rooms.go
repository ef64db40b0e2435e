package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/kickflow/kickflow/flow"
	"github.com/kickflow/kickflow/internal/httpstat"
)

// maxRooms bounds how many rooms GET /rooms lists (one store call each).
const maxRooms = 1024

// The room index: flow's Store lists the members of a named room but not
// the rooms, so roomIndex keeps the list of rooms in the store itself, as
// members of a room no conference can have. An entry is written after the
// flow has accepted an enter callback (indexRooms), that is one whose
// signature it verified, never for an answer request. Being in the store,
// the list is the same on every instance that shares it (Redis), and it
// expires like the members do: an entry lives at least half a member TTL
// after the room's last enter, and at most one.
//
// The index uses the store through its Store methods only and does not
// wrap it: the flow looks for optional interfaces on the store it is
// given, which a wrapper would hide.
const (
	// indexRoom is the registry room holding the index: "." is a name the
	// kick API refuses and checkRoom rejects, so no caller is ever in it.
	indexRoom = "."
	// indexCall starts the call UUID of a room's index entry; the slash
	// keeps it apart from the platform's UUIDs.
	indexCall = "answerserver/room/"
)

// roomIndex is the list of rooms, kept in the flow's store.
type roomIndex struct {
	store flow.Store
	ttl   time.Duration // how long an entry lives: the flow's member TTL
}

// record adds room to the index, or renews its entry once it is older
// than half the TTL. An entry is thus written at most about twice per TTL
// and room, and a callback repeated soon after changes nothing.
func (x roomIndex) record(ctx context.Context, room string) error {
	e, ok, err := x.store.Member(ctx, indexCall+room)
	if err != nil {
		return fmt.Errorf("answerserver: room index: %w", err)
	}
	now := time.Now()
	if ok && e.Room == indexRoom && e.MemberID == room && now.Sub(e.JoinedAt) < x.ttl/2 {
		return nil
	}
	entry := flow.Member{CallUUID: indexCall + room, Room: indexRoom, MemberID: room, JoinedAt: now}
	if err := x.store.Enter(ctx, entry, x.ttl); err != nil {
		return fmt.Errorf("answerserver: room index: %w", err)
	}
	return nil
}

// rooms returns the indexed rooms, sorted by name, at most maxRooms.
func (x roomIndex) rooms(ctx context.Context) ([]string, error) {
	entries, err := x.store.Members(ctx, indexRoom)
	if err != nil {
		return nil, fmt.Errorf("answerserver: room index: %w", err)
	}
	rooms := make([]string, 0, len(entries))
	for _, e := range entries {
		if room, ok := strings.CutPrefix(e.CallUUID, indexCall); ok && room == e.MemberID {
			rooms = append(rooms, room)
		}
	}
	slices.Sort(rooms)
	return rooms[:min(len(rooms), maxRooms)], nil
}

// has reports whether room is in the index.
func (x roomIndex) has(ctx context.Context, room string) (bool, error) {
	e, ok, err := x.store.Member(ctx, indexCall+room)
	if err != nil {
		return false, fmt.Errorf("answerserver: room index: %w", err)
	}
	return ok && e.Room == indexRoom && e.MemberID == room, nil
}

// maxCallbackForm bounds the callback body indexRooms reads; the flow
// applies its own bound to what it reads.
const maxCallbackForm = 64 << 10

// indexRooms wraps the flow's handler: once the flow has accepted an enter
// callback (a 2xx answer: the flow checks the signature and records the
// member first), the callback's room goes into the index. It reads the
// callback's fields from its own copy of the body, whatever the flow does
// with the request. A failure to index is logged; the room is indexed
// again at its next enter.
func (s *server) indexRooms(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if flowEndpoint(r.URL.Path) != flow.EventsPath {
			next.ServeHTTP(w, r)
			return
		}
		body, err := io.ReadAll(io.LimitReader(r.Body, maxCallbackForm+1))
		r.Body = struct {
			io.Reader
			io.Closer
		}{io.MultiReader(bytes.NewReader(body), r.Body), r.Body}
		rec := &httpstat.Recorder{ResponseWriter: w}
		next.ServeHTTP(rec, r)
		if err != nil || len(body) > maxCallbackForm || rec.Status() < 200 || rec.Status() > 299 {
			return
		}
		room, ok := enteredRoom(r, body)
		if !ok {
			return
		}
		if err := s.rooms.record(r.Context(), room); err != nil {
			s.log.ErrorContext(r.Context(), "answerserver: room not listed", "room", room, "error", err)
		}
	})
}

// enteredRoom returns the room of an enter callback, from its form body
// (POST) or its query (GET), and reports whether it is one.
func enteredRoom(r *http.Request, body []byte) (string, bool) {
	form := r.URL.Query()
	if ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); r.Method == http.MethodPost && ct == "application/x-www-form-urlencoded" {
		posted, err := url.ParseQuery(string(body))
		if err != nil {
			return "", false
		}
		form = posted
	}
	room := form.Get("ConferenceName")
	if form.Get("ConferenceAction") != "enter" || room == "" || room == indexRoom {
		return "", false
	}
	return room, true
}
