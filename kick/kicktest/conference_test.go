package kicktest_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kickflow/kickflow/kick"
	"github.com/kickflow/kickflow/kick/kicktest"
	"github.com/kickflow/kickflow/xml"
)

// newKickClient returns a kick client for srv.
func newKickClient(t testing.TB, srv *kicktest.Server) *kick.Client {
	t.Helper()
	c, err := kick.New(srv.AuthID, srv.AuthToken, kick.WithBaseURL(srv.URL), kick.WithHTTPClient(srv.Client()))
	require.NoError(t, err)
	return c
}

// startInRoom starts a call on app's path and waits until it is in room.
func startInRoom(t *testing.T, srv *kicktest.Server, app *testApp, path, room, uuid string) *kicktest.Call {
	t.Helper()
	call := srv.StartCall(kicktest.CallSpec{AnswerURL: app.URL + path, CallUUID: uuid})
	_, err := srv.WaitMember(t.Context(), room, uuid)
	require.NoError(t, err)
	return call
}

func TestConference_kickContinues(t *testing.T) {
	t.Parallel()
	app := newApp(t)
	app.route("/answer", fixed(xml.NewResponse().
		Conference("Room", xml.ConferenceAttrs{StayAlone: xml.True, CallbackURL: app.URL + "/events"}).
		Speak("You have been removed").
		Hangup()))
	srv := newPlatform(t)
	call := startInRoom(t, srv, app, "/answer", "Room", "call-a")
	assert.Equal(t, []kicktest.Member{{ID: "1", CallUUID: "call-a"}}, srv.Members("Room"))
	room, id, ok := call.Member()
	assert.True(t, ok)
	assert.Equal(t, "Room", room)
	assert.Equal(t, "1", id)

	res, err := newKickClient(t, srv).Kick(t.Context(), "Room", "1")
	require.NoError(t, err)
	assert.Equal(t, []string{"1"}, res.MemberIDs)
	cause, err := call.Wait(t.Context())
	require.NoError(t, err)
	assert.Equal(t, kicktest.CauseNormalHangup, cause)
	assert.Equal(t, []kicktest.Step{
		kicktest.Joined{Conference: "Room", MemberID: "1"},
		kicktest.Left{Conference: "Room", MemberID: "1", Reason: kicktest.ReasonKicked},
		kicktest.Spoke{Text: "You have been removed"},
		kicktest.Ended{Cause: kicktest.CauseNormalHangup},
	}, call.Transcript().Steps())
	assert.Nil(t, srv.Members("Room"))
	_, _, ok = call.Member()
	assert.False(t, ok)

	require.NoError(t, srv.WaitCallbacks(t.Context()))
	events := app.events("/events")
	require.Len(t, events, 2)
	enter, exit := events[0].Form, events[1].Form
	uuid := enter.Get("ConferenceUUID")
	assert.NotEmpty(t, uuid)
	assert.Equal(t, form("ConferenceAction", "enter", "Event", "ConferenceEnter", "ConferenceUUID", uuid,
		"ConferenceName", "Room", "ConferenceMemberID", "1", "ConferenceFirstMember", "true", "CallUUID", "call-a",
		"From", kicktest.DefaultFrom, "To", kicktest.DefaultTo, "Direction", "inbound", "CallStatus", "in-progress"), enter)
	assert.Equal(t, form("ConferenceAction", "exit", "Event", "ConferenceExit", "ConferenceUUID", uuid,
		"ConferenceName", "Room", "ConferenceMemberID", "1", "ConferenceLastMember", "true", "CallUUID", "call-a"), exit)
}

func TestConference_kickWithNothingAfter(t *testing.T) {
	t.Parallel()
	app := newApp(t)
	app.route("/answer", fixed(xml.NewResponse().Conference("Room", xml.ConferenceAttrs{StayAlone: xml.True})))
	srv := newPlatform(t)
	call := startInRoom(t, srv, app, "/answer", "Room", "call-a")
	_, err := newKickClient(t, srv).Kick(t.Context(), "Room", "1")
	require.NoError(t, err)
	cause, err := call.Wait(t.Context())
	require.NoError(t, err)
	assert.Equal(t, kicktest.CauseEndOfXML, cause)
	assert.Equal(t, "End Of XML Instructions (4010)", cause.String())
}

