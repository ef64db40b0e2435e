package kicktest_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kickflow/kickflow/internal/signature"
	"github.com/kickflow/kickflow/kick/kicktest"
)

func TestSign(t *testing.T) {
	t.Parallel()
	// Computed independently: printf '%s' 'https://app.example.com/vobiz/events.12345678901234567890' |
	// openssl dgst -sha256 -hmac test-auth-token -binary | base64 (v2: without the ".")
	tests := []struct {
		name   string
		giveV3 bool
		want   string
	}{
		{"v3", true, "16DypG8hIacdoyGHwMm+/ouxh++OY0Qe+DYvt5OdXMk="},
		{"v2", false, "iBjwYoIVTU08MwU+ZDHKfVVyc87lrcpAod2f/KZKJzM="},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := kicktest.Sign("test-auth-token", "https://app.example.com/vobiz/events", "12345678901234567890", tt.giveV3)
			assert.Equal(t, tt.want, got)
		})
	}
}

// TestSignMatchesPlatformSigner checks that Sign of the base URL is what
// the fake server's own signer sends for the URL with a query.
func TestSignMatchesPlatformSigner(t *testing.T) {
	t.Parallel()
	const token = "test-auth-token"
	tests := []struct {
		name    string
		giveURL string
	}{
		{"events", "https://app.example.com/vobiz/events"},
		{"escaped path", "https://app.example.com/a%20b/continue"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			nonce := signature.Nonce()
			v3, err := signature.SignV3(token, tt.giveURL+"?join=abc", nonce)
			require.NoError(t, err)
			v2, err := signature.SignV2(token, tt.giveURL+"?join=abc", nonce)
			require.NoError(t, err)
			assert.Equal(t, v3, kicktest.Sign(token, tt.giveURL, nonce, true))
			assert.Equal(t, v2, kicktest.Sign(token, tt.giveURL, nonce, false))
		})
	}
}
