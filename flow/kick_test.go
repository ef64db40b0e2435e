package flow_test

import (
	"context"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kickflow/kickflow/flow"
	"github.com/kickflow/kickflow/golden"
	"github.com/kickflow/kickflow/kick"
	"github.com/kickflow/kickflow/kick/kicktest"
	vxml "github.com/kickflow/kickflow/xml"
)

// kickURIs returns the request targets the fake platform received.
func kickURIs(srv *kicktest.Server) []string {
	var uris []string
	for _, r := range srv.Requests() {
		uris = append(uris, r.Method+" "+r.URI)
	}
	return uris
}

func TestKickContinuations(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		give flow.Continuation
	}{
		{"announce then hangup", flow.Continuation{Announce: "You have been removed from the meeting."}},
		{"hangup only", flow.Continuation{}},
		{"redirect", flow.Continuation{Announce: "Transferring you.", Then: flow.Redirect("https://app.example.com/ivr?step=2&x=1")}},
		{"move", flow.Continuation{Announce: "Moving you to the lobby.", Then: flow.MoveTo("Lobby", vxml.ConferenceAttrs{Muted: vxml.True})}},
		{"play", flow.Continuation{Play: "https://cdn.example.com/bye.mp3"}},
		{"templated", flow.Continuation{
			Announce:      "Goodbye {{.From}}, member {{.MemberID}} of {{.Room}}: {{.Fields.reason}} <&>",
			AnnounceAttrs: vxml.SpeakAttrs{Voice: vxml.VoiceMan, Language: "en-GB"},
			Fields:        map[string]string{"reason": "the meeting is over"},
		}},
		{"template speaking nothing", flow.Continuation{Announce: `{{if .CallerName}}Hi{{end}}`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			fx := newFixture(t)
			fx.join("call-a", "Sales", "3", "j100")
			res, err := fx.flow.Kick(t.Context(), flow.Call("call-a"), tt.give)
			require.NoError(t, err)
			assert.Equal(t, "Sales", res.Room)
			assert.Equal(t, []string{"call-a/3"}, callIDs(res.Members))
			assert.False(t, res.OutcomeUnknown)
			require.NotNil(t, res.Kick)
			assert.Equal(t, []string{"POST /api/v1/Account/" + fx.srv.AuthID + "/Conference/Sales/Member/3/Kick/"}, kickURIs(fx.srv))
			assert.Empty(t, fx.srv.Members("Sales"))

			doc := fx.fetch("call-a")
			golden.AssertXML(t, "continuation", []byte(doc))
			assert.Equal(t, doc, fx.fetch("call-a"), "a retried fetch within the grace window")
			assert.Equal(t, flow.Stats{Kicks: 1, Continuations: 2, Enters: 1}, fx.flow.Stats())
		})
	}
}

func TestKickMoveTracked(t *testing.T) {
	t.Parallel()
	fx := newFixture(t)
	fx.join("call-a", "Sales", "3", "j100")
	_, err := fx.flow.Kick(t.Context(), flow.Call("call-a"), flow.Continuation{Then: flow.MoveTo("Lobby")})
	require.NoError(t, err)
	doc := fx.fetch("call-a")
	match := regexp.MustCompile(`callbackUrl="https://app\.example\.com/vobiz/events/(\w+)">Lobby</Conference>`).FindStringSubmatch(doc)
	require.Len(t, match, 2, doc)
	token := match[1]
	// The platform reports the exit from Sales and the enter into Lobby.
	fx.callback("exit", "call-a", "Sales", "3", "j100")
	fx.join("call-a", "Lobby", "1", token)
	m, ok, err := fx.flow.Member(t.Context(), "call-a")
	require.NoError(t, err)
	require.True(t, ok)
	assert.Equal(t, "Lobby", m.Room)
	assert.Equal(t, "1", m.MemberID)
}

func TestKickRoom(t *testing.T) {
	t.Parallel()
	fx := newFixture(t)
	fx.join("call-a", "Sales", "1", "j1")
	fx.join("call-b", "Sales", "2", "j2")
	fx.join("call-c", "Sales", "3", "j3")
	fx.join("call-d", "Other", "1", "j4")
	res, err := fx.flow.Kick(t.Context(), flow.Room("Sales"), flow.Continuation{Announce: "Bye {{.MemberID}} at {{.From}}"})
	require.NoError(t, err)
	assert.Equal(t, []string{"call-a/1", "call-b/2", "call-c/3"}, callIDs(res.Members))
	assert.Equal(t, []string{"POST /api/v1/Account/" + fx.srv.AuthID + "/Conference/Sales/Member/1,2,3/Kick/"}, kickURIs(fx.srv))
	for _, c := range []struct{ call, want string }{
		{"call-a", "Bye 1 at 1415555a"}, {"call-b", "Bye 2 at 1415555b"}, {"call-c", "Bye 3 at 1415555c"},
	} {
		assert.Contains(t, fx.fetch(c.call), "<Speak>"+c.want+"</Speak>", c.call)
	}
	assert.Equal(t, defaultDoc, fx.fetch("call-d"), "a member of another room")
}

