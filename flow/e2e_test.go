package flow_test

import (
	"context"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kickflow/kickflow/flow"
	"github.com/kickflow/kickflow/kick"
	"github.com/kickflow/kickflow/kick/kicktest"
	vxml "github.com/kickflow/kickflow/xml"
)

// e2e is an app server on loopback, built on a Flow, and the fake platform
// calling it. The answer URL joins the room named by the call's To.
type e2e struct {
	t    *testing.T
	ctx  context.Context
	srv  *kicktest.Server
	app  *httptest.Server
	flow *flow.Flow
}

func newE2E(t *testing.T, srvOpts []kicktest.Option, flowOpts ...flow.Option) *e2e {
	t.Helper()
	mux := http.NewServeMux()
	app := httptest.NewServer(mux)
	t.Cleanup(app.Close)
	srv := kicktest.NewServer(srvOpts...)
	t.Cleanup(srv.Close)
	kc, err := kick.New(srv.AuthID, srv.AuthToken, kick.WithBaseURL(srv.URL), kick.WithHTTPClient(srv.Client()))
	require.NoError(t, err)
	f, err := flow.New(kc, app.URL+"/vobiz", append([]flow.Option{flow.WithAuthToken(srv.AuthToken)}, flowOpts...)...)
	require.NoError(t, err)
	mux.Handle("/vobiz/", f)
	mux.HandleFunc("/answer", func(w http.ResponseWriter, r *http.Request) {
		wh, err := vxml.ParseWebhook(r)
		if err != nil {
			http.Error(w, "bad request", http.StatusBadRequest)
			return
		}
		resp, err := f.Join(wh.To)
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		writeXML(w, resp)
	})
	mux.HandleFunc("/after", func(w http.ResponseWriter, r *http.Request) {
		writeXML(w, vxml.NewResponse().Speak("After the redirect").Hangup())
	})
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	t.Cleanup(cancel)
	return &e2e{t: t, ctx: ctx, srv: srv, app: app, flow: f}
}

func writeXML(w http.ResponseWriter, r *vxml.Response) {
	w.Header().Set("Content-Type", "application/xml; charset=utf-8")
	if _, err := r.WriteTo(w); err != nil {
		log.Print(err)
	}
}

// start calls the app as from, into room, and waits until the flow's
// registry has the call in the room.
func (e *e2e) start(call, room, from string) *kicktest.Call {
	e.t.Helper()
	c := e.srv.StartCall(kicktest.CallSpec{AnswerURL: e.app.URL + "/answer", CallUUID: call, To: room, From: from})
	e.waitIn(call, room)
	return c
}

// waitIn waits until the registry has the call in the room.
func (e *e2e) waitIn(call, room string) flow.Member {
	e.t.Helper()
	var m flow.Member
	require.NoError(e.t, e.srv.WaitUntil(e.ctx, func() bool {
		got, ok, err := e.flow.Member(e.ctx, call)
		m = got
		return err == nil && ok && got.Room == room
	}), "call %s in room %s", call, room)
	return m
}

// end waits for the call to end and returns what it heard and its cause.
func (e *e2e) end(c *kicktest.Call) ([]string, kicktest.Cause) {
	e.t.Helper()
	cause, err := c.Wait(e.ctx)
	require.NoError(e.t, err)
	return spoken(c), cause
}

func spoken(c *kicktest.Call) []string {
	var texts []string
	for _, s := range c.Transcript().Steps() {
		if sp, ok := s.(kicktest.Spoke); ok {
			texts = append(texts, sp.Text)
		}
	}
	return texts
}

func TestE2EAnnounceThenHangup(t *testing.T) {
	t.Parallel()
	e := newE2E(t, nil)
	a := e.start("call-a", "Sales", "14155550100")
	b := e.start("call-b", "Sales", "14155550101")
	res, err := e.flow.Kick(e.ctx, flow.Call("call-a"), flow.Continuation{Announce: "You have been removed from the meeting."})
	require.NoError(t, err)
	assert.Equal(t, "1", res.Members[0].MemberID)
	texts, cause := e.end(a)
	assert.Equal(t, []string{"You have been removed from the meeting."}, texts)
	assert.Equal(t, kicktest.CauseNormalHangup, cause)
	assert.Contains(t, a.Transcript().String(), "left Sales as member 1 (kicked)")
	require.NoError(t, e.srv.WaitCallbacks(e.ctx))
	ms, err := e.flow.Members(e.ctx, "Sales")
	require.NoError(t, err)
	assert.Equal(t, []string{"call-b/2"}, callIDs(ms), "the exit callback reached the registry")
	b.HangUp()
	texts, _ = e.end(b)
	assert.Empty(t, texts)
}

