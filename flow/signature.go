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

// verify checks the V3 and V2 signatures of h for signedURL: at least one
// must be present and every one present must match. It returns the nonces
// of the signatures; whether they were seen before is for the store (a
// [Guard]) or the per-process nonce cache to tell.
func (f *Flow) verify(h http.Header, signedURL string) ([]string, error) {
	type sig struct{ header, nonceHeader string }
	var nonces []string
	for i, s := range [2]sig{{HeaderSignatureV3, HeaderSignatureV3Nonce}, {HeaderSignatureV2, HeaderSignatureV2Nonce}} {
		got, nonce := h.Get(s.header), h.Get(s.nonceHeader)
		if got == "" && nonce == "" {
			continue
		}
		if got == "" || nonce == "" {
			return nil, fmt.Errorf("%w: %s without its nonce or the reverse", ErrSignature, s.header)
		}
		if len(nonce) > maxNonceLen {
			return nil, fmt.Errorf("%w: %s nonce longer than %d bytes", ErrSignature, s.header, maxNonceLen)
		}
		if !signature.Valid(f.o.authToken, signedURL, nonce, got, i == 0) {
			return nil, fmt.Errorf("%w: %s does not match", ErrSignature, s.header)
		}
		nonces = append(nonces, nonce)
	}
	if len(nonces) == 0 {
		return nil, fmt.Errorf("%w: no signature", ErrSignature)
	}
	return nonces, nil
}

// maxNonceLen bounds a nonce: the platform sends 20 digits.
const maxNonceLen = 128

// nonceCache remembers the nonces of accepted requests in this process, to
// reject replays when the store is not a [Guard]. Nonces expire in the
// order they were added (the TTL is the flow's, the same for all), so
// expiry pops them off the front of a queue: O(1) amortized work per
// request, never a sweep of the whole cache. It is bounded by max: when
// full of unexpired nonces it forgets the oldest ones rather than refusing
// the request, since refusing would drop calls; a forgotten nonce can be
// replayed to this process until it would have expired.
type nonceCache struct {
	mu    sync.Mutex
	seen  map[string]time.Time // nonce → expiry
	queue []queued             // in order of addition; queue[head:] is live
	head  int
	max   int
}

type queued struct {
	nonce string
	end   time.Time
}

// add records nonces unless one of them is already recorded and unexpired.
func (c *nonceCache) add(nonces []string, now time.Time, ttl time.Duration) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.seen == nil {
		c.seen = make(map[string]time.Time)
	}
	for c.head < len(c.queue) && !now.Before(c.queue[c.head].end) {
		c.pop()
	}
	for _, n := range nonces {
		if end, ok := c.seen[n]; ok && now.Before(end) {
			return fmt.Errorf("%w: replayed nonce", ErrSignature)
		}
	}
	for len(c.seen)+len(nonces) > c.max && c.head < len(c.queue) {
		c.pop()
	}
	for _, n := range nonces {
		c.seen[n] = now.Add(ttl)
		c.queue = append(c.queue, queued{n, now.Add(ttl)})
	}
	return nil
}

// pop drops the oldest queued nonce, and the queue's dead front when it
// has grown to half the queue (which keeps the work per pop constant,
// amortized).
func (c *nonceCache) pop() {
	q := c.queue[c.head]
	if end, ok := c.seen[q.nonce]; ok && end.Equal(q.end) {
		delete(c.seen, q.nonce)
	}
	c.queue[c.head] = queued{}
	c.head++
	if c.head >= 1024 && c.head*2 >= len(c.queue) {
		c.queue = append(c.queue[:0:0], c.queue[c.head:]...)
		c.head = 0
	}
}