func TestKickCallsAndMemberID(t *testing.T) {
	t.Parallel()
	fx := newFixture(t)
	fx.join("call-a", "Sales", "1", "j1")
	fx.join("call-b", "Sales", "2", "j2")
	fx.join("call-c", "Sales", "3", "j3")
	res, err := fx.flow.Kick(t.Context(), flow.Calls("call-c", "call-a"), flow.Continuation{Announce: "Bye"})
	require.NoError(t, err)
	assert.Equal(t, []string{"call-c/3", "call-a/1"}, callIDs(res.Members))
	res, err = fx.flow.Kick(t.Context(), flow.MemberID("Sales", "2"), flow.Continuation{Announce: "Bye two"})
	require.NoError(t, err)
	assert.Equal(t, []string{"call-b/2"}, callIDs(res.Members))
	assert.Equal(t, []string{
		"POST /api/v1/Account/" + fx.srv.AuthID + "/Conference/Sales/Member/3,1/Kick/",
		"POST /api/v1/Account/" + fx.srv.AuthID + "/Conference/Sales/Member/2/Kick/",
	}, kickURIs(fx.srv))
	assert.Contains(t, fx.fetch("call-b"), "<Speak>Bye two</Speak>")
}

func TestKickReusedMemberID(t *testing.T) {
	t.Parallel()
	fx := newFixture(t)
	fx.callback("enter", "call-a", "Sales", "5", "j1")
	fx.callback("exit", "call-a", "Sales", "5", "j1")
	fx.join("call-b", "Sales", "5", "j2")
	fx.callback("enter", "call-a", "Sales", "5", "j1") // late duplicate of the first enter
	res, err := fx.flow.Kick(t.Context(), flow.MemberID("Sales", "5"), flow.Continuation{Announce: "For B"})
	require.NoError(t, err)
	assert.Equal(t, []string{"call-b/5"}, callIDs(res.Members))
	assert.Contains(t, fx.fetch("call-b"), "For B")
	assert.Equal(t, defaultDoc, fx.fetch("call-a"))
}

func TestKickOutcomeUnknown(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name        string
		giveApplied bool
	}{{"platform kicked", true}, {"platform did not kick", false}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var hooked []error
			fx := newFixture(t, flow.WithHooks(flow.Hooks{Kicked: func(_ *flow.Result, err error) { hooked = append(hooked, err) }}))
			fx.join("call-a", "Sales", "1", "j1")
			fx.srv.Enqueue(kicktest.Response{Status: http.StatusServiceUnavailable, Body: `{"error":"busy"}`, Apply: tt.giveApplied})
			res, err := fx.flow.Kick(t.Context(), flow.Call("call-a"), flow.Continuation{Announce: "Kept"})
			require.ErrorIs(t, err, kick.ErrOutcomeUnknown)
			require.NotNil(t, res)
			assert.True(t, res.OutcomeUnknown)
			assert.Equal(t, []string{"call-a/1"}, callIDs(res.Members))
			assert.Len(t, fx.srv.Requests(), 1, "not retried")
			assert.Contains(t, fx.fetch("call-a"), "<Speak>Kept</Speak>", "the continuation was kept")
			assert.Equal(t, int64(1), fx.flow.Stats().KicksUnknown)
			require.Len(t, hooked, 1)
			assert.ErrorIs(t, hooked[0], kick.ErrOutcomeUnknown)
		})
	}
}