func TestE2EMoveToAnotherRoom(t *testing.T) {
	t.Parallel()
	e := newE2E(t, nil)
	a := e.start("call-a", "Sales", "14155550100")
	_, err := e.flow.Kick(e.ctx, flow.Call("call-a"), flow.Continuation{Announce: "Moving you to the lobby.", Then: flow.MoveTo("Lobby")})
	require.NoError(t, err)
	m := e.waitIn("call-a", "Lobby")
	assert.Equal(t, "1", m.MemberID)
	platform, err := e.srv.WaitMember(e.ctx, "Lobby", "call-a")
	require.NoError(t, err)
	assert.Equal(t, m.MemberID, platform.ID)

	// And the moved caller can be kicked with a continuation there too.
	_, err = e.flow.Kick(e.ctx, flow.Call("call-a"), flow.Continuation{Announce: "Lobby closed."})
	require.NoError(t, err)
	texts, _ := e.end(a)
	assert.Equal(t, []string{"Moving you to the lobby.", "Lobby closed."}, texts)
}

func TestE2ERedirect(t *testing.T) {
	t.Parallel()
	e := newE2E(t, nil)
	a := e.start("call-a", "Sales", "14155550100")
	_, err := e.flow.Kick(e.ctx, flow.Call("call-a"), flow.Continuation{Announce: "Transferring.", Then: flow.Redirect(e.app.URL + "/after")})
	require.NoError(t, err)
	texts, cause := e.end(a)
	assert.Equal(t, []string{"Transferring.", "After the redirect"}, texts)
	assert.Equal(t, kicktest.CauseNormalHangup, cause)
}

func TestE2ETemplatedAnnouncement(t *testing.T) {
	t.Parallel()
	e := newE2E(t, nil)
	a := e.start("call-a", "Sales", "14155550123")
	_, err := e.flow.Kick(e.ctx, flow.MemberID("Sales", "1"), flow.Continuation{
		Announce: "Goodbye {{.From}}, you were member {{.MemberID}} of {{.Room}}. {{.Fields.note}}",
		Fields:   map[string]string{"note": "See you soon."},
	})
	require.NoError(t, err)
	texts, _ := e.end(a)
	assert.Equal(t, []string{"Goodbye 14155550123, you were member 1 of Sales. See you soon."}, texts)
}

func TestE2EKickAll(t *testing.T) {
	t.Parallel()
	e := newE2E(t, nil)
	calls := make([]*kicktest.Call, 4)
	for i := range calls {
		calls[i] = e.start(fmt.Sprint("call-", i), "Sales", fmt.Sprint("1415555010", i))
	}
	res, err := e.flow.Kick(e.ctx, flow.Room("Sales"), flow.Continuation{Announce: "Goodbye {{.From}}"})
	require.NoError(t, err)
	assert.Len(t, res.Members, 4)
	for i, c := range calls {
		texts, _ := e.end(c)
		assert.Equal(t, []string{fmt.Sprint("Goodbye 1415555010", i)}, texts, "call-%d", i)
	}
}

func TestE2EAmbiguousKick(t *testing.T) {
	t.Parallel()
	e := newE2E(t, nil)
	a := e.start("call-a", "Sales", "14155550100")
	e.start("call-b", "Sales", "14155550101")
	// The platform kicks the member but answers 503.
	e.srv.Enqueue(kicktest.Response{Status: http.StatusServiceUnavailable, Apply: true})
	res, err := e.flow.Kick(e.ctx, flow.Call("call-a"), flow.Continuation{Announce: "Kept for you."})
	require.ErrorIs(t, err, kick.ErrOutcomeUnknown)
	assert.True(t, res.OutcomeUnknown)
	texts, _ := e.end(a)
	assert.Equal(t, []string{"Kept for you."}, texts, "the caller still hears the continuation")
}

