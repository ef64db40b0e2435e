package redisstore_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kickflow/kickflow/flow"
	"github.com/kickflow/kickflow/flow/redisstore"
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