func TestKickDefiniteFailure(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		giveResp kicktest.Response
		wantErr  error
	}{
		{"404", kicktest.Response{Status: http.StatusNotFound, Body: `{"error":"member not found"}`}, kick.ErrNotFound},
		{"401", kicktest.Response{Status: http.StatusUnauthorized}, kick.ErrUnauthorized},
		{"400", kicktest.Response{Status: http.StatusBadRequest, Body: `{"error":"bad"}`}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			fx := newFixture(t)
			fx.join("call-a", "Sales", "1", "j1")
			fx.srv.Enqueue(tt.giveResp)
			res, err := fx.flow.Kick(t.Context(), flow.Call("call-a"), flow.Continuation{Announce: "Never heard"})
			require.Error(t, err)
			var apiErr *kick.Error
			require.ErrorAs(t, err, &apiErr)
			assert.Equal(t, tt.giveResp.Status, apiErr.StatusCode)
			if tt.wantErr != nil {
				assert.ErrorIs(t, err, tt.wantErr)
			}
			assert.NotErrorIs(t, err, kick.ErrOutcomeUnknown)
			assert.Nil(t, res)
			assert.Equal(t, defaultDoc, fx.fetch("call-a"), "the continuation was removed")
			assert.Equal(t, int64(1), fx.flow.Stats().KicksFailed)
		})
	}
}

func TestKickCanceled(t *testing.T) {
	t.Parallel()
	fx := newFixture(t)
	fx.join("call-a", "Sales", "1", "j1")
	ctx, cancel := context.WithCancel(t.Context())
	fx.srv.Enqueue(kicktest.Response{Delay: time.Minute})
	fx.srv.ClearRequests()
	go func() {
		for len(fx.srv.Requests()) == 0 {
			time.Sleep(time.Millisecond)
		}
		cancel()
	}()
	res, err := fx.flow.Kick(ctx, flow.Call("call-a"), flow.Continuation{Announce: "Maybe"})
	require.ErrorIs(t, err, context.Canceled)
	// The request was sent, so the outcome is unknown and the continuation stays.
	require.ErrorIs(t, err, kick.ErrOutcomeUnknown)
	assert.True(t, res.OutcomeUnknown)
	assert.Contains(t, fx.fetch("call-a"), "Maybe")
}

func TestKickLastStoredWins(t *testing.T) {
	t.Parallel()
	fx := newFixture(t)
	fx.join("call-a", "Sales", "1", "j1")
	fx.srv.Enqueue(kicktest.Response{Status: http.StatusBadGateway})
	_, err := fx.flow.Kick(t.Context(), flow.Call("call-a"), flow.Continuation{Announce: "First"})
	require.ErrorIs(t, err, kick.ErrOutcomeUnknown)
	_, err = fx.flow.Kick(t.Context(), flow.Call("call-a"), flow.Continuation{Announce: "Second"})
	require.NoError(t, err)
	assert.Contains(t, fx.fetch("call-a"), "Second")

	// A second kick refused because the first already removed the member
	// (a double click) brings the first kick's continuation back.
	fx.join("call-b", "Sales", "2", "j2")
	_, err = fx.flow.Kick(t.Context(), flow.Call("call-b"), flow.Continuation{Announce: "Kept"})
	require.NoError(t, err)
	fx.callback("enter", "call-b", "Sales", "2", "j2b") // the registry has not seen the exit yet
	_, err = fx.flow.Kick(t.Context(), flow.Call("call-b"), flow.Continuation{Announce: "Refused"})
	require.ErrorIs(t, err, kick.ErrNotFound, "the member is gone from the platform")
	assert.Contains(t, fx.fetch("call-b"), "Kept")
}

