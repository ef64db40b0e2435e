package kicktest_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kickflow/kickflow/kick"
	"github.com/kickflow/kickflow/kick/kicktest"
	"github.com/kickflow/kickflow/xml"
)

// seedRoom puts members "1", "2" and "3" (calls c1, c2, c3) into room.
func seedRoom(srv *kicktest.Server, room string) {
	for _, id := range []string{"1", "2", "3"} {
		srv.AddMember(room, kicktest.Member{ID: id, CallUUID: "c" + id})
	}
}

func TestAPI_clientOperations(t *testing.T) {
	t.Parallel()
	tests := []struct {
		route   kicktest.Route
		wantURI string // after /api/v1/Account/{id}
		call    func(context.Context, *kick.Client) error
	}{
		{kicktest.RouteKick, "/Conference/My%20Room/Member/1,2/Kick/", func(ctx context.Context, c *kick.Client) error {
			_, err := c.Kick(ctx, "My Room", "1", "2")
			return err
		}},
		{kicktest.RouteHangUp, "/Conference/My%20Room/Member/all/", func(ctx context.Context, c *kick.Client) error {
			return c.HangUp(ctx, "My Room", kick.All)
		}},
		{kicktest.RouteMute, "/Conference/My%20Room/Member/1/Mute/", func(ctx context.Context, c *kick.Client) error {
			_, err := c.Mute(ctx, "My Room", "1")
			return err
		}},
		{kicktest.RouteUnmute, "/Conference/My%20Room/Member/1/Mute/", func(ctx context.Context, c *kick.Client) error {
			return c.Unmute(ctx, "My Room", "1")
		}},
		{kicktest.RouteDeaf, "/Conference/My%20Room/Member/all/Deaf/", func(ctx context.Context, c *kick.Client) error {
			_, err := c.Deaf(ctx, "My Room", kick.All)
			return err
		}},
		{kicktest.RouteUndeaf, "/Conference/My%20Room/Member/3/Deaf/", func(ctx context.Context, c *kick.Client) error {
			return c.Undeaf(ctx, "My Room", "3")
		}},
		{kicktest.RoutePlay, "/Conference/My%20Room/Member/2/Play/", func(ctx context.Context, c *kick.Client) error {
			_, err := c.Play(ctx, "My Room", "https://cdn.example.com/a.mp3", "2")
			return err
		}},
		{kicktest.RouteStopPlay, "/Conference/My%20Room/Member/2/Play/", func(ctx context.Context, c *kick.Client) error {
			return c.StopPlay(ctx, "My Room", "2")
		}},
		{kicktest.RouteSpeak, "/Conference/My%20Room/Member/2/Speak/", func(ctx context.Context, c *kick.Client) error {
			_, err := c.Speak(ctx, "My Room", kick.Speech{Text: "Hi"}, "2")
			return err
		}},
		{kicktest.RouteStopSpeak, "/Conference/My%20Room/Member/2/Speak/", func(ctx context.Context, c *kick.Client) error {
			return c.StopSpeak(ctx, "My Room", "2")
		}},
		{kicktest.RouteConference, "/Conference/My%20Room/", func(ctx context.Context, c *kick.Client) error {
			_, err := c.Conference(ctx, "My Room")
			return err
		}},
		{kicktest.RouteConferences, "/Conference/", func(ctx context.Context, c *kick.Client) error {
			_, err := c.Conferences(ctx)
			return err
		}},
		{kicktest.RouteHangUpConference, "/Conference/My%20Room/", func(ctx context.Context, c *kick.Client) error {
			return c.HangUpConference(ctx, "My Room")
		}},
		{kicktest.RouteHangUpAllConferences, "/Conference/", func(ctx context.Context, c *kick.Client) error {
			return c.HangUpAllConferences(ctx)
		}},
		{kicktest.RouteStartRecording, "/Conference/My%20Room/Record/", func(ctx context.Context, c *kick.Client) error {
			_, err := c.StartRecording(ctx, "My Room", kick.RecordingOptions{FileFormat: "mp3"})
			return err
		}},
		{kicktest.RouteStopRecording, "/Conference/My%20Room/Record/", func(ctx context.Context, c *kick.Client) error {
			return c.StopRecording(ctx, "My Room")
		}},
	}
	for _, tt := range tests {
		t.Run(string(tt.route), func(t *testing.T) {
			t.Parallel()
			srv := newPlatform(t)
			seedRoom(srv, "My Room")

			require.NoError(t, tt.call(t.Context(), newKickClient(t, srv)))

			reqs := srv.Requests()
			require.Len(t, reqs, 1)
			assert.Equal(t, tt.route, reqs[0].Route)
			assert.Equal(t, "/api/v1/Account/"+srv.AuthID+tt.wantURI, reqs[0].URI)
		})
	}
}

