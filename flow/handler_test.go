package flow_test

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kickflow/kickflow/flow"
)

func callIDs(ms []flow.Member) []string {
	ids := make([]string, len(ms))
	for i, m := range ms {
		ids[i] = m.CallUUID + "/" + m.MemberID
	}
	return ids
}

func TestRegistryFromCallbacks(t *testing.T) {
	t.Parallel()
	type cb struct{ action, call, id, join string }
	tests := []struct {
		name  string
		give  []cb
		wantM []string
	}{
		{"enters", []cb{{"enter", "call-a", "1", "j1"}, {"enter", "call-b", "2", "j2"}}, []string{"call-a/1", "call-b/2"}},
		{"exit", []cb{{"enter", "call-a", "1", "j1"}, {"enter", "call-b", "2", "j2"}, {"exit", "call-a", "1", "j1"}}, []string{"call-b/2"}},
		{"late enter after exit", []cb{{"exit", "call-a", "1", "j1"}, {"enter", "call-a", "1", "j1"}}, nil},
		{"exits reversed", []cb{
			{"enter", "call-a", "1", "j1"}, {"enter", "call-b", "2", "j2"},
			{"exit", "call-b", "2", "j2"}, {"exit", "call-a", "1", "j1"},
		}, nil},
		{"rejoin same member ID", []cb{{"enter", "call-a", "1", "j1"}, {"exit", "call-a", "1", "j1"}, {"enter", "call-a", "1", "j2"}}, []string{"call-a/1"}},
		{"old exit after rejoin", []cb{{"enter", "call-a", "1", "j1"}, {"enter", "call-a", "1", "j2"}, {"exit", "call-a", "1", "j1"}}, []string{"call-a/1"}},
		{"member ID reused by another call", []cb{{"enter", "call-a", "1", "j1"}, {"enter", "call-b", "1", "j2"}, {"exit", "call-a", "1", "j1"}}, []string{"call-b/1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			fx := newFixture(t)
			for _, c := range tt.give {
				fx.callback(c.action, c.call, "room", c.id, c.join)
			}
			ms, err := fx.flow.Members(t.Context(), "room")
			require.NoError(t, err)
			assert.Equal(t, tt.wantM, nilIfEmpty(callIDs(ms)))
		})
	}
}

func nilIfEmpty(s []string) []string {
	if len(s) == 0 {
		return nil
	}
	return s
}

func TestMemberLookup(t *testing.T) {
	t.Parallel()
	fx := newFixture(t)
	fx.callback("enter", "call-a", "room", "4", "j9")
	m, ok, err := fx.flow.Member(t.Context(), "call-a")
	require.NoError(t, err)
	require.True(t, ok)
	assert.Equal(t, "room", m.Room)
	assert.Equal(t, "4", m.MemberID)
	assert.Equal(t, "j9", m.Join)
	assert.Equal(t, "1415555a", m.From)
	assert.Equal(t, "14155550199", m.To)
	assert.False(t, m.JoinedAt.IsZero())
	_, ok, err = fx.flow.Member(t.Context(), "call-x")
	require.NoError(t, err)
	assert.False(t, ok)
}

func TestCallbackIgnoredActions(t *testing.T) {
	t.Parallel()
	fx := newFixture(t)
	r := request(flow.EventsPath, "", url.Values{"ConferenceAction": {"waitSound"}, "CallUUID": {"call-a"}})
	fx.sign(r, flow.EventsPath)
	assert.Equal(t, http.StatusNoContent, fx.serve(r).Code)
	assert.Zero(t, fx.flow.Stats().Enters)
}

func TestCallbackMissingFields(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		drop string
	}{{"no CallUUID", "CallUUID"}, {"no ConferenceName", "ConferenceName"}, {"no ConferenceMemberID", "ConferenceMemberID"}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			fx := newFixture(t)
			form := url.Values{"ConferenceAction": {"enter"}, "CallUUID": {"call-a"}, "ConferenceName": {"room"}, "ConferenceMemberID": {"1"}}
			form.Del(tt.drop)
			r := request(flow.EventsPath, "", form)
			fx.sign(r, flow.EventsPath)
			assert.Equal(t, http.StatusBadRequest, fx.serve(r).Code)
		})
	}
}

func TestRouting(t *testing.T) {
	t.Parallel()
	fx := newFixture(t, flow.WithSignatures(false))
	tests := []struct {
		name       string
		giveMethod string
		givePath   string
		wantCode   int
	}{
		{"unknown path", http.MethodPost, "/vobiz/other", http.StatusNotFound},
		{"root", http.MethodGet, "/", http.StatusNotFound},
		{"put", http.MethodPut, "/vobiz/continue", http.StatusMethodNotAllowed},
		{"get continue", http.MethodGet, "/vobiz/continue?CallUUID=call-a", http.StatusOK},
		{"other prefix", http.MethodGet, "/somewhere/else/continue", http.StatusOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r, err := http.NewRequestWithContext(t.Context(), tt.giveMethod, "http://10.0.0.7"+tt.givePath, nil)
			require.NoError(t, err)
			assert.Equal(t, tt.wantCode, fx.serve(r).Code)
		})
	}
}

func TestContinueDefault(t *testing.T) {
	t.Parallel()
	fx := newFixture(t)
	assert.Equal(t, defaultDoc, fx.fetch("call-unknown"))
	assert.Equal(t, defaultDoc, fx.fetch(""))
	assert.Equal(t, int64(2), fx.flow.Stats().Defaults)
}
