package kick

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Conference is a conference room as [Client.Conference] reads it.
type Conference struct {
	// Name is the room's name.
	Name string
	// RunTime is how long the room has existed.
	RunTime time.Duration
	// MemberCount is the number of members the platform reports.
	MemberCount int
	// Members are the room's members.
	Members []ConferenceMember
	// APIID is the platform's request ID, if any.
	APIID string
}

// ConferenceMember is a member of a [Conference].
type ConferenceMember struct {
	// MemberID is the member's ID in this session of the room; the platform
	// reuses it when a caller rejoins.
	MemberID string
	// CallUUID identifies the member's call leg.
	CallUUID string
	// From and To are the call's numbers.
	From, To string
	// CallerName is the SIP caller name; empty for other calls.
	CallerName string
	// Direction is "inbound" or "outbound".
	Direction string
	// Muted and Deaf report the member's state.
	Muted, Deaf bool
	// JoinedFor is how long ago the member joined.
	JoinedFor time.Duration
}

// Conference reads the room name: its run time and members. The platform
// answers 200 with the conference object, whose numbers all arrive as JSON
// strings (they are also accepted as numbers). A room that has ended, or
// never had anyone in it, is a 404 matching [ErrNotFound].
//
// The live platform has answered 200 {"error":"failed"} for rooms that were
// live. Conference returns that, and any other 2xx that does not hold a
// conference object (empty, not JSON), as an [*Error] with the 2xx status
// that matches [ErrUnavailable], never as an empty conference; it is not
// retried. Member IDs are reliable only from conference callbacks; use this
// as a best-effort check.
//
// A GET changes nothing, so [DefaultCheckRetry] also retries it after a 5xx
// or a transport failure, and its errors never match [ErrOutcomeUnknown].
//
//	GET .../Conference/{name}/
func (c *Client) Conference(ctx context.Context, name string) (*Conference, error) {
	op := fmt.Sprintf("get conference %q", name)
	path, err := c.conferencePath(name)
	if err != nil {
		return nil, fmt.Errorf("kick: %s: %w", op, err)
	}
	cl := call{op: op, method: http.MethodGet, path: path}
	status, body, err := c.do(ctx, cl)
	if err != nil {
		return nil, err
	}
	conf, ok := decodeConference(body)
	if !ok {
		return nil, c.unavailable(cl, status, body)
	}
	return conf, nil
}

// decodeConference decodes a conference object leniently; false when body
// is not one (an "error" field, no name, a member that is not an object).
func decodeConference(body []byte) (*Conference, bool) {
	var w struct {
		Error       json.RawMessage   `json:"error"`
		Name        *string           `json:"conference_name"`
		RunTime     json.RawMessage   `json:"conference_run_time"`
		MemberCount json.RawMessage   `json:"conference_member_count"`
		Members     []json.RawMessage `json:"members"`
		APIID       string            `json:"api_id"`
	}
	if json.Unmarshal(body, &w) != nil || present(w.Error) || w.Name == nil {
		return nil, false
	}
	conf := &Conference{
		Name:        *w.Name,
		RunTime:     seconds(w.RunTime),
		MemberCount: number(w.MemberCount),
		Members:     make([]ConferenceMember, 0, len(w.Members)),
		APIID:       w.APIID,
	}
	for _, raw := range w.Members {
		f := decodeFields(raw)
		if f == nil {
			return nil, false
		}
		conf.Members = append(conf.Members, ConferenceMember{
			MemberID:   stringField(f, "member_id"),
			CallUUID:   stringField(f, "call_uuid"),
			From:       stringField(f, "from"),
			To:         stringField(f, "to"),
			CallerName: stringField(f, "caller_name"),
			Direction:  stringField(f, "direction"),
			Muted:      boolean(f["muted"]),
			Deaf:       boolean(f["deaf"]),
			JoinedFor:  seconds(f["join_time"]),
		})
	}
	return conf, true
}