func TestConference_rejoinReusesMemberID(t *testing.T) {
	t.Parallel()
	app := newApp(t)
	app.route("/answer", fixed(xml.NewResponse().
		Conference("Room", xml.ConferenceAttrs{StayAlone: xml.True}).
		Redirect(app.URL+"/answer")))
	srv := newPlatform(t)
	a := startInRoom(t, srv, app, "/answer", "Room", "call-a")
	startInRoom(t, srv, app, "/answer", "Room", "call-b")
	assert.Equal(t, []kicktest.Member{{ID: "1", CallUUID: "call-a"}, {ID: "2", CallUUID: "call-b"}}, srv.Members("Room"))

	_, err := newKickClient(t, srv).Kick(t.Context(), "Room", "1")
	require.NoError(t, err)
	require.NoError(t, srv.WaitUntil(t.Context(), func() bool { return len(a.Transcript()) == 4 }))
	members, err := srv.WaitMembers(t.Context(), "Room", 2)
	require.NoError(t, err)
	assert.ElementsMatch(t, []kicktest.Member{{ID: "1", CallUUID: "call-a"}, {ID: "2", CallUUID: "call-b"}}, members)
	assert.Equal(t, []kicktest.Step{
		kicktest.Joined{Conference: "Room", MemberID: "1"},
		kicktest.Left{Conference: "Room", MemberID: "1", Reason: kicktest.ReasonKicked},
		kicktest.Redirected{URL: app.URL + "/answer", Method: xml.MethodPost},
		kicktest.Joined{Conference: "Room", MemberID: "1"},
	}, a.Transcript().Steps())

	// A new call gets a new number, not the one of a member still there.
	startInRoom(t, srv, app, "/answer", "Room", "call-c")
	m, err := srv.WaitMember(t.Context(), "Room", "call-c")
	require.NoError(t, err)
	assert.Equal(t, "3", m.ID)
}

func TestConference_loneMemberEjected(t *testing.T) {
	t.Parallel()
	app := newApp(t)
	app.route("/answer", fixed(xml.NewResponse().Conference("Room").Speak("Everyone else left")))
	srv := newPlatform(t)
	a := startInRoom(t, srv, app, "/answer", "Room", "call-a")
	// Alone in a room that never held two: a stays.
	assert.Len(t, srv.Members("Room"), 1)
	b := startInRoom(t, srv, app, "/answer", "Room", "call-b")

	_, err := newKickClient(t, srv).Kick(t.Context(), "Room", "1")
	require.NoError(t, err)
	for _, c := range []*kicktest.Call{a, b} {
		cause, err := c.Wait(t.Context())
		require.NoError(t, err)
		assert.Equal(t, kicktest.CauseEndOfXML, cause)
	}
	assert.Equal(t, []kicktest.Step{
		kicktest.Joined{Conference: "Room", MemberID: "2"},
		kicktest.Left{Conference: "Room", MemberID: "2", Reason: kicktest.ReasonAlone},
		kicktest.Spoke{Text: "Everyone else left"},
		kicktest.Ended{Cause: kicktest.CauseEndOfXML},
	}, b.Transcript().Steps())
	assert.Nil(t, srv.Members("Room"))
}