func TestAPI_clientOperationsUnknownRoom(t *testing.T) {
	t.Parallel()
	srv := newPlatform(t)
	c := newKickClient(t, srv)
	ctx := t.Context()
	_, errMute := c.Mute(ctx, "Gone", "1")
	errUndeaf := c.Undeaf(ctx, "Gone", "1")
	_, errPlay := c.Play(ctx, "Gone", "https://cdn.example.com/a.mp3", "1")
	errStopSpeak := c.StopSpeak(ctx, "Gone", "1")
	_, errGet := c.Conference(ctx, "Gone")
	errHangUp := c.HangUpConference(ctx, "Gone")
	_, errRec := c.StartRecording(ctx, "Gone", kick.RecordingOptions{})
	errStopRec := c.StopRecording(ctx, "Gone")
	for i, err := range []error{errMute, errUndeaf, errPlay, errStopSpeak, errGet, errHangUp, errRec, errStopRec} {
		assert.ErrorIs(t, err, kick.ErrNotFound, "operation %d", i)
	}
	assert.NoError(t, c.HangUpAllConferences(ctx), "204 also when no room is live")
	names, err := c.Conferences(ctx)
	require.NoError(t, err)
	assert.Empty(t, names)
}

func TestAPI_muteAndDeafState(t *testing.T) {
	t.Parallel()
	srv := newPlatform(t)
	seedRoom(srv, "Room")
	c := newKickClient(t, srv)
	ctx := t.Context()

	res, err := c.Mute(ctx, "Room", "1", "2")
	require.NoError(t, err)
	assert.Equal(t, http.StatusAccepted, res.StatusCode)
	assert.Equal(t, "muted", res.Message)
	assert.Equal(t, []string{"1", "2"}, res.MemberIDs)
	res, err = c.Deaf(ctx, "Room", kick.All)
	require.NoError(t, err)
	assert.Equal(t, "deaf", res.Message)
	require.NoError(t, c.Unmute(ctx, "Room", "1"))
	require.NoError(t, c.Undeaf(ctx, "Room", "3"))

	assert.Equal(t, []kicktest.Member{
		{ID: "1", CallUUID: "c1", Deaf: true},
		{ID: "2", CallUUID: "c2", Muted: true, Deaf: true},
		{ID: "3", CallUUID: "c3"},
	}, srv.Members("Room"))
	assert.Equal(t, "[{1 c1 deaf} {2 c2 muted deaf} {3 c3}]", strings.TrimSpace(fmtMembers(srv.Members("Room"))))
	conf, err := c.Conference(ctx, "Room")
	require.NoError(t, err)
	require.Len(t, conf.Members, 3)
	for i, want := range []struct{ muted, deaf bool }{{false, true}, {true, true}, {false, false}} {
		assert.Equal(t, want.muted, conf.Members[i].Muted, "member %s muted", conf.Members[i].MemberID)
		assert.Equal(t, want.deaf, conf.Members[i].Deaf, "member %s deaf", conf.Members[i].MemberID)
	}

	_, err = c.Mute(ctx, "Room", "9")
	assert.ErrorIs(t, err, kick.ErrNotFound, "a member not in the room")
}