// Conferences lists the names of the account's live rooms. The platform
// answers 200 {"conferences":[…]}; a 2xx without that list is an error
// matching [ErrUnavailable], as for [Client.Conference].
//
// The live platform has answered an empty list while rooms were live, so
// an empty list is inconclusive: keep your own registry of rooms from the
// conference callbacks. A GET is retried like [Client.Conference]'s.
//
//	GET .../Conference/
func (c *Client) Conferences(ctx context.Context) ([]string, error) {
	const op = "list conferences"
	base, err := c.accountPath()
	if err != nil {
		return nil, fmt.Errorf("kick: %s: %w", op, err)
	}
	cl := call{op: op, method: http.MethodGet, path: base + "Conference/"}
	status, body, err := c.do(ctx, cl)
	if err != nil {
		return nil, err
	}
	var w struct {
		Error       json.RawMessage `json:"error"`
		Conferences json.RawMessage `json:"conferences"`
	}
	if json.Unmarshal(body, &w) != nil || present(w.Error) || w.Conferences == nil {
		return nil, c.unavailable(cl, status, body)
	}
	names := []string{} // also for "conferences": null
	if json.Unmarshal(w.Conferences, &names) != nil {
		return nil, c.unavailable(cl, status, body)
	}
	if names == nil {
		names = []string{}
	}
	return names, nil
}

// HangUpConference ends the room name and every call in it. The platform
// answers 204; any 2xx is success. A room that has already ended is a 404
// matching [ErrNotFound]. Errors and retries are as for [Client.Kick].
//
//	DELETE .../Conference/{name}/
func (c *Client) HangUpConference(ctx context.Context, name string) error {
	op := fmt.Sprintf("hang up conference %q", name)
	path, err := c.conferencePath(name)
	if err != nil {
		return fmt.Errorf("kick: %s: %w", op, err)
	}
	_, _, err = c.do(ctx, call{op: op, method: http.MethodDelete, path: path})
	return err
}

// HangUpAllConferences ends every room of the account and every call in
// them. The platform answers 204, also when no room is live; any 2xx is
// success. Errors and retries are as for [Client.Kick].
//
//	DELETE .../Conference/
func (c *Client) HangUpAllConferences(ctx context.Context) error {
	const op = "hang up all conferences"
	base, err := c.accountPath()
	if err != nil {
		return fmt.Errorf("kick: %s: %w", op, err)
	}
	_, _, err = c.do(ctx, call{op: op, method: http.MethodDelete, path: base + "Conference/"})
	return err
}

// unavailable is the error for a 2xx answer without the data asked for.
func (c *Client) unavailable(cl call, status int, body []byte) error {
	e := newError(cl, status, nil, body, c.now())
	if e.Message == "" {
		e.Message = "no data in the answer"
	}
	return e
}

// number decodes a count given as a JSON string or number; 0 if neither.
func number(raw json.RawMessage) int {
	n, err := strconv.Atoi(strings.TrimSpace(jsonString(raw)))
	if err != nil {
		return 0
	}
	return n
}

// seconds decodes a whole or fractional number of seconds given as a JSON
// string or number; 0 if neither.
func seconds(raw json.RawMessage) time.Duration {
	f, err := strconv.ParseFloat(strings.TrimSpace(jsonString(raw)), 64)
	if err != nil || f < 0 || f > float64(1<<62)/float64(time.Second) {
		return 0
	}
	return time.Duration(f * float64(time.Second))
}

// boolean decodes a JSON boolean or a string "true"/"false"; false if
// neither.
func boolean(raw json.RawMessage) bool {
	var b bool
	if json.Unmarshal(raw, &b) == nil {
		return b
	}
	b, _ = strconv.ParseBool(jsonString(raw))
	return b
}

// present reports whether a field was given a value other than null.
func present(raw json.RawMessage) bool { return raw != nil && string(raw) != "null" }