func TestConference_endConferenceOnExit(t *testing.T) {
	t.Parallel()
	app := newApp(t)
	app.route("/host", fixed(xml.NewResponse().
		Conference("Room", xml.ConferenceAttrs{EndConferenceOnExit: xml.True, StayAlone: xml.True, CallbackURL: app.URL + "/events"})))
	app.route("/guest", fixed(xml.NewResponse().
		Conference("Room", xml.ConferenceAttrs{StayAlone: xml.True, CallbackURL: app.URL + "/events"}).
		Speak("The host ended the meeting")))
	srv := newPlatform(t)
	host := startInRoom(t, srv, app, "/host", "Room", "host")
	g1 := startInRoom(t, srv, app, "/guest", "Room", "guest-1")
	g2 := startInRoom(t, srv, app, "/guest", "Room", "guest-2")

	host.HangUp()
	for _, g := range []*kicktest.Call{g1, g2} {
		cause, err := g.Wait(t.Context())
		require.NoError(t, err)
		assert.Equal(t, kicktest.CauseEndOfXML, cause)
		steps := g.Transcript().Steps()
		require.Len(t, steps, 4)
		assert.Equal(t, kicktest.ReasonEnded, steps[1].(kicktest.Left).Reason)
		assert.Equal(t, kicktest.Spoke{Text: "The host ended the meeting"}, steps[2])
	}
	cause, err := host.Wait(t.Context())
	require.NoError(t, err)
	assert.Equal(t, kicktest.CauseNormalHangup, cause)
	assert.Equal(t, []kicktest.Step{
		kicktest.Joined{Conference: "Room", MemberID: "1"},
		kicktest.Left{Conference: "Room", MemberID: "1", Reason: kicktest.ReasonHungUp},
		kicktest.Ended{Cause: kicktest.CauseNormalHangup},
	}, host.Transcript().Steps())

	require.NoError(t, srv.WaitCallbacks(t.Context()))
	var exits []string
	for _, e := range app.events("/events") {
		if e.Form.Get("ConferenceAction") == "exit" {
			exits = append(exits, e.CallUUID+" last="+e.Form.Get("ConferenceLastMember"))
		}
	}
	assert.Equal(t, []string{"host last=false", "guest-1 last=false", "guest-2 last=true"}, exits)
}

func TestConference_kickAll(t *testing.T) {
	t.Parallel()
	app := newApp(t)
	app.route("/answer", fixed(xml.NewResponse().
		Conference("Room", xml.ConferenceAttrs{StayAlone: xml.True}).
		Speak("The meeting is over")))
	srv := newPlatform(t)
	var calls []*kicktest.Call
	for _, id := range []string{"a", "b", "c"} {
		calls = append(calls, startInRoom(t, srv, app, "/answer", "Room", id))
	}
	srv.AddMember("Room", kicktest.Member{ID: "90", CallUUID: "seeded"})

	res, err := newKickClient(t, srv).Kick(t.Context(), "Room", kick.All)
	require.NoError(t, err)
	assert.Equal(t, []string{"all"}, res.MemberIDs)
	for i, c := range calls {
		cause, err := c.Wait(t.Context())
		require.NoError(t, err)
		assert.Equal(t, kicktest.CauseEndOfXML, cause)
		assert.Equal(t, kicktest.Left{Conference: "Room", MemberID: string(rune('1' + i)), Reason: kicktest.ReasonKicked},
			c.Transcript().Steps()[1])
	}
	assert.Nil(t, srv.Members("Room"))
}

func TestConference_restHangUp(t *testing.T) {
	t.Parallel()
	app := newApp(t)
	app.route("/answer", fixed(xml.NewResponse().Conference("Room", xml.ConferenceAttrs{StayAlone: xml.True}).Speak("never")))
	srv := newPlatform(t)
	a := startInRoom(t, srv, app, "/answer", "Room", "call-a")
	b := startInRoom(t, srv, app, "/answer", "Room", "call-b")

	require.NoError(t, newKickClient(t, srv).HangUp(t.Context(), "Room", "1"))
	cause, err := a.Wait(t.Context())
	require.NoError(t, err)
	assert.Equal(t, kicktest.CauseNormalHangup, cause)
	assert.Equal(t, []kicktest.Step{
		kicktest.Joined{Conference: "Room", MemberID: "1"},
		kicktest.Left{Conference: "Room", MemberID: "1", Reason: kicktest.ReasonHungUp},
		kicktest.Ended{Cause: kicktest.CauseNormalHangup},
	}, a.Transcript().Steps())
	// b stays: stayAlone="true".
	assert.Equal(t, []kicktest.Member{{ID: "2", CallUUID: "call-b"}}, srv.Members("Room"))
	_, ended := b.Cause()
	assert.False(t, ended)
}

