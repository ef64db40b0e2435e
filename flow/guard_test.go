package flow_test

import (
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kickflow/kickflow/flow"
)

// signedAt builds a signed POST of form to the endpoint + "/" + join.
func (fx *fixture) signedAt(endpoint, join string, form url.Values) *http.Request {
	r := request(endpoint+"/"+join, "", form)
	fx.sign(r, endpoint+"/"+join)
	return r
}

func TestJoinURLsRoute(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		path string
		want int
	}{
		{"token", "/vobiz/continue/j1", http.StatusOK},
		{"legacy", "/vobiz/continue", http.StatusOK},
		{"token with a dot", "/vobiz/continue/j.1", http.StatusNotFound},
		{"token too long", "/vobiz/continue/" + string(make([]byte, 65)), http.StatusNotFound},
		{"two tokens", "/vobiz/continue/j1/j2", http.StatusNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			fx := newFixture(t, flow.WithSignatures(false))
			r := request("", "", url.Values{"CallUUID": {"call-a"}})
			r.URL.Path = tt.path
			assert.Equal(t, tt.want, fx.serve(r).Code)
		})
	}
}

func TestJoinTokenMustFitAPath(t *testing.T) {
	t.Parallel()
	fx := newFixture(t)
	f, err := flow.New(fx.client, publicBase, flow.WithJoinTokens(func() string { return "a/b" }))
	require.NoError(t, err)
	_, err = f.Join("room")
	assert.ErrorIs(t, err, flow.ErrInvalidArgument)
}

func TestLegacyURLsWindow(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		give   []flow.Option
		after  time.Duration // since New
		legacy int
	}{
		{"default, within", nil, flow.DefaultLegacyURLs - time.Second, http.StatusNoContent},
		{"default, after", nil, flow.DefaultLegacyURLs, http.StatusForbidden},
		{"off", []flow.Option{flow.WithLegacyURLs(0)}, 0, http.StatusForbidden},
		{"longer", []flow.Option{flow.WithLegacyURLs(24 * time.Hour)}, 10 * time.Hour, http.StatusNoContent},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
			fx := newFixture(t, append([]flow.Option{flow.WithClock(func() time.Time { return now })}, tt.give...)...)
			now = now.Add(tt.after)
			r := request(flow.EventsPath, flow.JoinParam+"=j1", enterForm())
			fx.sign(r, flow.EventsPath)
			assert.Equal(t, tt.legacy, fx.serve(r).Code, "the legacy form")
			r = fx.signedAt(flow.EventsPath, "j2", url.Values{
				"ConferenceAction": {"enter"}, "CallUUID": {"call-b"}, "ConferenceName": {"room"}, "ConferenceMemberID": {"2"}})
			assert.Equal(t, http.StatusNoContent, fx.serve(r).Code, "the path form, whatever the window")
		})
	}
	_, err := flow.New(newFixture(t).client, publicBase, flow.WithLegacyURLs(-time.Second))
	assert.ErrorIs(t, err, flow.ErrInvalidArgument)
}

// TestContinueBoundToItsCall replays a continue request of one join for
// another call, and sends one under a token no callback has bound.
func TestContinueBoundToItsCall(t *testing.T) {
	t.Parallel()
	fx := newFixture(t)
	fx.join("call-a", "Sales", "1", "j1")
	fx.join("call-b", "Sales", "2", "j2")
	_, err := fx.flow.Kick(t.Context(), flow.Call("call-b"), flow.Continuation{Announce: "Bye b."})
	require.NoError(t, err)

	w := fx.serve(fx.signedAt(flow.ContinuePath, "j1", url.Values{"CallUUID": {"call-b"}}))
	assert.Equal(t, http.StatusForbidden, w.Code, "j1 is call-a's")
	w = fx.serve(fx.signedAt(flow.ContinuePath, "j9", url.Values{"CallUUID": {"call-b"}}))
	assert.Equal(t, http.StatusOK, w.Code)
	assert.Equal(t, defaultDoc, w.Body.String(), "an unbound token gets the default")

	first := fx.signedAt(flow.ContinuePath, "j2", url.Values{"CallUUID": {"call-b"}})
	again := request(flow.ContinuePath+"/j2", "", url.Values{"CallUUID": {"call-b"}})
	again.Header = first.Header.Clone()
	w = fx.serve(first)
	assert.Contains(t, w.Body.String(), "<Speak>Bye b.</Speak>", "its own")
	w = fx.serve(again)
	assert.Contains(t, w.Body.String(), "<Speak>Bye b.</Speak>", "the platform retrying gets the first answer")
	w = fx.serve(fx.signedAt(flow.ContinuePath, "j2", url.Values{"CallUUID": {"call-b"}, "Digits": {"1"}}))
	assert.Equal(t, http.StatusForbidden, w.Code, "a second continue of the join")
	assert.Equal(t, int64(2), fx.flow.Stats().SignatureFailures)
}
