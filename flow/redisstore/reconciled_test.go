package redisstore_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kickflow/kickflow/flow"
	"github.com/kickflow/kickflow/flow/redisstore"
	"github.com/kickflow/kickflow/kick"
	"github.com/kickflow/kickflow/kick/kicktest"
)

// TestReconciledRoundTrip checks that the mark of a member added by
// Flow.Sync survives the store, and that a verified enter replaces it.
func TestReconciledRoundTrip(t *testing.T) {
	t.Parallel()
	store, err := redisstore.New(newClient(t), redisstore.WithPrefix(newPrefix(t)))
	require.NoError(t, err)
	m := flow.Member{CallUUID: "call-r", Room: "Sales", MemberID: "4", Reconciled: true}
	require.NoError(t, store.Enter(t.Context(), m, time.Minute))
	got, ok, err := store.Member(t.Context(), "call-r")
	require.NoError(t, err)
	require.True(t, ok)
	assert.True(t, got.Reconciled)
	m.Reconciled, m.Join = false, "j1"
	require.NoError(t, store.Enter(t.Context(), m, time.Minute))
	got, _, err = store.Member(t.Context(), "call-r")
	require.NoError(t, err)
	assert.False(t, got.Reconciled)
}

// TestSyncThenExitOnRedis runs Flow.Sync on the Redis store: the member
// the platform lists is added, and the exit callback of its join (which
// carries a join token the reconciled record lacks) removes it.
func TestSyncThenExitOnRedis(t *testing.T) {
	t.Parallel()
	store, err := redisstore.New(newClient(t), redisstore.WithPrefix(newPrefix(t)))
	require.NoError(t, err)
	srv := kicktest.NewServer()
	t.Cleanup(srv.Close)
	kc, err := kick.New(srv.AuthID, srv.AuthToken, kick.WithBaseURL(srv.URL), kick.WithHTTPClient(srv.Client()))
	require.NoError(t, err)
	const base = "https://app.example.com/vobiz"
	f, err := flow.New(kc, base, flow.WithStore(store), flow.WithSignatures(false))
	require.NoError(t, err)
	srv.AddMember("Sales", kicktest.Member{ID: "4", CallUUID: "call-x"})
	res, err := f.Sync(t.Context(), "Sales")
	require.NoError(t, err)
	require.Len(t, res.Added, 1)
	assert.True(t, res.Added[0].Reconciled)

	form := url.Values{"ConferenceAction": {"exit"}, "CallUUID": {"call-x"}, "ConferenceName": {"Sales"}, "ConferenceMemberID": {"4"}}
	r := httptest.NewRequest(http.MethodPost, base+flow.EventsPath+"?"+flow.JoinParam+"=lost", strings.NewReader(form.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	w := httptest.NewRecorder()
	f.ServeHTTP(w, r)
	require.Equal(t, http.StatusNoContent, w.Code)
	_, ok, err := f.Member(t.Context(), "call-x")
	require.NoError(t, err)
	assert.False(t, ok, "the exit removed the reconciled record")
}
