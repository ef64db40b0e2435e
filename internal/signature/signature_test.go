package signature_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kickflow/kickflow/internal/signature"
)

// The wanted values were computed independently with Python's hmac module:
// base64.b64encode(hmac.new(token, msg, hashlib.sha256).digest()).
func TestSign(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, giveToken, giveURL, giveNonce string
		wantV2, wantV3                      string
	}{
		{
			name:      "plain URL",
			giveToken: "token", giveURL: "https://app.example.com/events", giveNonce: "12345678901234567890",
			wantV2: "5iyfxs58HOGZm3noppHz9+uyfGNpCWWXtvD89gcBZXE=",
			wantV3: "1sWRxhqGAD5PdqTy0rBk/kTKY65OCUhOIzMx7QmHmyk=",
		},
		{
			name:      "query and fragment dropped",
			giveToken: "token", giveURL: "https://app.example.com/events?room=a&x=1#ct=2000", giveNonce: "12345678901234567890",
			wantV2: "5iyfxs58HOGZm3noppHz9+uyfGNpCWWXtvD89gcBZXE=",
			wantV3: "1sWRxhqGAD5PdqTy0rBk/kTKY65OCUhOIzMx7QmHmyk=",
		},
		{
			name:      "port and leading zeros",
			giveToken: "MY_TOKEN", giveURL: "http://127.0.0.1:8080/a/b?q=1", giveNonce: "00000000000000000001",
			wantV3: "LauzmH7Ix952TnrDEssZ2ynfMRX+ceCHYC64Hh9Fl3Q=",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			v3, err := signature.SignV3(tt.giveToken, tt.giveURL, tt.giveNonce)
			require.NoError(t, err)
			assert.Equal(t, tt.wantV3, v3)
			if tt.wantV2 != "" {
				v2, err := signature.SignV2(tt.giveToken, tt.giveURL, tt.giveNonce)
				require.NoError(t, err)
				assert.Equal(t, tt.wantV2, v2)
			}
		})
	}
}

func TestBaseURL(t *testing.T) {
	t.Parallel()
	tests := []struct {
		giveURL, want string
	}{
		{"https://h.example/p", "https://h.example/p"},
		{"https://h.example/p?x=1", "https://h.example/p"},
		{"https://h.example/p#frag", "https://h.example/p"},
		{"http://127.0.0.1:9/a%2Fb?x", "http://127.0.0.1:9/a%2Fb"},
		{"https://h.example", "https://h.example"},
	}
	for _, tt := range tests {
		t.Run(tt.giveURL, func(t *testing.T) {
			t.Parallel()
			got, err := signature.BaseURL(tt.giveURL)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestBaseURL_errors(t *testing.T) {
	t.Parallel()
	for _, give := range []string{"/relative/path", "h.example/p", "http://[::1", ""} {
		t.Run(give, func(t *testing.T) {
			t.Parallel()
			_, err := signature.BaseURL(give)
			require.ErrorIs(t, err, signature.ErrURL)
			_, err = signature.SignV3("t", give, "1")
			assert.ErrorIs(t, err, signature.ErrURL)
			_, err = signature.SignV2("t", give, "1")
			assert.ErrorIs(t, err, signature.ErrURL)
		})
	}
}

func TestNonce(t *testing.T) {
	t.Parallel()
	seen := make(map[string]bool)
	for range 100 {
		n := signature.Nonce()
		require.Len(t, n, signature.NonceDigits)
		for _, r := range n {
			require.True(t, r >= '0' && r <= '9', "nonce %q has a non-digit", n)
		}
		seen[n] = true
	}
	assert.Len(t, seen, 100, "nonces repeat")
}

func TestValid(t *testing.T) {
	t.Parallel()
	const (
		token = "token"
		base  = "https://app.example.com/events"
		nonce = "12345678901234567890"
		v2    = "5iyfxs58HOGZm3noppHz9+uyfGNpCWWXtvD89gcBZXE="
		v3    = "1sWRxhqGAD5PdqTy0rBk/kTKY65OCUhOIzMx7QmHmyk="
	)
	tests := []struct {
		name                      string
		giveToken, giveBase, give string
		giveNonce                 string
		giveV3, want              bool
	}{
		{name: "v3", giveToken: token, giveBase: base, giveNonce: nonce, give: v3, giveV3: true, want: true},
		{name: "v2", giveToken: token, giveBase: base, giveNonce: nonce, give: v2, want: true},
		{name: "v3 sent as v2", giveToken: token, giveBase: base, giveNonce: nonce, give: v3},
		{name: "other token", giveToken: "other", giveBase: base, giveNonce: nonce, give: v3, giveV3: true},
		{name: "other URL", giveToken: token, giveBase: base + "x", giveNonce: nonce, give: v3, giveV3: true},
		{name: "other nonce", giveToken: token, giveBase: base, giveNonce: "1", give: v3, giveV3: true},
		{name: "not base64", giveToken: token, giveBase: base, giveNonce: nonce, give: "%%%", giveV3: true},
		{name: "empty", giveToken: token, giveBase: base, giveNonce: nonce, giveV3: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := signature.Valid(tt.giveToken, tt.giveBase, tt.giveNonce, tt.give, tt.giveV3)
			assert.Equal(t, tt.want, got)
		})
	}
	assert.Equal(t, v3, signature.Encode(token, base, nonce, true))
}