func TestConference_hangupOnStar(t *testing.T) {
	t.Parallel()
	app := newApp(t)
	app.route("/star", fixed(xml.NewResponse().
		Conference("Room", xml.ConferenceAttrs{StayAlone: xml.True, HangupOnStar: xml.True}).
		Speak("You left")))
	app.route("/plain", fixed(xml.NewResponse().Conference("Room", xml.ConferenceAttrs{StayAlone: xml.True})))
	srv := newPlatform(t)
	plain := startInRoom(t, srv, app, "/plain", "Room", "plain")
	star := startInRoom(t, srv, app, "/star", "Room", "star")

	assert.False(t, plain.Press("*"), "no hangupOnStar")
	assert.False(t, star.Press("12#"), "no star")
	assert.True(t, star.Press("1*"))
	cause, err := star.Wait(t.Context())
	require.NoError(t, err)
	assert.Equal(t, kicktest.CauseEndOfXML, cause)
	assert.Equal(t, kicktest.Left{Conference: "Room", MemberID: "2", Reason: kicktest.ReasonKicked}, star.Transcript().Steps()[1])
	assert.Equal(t, []kicktest.Member{{ID: "1", CallUUID: "plain"}}, srv.Members("Room"))
}

func TestConference_maxParticipants(t *testing.T) {
	t.Parallel()
	app := newApp(t)
	app.route("/answer", fixed(xml.NewResponse().
		Conference("Room", xml.ConferenceAttrs{StayAlone: xml.True, MaxParticipants: xml.Int(1)}).
		Speak("The room is full")))
	srv := newPlatform(t, kicktest.WithMemberCap(2))
	startInRoom(t, srv, app, "/answer", "Room", "first")
	startInRoom(t, srv, app, "/answer", "Room", "second") // maxParticipants is not enforced
	third := srv.StartCall(kicktest.CallSpec{AnswerURL: app.URL + "/answer"})
	cause, err := third.Wait(t.Context())
	require.NoError(t, err)
	assert.Equal(t, kicktest.CauseEndOfXML, cause)
	assert.Equal(t, []kicktest.Step{
		kicktest.RoomFull{Conference: "Room"},
		kicktest.Spoke{Text: "The room is full"},
		kicktest.Ended{Cause: kicktest.CauseEndOfXML},
	}, third.Transcript().Steps(), "the account's member cap applies")
}

func TestConference_actionNotFetched(t *testing.T) {
	t.Parallel()
	app := newApp(t)
	app.route("/answer", fixed(xml.NewResponse().
		Conference("Room", xml.ConferenceAttrs{StayAlone: xml.True, Action: app.URL + "/action"}).
		Speak("next")))
	app.route("/action", fixed(xml.NewResponse().Speak("from action")))
	srv := newPlatform(t)
	call := startInRoom(t, srv, app, "/answer", "Room", "a")
	_, err := newKickClient(t, srv).Kick(t.Context(), "Room", "1")
	require.NoError(t, err)
	_, err = call.Wait(t.Context())
	require.NoError(t, err)
	assert.Empty(t, app.events("/action"))
	assert.Equal(t, kicktest.Spoke{Text: "next"}, call.Transcript().Steps()[2])
}

func TestConference_removeMemberOfCall(t *testing.T) {
	t.Parallel()
	app := newApp(t)
	app.route("/answer", fixed(xml.NewResponse().Conference("Room", xml.ConferenceAttrs{StayAlone: xml.True})))
	srv := newPlatform(t)
	call := startInRoom(t, srv, app, "/answer", "Room", "a")
	assert.True(t, srv.RemoveMember("Room", "1"))
	cause, err := call.Wait(t.Context())
	require.NoError(t, err)
	assert.Equal(t, kicktest.CauseNormalHangup, cause)
	assert.False(t, srv.RemoveMember("Room", "1"))
}
