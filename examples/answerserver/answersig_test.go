package main

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kickflow/kickflow/internal/signature"
	"github.com/kickflow/kickflow/kick/kicktest"
)

// TestAnswerSignatures turns on -verify-answer-signatures: the platform's
// signed answer requests join callers; unsigned or badly signed ones get
// 403 and no document.
func TestAnswerSignatures(t *testing.T) {
	t.Parallel()
	a := newApp(t, config{moderatorToken: testToken, answerSignatures: true})
	a.call("call-a", "lobby", "") // kicktest signs its answer requests

	nonce := signature.Nonce()
	good := kicktest.Sign(a.srv.AuthToken, a.url+"/answer", nonce, true)
	tests := []struct {
		name       string
		giveHeader map[string]string
		wantStatus int
	}{
		{name: "unsigned", wantStatus: http.StatusForbidden},
		{name: "V3 of this URL", giveHeader: map[string]string{signature.HeaderV3: good, signature.HeaderV3Nonce: nonce},
			wantStatus: http.StatusOK},
		{name: "V3 without its nonce", giveHeader: map[string]string{signature.HeaderV3: good},
			wantStatus: http.StatusForbidden},
		{name: "V3 of another URL", giveHeader: map[string]string{
			signature.HeaderV3:      kicktest.Sign(a.srv.AuthToken, a.url+"/other", nonce, true),
			signature.HeaderV3Nonce: nonce,
		}, wantStatus: http.StatusForbidden},
		{name: "V3 under another token", giveHeader: map[string]string{
			signature.HeaderV3:      kicktest.Sign("not-the-token", a.url+"/answer", nonce, true),
			signature.HeaderV3Nonce: nonce,
		}, wantStatus: http.StatusForbidden},
		{name: "good V3 with a bad V2", giveHeader: map[string]string{
			signature.HeaderV3: good, signature.HeaderV3Nonce: nonce,
			signature.HeaderV2: good, signature.HeaderV2Nonce: nonce,
		}, wantStatus: http.StatusForbidden},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, a.url+"/answer?room=lobby&CallUUID=x", nil)
			require.NoError(t, err)
			for k, v := range tt.giveHeader {
				req.Header.Set(k, v)
			}
			resp, err := http.DefaultClient.Do(req)
			require.NoError(t, err)
			require.NoError(t, resp.Body.Close())
			assert.Equal(t, tt.wantStatus, resp.StatusCode)
		})
	}
	assert.Contains(t, a.logs.String(), `msg="answerserver: answer request refused" reason="answerserver: bad answer signature: none sent"`)
	assert.NotContains(t, a.logs.String(), good, "signatures are not logged")
}
