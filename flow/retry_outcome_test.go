package flow_test

import (
	"context"
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

// A kick client that retries unknown outcomes: attempt 1 kicks the member
// but answers 503, the retry answers 404. The error still matches
// kick.ErrOutcomeUnknown, so the flow keeps the continuation and the kicked
// caller hears the announcement, not the default.
func TestKickRetriedUnknownOutcomeKeepsContinuation(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	t.Cleanup(cancel)
	srv := kicktest.NewServer()
	t.Cleanup(srv.Close)
	kc, err := kick.New(srv.AuthID, srv.AuthToken, kick.WithBaseURL(srv.URL), kick.WithHTTPClient(srv.Client()),
		kick.WithCheckRetry(kick.RetryUnknownOutcome),
		kick.WithBackoff(func(kick.Attempt) time.Duration { return time.Millisecond }))
	require.NoError(t, err)
	mux := http.NewServeMux()
	app := httptest.NewServer(mux)
	t.Cleanup(app.Close)
	f, err := flow.New(kc, app.URL+"/vobiz", flow.WithAuthToken(srv.AuthToken))
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
	start := func(call string) *kicktest.Call {
		c := srv.StartCall(kicktest.CallSpec{AnswerURL: app.URL + "/answer", CallUUID: call, To: "Sales"})
		require.NoError(t, srv.WaitUntil(ctx, func() bool {
			m, ok, err := f.Member(ctx, call)
			return err == nil && ok && m.Room == "Sales"
		}), "call %s in the registry", call)
		return c
	}
	a := start("call-a")
	start("call-b")
	srv.Enqueue(kicktest.Response{Status: http.StatusServiceUnavailable, Apply: true})

	res, err := f.Kick(ctx, flow.Call("call-a"), flow.Continuation{Announce: "Kept for you."})

	require.ErrorIs(t, err, kick.ErrOutcomeUnknown)
	assert.ErrorIs(t, err, kick.ErrNotFound, "the retry's 404 is kept too")
	require.NotNil(t, res)
	assert.True(t, res.OutcomeUnknown)
	assert.Len(t, srv.Requests(), 2, "the policy retried once")
	_, err = a.Wait(ctx)
	require.NoError(t, err)
	assert.Equal(t, []string{"Kept for you."}, spoken(a), "the kicked caller hears the announcement")
}