func TestAPI_playAndSpeakHeardOnlyByTargets(t *testing.T) {
	t.Parallel()
	app := newApp(t)
	app.route("/answer", fixed(xml.NewResponse().Conference("Room", xml.ConferenceAttrs{StayAlone: xml.True})))
	srv := newPlatform(t)
	a := startInRoom(t, srv, app, "/answer", "Room", "call-a")
	b := startInRoom(t, srv, app, "/answer", "Room", "call-b")
	cc := startInRoom(t, srv, app, "/answer", "Room", "call-c")
	c := newKickClient(t, srv)
	ctx := t.Context()

	res, err := c.Play(ctx, "Room", "https://cdn.example.com/warn.mp3", "1")
	require.NoError(t, err)
	assert.Equal(t, "play queued into conference", res.Message)
	_, err = c.Speak(ctx, "Room", kick.Speech{Text: "Two minutes left", Voice: "WOMAN", Language: "en-US"}, "2", "1")
	require.NoError(t, err)
	require.NoError(t, c.StopPlay(ctx, "Room", "1"))

	assert.Equal(t, []kicktest.Step{
		kicktest.Joined{Conference: "Room", MemberID: "1"},
		kicktest.HeardPlay{Conference: "Room", MemberID: "1", URL: "https://cdn.example.com/warn.mp3"},
		kicktest.HeardSpeech{Conference: "Room", MemberID: "1", Text: "Two minutes left", Voice: "WOMAN", Language: "en-US"},
	}, a.Transcript().Steps())
	assert.Equal(t, []kicktest.Step{
		kicktest.Joined{Conference: "Room", MemberID: "2"},
		kicktest.HeardSpeech{Conference: "Room", MemberID: "2", Text: "Two minutes left", Voice: "WOMAN", Language: "en-US"},
	}, b.Transcript().Steps())
	assert.Equal(t, []kicktest.Step{kicktest.Joined{Conference: "Room", MemberID: "3"}}, cc.Transcript().Steps(),
		"an untargeted member hears nothing")
	assert.Contains(t, a.Transcript().String(), `heard speech "Two minutes left" (WOMAN, en-US) in Room as member 1`)
	assert.Contains(t, a.Transcript().String(), "heard play https://cdn.example.com/warn.mp3 in Room as member 1")
}

func TestAPI_playAndSpeakNeedTheirField(t *testing.T) {
	t.Parallel()
	srv := newPlatform(t)
	seedRoom(srv, "Room")
	for _, tt := range []struct{ action, body string }{
		{"Play", `{}`}, {"Play", `{"url":""}`}, {"Speak", `{"voice":"MAN"}`}, {"Speak", `not json`},
	} {
		req, err := http.NewRequestWithContext(t.Context(), http.MethodPost,
			srv.URL+"/api/v1/Account/"+srv.AuthID+"/Conference/Room/Member/1/"+tt.action+"/", strings.NewReader(tt.body))
		require.NoError(t, err)
		req.Header.Set("X-Auth-ID", srv.AuthID)
		req.Header.Set("X-Auth-Token", srv.AuthToken)
		resp, err := srv.Client().Do(req)
		require.NoError(t, err)
		require.NoError(t, resp.Body.Close())
		assert.Equal(t, http.StatusBadRequest, resp.StatusCode, "%s %s", tt.action, tt.body)
	}
}

func TestAPI_hangUpConferenceEndsEveryCall(t *testing.T) {
	t.Parallel()
	app := newApp(t)
	app.route("/answer", fixed(xml.NewResponse().
		Conference("Room", xml.ConferenceAttrs{StayAlone: xml.True}).
		Speak("Never heard").
		Hangup()))
	var mu sync.Mutex
	var events []kicktest.Event
	srv := newPlatform(t, kicktest.WithHook(func(e kicktest.Event) {
		mu.Lock()
		defer mu.Unlock()
		events = append(events, e)
	}))
	a := startInRoom(t, srv, app, "/answer", "Room", "call-a")
	b := startInRoom(t, srv, app, "/answer", "Room", "call-b")
	srv.AddMember("Room", kicktest.Member{ID: "9", CallUUID: "seeded"})
	srv.AddMember("Other", kicktest.Member{ID: "1", CallUUID: "other"})
	c := newKickClient(t, srv)

	require.NoError(t, c.HangUpConference(t.Context(), "Room"))

	for _, call := range []*kicktest.Call{a, b} {
		cause, err := call.Wait(t.Context())
		require.NoError(t, err)
		assert.Equal(t, kicktest.CauseNormalHangup, cause)
		steps := call.Transcript().Steps()
		require.Len(t, steps, 3, "%v", call.Transcript())
		left, ok := steps[1].(kicktest.Left)
		require.True(t, ok, "%v", steps[1])
		assert.Equal(t, kicktest.ReasonHungUp, left.Reason)
	}
	assert.Nil(t, srv.Members("Room"))
	assert.Equal(t, []string{"Other"}, srv.Conferences())
	mu.Lock()
	assert.Len(t, events, 3)
	for _, e := range events {
		assert.Equal(t, kicktest.HungUp, e.Action)
		assert.Equal(t, "Room", e.Conference)
	}
	mu.Unlock()
	assert.ErrorIs(t, c.HangUpConference(t.Context(), "Room"), kick.ErrNotFound, "the room has ended")

	require.NoError(t, c.HangUpAllConferences(t.Context()))
	assert.Empty(t, srv.Conferences())
}

