package flow_test

import (
	"bytes"
	"log/slog"
	"net/http"
	"net/url"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kickflow/kickflow/flow"
	"github.com/kickflow/kickflow/kick/kicktest"
)

// syncBuffer is a bytes.Buffer safe for the logger's concurrent writes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestLogsHoldNoSecrets(t *testing.T) {
	t.Parallel()
	var buf syncBuffer
	logger := slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	fx := newFixture(t, flow.WithLogger(logger))
	fx.join("call-a", "Sales", "1", "j1")
	_, err := fx.flow.Kick(t.Context(), flow.Call("call-a"), flow.Continuation{Announce: "Bye"})
	require.NoError(t, err)
	fx.join("call-b", "Sales", "2", "j2")
	fx.srv.Enqueue(kicktest.Response{Status: http.StatusServiceUnavailable})
	_, err = fx.flow.Kick(t.Context(), flow.Call("call-b"), flow.Continuation{})
	require.Error(t, err)
	fx.fetch("call-a")

	forged := request(flow.ContinuePath, "", url.Values{"CallUUID": {"call-a"}})
	forged.Header.Set(flow.HeaderSignatureV3, "Zm9yZ2Vk")
	forged.Header.Set(flow.HeaderSignatureV3Nonce, "77777777777777777777")
	forged.Header.Set("Auth-Token", authToken)
	require.Equal(t, http.StatusForbidden, fx.serve(forged).Code)

	out := buf.String()
	for _, want := range []string{`"msg":"flow: kicked"`, `"msg":"flow: kick outcome unknown; continuations kept"`,
		`"msg":"flow: continuation served"`, `"msg":"flow: request rejected"`, `"call_uuid":"call-a"`, `"msg":"flow: callback recorded"`} {
		assert.Contains(t, out, want)
	}
	for _, secret := range []string{authToken, fx.srv.AuthToken, "Zm9yZ2Vk", "77777777777777777777"} {
		assert.NotContains(t, out, secret)
	}
}