func TestE2ERefusedKickRemovesContinuation(t *testing.T) {
	t.Parallel()
	e := newE2E(t, nil)
	a := e.start("call-a", "Sales", "14155550100")
	e.start("call-b", "Sales", "14155550101")
	e.srv.Enqueue(kicktest.Response{Status: http.StatusNotFound, Body: `{"error":"member not found"}`})
	_, err := e.flow.Kick(e.ctx, flow.Call("call-a"), flow.Continuation{Announce: "Never stored."})
	require.ErrorIs(t, err, kick.ErrNotFound)
	// Someone else kicks the member later, outside the flow.
	kc, err := kick.New(e.srv.AuthID, e.srv.AuthToken, kick.WithBaseURL(e.srv.URL), kick.WithHTTPClient(e.srv.Client()))
	require.NoError(t, err)
	_, err = kc.Kick(e.ctx, "Sales", "1")
	require.NoError(t, err)
	texts, _ := e.end(a)
	assert.Equal(t, []string{flow.DefaultEndedText}, texts)
}

func TestE2EMemberIDReusedAfterRejoin(t *testing.T) {
	t.Parallel()
	e := newE2E(t, nil)
	a := e.start("call-a", "Sales", "14155550100")
	b := e.start("call-b", "Sales", "14155550101")
	before := e.waitIn("call-a", "Sales")
	// call-a leaves and comes back into the same room under the same ID.
	_, err := e.flow.Kick(e.ctx, flow.Call("call-a"), flow.Continuation{Announce: "Rejoining.", Then: flow.MoveTo("Sales")})
	require.NoError(t, err)
	var m flow.Member
	require.NoError(t, e.srv.WaitUntil(e.ctx, func() bool {
		got, ok, err := e.flow.Member(e.ctx, "call-a")
		m = got
		return err == nil && ok && got.Join != before.Join
	}), "the rejoin reached the registry")
	assert.Equal(t, "1", m.MemberID, "the platform gave the same ID back")
	require.NoError(t, e.srv.WaitCallbacks(e.ctx))

	_, err = e.flow.Kick(e.ctx, flow.MemberID("Sales", "1"), flow.Continuation{Announce: "For call A, again."})
	require.NoError(t, err)
	texts, _ := e.end(a)
	assert.Equal(t, []string{"Rejoining.", "For call A, again."}, texts)
	b.HangUp()
	texts, _ = e.end(b)
	assert.Empty(t, texts, "the other caller heard nothing")
}

func TestE2EReorderedCallbacks(t *testing.T) {
	t.Parallel()
	// Hold call-a's first enter, so that it arrives after its exit.
	var held bool
	faults := kicktest.WithCallbackFaults(func(cb kicktest.Callback) kicktest.Fault {
		if cb.Form.Get("CallUUID") == "call-a" && cb.Form.Get("ConferenceAction") == "enter" && !held {
			held = true
			return kicktest.Hold
		}
		return kicktest.Deliver
	})
	e := newE2E(t, []kicktest.Option{faults})
	a := e.srv.StartCall(kicktest.CallSpec{AnswerURL: e.app.URL + "/answer", CallUUID: "call-a", To: "Sales"})
	_, err := e.srv.WaitMember(e.ctx, "Sales", "call-a")
	require.NoError(t, err)
	e.start("call-b", "Sales", "14155550101")
	a.HangUp()
	_, err = a.Wait(e.ctx)
	require.NoError(t, err)
	require.NoError(t, e.srv.WaitCallbacks(e.ctx))
	require.Equal(t, 1, e.srv.ReleaseCallbacks(), "the held enter")
	require.NoError(t, e.srv.WaitCallbacks(e.ctx))
	ms, err := e.flow.Members(e.ctx, "Sales")
	require.NoError(t, err)
	assert.Equal(t, []string{"call-b/2"}, callIDs(ms), "the late enter did not resurrect call-a")
}