func TestAPI_reads(t *testing.T) {
	t.Parallel()
	app := newApp(t)
	app.route("/answer", fixed(xml.NewResponse().Conference("Room", xml.ConferenceAttrs{StayAlone: xml.True})))
	t.Run("documented", func(t *testing.T) {
		t.Parallel()
		srv := newPlatform(t)
		startInRoom(t, srv, app, "/answer", "Room", "call-a")
		srv.AddMember("Room", kicktest.Member{ID: "7", CallUUID: "seeded", Muted: true})
		srv.AddMember("Annex", kicktest.Member{ID: "1", CallUUID: "annex"})
		c := newKickClient(t, srv)

		conf, err := c.Conference(t.Context(), "Room")
		require.NoError(t, err)
		assert.Equal(t, "Room", conf.Name)
		assert.Equal(t, 2, conf.MemberCount)
		assert.NotEmpty(t, conf.APIID)
		require.Len(t, conf.Members, 2)
		assert.Equal(t, kick.ConferenceMember{MemberID: "1", CallUUID: "call-a", From: kicktest.DefaultFrom,
			To: kicktest.DefaultTo, Direction: "inbound", JoinedFor: conf.Members[0].JoinedFor}, conf.Members[0])
		assert.Equal(t, kick.ConferenceMember{MemberID: "7", CallUUID: "seeded", Muted: true,
			JoinedFor: conf.Members[1].JoinedFor}, conf.Members[1])
		names, err := c.Conferences(t.Context())
		require.NoError(t, err)
		assert.Equal(t, []string{"Annex", "Room"}, names)
	})
	t.Run("live", func(t *testing.T) {
		t.Parallel()
		srv := newPlatform(t, kicktest.WithLiveReads())
		startInRoom(t, srv, app, "/answer", "Room", "call-a")
		c := newKickClient(t, srv)

		conf, err := c.Conference(t.Context(), "Room")
		assert.Nil(t, conf)
		require.ErrorIs(t, err, kick.ErrUnavailable)
		var apiErr *kick.Error
		require.ErrorAs(t, err, &apiErr)
		assert.Equal(t, http.StatusOK, apiErr.StatusCode)
		assert.Equal(t, "failed", apiErr.Message)
		names, err := c.Conferences(t.Context())
		require.NoError(t, err)
		assert.Empty(t, names, "the live list is empty while rooms are live")
		assert.NotNil(t, names)
		_, err = c.Conference(t.Context(), "Ended")
		assert.ErrorIs(t, err, kick.ErrNotFound)
	})
}

func TestAPI_recording(t *testing.T) {
	t.Parallel()
	srv := newPlatform(t)
	seedRoom(srv, "Room")
	srv.AddMember("Short", kicktest.Member{ID: "1", CallUUID: "s1"})
	c := newKickClient(t, srv)
	ctx := t.Context()

	res, err := c.StartRecording(ctx, "Room", kick.RecordingOptions{FileFormat: "wav", CallbackURL: "https://app.example.com/rec"})
	require.NoError(t, err)
	assert.Equal(t, http.StatusOK, res.StatusCode)
	assert.Equal(t, "async api spawned", res.Message)
	_, err = c.StartRecording(ctx, "Short", kick.RecordingOptions{})
	require.NoError(t, err)
	require.NoError(t, c.StopRecording(ctx, "Room"))
	assert.True(t, srv.RemoveMember("Short", "1"), "the room ends with its last member")

	assert.Equal(t, []kicktest.Recording{
		{Conference: "Room", FileFormat: "wav", CallbackURL: "https://app.example.com/rec", Stopped: true},
		{Conference: "Short", Stopped: true},
	}, srv.Recordings())
	_, err = c.StartRecording(ctx, "Short", kick.RecordingOptions{})
	assert.ErrorIs(t, err, kick.ErrNotFound, "nobody is in the room")
}