func TestKickErrorsBeforeSend(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		giveTarget flow.Target
		giveCont   flow.Continuation
		wantErr    error
	}{
		{"unknown call", flow.Call("call-x"), flow.Continuation{}, flow.ErrNotFound},
		{"unknown member ID", flow.MemberID("Sales", "9"), flow.Continuation{}, flow.ErrNotFound},
		{"empty room", flow.Room("Nobody"), flow.Continuation{}, flow.ErrNotFound},
		{"zero target", flow.Target{}, flow.Continuation{}, flow.ErrInvalidArgument},
		{"no calls", flow.Calls(), flow.Continuation{}, flow.ErrInvalidArgument},
		{"empty call", flow.Call(""), flow.Continuation{}, flow.ErrInvalidArgument},
		{"call twice", flow.Calls("call-a", "call-a"), flow.Continuation{}, flow.ErrInvalidArgument},
		{"calls in two rooms", flow.Calls("call-a", "call-z"), flow.Continuation{}, flow.ErrInvalidArgument},
		{"member without room", flow.MemberID("", "1"), flow.Continuation{}, flow.ErrInvalidArgument},
		{"member without ID", flow.MemberID("Sales", ""), flow.Continuation{}, flow.ErrInvalidArgument},
		{"template syntax", flow.Call("call-a"), flow.Continuation{Announce: "Hi {{.From"}, flow.ErrInvalidArgument},
		{"template unknown field", flow.Call("call-a"), flow.Continuation{Announce: "Hi {{.Name}}"}, flow.ErrInvalidArgument},
		{"template missing key", flow.Calls("call-a", "call-b"), flow.Continuation{Announce: "{{.Fields.x}}"}, flow.ErrInvalidArgument},
		{"template output too long", flow.Call("call-a"), flow.Continuation{Announce: "{{.Fields.x}}{{.Fields.x}}", Fields: map[string]string{"x": strings.Repeat("x", flow.MaxAnnounceBytes/2+1)}}, flow.ErrInvalidArgument},
		{"invalid text", flow.Call("call-a"), flow.Continuation{Announce: "{{.Fields.x}}", Fields: map[string]string{"x": "\x01"}}, vxml.ErrInvalid},
		{"move without room", flow.Call("call-a"), flow.Continuation{Then: flow.MoveTo("")}, flow.ErrInvalidArgument},
		{"move with conflict", flow.Call("call-a"), flow.Continuation{Then: flow.MoveTo("Lobby", vxml.ConferenceAttrs{Action: "https://x.example.com"})}, flow.ErrConflict},
		{"redirect without URL", flow.Call("call-a"), flow.Continuation{Then: flow.Redirect("")}, vxml.ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			fx := newFixture(t)
			fx.join("call-a", "Sales", "1", "j1")
			fx.join("call-b", "Sales", "2", "j2")
			fx.join("call-z", "Other", "1", "j3")
			res, err := fx.flow.Kick(t.Context(), tt.giveTarget, tt.giveCont)
			assert.ErrorIs(t, err, tt.wantErr)
			assert.Nil(t, res)
			assert.Empty(t, fx.srv.Requests(), "no kick sent")
			assert.Equal(t, defaultDoc, fx.fetch("call-a"), "nothing stored")
		})
	}
}

func TestContinueGraceAndTTL(t *testing.T) {
	t.Parallel()
	fx := newFixture(t)
	synctest.Test(t, func(t *testing.T) {
		store := &flow.MemoryStore{}
		f, err := flow.New(fx.client, publicBase, flow.WithStore(store), flow.WithGrace(10*time.Second), flow.WithContinuationTTL(time.Minute))
		require.NoError(t, err)
		get := func(call string) string {
			return httptestRecorder(f, request(flow.ContinuePath, "", map[string][]string{"CallUUID": {call}})).Body.String()
		}
		require.NoError(t, store.PutContinuation(t.Context(), "call-a", []byte("<Response><Hangup/></Response>"), time.Minute))
		require.NoError(t, store.PutContinuation(t.Context(), "call-b", []byte("<Response><Wait/></Response>"), time.Minute))
		assert.Equal(t, "<Response><Hangup/></Response>", get("call-a"))
		time.Sleep(9 * time.Second)
		assert.Equal(t, "<Response><Hangup/></Response>", get("call-a"), "within the grace window")
		time.Sleep(2 * time.Second)
		assert.Equal(t, defaultDoc, get("call-a"), "after the grace window")
		time.Sleep(time.Minute)
		assert.Equal(t, defaultDoc, get("call-b"), "after the continuation TTL")
		assert.Equal(t, flow.Stats{Continuations: 2, Defaults: 2}, f.Stats())
	})
}

func TestServedHook(t *testing.T) {
	t.Parallel()
	type served struct {
		call      string
		isDefault bool
	}
	var got []served
	fx := newFixture(t, flow.WithHooks(flow.Hooks{Served: func(call string, isDefault bool) { got = append(got, served{call, isDefault}) }}))
	fx.join("call-a", "Sales", "1", "j1")
	_, err := fx.flow.Kick(t.Context(), flow.Call("call-a"), flow.Continuation{})
	require.NoError(t, err)
	fx.fetch("call-a")
	fx.fetch("call-b")
	assert.Equal(t, []served{{"call-a", false}, {"call-b", true}}, got)
}

func TestCustomDefault(t *testing.T) {
	t.Parallel()
	fx := newFixture(t, flow.WithDefault(vxml.NewResponse().Redirect("https://app.example.com/menu")))
	assert.Equal(t, `<?xml version="1.0" encoding="UTF-8"?><Response><Redirect>https://app.example.com/menu</Redirect></Response>`, fx.fetch("call-a"))
}
