package emulator

import (
	"github.com/kickflow/kickflow/kick/kicktest"
)

// State is what the emulator shows: its rooms and its calls.
type State struct {
	Rooms []Room      `json:"rooms"`
	Calls []CallState `json:"calls"`
}

// Room is a conference room with members.
type Room struct {
	Name    string   `json:"name"`
	Members []Member `json:"members"`
}

// Member is a member of a Room.
type Member struct {
	ID       string `json:"id"`
	CallUUID string `json:"callUuid"`
	Muted    bool   `json:"muted"`
	Deaf     bool   `json:"deaf"`
}

// CallState is a simulated call and its transcript so far.
type CallState struct {
	UUID string `json:"callUuid"`
	From string `json:"from"`
	To   string `json:"to"`
	// Done is set once the call has ended, with its Cause (the name and
	// code, as kicktest.Cause's String gives it) and CauseCode (the code:
	// 4xxx and 6000 for normal ends, 7xxx and 8xxx for an app's URL or XML
	// errors).
	Done      bool   `json:"done"`
	Cause     string `json:"cause,omitempty"`
	CauseCode int    `json:"causeCode,omitempty"`
	// Room and MemberID are set while the call is in a room.
	Room     string `json:"room,omitempty"`
	MemberID string `json:"memberId,omitempty"`
	// Transcript is what the call did, in order.
	Transcript []Line `json:"transcript"`
}

// Line is one step of a transcript: its time from the start of the call
// and its text form.
type Line struct {
	AtMS int64  `json:"atMs"`
	Text string `json:"text"`
}

func rooms(srv *kicktest.Server) []Room {
	out := []Room{}
	for _, name := range srv.Conferences() {
		r := Room{Name: name, Members: []Member{}}
		for _, m := range srv.Members(name) {
			r.Members = append(r.Members, member(m))
		}
		out = append(out, r)
	}
	return out
}

func callState(c *kicktest.Call) CallState {
	cs := CallState{UUID: c.UUID(), From: c.From(), To: c.To(), Transcript: []Line{}}
	if cause, ok := c.Cause(); ok {
		cs.Done, cs.Cause, cs.CauseCode = true, cause.String(), int(cause)
	}
	if room, id, ok := c.Member(); ok {
		cs.Room, cs.MemberID = room, id
	}
	for _, e := range c.Transcript() {
		cs.Transcript = append(cs.Transcript, Line{AtMS: e.At.Milliseconds(), Text: e.Step.String()})
	}
	return cs
}

func snapshot(srv *kicktest.Server) State {
	st := State{Rooms: rooms(srv), Calls: []CallState{}}
	for _, c := range srv.Calls() {
		st.Calls = append(st.Calls, callState(c))
	}
	return st
}

// member converts a kicktest member.
func member(m kicktest.Member) Member {
	return Member{ID: m.ID, CallUUID: m.CallUUID, Muted: m.Muted, Deaf: m.Deaf}
}
