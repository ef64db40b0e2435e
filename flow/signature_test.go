package flow_test

import (
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kickflow/kickflow/flow"
	"github.com/kickflow/kickflow/kick/kicktest"
)

// enterForm is an enter callback of call-a as member 1 of room.
func enterForm() url.Values {
	return url.Values{"ConferenceAction": {"enter"}, "CallUUID": {"call-a"}, "ConferenceName": {"room"}, "ConferenceMemberID": {"1"}}
}

func TestSignatureRejected(t *testing.T) {
	t.Parallel()
	const nonce = "00000000000000000042"
	good3 := kicktest.Sign(authToken, publicBase+flow.EventsPath, nonce, true)
	good2 := kicktest.Sign(authToken, publicBase+flow.EventsPath, nonce, false)
	tests := []struct {
		name       string
		giveHeader map[string]string
	}{
		{"missing", nil},
		{"forged v3", map[string]string{flow.HeaderSignatureV3: kicktest.Sign("other-token", publicBase+flow.EventsPath, nonce, true), flow.HeaderSignatureV3Nonce: nonce}},
		{"v3 of the request's own URL", map[string]string{flow.HeaderSignatureV3: kicktest.Sign(authToken, innerBase+flow.EventsPath, nonce, true), flow.HeaderSignatureV3Nonce: nonce}},
		{"v3 of the continue URL", map[string]string{flow.HeaderSignatureV3: kicktest.Sign(authToken, publicBase+flow.ContinuePath, nonce, true), flow.HeaderSignatureV3Nonce: nonce}},
		{"v3 as v2", map[string]string{flow.HeaderSignatureV2: good3, flow.HeaderSignatureV2Nonce: nonce}},
		{"v3 with another nonce", map[string]string{flow.HeaderSignatureV3: good3, flow.HeaderSignatureV3Nonce: "00000000000000000043"}},
		{"v3 without nonce", map[string]string{flow.HeaderSignatureV3: good3}},
		{"not base64", map[string]string{flow.HeaderSignatureV3: "%%%", flow.HeaderSignatureV3Nonce: nonce}},
		{"good v2, forged v3", map[string]string{
			flow.HeaderSignatureV2: good2, flow.HeaderSignatureV2Nonce: nonce,
			flow.HeaderSignatureV3: good2, flow.HeaderSignatureV3Nonce: nonce,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var rejected []error
			fx := newFixture(t, flow.WithHooks(flow.Hooks{SignatureRejected: func(err error) { rejected = append(rejected, err) }}))
			r := request(flow.EventsPath, "join=j1", enterForm())
			for k, v := range tt.giveHeader {
				r.Header.Set(k, v)
			}
			assert.Equal(t, http.StatusForbidden, fx.serve(r).Code)
			_, ok, err := fx.flow.Member(t.Context(), "call-a")
			require.NoError(t, err)
			assert.False(t, ok, "a rejected callback changed the registry")
			assert.Equal(t, int64(1), fx.flow.Stats().SignatureFailures)
			require.Len(t, rejected, 1)
			assert.ErrorIs(t, rejected[0], flow.ErrSignature)
		})
	}
}

func TestSignatureAccepted(t *testing.T) {
	t.Parallel()
	const nonce = "00000000000000000042"
	tests := []struct {
		name       string
		giveHeader map[string]string
	}{
		{"v3", map[string]string{flow.HeaderSignatureV3: kicktest.Sign(authToken, publicBase+flow.EventsPath, nonce, true), flow.HeaderSignatureV3Nonce: nonce}},
		{"v2", map[string]string{flow.HeaderSignatureV2: kicktest.Sign(authToken, publicBase+flow.EventsPath, nonce, false), flow.HeaderSignatureV2Nonce: nonce}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			fx := newFixture(t)
			r := request(flow.EventsPath, "join=j1", enterForm())
			for k, v := range tt.giveHeader {
				r.Header.Set(k, v)
			}
			assert.Equal(t, http.StatusNoContent, fx.serve(r).Code)
			_, ok, err := fx.flow.Member(t.Context(), "call-a")
			require.NoError(t, err)
			assert.True(t, ok)
		})
	}
}