func TestAPI_enqueueRoute(t *testing.T) {
	t.Parallel()
	srv := newPlatform(t)
	seedRoom(srv, "Room")
	c := newKickClient(t, srv)
	ctx := t.Context()
	srv.EnqueueRoute(kicktest.RouteKick, kicktest.Response{Status: http.StatusServiceUnavailable, Apply: true})
	srv.Enqueue(kicktest.Response{Status: http.StatusTooManyRequests, RetryAfter: "0"})
	assert.Equal(t, 2, srv.Pending())

	// A background read takes the answer queued for any route, not the
	// kick's fault; the client retries it.
	_, err := c.Conference(ctx, "Room")
	require.NoError(t, err)
	assert.Equal(t, 1, srv.Pending())
	require.NoError(t, c.Unmute(ctx, "Room", "1"), "no answer left for other routes")

	_, err = c.Kick(ctx, "Room", "1")
	require.ErrorIs(t, err, kick.ErrOutcomeUnknown)
	assert.Equal(t, 0, srv.Pending())
	assert.Equal(t, []kicktest.Member{{ID: "2", CallUUID: "c2"}, {ID: "3", CallUUID: "c3"}}, srv.Members("Room"))
}

func TestAPI_enqueueRoutePanics(t *testing.T) {
	t.Parallel()
	srv := newPlatform(t)
	assert.PanicsWithValue(t, "kicktest: EnqueueRoute: unknown route Nope", func() {
		srv.EnqueueRoute("Nope", kicktest.Response{})
	})
	assert.PanicsWithValue(t, "kicktest: EnqueueRoute: invalid status code", func() {
		srv.EnqueueRoute(kicktest.RouteMute, kicktest.Response{Status: 42})
	})
}

func TestAPI_routeMatching(t *testing.T) {
	t.Parallel()
	srv := newPlatform(t)
	seedRoom(srv, "Room")
	base := "/api/v1/Account/" + srv.AuthID + "/Conference/"
	tests := []struct {
		method, path string
		wantStatus   int
		wantRoute    kicktest.Route
	}{
		{"GET", base + "Room/Member/1/Kick/", http.StatusNotFound, ""},
		{"GET", base + "Room/Member/1/Mute/", http.StatusNotFound, ""},
		{"POST", base + "Room/Member/1/", http.StatusNotFound, ""},
		{"POST", base + "Room/", http.StatusNotFound, ""},
		{"GET", base + "Room/Record/", http.StatusNotFound, ""},
		{"POST", base + "Room/Member/1/Hold/", http.StatusNotFound, ""},
		{"POST", base + "Room/Play/", http.StatusNotFound, ""},
		{"POST", base + "Room/Member/1/mute/", http.StatusUnauthorized, kicktest.RouteMute},
		{"DELETE", base + "Room/Member/1/Deaf", http.StatusUnauthorized, kicktest.RouteUndeaf},
		{"GET", strings.Replace(base, "Conference", "conference", 1) + "Room/", http.StatusUnauthorized, kicktest.RouteConference},
		{"GET", base + "Room/", http.StatusOK, kicktest.RouteConference},
	}
	for _, tt := range tests {
		req, err := http.NewRequestWithContext(t.Context(), tt.method, srv.URL+tt.path, nil)
		require.NoError(t, err)
		req.Header.Set("X-Auth-ID", srv.AuthID)
		req.Header.Set("X-Auth-Token", srv.AuthToken)
		resp, err := srv.Client().Do(req)
		require.NoError(t, err)
		require.NoError(t, resp.Body.Close())
		assert.Equal(t, tt.wantStatus, resp.StatusCode, "%s %s", tt.method, tt.path)
		reqs := srv.Requests()
		assert.Equal(t, tt.wantRoute, reqs[len(reqs)-1].Route, "%s %s", tt.method, tt.path)
	}
	assert.Len(t, srv.Members("Room"), 3, "nothing acted")
}

func fmtMembers(ms []kicktest.Member) string { return fmt.Sprint(ms) }

func TestAPI_joinedMutedThenUnmuted(t *testing.T) {
	t.Parallel()
	app := newApp(t)
	app.route("/answer", fixed(xml.NewResponse().Conference("Room", xml.ConferenceAttrs{StayAlone: xml.True, Muted: xml.True})))
	srv := newPlatform(t)
	startInRoom(t, srv, app, "/answer", "Room", "call-a")
	assert.Equal(t, []kicktest.Member{{ID: "1", CallUUID: "call-a", Muted: true}}, srv.Members("Room"),
		`muted="true" on <Conference> starts the member muted`)

	require.NoError(t, newKickClient(t, srv).Unmute(t.Context(), "Room", "1"))

	assert.Equal(t, []kicktest.Member{{ID: "1", CallUUID: "call-a"}}, srv.Members("Room"))
}
