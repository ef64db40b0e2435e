package flow_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kickflow/kickflow/flow"
	"github.com/kickflow/kickflow/golden"
	vxml "github.com/kickflow/kickflow/xml"
)

func TestJoin(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		giveOpts  []flow.Option
		giveAttrs []vxml.ConferenceAttrs
	}{
		{"plain", nil, nil},
		{"user attributes", nil, []vxml.ConferenceAttrs{{
			EnterSound: "beep:1", ExitSound: "beep:2", EndConferenceOnExit: vxml.True,
			CallbackMethod: vxml.MethodPost, TimeLimit: time.Hour,
		}}},
		{"same stayAlone", nil, []vxml.ConferenceAttrs{{StayAlone: vxml.True}}},
		{"stayAlone false", []flow.Option{flow.WithStayAlone(false)}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			fx := newFixture(t, tt.giveOpts...)
			resp, err := fx.flow.Join("Sales Room", tt.giveAttrs...)
			require.NoError(t, err)
			golden.AssertResponse(t, "join", resp)
		})
	}
}

func TestJoinFreshToken(t *testing.T) {
	t.Parallel()
	fx := newFixture(t)
	a, err := fx.flow.Join("room")
	require.NoError(t, err)
	b, err := fx.flow.Join("room")
	require.NoError(t, err)
	urlOf := func(r *vxml.Response) string { return r.Elements[0].(*vxml.Conference).Attrs.CallbackURL }
	assert.Equal(t, publicBase+"/events/j1", urlOf(a))
	assert.Equal(t, publicBase+"/events/j2", urlOf(b))
	assert.Equal(t, publicBase+"/continue/j2", b.Elements[1].(*vxml.Redirect).URL, "the same token as the callback URL")
}

func TestJoinRandomToken(t *testing.T) {
	t.Parallel()
	fx := newFixture(t)
	f, err := flow.New(fx.client, publicBase)
	require.NoError(t, err)
	a, err := f.Join("room")
	require.NoError(t, err)
	b, err := f.Join("room")
	require.NoError(t, err)
	urlOf := func(r *vxml.Response) string { return r.Elements[0].(*vxml.Conference).Attrs.CallbackURL }
	assert.NotEqual(t, urlOf(a), urlOf(b))
	assert.Regexp(t, `^https://app\.example\.com/vobiz/events/[A-Z2-7]{16}$`, urlOf(a))
}

func TestJoinErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		giveRoom  string
		giveAttrs []vxml.ConferenceAttrs
		wantErr   error
	}{
		{"empty room", "", nil, flow.ErrInvalidArgument},
		{"two attrs", "room", []vxml.ConferenceAttrs{{}, {}}, flow.ErrInvalidArgument},
		{"own callbackUrl", "room", []vxml.ConferenceAttrs{{CallbackURL: "https://other.example.com/cb"}}, flow.ErrConflict},
		{"own callbackUrl equal to the flow's", "room", []vxml.ConferenceAttrs{{CallbackURL: publicBase + "/events"}}, flow.ErrConflict},
		{"stayAlone false", "room", []vxml.ConferenceAttrs{{StayAlone: vxml.False}}, flow.ErrConflict},
		{"action", "room", []vxml.ConferenceAttrs{{Action: "https://app.example.com/after"}}, flow.ErrConflict},
		{"invalid room", "room\x00", nil, vxml.ErrInvalid},
		{"invalid extra", "room", []vxml.ConferenceAttrs{{Extra: []vxml.Attr{{Name: "stayAlone", Value: "false"}}}}, vxml.ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			fx := newFixture(t)
			resp, err := fx.flow.Join(tt.giveRoom, tt.giveAttrs...)
			assert.ErrorIs(t, err, tt.wantErr)
			assert.Nil(t, resp)
		})
	}
}

func TestNewErrors(t *testing.T) {
	t.Parallel()
	fx := newFixture(t)
	tests := []struct {
		name     string
		giveBase string
		giveOpts []flow.Option
	}{
		{"relative base", "/vobiz", nil},
		{"ftp base", "ftp://app.example.com", nil},
		{"base with query", "https://app.example.com/v?x=1", nil},
		{"base with user", "https://u:p@app.example.com/v", nil},
		{"nil store", publicBase, []flow.Option{flow.WithStore(nil)}},
		{"empty token", publicBase, []flow.Option{flow.WithAuthToken("")}},
		{"zero grace", publicBase, []flow.Option{flow.WithGrace(0)}},
		{"negative TTL", publicBase, []flow.Option{flow.WithContinuationTTL(-time.Second)}},
		{"zero member TTL", publicBase, []flow.Option{flow.WithMemberTTL(0)}},
		{"nil logger", publicBase, []flow.Option{flow.WithLogger(nil)}},
		{"nil default", publicBase, []flow.Option{flow.WithDefault(nil)}},
		{"invalid default", publicBase, []flow.Option{flow.WithDefault(vxml.NewResponse().Speak(""))}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f, err := flow.New(fx.client, tt.giveBase, tt.giveOpts...)
			assert.ErrorIs(t, err, flow.ErrInvalidArgument)
			assert.Nil(t, f)
		})
	}
	_, err := flow.New(nil, publicBase)
	assert.ErrorIs(t, err, flow.ErrInvalidArgument, "nil client")
}

// TestNewHidesPassword checks that a rejected base URL's password does
// not reach the error.
func TestNewHidesPassword(t *testing.T) {
	t.Parallel()
	fx := newFixture(t)
	tests := []struct {
		name     string
		giveBase string
	}{
		{"user info", "https://u:s3cret@app.example.com/v"},
		{"user info and query", "https://u:s3cret@app.example.com/v?x=1"},
		{"not http", "ftp://u:s3cret@app.example.com/v"},
		{"does not parse", "https://u:s3cret%zz@app.example.com/v"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := flow.New(fx.client, tt.giveBase)
			require.ErrorIs(t, err, flow.ErrInvalidArgument)
			assert.NotContains(t, err.Error(), "s3cret")
		})
	}
}

func TestEndpointURLs(t *testing.T) {
	t.Parallel()
	fx := newFixture(t)
	f, err := flow.New(fx.client, "https://app.example.com/a%20b/")
	require.NoError(t, err)
	assert.Equal(t, "https://app.example.com/a%20b/events", f.EventsURL())
	assert.Equal(t, "https://app.example.com/a%20b/continue", f.ContinueURL())
}
