package kicktest_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kickflow/kickflow/kick/kicktest"
	"github.com/kickflow/kickflow/xml"
)

func TestWait_deadlines(t *testing.T) {
	t.Parallel()
	app := newApp(t)
	app.route("/answer", fixed(xml.NewResponse().Conference("Room", xml.ConferenceAttrs{StayAlone: xml.True})))
	srv := newPlatform(t)
	call := startInRoom(t, srv, app, "/answer", "Room", "a")

	tests := []struct {
		name string
		wait func(ctx context.Context) error
	}{
		{"WaitUntil", func(ctx context.Context) error { return srv.WaitUntil(ctx, func() bool { return false }) }},
		{"WaitMember", func(ctx context.Context) error { _, err := srv.WaitMember(ctx, "Room", "nobody"); return err }},
		{"WaitMembers", func(ctx context.Context) error { _, err := srv.WaitMembers(ctx, "Room", 2); return err }},
		{"Call.Wait", func(ctx context.Context) error { _, err := call.Wait(ctx); return err }},
		{"Call.WaitStep", func(ctx context.Context) error {
			_, err := call.WaitStep(ctx, func(s kicktest.Step) bool { _, ok := s.(kicktest.Left); return ok })
			return err
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ctx, cancel := context.WithTimeout(t.Context(), 5*time.Millisecond)
			defer cancel()
			assert.ErrorIs(t, tt.wait(ctx), context.DeadlineExceeded)
		})
	}
}

func TestWait_succeeds(t *testing.T) {
	t.Parallel()
	app := newApp(t)
	app.route("/answer", fixed(xml.NewResponse().Conference("Room", xml.ConferenceAttrs{StayAlone: xml.True})))
	srv := newPlatform(t)
	call := srv.StartCall(kicktest.CallSpec{AnswerURL: app.URL + "/answer", CallUUID: "a"})
	ctx := t.Context()

	m, err := srv.WaitMember(ctx, "Room", "a")
	require.NoError(t, err)
	assert.Equal(t, kicktest.Member{ID: "1", CallUUID: "a"}, m)
	members, err := srv.WaitMembers(ctx, "Room", 1)
	require.NoError(t, err)
	assert.Equal(t, []kicktest.Member{m}, members)
	e, err := call.WaitStep(ctx, func(s kicktest.Step) bool { _, ok := s.(kicktest.Joined); return ok })
	require.NoError(t, err)
	assert.Equal(t, kicktest.Joined{Conference: "Room", MemberID: "1"}, e.Step)

	call.HangUp()
	call.HangUp() // no effect the second time
	_, err = srv.WaitMembers(ctx, "Room", 0)
	require.NoError(t, err)
	cause, err := call.Wait(ctx)
	require.NoError(t, err)
	assert.Equal(t, kicktest.CauseNormalHangup, cause)
	assert.Equal(t, []*kicktest.Call{call}, srv.Calls())
	assert.Same(t, call, srv.Call("a"))
	assert.Nil(t, srv.Call("b"))
}

func TestServer_Close_endsCalls(t *testing.T) {
	t.Parallel()
	app := newApp(t)
	app.route("/room", fixed(xml.NewResponse().Conference("Room", xml.ConferenceAttrs{StayAlone: xml.True})))
	app.route("/speak", fixed(xml.NewResponse().Speak("long")))
	srv := kicktest.NewServer(kicktest.WithManualClock())
	inRoom := startInRoom(t, srv, app, "/room", "Room", "a")
	speaking := srv.StartCall(kicktest.CallSpec{AnswerURL: app.URL + "/speak"})
	require.NoError(t, srv.WaitUntil(t.Context(), func() bool { return srv.Sleeping() == 1 }))

	srv.Close()
	srv.Close() // a second Close does nothing
	for _, c := range []*kicktest.Call{inRoom, speaking} {
		select {
		case <-c.Done():
		default:
			t.Fatalf("call %s still running after Close", c.UUID())
		}
		cause, ok := c.Cause()
		assert.True(t, ok)
		assert.Equal(t, kicktest.CauseNormalHangup, cause)
	}
}

func TestServer_restFaultsReachCalls(t *testing.T) {
	t.Parallel()
	app := newApp(t)
	app.route("/answer", fixed(xml.NewResponse().Conference("Room", xml.ConferenceAttrs{StayAlone: xml.True}).Speak("bye")))
	srv := newPlatform(t)
	call := startInRoom(t, srv, app, "/answer", "Room", "a")
	kc := newKickClient(t, srv)

	// A 502 without effect: the member stays.
	srv.Enqueue(kicktest.Response{Status: 502, Body: "Bad Gateway"})
	_, err := kc.Kick(t.Context(), "Room", "1")
	require.Error(t, err)
	assert.Equal(t, []kicktest.Member{{ID: "1", CallUUID: "a"}}, srv.Members("Room"))

	// A 502 after the platform acted: the call goes on after <Conference>.
	srv.Enqueue(kicktest.Response{Status: 502, Body: "Bad Gateway", Apply: true})
	_, err = kc.Kick(t.Context(), "Room", "1")
	require.Error(t, err)
	cause, err := call.Wait(t.Context())
	require.NoError(t, err)
	assert.Equal(t, kicktest.CauseEndOfXML, cause)
	assert.Equal(t, kicktest.Spoke{Text: "bye"}, call.Transcript().Steps()[2])
}
