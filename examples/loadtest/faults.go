package main

import (
	"context"
	"hash/fnv"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/kickflow/kickflow/kick/kicktest"
)

// faultPlan says which platform faults a fault run injects, and how often.
type faultPlan struct {
	// kickRate is the share of kicks preceded by one scripted fault of
	// the kick API (taken by whichever REST request comes next).
	kickRate float64
	// kickTimeout is the app's timeout for one kick attempt; the timeout
	// fault holds the answer back twice as long.
	kickTimeout time.Duration
	// dropRate, dupRate and holdRate are the shares of conference
	// callbacks dropped, sent twice, and held back to arrive out of order.
	dropRate, dupRate, holdRate float64

	mu  sync.Mutex
	rng *rand.Rand
}

// newFaultPlan returns the plan of the fault runs, seeded for
// reproducible choices.
func newFaultPlan(seed uint64, kickTimeout time.Duration) *faultPlan {
	return &faultPlan{
		kickRate: 0.3, kickTimeout: kickTimeout,
		dropRate: 0.02, dupRate: 0.03, holdRate: 0.05,
		rng: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)),
	}
}

// kickFaults returns the scripted answers a kick may meet: each says what
// the platform did and what the client heard.
func (fp *faultPlan) kickFaults() []kicktest.Response {
	return []kicktest.Response{
		// Rate limited: the client retries after the Retry-After.
		{Status: 429, RetryAfter: "0", Body: `{"error":"too many requests"}`},
		// Server errors without the kick: unknown outcome, caller stays.
		{Status: 503, Body: `{"error":"service unavailable"}`},
		{Status: 500},
		// Server error after the kick: unknown outcome, caller kicked.
		{Status: 500, Body: `{"error":"internal error"}`, Apply: true},
		// Connection reset after the kick, and before it.
		{Drop: true, Apply: true},
		{Drop: true},
		// Answer slower than the client's timeout: the client gives up
		// and the platform does not act.
		{Delay: 2 * fp.kickTimeout},
		// The member was not there: a definite failure.
		{Status: 404, Body: `{"error":"member not found"}`},
	}
}

// inject enqueues one kick fault on srv with the plan's probability and
// reports whether it did.
func (fp *faultPlan) inject(srv *kicktest.Server) bool {
	faults := fp.kickFaults()
	fp.mu.Lock()
	hit := fp.rng.Float64() < fp.kickRate
	pick := fp.rng.IntN(len(faults))
	fp.mu.Unlock()
	if hit {
		srv.Enqueue(faults[pick])
	}
	return hit
}

// callbackFault decides a callback's fate from a hash of its call, action
// and member, so a run is reproducible whatever the timing.
func (fp *faultPlan) callbackFault(cb kicktest.Callback) kicktest.Fault {
	h := fnv.New64a()
	for _, k := range []string{"CallUUID", "ConferenceAction", "ConferenceMemberID"} {
		h.Write([]byte(cb.Form.Get(k)))
		h.Write([]byte{0})
	}
	x := float64(h.Sum64()>>11) / (1 << 53)
	switch {
	case x < fp.dropRate:
		return kicktest.Drop
	case x < fp.dropRate+fp.dupRate:
		return kicktest.Duplicate
	case x < fp.dropRate+fp.dupRate+fp.holdRate:
		return kicktest.Hold
	}
	return kicktest.Deliver
}

// releaseHeld sends held callbacks late, every few milliseconds, until ctx
// is done.
func releaseHeld(ctx context.Context, p *platform, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			p.server().ReleaseCallbacks()
		}
	}
}