func TestReplayRejectedNothingConsumed(t *testing.T) {
	t.Parallel()
	store := &flow.MemoryStore{}
	fx := newFixture(t, flow.WithStore(store))
	require.NoError(t, store.PutContinuation(t.Context(), "call-a", []byte("<Response><Speak>Bye</Speak></Response>"), time.Hour))

	// A captured continue request, replayed before the real one arrives.
	form := url.Values{"CallUUID": {"call-a"}}
	first := request(flow.ContinuePath, "", form)
	fx.sign(first, flow.ContinuePath)
	same := request(flow.ContinuePath, "", form)
	same.Header = first.Header.Clone()
	changed := request(flow.ContinuePath, "", url.Values{"CallUUID": {"call-a"}, "Event": {"Redirect"}})
	changed.Header = first.Header.Clone()
	forged := request(flow.ContinuePath, "", form)
	forged.Header.Set(flow.HeaderSignatureV3, kicktest.Sign("guess", publicBase+flow.ContinuePath, "1", true))
	forged.Header.Set(flow.HeaderSignatureV3Nonce, "1")
	missing := request(flow.ContinuePath, "", form)

	assert.Equal(t, http.StatusForbidden, fx.serve(forged).Code, "forged")
	assert.Equal(t, http.StatusForbidden, fx.serve(missing).Code, "missing")
	w := fx.serve(first)
	require.Equal(t, http.StatusOK, w.Code)
	assert.Contains(t, w.Body.String(), "<Speak>Bye</Speak>")
	assert.Equal(t, http.StatusForbidden, fx.serve(changed).Code, "replayed with another body")

	// Only the V2 half of the captured headers, with another body.
	v2only := request(flow.ContinuePath, "", url.Values{"CallUUID": {"call-a"}, "Digits": {"1"}})
	v2only.Header.Set(flow.HeaderSignatureV2, first.Header.Get(flow.HeaderSignatureV2))
	v2only.Header.Set(flow.HeaderSignatureV2Nonce, first.Header.Get(flow.HeaderSignatureV2Nonce))
	assert.Equal(t, http.StatusForbidden, fx.serve(v2only).Code, "replayed v2 alone")

	// The byte-identical request is the platform retrying: it gets the
	// first answer.
	w = fx.serve(same)
	require.Equal(t, http.StatusOK, w.Code)
	assert.Contains(t, w.Body.String(), "<Speak>Bye</Speak>")
	assert.Equal(t, int64(4), fx.flow.Stats().SignatureFailures)
}

// plainStore is a Store that is not a Guard: the flow falls back to its
// per-process nonce cache.
type plainStore struct{ flow.Store }

func TestReplayPlainStore(t *testing.T) {
	t.Parallel()
	fx := newFixture(t, flow.WithStore(plainStore{&flow.MemoryStore{}}))
	r := request(flow.ContinuePath, "", url.Values{"CallUUID": {"call-a"}})
	fx.sign(r, flow.ContinuePath)
	again := request(flow.ContinuePath, "", url.Values{"CallUUID": {"call-a"}})
	again.Header = r.Header.Clone()
	require.Equal(t, http.StatusOK, fx.serve(r).Code)
	assert.Equal(t, http.StatusForbidden, fx.serve(again).Code, "a replay to the same process")
}

func TestReplayForgottenAfterTTL(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	fx := newFixture(t, flow.WithClock(func() time.Time { return now }), flow.WithNonceTTL(time.Minute),
		flow.WithStore(plainStore{&flow.MemoryStore{}}))
	r := request(flow.ContinuePath, "", url.Values{"CallUUID": {"call-a"}})
	fx.sign(r, flow.ContinuePath)
	again := r.Clone(t.Context())
	require.Equal(t, http.StatusOK, fx.serve(r).Code)
	now = now.Add(time.Minute)
	again.Body = request(flow.ContinuePath, "", url.Values{"CallUUID": {"call-a"}}).Body
	assert.Equal(t, http.StatusOK, fx.serve(again).Code, "a nonce older than its TTL")
}

func TestNonceCacheFullEvicts(t *testing.T) {
	t.Parallel()
	fx := newFixture(t, flow.WithMaxNonces(4), flow.WithStore(plainStore{&flow.MemoryStore{}}))
	var first *http.Request
	for i := range 3 {
		r := request(flow.ContinuePath, "", url.Values{"CallUUID": {"call-a"}})
		fx.sign(r, flow.ContinuePath) // two nonces each
		if i == 0 {
			first = r.Clone(t.Context())
		}
		assert.Equal(t, http.StatusOK, fx.serve(r).Code, "request %d: a full cache forgets its oldest nonces", i)
	}
	first.Body = request(flow.ContinuePath, "", url.Values{"CallUUID": {"call-a"}}).Body
	assert.Equal(t, http.StatusOK, fx.serve(first).Code, "the trade-off: an evicted nonce can be replayed")
}

func TestSignaturesOff(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		give []flow.Option
	}{
		{"no token", nil},
		{"turned off", []flow.Option{flow.WithAuthToken(authToken), flow.WithSignatures(false)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			fx := newFixture(t)
			f, err := flow.New(fx.client, publicBase, tt.give...)
			require.NoError(t, err)
			r := request(flow.EventsPath, "", enterForm())
			w := httptestRecorder(f, r)
			assert.Equal(t, http.StatusNoContent, w.Code)
		})
	}
}

func TestSignaturesNeedToken(t *testing.T) {
	t.Parallel()
	fx := newFixture(t)
	_, err := flow.New(fx.client, publicBase, flow.WithSignatures(true))
	assert.ErrorIs(t, err, flow.ErrInvalidArgument)
}
