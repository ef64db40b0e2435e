// Package signature computes the Vobiz webhook signatures, so that the fake
// platform can sign the requests it makes and an app server can check the
// requests it receives.
//
// Vobiz signs the request URL without its query string and fragment
// (scheme, "://", host and path) together with a random nonce sent beside
// the signature; the body is not signed:
//
//   - V2: base64(HMAC-SHA256(auth token, base URL + nonce)), headers
//     X-Vobiz-Signature-V2 and X-Vobiz-Signature-V2-Nonce;
//   - V3: base64(HMAC-SHA256(auth token, base URL + "." + nonce)), headers
//     X-Vobiz-Signature-V3 and X-Vobiz-Signature-V3-Nonce.
package signature

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"math/big"
	"net/url"
)

// The header names Vobiz sends the signatures and nonces in.
const (
	HeaderV2      = "X-Vobiz-Signature-V2"
	HeaderV2Nonce = "X-Vobiz-Signature-V2-Nonce"
	HeaderV3      = "X-Vobiz-Signature-V3"
	HeaderV3Nonce = "X-Vobiz-Signature-V3-Nonce"
)

// NonceDigits is the length of a nonce made by [Nonce].
const NonceDigits = 20

// ErrURL is matched by the error of a URL that cannot be signed.
var ErrURL = errors.New("signature: url cannot be signed")

// BaseURL returns rawURL without its query string and fragment: the part
// of the URL Vobiz signs. The URL must be absolute.
func BaseURL(rawURL string) (string, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return "", fmt.Errorf("%w: %w", ErrURL, err)
	}
	if u.Scheme == "" || u.Host == "" {
		return "", fmt.Errorf("%w: %q is not absolute", ErrURL, rawURL)
	}
	return u.Scheme + "://" + u.Host + u.EscapedPath(), nil
}

// SignV2 returns the V2 signature of rawURL with nonce under authToken.
func SignV2(authToken, rawURL, nonce string) (string, error) {
	base, err := BaseURL(rawURL)
	if err != nil {
		return "", err
	}
	return Encode(authToken, base, nonce, false), nil
}

// SignV3 returns the V3 signature of rawURL with nonce under authToken.
func SignV3(authToken, rawURL, nonce string) (string, error) {
	base, err := BaseURL(rawURL)
	if err != nil {
		return "", err
	}
	return Encode(authToken, base, nonce, true), nil
}

// Sum returns the raw HMAC-SHA256 under authToken of baseURL (already
// without query and fragment, see [BaseURL]) and nonce: joined by "." for
// V3 (v3 true), directly for V2.
func Sum(authToken, baseURL, nonce string, v3 bool) []byte {
	h := hmac.New(sha256.New, []byte(authToken))
	h.Write([]byte(baseURL)) // a hash never fails to write
	if v3 {
		h.Write([]byte{'.'})
	}
	h.Write([]byte(nonce))
	return h.Sum(nil)
}

// Encode returns [Sum] in the base64 form sent in the signature headers.
func Encode(authToken, baseURL, nonce string, v3 bool) string {
	return base64.StdEncoding.EncodeToString(Sum(authToken, baseURL, nonce, v3))
}

// Valid reports whether sig, as received in a signature header, is the V3
// (v3 true) or V2 signature of baseURL and nonce under authToken. The
// comparison takes the same time wherever the signatures differ.
func Valid(authToken, baseURL, nonce, sig string, v3 bool) bool {
	raw, err := base64.StdEncoding.DecodeString(sig)
	return err == nil && hmac.Equal(raw, Sum(authToken, baseURL, nonce, v3))
}

// Nonce returns a random string of [NonceDigits] decimal digits, as Vobiz
// sends beside each signature. It may start with zeros.
func Nonce() string {
	limit := new(big.Int).Exp(big.NewInt(10), big.NewInt(NonceDigits), nil)
	n, err := rand.Int(rand.Reader, limit)
	if err != nil {
		// crypto/rand.Reader does not fail on supported platforms.
		panic("signature: reading random bytes: " + err.Error())
	}
	return fmt.Sprintf("%0*d", NonceDigits, n)
}
