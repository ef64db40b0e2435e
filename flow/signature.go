package flow

import (
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/kickflow/kickflow/internal/signature"
)

// The headers the platform sends its signatures and nonces in.
const (
	HeaderSignatureV2      = signature.HeaderV2
	HeaderSignatureV2Nonce = signature.HeaderV2Nonce
	HeaderSignatureV3      = signature.HeaderV3
	HeaderSignatureV3Nonce = signature.HeaderV3Nonce
)

// ErrSignature is matched by the reason a request was rejected for its
// signature: missing, not matching, or a replayed nonce.
var ErrSignature = errors.New("flow: bad signature")

// Sign returns the signature the platform sends for a request to
// signedURL (scheme, host and path, no query) with nonce, under authToken:
// version 3 when v3 is true (HMAC-SHA256 of signedURL + "." + nonce),
// else version 2 (HMAC-SHA256 of signedURL + nonce), base64-encoded. It is
// meant for tests that play the platform.
func Sign(authToken, signedURL, nonce string, v3 bool) string {
	return signature.Encode(authToken, signedURL, nonce, v3)
}

// verify checks the V3 and V2 signatures of h for signedURL: at least one
// must be present, every one present must match, and no nonce of a
// matching one may have been seen within the nonce TTL. On success the
// nonces are remembered.
func (f *Flow) verify(h http.Header, signedURL string) error {
	type sig struct{ header, nonceHeader string }
	var nonces [2]string
	n := 0
	for i, s := range [2]sig{{HeaderSignatureV3, HeaderSignatureV3Nonce}, {HeaderSignatureV2, HeaderSignatureV2Nonce}} {
		got, nonce := h.Get(s.header), h.Get(s.nonceHeader)
		if got == "" && nonce == "" {
			continue
		}
		if got == "" || nonce == "" {
			return fmt.Errorf("%w: %s without its nonce or the reverse", ErrSignature, s.header)
		}
		if !signature.Valid(f.o.authToken, signedURL, nonce, got, i == 0) {
			return fmt.Errorf("%w: %s does not match", ErrSignature, s.header)
		}
		nonces[n] = nonce
		n++
	}
	if n == 0 {
		return fmt.Errorf("%w: no signature", ErrSignature)
	}
	return f.nonces.add(nonces[:n], f.o.now(), f.o.nonceTTL)
}

// nonceCache remembers the nonces of accepted requests, to reject replays.
// It is bounded: when full of unexpired nonces it rejects new ones.
type nonceCache struct {
	mu     sync.Mutex
	seen   map[string]time.Time
	max    int
	writes int
}

// add records nonces unless one of them is already recorded and unexpired.
func (c *nonceCache) add(nonces []string, now time.Time, ttl time.Duration) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.seen == nil {
		c.seen = make(map[string]time.Time)
	}
	for _, n := range nonces {
		if end, ok := c.seen[n]; ok && now.Before(end) {
			return fmt.Errorf("%w: replayed nonce", ErrSignature)
		}
	}
	c.writes++
	if len(c.seen)+len(nonces) > c.max || c.writes%sweepEvery == 0 {
		for n, end := range c.seen {
			if !now.Before(end) {
				delete(c.seen, n)
			}
		}
		if len(c.seen)+len(nonces) > c.max {
			return fmt.Errorf("%w: nonce cache full", ErrSignature)
		}
	}
	for _, n := range nonces {
		c.seen[n] = now.Add(ttl)
	}
	return nil
}
