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

func TestConference_waitSound(t *testing.T) {
	t.Parallel()
	app := newApp(t)
	room := func(start xml.Bool) docFunc {
		return func(*xml.Webhook) *xml.Response {
			return xml.NewResponse().Conference("Room", xml.ConferenceAttrs{
				StayAlone: xml.True, StartConferenceOnEnter: start, WaitSound: app.URL + "/music", Muted: xml.True,
			})
		}
	}
	app.route("/guest", room(xml.False))
	app.route("/host", room(xml.Unset))
	app.route("/music", fixed(xml.NewResponse().Speak("Please wait for the host").Wait(xml.WaitAttrs{Length: 5 * time.Second})))
	srv := newPlatform(t)

	guest := startInRoom(t, srv, app, "/guest", "Room", "guest")
	host := startInRoom(t, srv, app, "/host", "Room", "host")
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	require.NoError(t, srv.WaitUntil(ctx, func() bool { return len(app.events("/music")) == 2 }))
	_, err := guest.WaitStep(ctx, func(s kicktest.Step) bool { _, ok := s.(kicktest.Waited); return ok })
	require.NoError(t, err)
	require.NoError(t, srv.WaitUntil(ctx, func() bool { return len(host.Transcript()) == 2 }))
	assert.Equal(t, []kicktest.Step{
		kicktest.Joined{Conference: "Room", MemberID: "1"},
		kicktest.Muted{Conference: "Room"},
		kicktest.WaitingForStart{Conference: "Room"},
		kicktest.Spoke{Text: "Please wait for the host"},
		kicktest.Waited{Length: 5 * time.Second},
	}, guest.Transcript().Steps())
	assert.Equal(t, []kicktest.Step{
		kicktest.Joined{Conference: "Room", MemberID: "2"},
		kicktest.Muted{Conference: "Room"},
	}, host.Transcript().Steps(), "fetched on every join, heard only while waiting")
	for _, w := range app.events("/music") {
		assert.Equal(t, "waitSound", w.Form.Get("ConferenceAction"))
		assert.Equal(t, "ConferenceRemoteSounds", w.Form.Get("Event"))
		assert.Equal(t, "Room", w.Form.Get("ConferenceName"))
		assert.NotEmpty(t, w.Form.Get("CallUUID"))
	}
	for _, ex := range srv.Exchanges() {
		if ex.Event == "ConferenceRemoteSounds" {
			assert.Equal(t, "POST", ex.Method)
		}
	}
	assert.Equal(t, "waiting in Room for the start", kicktest.WaitingForStart{Conference: "Room"}.String())
	assert.Equal(t, "muted in Room", kicktest.Muted{Conference: "Room"}.String())
}

func TestConference_digitsMatch(t *testing.T) {
	t.Parallel()
	app := newApp(t)
	app.route("/answer", func(*xml.Webhook) *xml.Response {
		return xml.NewResponse().Conference("Room", xml.ConferenceAttrs{StayAlone: xml.True, DigitsMatch: "#1, 99", CallbackURL: app.URL + "/events"})
	})
	srv := newPlatform(t)
	call := startInRoom(t, srv, app, "/answer", "Room", "a")
	assert.False(t, call.Press("5"))
	assert.True(t, call.Press("9"+"9"))
	assert.True(t, call.Press("#1"))
	require.NoError(t, srv.WaitCallbacks(t.Context()))
	var matched []string
	for _, w := range app.events("/events") {
		if w.Form.Get("ConferenceAction") == "digits" {
			matched = append(matched, w.Form.Get("ConferenceDigitsMatch"))
			assert.Equal(t, "1", w.Form.Get("ConferenceMemberID"))
			assert.Equal(t, "a", w.Form.Get("CallUUID"))
		}
	}
	assert.Equal(t, []string{"99", "#1"}, matched)
}

func TestConference_timeLimit(t *testing.T) {
	t.Parallel()
	app := newApp(t)
	app.route("/answer", fixed(xml.NewResponse().
		Conference("Room", xml.ConferenceAttrs{StayAlone: xml.True, TimeLimit: 30 * time.Second}).
		Speak("The meeting has ended")))
	srv := newPlatform(t, kicktest.WithManualClock())
	a := startInRoom(t, srv, app, "/answer", "Room", "a")
	require.NoError(t, srv.WaitUntil(t.Context(), func() bool { return srv.Sleeping() == 1 })) // the room's timer
	srv.Advance(29 * time.Second)
	_, _, in := a.Member()
	assert.True(t, in)
	srv.Advance(time.Second)
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	_, err := a.WaitStep(ctx, func(s kicktest.Step) bool { _, ok := s.(kicktest.Left); return ok })
	require.NoError(t, err)
	finish(ctx, t, srv, a)
	assert.Contains(t, a.Transcript().Steps(), kicktest.Left{Conference: "Room", MemberID: "1", Reason: kicktest.ReasonEnded})
	assert.Contains(t, a.Transcript().Steps(), kicktest.Spoke{Text: "The meeting has ended"})
}

func TestConference_action(t *testing.T) {
	t.Parallel()
	for _, fires := range []bool{false, true} {
		t.Run(map[bool]string{false: "default: never", true: "made to fire"}[fires], func(t *testing.T) {
			t.Parallel()
			app := newApp(t)
			app.route("/answer", func(*xml.Webhook) *xml.Response {
				return xml.NewResponse().
					Conference("Room", xml.ConferenceAttrs{StayAlone: xml.True, Action: app.URL + "/after"}).
					Speak("fall through")
			})
			app.route("/after", fixed(xml.NewResponse().Speak("from the action")))
			var opts []kicktest.Option
			if fires {
				opts = append(opts, kicktest.WithConferenceAction(func(conference, callUUID string) bool {
					return conference == "Room" && callUUID == "a"
				}))
			}
			srv := newPlatform(t, opts...)
			call := startInRoom(t, srv, app, "/answer", "Room", "a")
			kc := newKickClient(t, srv)
			_, err := kc.Kick(t.Context(), "Room", "1")
			require.NoError(t, err)
			_, err = call.Wait(t.Context())
			require.NoError(t, err)
			want := "fall through"
			if fires {
				want = "from the action"
				after := app.events("/after")
				require.Len(t, after, 1)
				assert.Equal(t, "Room", after[0].Form.Get("ConferenceName"))
				assert.Equal(t, "1", after[0].Form.Get("ConferenceMemberID"))
				assert.NotEmpty(t, after[0].Form.Get("ConferenceUUID"))
			} else {
				assert.Empty(t, app.events("/after"))
			}
			assert.Contains(t, call.Transcript().Steps(), kicktest.Spoke{Text: want})
		})
	}
}
