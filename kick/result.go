package kick

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
)

// Result is a successful (2xx) answer to [Client.Kick], [Client.Mute],
// [Client.Deaf], [Client.Play], [Client.Speak] or [Client.StartRecording]. Any 2xx counts as
// success, including one whose body is empty, not JSON, or cut short while
// being read (the status already says the platform acted); the fields the
// body did not provide are left empty and Body keeps what arrived.
type Result struct {
	// StatusCode is the HTTP status code; the platform answers member
	// operations with 202 today (older deployments 200) and StartRecording
	// with 200.
	StatusCode int
	// Message is the platform's message, for example "kicked", "muted" or
	// "async api spawned".
	Message string
	// MemberIDs are the member IDs the platform echoed, decoded from either
	// a JSON array or a single (possibly comma-separated) string. A kick of
	// [All] echoes ["all"]. Nil when the body had none.
	MemberIDs []string
	// APIID is the platform's request ID, if any.
	APIID string
	// Body is the raw body, read up to a size limit.
	Body []byte
}

// newResult decodes a 2xx body leniently; it never fails.
func newResult(status int, body []byte) *Result {
	r := &Result{StatusCode: status, Body: body}
	f := decodeFields(body)
	if f == nil {
		return r
	}
	r.Message = stringField(f, "message")
	r.APIID = firstNonEmpty(stringField(f, "api_id"), stringField(f, "requestId"))
	r.MemberIDs = memberIDs(f["member_id"])
	return r
}

// memberIDs decodes "member_id" given as a string, a number, or an array of
// strings or numbers.
func memberIDs(raw json.RawMessage) []string {
	if len(raw) == 0 || string(raw) == "null" {
		return nil
	}
	var list []json.RawMessage
	if json.Unmarshal(raw, &list) == nil {
		ids := make([]string, 0, len(list))
		for _, item := range list {
			if id := jsonString(item); id != "" {
				ids = append(ids, id)
			}
		}
		return ids
	}
	s := jsonString(raw)
	if s == "" {
		return nil
	}
	var ids []string
	for part := range strings.SplitSeq(s, ",") {
		if part = strings.TrimSpace(part); part != "" {
			ids = append(ids, part)
		}
	}
	return ids
}

// String describes the result on one line, for example
// "202 Accepted: kicked [10] (api_id a1)"; the body is left out.
func (r Result) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d %s", r.StatusCode, http.StatusText(r.StatusCode))
	if r.Message != "" {
		b.WriteString(": ")
		b.WriteString(r.Message)
	}
	if len(r.MemberIDs) > 0 {
		fmt.Fprintf(&b, " %v", r.MemberIDs)
	}
	if r.APIID != "" {
		fmt.Fprintf(&b, " (api_id %s)", r.APIID)
	}
	return b.String()
}

// Format prints the result readably: %v and %s as [Result.String], %q
// quoted, %+v every field by name with the body as text, %#v as Go syntax
// with the body as a quoted string.
func (r Result) Format(f fmt.State, verb rune) {
	switch {
	case verb == 'v' && f.Flag('#'):
		fmt.Fprintf(f, "kick.Result{StatusCode:%d, Message:%q, MemberIDs:%#v, APIID:%q, Body:[]byte(%q)}",
			r.StatusCode, r.Message, r.MemberIDs, r.APIID, r.Body)
	case verb == 'v' && f.Flag('+'):
		fmt.Fprintf(f, "{StatusCode:%d Message:%s MemberIDs:%v APIID:%s Body:%s}",
			r.StatusCode, r.Message, r.MemberIDs, r.APIID, r.Body)
	case verb == 'v' || verb == 's':
		fmt.Fprint(f, r.String())
	case verb == 'q':
		fmt.Fprint(f, strconv.Quote(r.String()))
	default:
		fmt.Fprintf(f, "%%!%c(kick.Result=%s)", verb, r.String())
	}
}
