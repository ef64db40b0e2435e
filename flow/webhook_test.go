package flow_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kickflow/kickflow/flow"
)

// malformed are optional webhook parameters the flow does not use, with
// values that do not parse.
var malformed = url.Values{"SpeechConfidenceScore": {"n/a"}, "Duration": {"ten"}, "BillDuration": {"-1"}}

func withMalformed(form url.Values) url.Values {
	for k, v := range malformed {
		form[k] = v
	}
	return form
}

func TestEventsToleratesMalformedOptionalFields(t *testing.T) {
	t.Parallel()
	fx := newFixture(t)
	form := withMalformed(url.Values{
		"ConferenceAction": {"enter"}, "CallUUID": {"call-a"}, "ConferenceName": {"Sales"},
		"ConferenceMemberID": {"4"}, "From": {"14155550100"},
	})
	r := request(flow.EventsPath, flow.JoinParam+"=j1", form)
	fx.sign(r, flow.EventsPath)
	w := fx.serve(r)
	require.Equal(t, http.StatusNoContent, w.Code, w.Body.String())
	m, ok, err := fx.flow.Member(t.Context(), "call-a")
	require.NoError(t, err)
	require.True(t, ok, "the enter is recorded")
	assert.Equal(t, "Sales", m.Room)
	assert.Equal(t, "4", m.MemberID)
	assert.Equal(t, "14155550100", m.From)
}

func TestContinueToleratesMalformedOptionalFields(t *testing.T) {
	t.Parallel()
	fx := newFixture(t)
	fx.join("call-a", "Sales", "1", "j1")
	_, err := fx.flow.Kick(t.Context(), flow.Call("call-a"), flow.Continuation{Announce: "Goodbye {{.Room}}."})
	require.NoError(t, err)
	r := request(flow.ContinuePath, "", withMalformed(url.Values{"CallUUID": {"call-a"}, "Event": {"Redirect"}}))
	fx.sign(r, flow.ContinuePath)
	w := fx.serve(r)
	require.Equal(t, http.StatusOK, w.Code)
	assert.Contains(t, w.Body.String(), "<Speak>Goodbye Sales.</Speak>", "the stored continuation, not the default")
	assert.Equal(t, int64(1), fx.flow.Stats().Continuations)
}

func TestContinueUnreadableRequestGetsDefault(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		body string
	}{
		{"malformed encoding", "CallUUID=call-a&x=%zz"},
		{"body over the limit", "CallUUID=call-a&pad=" + strings.Repeat("a", 64<<10)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			fx := newFixture(t)
			fx.join("call-a", "Sales", "1", "j1")
			_, err := fx.flow.Kick(t.Context(), flow.Call("call-a"), flow.Continuation{Announce: "Bye."})
			require.NoError(t, err)
			r := httptest.NewRequest(http.MethodPost, innerBase+flow.ContinuePath, strings.NewReader(tt.body))
			r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			fx.sign(r, flow.ContinuePath)
			w := fx.serve(r)
			assert.Equal(t, http.StatusOK, w.Code)
			assert.Equal(t, "application/xml; charset=utf-8", w.Header().Get("Content-Type"))
			assert.Equal(t, defaultDoc, w.Body.String())
			assert.Equal(t, int64(1), fx.flow.Stats().Defaults)
			// The request could not be read, so its continuation stays for
			// the call's next, readable, request.
			assert.Contains(t, fx.fetch("call-a"), "<Speak>Bye.</Speak>")
		})
	}
}