func TestE2ESignatures(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		giveSrv []kicktest.Option
	}{
		{"missing", []kicktest.Option{kicktest.WithoutSignatures()}},
		{"forged", []kicktest.Option{kicktest.WithCredentials("MA_FORGER000", "not-the-token")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			// The flow expects the real token; the platform signs with another or none.
			e := newE2E(t, tt.giveSrv, flow.WithAuthToken("the-real-token"))
			a := e.srv.StartCall(kicktest.CallSpec{AnswerURL: e.app.URL + "/answer", CallUUID: "call-a", To: "Sales"})
			_, err := e.srv.WaitMember(e.ctx, "Sales", "call-a")
			require.NoError(t, err)
			require.NoError(t, e.srv.WaitCallbacks(e.ctx))
			_, ok, err := e.flow.Member(e.ctx, "call-a")
			require.NoError(t, err)
			assert.False(t, ok, "rejected callbacks changed the registry")
			assert.Positive(t, e.flow.Stats().SignatureFailures)
			a.HangUp()
			_, err = a.Wait(e.ctx)
			require.NoError(t, err)
		})
	}
}

func TestE2EReplayRejected(t *testing.T) {
	t.Parallel()
	e := newE2E(t, nil)
	a := e.start("call-a", "Sales", "14155550100")
	e.start("call-b", "Sales", "14155550101")
	_, err := e.flow.Kick(e.ctx, flow.Call("call-a"), flow.Continuation{Announce: "First."})
	require.NoError(t, err)
	texts, _ := e.end(a)
	require.Equal(t, []string{"First."}, texts)
	// Replay the continue request the platform made, with a fresh
	// continuation stored for the call: the replay must not consume it.
	var continueReq *kicktest.Exchange
	for _, x := range e.srv.Exchanges() {
		if x.CallUUID == "call-a" && x.Event == vxml.EventRedirect {
			continueReq = &x
		}
	}
	require.NotNil(t, continueReq)
	// call-c gets a continuation stored but stays in the room (the kick's
	// answer is a 503 and the platform did not act).
	c := e.start("call-c", "Sales", "14155550102")
	e.srv.Enqueue(kicktest.Response{Status: http.StatusServiceUnavailable})
	_, err = e.flow.Kick(e.ctx, flow.Call("call-c"), flow.Continuation{Announce: "Not for replays."})
	require.ErrorIs(t, err, kick.ErrOutcomeUnknown)
	form := continueReq.Form
	form.Set("CallUUID", "call-c")
	r := request(flow.ContinuePath, "", form)
	r.Header = continueReq.Header.Clone()
	w := httptestRecorder(e.flow, r)
	assert.Equal(t, http.StatusForbidden, w.Code)
	assert.Equal(t, int64(1), e.flow.Stats().SignatureFailures)

	// Nothing was consumed: when call-c is kicked after all, it hears it.
	kc, err := kick.New(e.srv.AuthID, e.srv.AuthToken, kick.WithBaseURL(e.srv.URL), kick.WithHTTPClient(e.srv.Client()))
	require.NoError(t, err)
	m := e.waitIn("call-c", "Sales")
	_, err = kc.Kick(e.ctx, "Sales", m.MemberID)
	require.NoError(t, err)
	texts, _ = e.end(c)
	assert.Equal(t, []string{"Not for replays."}, texts)
}

func TestE2EStayAloneCascadeGetsDefault(t *testing.T) {
	t.Parallel()
	e := newE2E(t, nil, flow.WithStayAlone(false))
	a := e.start("call-a", "Sales", "14155550100")
	b := e.start("call-b", "Sales", "14155550101")
	_, err := e.flow.Kick(e.ctx, flow.Call("call-a"), flow.Continuation{Announce: "You were kicked."})
	require.NoError(t, err)
	texts, _ := e.end(a)
	assert.Equal(t, []string{"You were kicked."}, texts)
	texts, _ = e.end(b)
	assert.Equal(t, []string{flow.DefaultEndedText}, texts, "left alone, so ejected without a kick")
	assert.Contains(t, b.Transcript().String(), "(alone)")
	assert.Equal(t, int64(1), e.flow.Stats().Defaults)
}
