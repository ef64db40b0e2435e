package kicktest_test

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kickflow/kickflow/internal/signature"
	"github.com/kickflow/kickflow/kick/kicktest"
	"github.com/kickflow/kickflow/xml"
)

// actions lists the callbacks the app got on /events as "action call".
func actions(app *testApp) []string {
	var out []string
	for _, e := range app.events("/events") {
		out = append(out, e.Form.Get("ConferenceAction")+" "+e.CallUUID)
	}
	return out
}

// roomApp answers /answer with a room that reports to /events.
func roomApp(t *testing.T, method xml.Method) *testApp {
	t.Helper()
	app := newApp(t)
	app.route("/answer", fixed(xml.NewResponse().Conference("Room", xml.ConferenceAttrs{
		StayAlone: xml.True, CallbackURL: app.URL + "/events?tag=x", CallbackMethod: method,
	})))
	return app
}

func TestCallback_signedAndMethod(t *testing.T) {
	t.Parallel()
	tests := []struct {
		giveMethod xml.Method
		wantMethod string
	}{
		{"", http.MethodPost},
		{xml.MethodPost, http.MethodPost},
		{xml.MethodGet, http.MethodGet},
	}
	for _, tt := range tests {
		t.Run(string(tt.giveMethod), func(t *testing.T) {
			t.Parallel()
			app := roomApp(t, tt.giveMethod)
			srv := newPlatform(t)
			startInRoom(t, srv, app, "/answer", "Room", "a")
			require.NoError(t, srv.WaitCallbacks(t.Context()))

			var got []kicktest.Exchange
			for _, ex := range srv.Exchanges() {
				if ex.Event == xml.EventConferenceEnter {
					got = append(got, ex)
				}
			}
			require.Len(t, got, 1)
			ex := got[0]
			assert.Equal(t, tt.wantMethod, ex.Method)
			assert.Equal(t, http.StatusOK, ex.Status)
			u, err := url.Parse(ex.URL)
			require.NoError(t, err)
			assert.Equal(t, "x", u.Query().Get("tag"))
			want, err := signature.SignV3(srv.AuthToken, app.URL+"/events", ex.Header.Get(signature.HeaderV3Nonce))
			require.NoError(t, err)
			assert.Equal(t, want, ex.Header.Get(signature.HeaderV3))
			events := app.events("/events")
			require.Len(t, events, 1)
			assert.Equal(t, "enter", events[0].Form.Get("ConferenceAction"))
		})
	}
}

func TestCallback_faults(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		giveFault func(kicktest.Callback) kicktest.Fault
		want      []string
	}{
		{
			name: "drop enters",
			giveFault: func(cb kicktest.Callback) kicktest.Fault {
				if cb.Form.Get("ConferenceAction") == "enter" {
					return kicktest.Drop
				}
				return kicktest.Deliver
			},
			want: []string{"exit a", "exit b"},
		},
		{
			name: "duplicate exits",
			giveFault: func(cb kicktest.Callback) kicktest.Fault {
				if cb.Form.Get("ConferenceAction") == "exit" {
					return kicktest.Duplicate
				}
				return kicktest.Deliver
			},
			want: []string{"enter a", "enter b", "exit a", "exit a", "exit b", "exit b"},
		},
		{
			name: "hold the first exit",
			giveFault: func(cb kicktest.Callback) kicktest.Fault {
				if cb.Form.Get("ConferenceAction") == "exit" && cb.Form.Get("CallUUID") == "a" {
					return kicktest.Hold
				}
				return kicktest.Deliver
			},
			want: []string{"enter a", "enter b", "exit b", "exit a"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			app := roomApp(t, "")
			srv := newPlatform(t, kicktest.WithCallbackFaults(tt.giveFault))
			startInRoom(t, srv, app, "/answer", "Room", "a")
			startInRoom(t, srv, app, "/answer", "Room", "b")
			kc := newKickClient(t, srv)
			_, err := kc.Kick(t.Context(), "Room", "1")
			require.NoError(t, err)
			_, err = kc.Kick(t.Context(), "Room", "2")
			require.NoError(t, err)
			require.NoError(t, srv.WaitCallbacks(t.Context()))
			if held := srv.HeldCallbacks(); len(held) > 0 {
				assert.Equal(t, "a", held[0].Form.Get("CallUUID"))
				assert.Equal(t, 1, srv.ReleaseCallbacks())
				require.NoError(t, srv.WaitCallbacks(t.Context()))
			}
			assert.Equal(t, tt.want, actions(app))
		})
	}
}

func TestWithCallbackFaults_nil(t *testing.T) {
	t.Parallel()
	assert.Panics(t, func() { kicktest.NewServer(kicktest.WithCallbackFaults(nil)) })
	assert.Panics(t, func() { kicktest.NewServer(kicktest.WithFetchTimeout(0)) })
}
