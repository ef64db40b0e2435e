package flow_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kickflow/kickflow/flow"
	"github.com/kickflow/kickflow/kick/kicktest"
)

// TestManyCallsOwnContinuation runs 1,000 simulated calls in 50 rooms
// through the flow, kicks a random half of them concurrently (by call, by
// member ID, or several at once), each with a distinct announcement, and
// checks every kicked caller heard exactly its own and nobody else heard
// anything.
func TestManyCallsOwnContinuation(t *testing.T) {
	if testing.Short() {
		t.Skip("1,000 calls")
	}
	const (
		calls   = 1000
		rooms   = 50
		workers = 16
	)
	// The 1,000 answer requests start at once; on a loaded machine under
	// the race detector the last ones were seen to take longer than
	// kicktest's 5 s DefaultFetchTimeout, which ended those calls before
	// they joined. The fetch timeout is not what this test is about.
	e := newE2E(t, []kicktest.Option{kicktest.WithFetchTimeout(2 * time.Minute)})
	// The helpers' one-minute bound is tight for 1,000 calls under -race
	// on a busy machine (20 s seen at load 24 on 2 cores); give the whole
	// test two minutes, as kicktest's TestManyCalls has.
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()
	e.ctx = ctx
	all := make([]*kicktest.Call, calls)
	for i := range all {
		all[i] = e.srv.StartCall(kicktest.CallSpec{
			AnswerURL: e.app.URL + "/answer", CallUUID: fmt.Sprint("call-", i),
			To: fmt.Sprint("Room-", i%rooms), From: fmt.Sprint("1415555", 1000+i),
		})
	}
	for i, c := range all {
		// A call that ended never joins: fail now, not when e.ctx expires.
		require.NoError(t, e.srv.WaitUntil(e.ctx, func() bool {
			_, _, in := c.Member()
			_, ended := c.Cause()
			return in || ended
		}))
		if cause, ended := c.Cause(); ended {
			t.Fatalf("call-%d ended (%v) before joining: %v", i, cause, c.Transcript())
		}
		e.waitIn(fmt.Sprint("call-", i), fmt.Sprint("Room-", i%rooms))
	}

	rng := rand.New(rand.NewPCG(1, 2))
	order := rng.Perm(calls)
	kicked := make([]bool, calls)
	var jobs [][]int
	for _, i := range order[:calls/2] {
		kicked[i] = true
		jobs = append(jobs, []int{i})
	}
	// Some jobs kick two calls of one room at once.
	for j := 0; j+1 < len(jobs); j += 10 {
		a, b := jobs[j][0], jobs[j+1][0]
		if a%rooms == b%rooms {
			jobs[j], jobs[j+1] = []int{a, b}, nil
		}
	}
	cont := flow.Continuation{Announce: "Goodbye {{.CallUUID}} from {{.From}}"}
	work := make(chan []int)
	errs := make(chan error, len(jobs))
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for job := range work {
				var target flow.Target
				switch {
				case len(job) == 2:
					target = flow.Calls(fmt.Sprint("call-", job[0]), fmt.Sprint("call-", job[1]))
				case job[0]%3 == 0:
					m, ok, err := e.flow.Member(e.ctx, fmt.Sprint("call-", job[0]))
					if err != nil || !ok {
						errs <- fmt.Errorf("call-%d not in the registry: %v", job[0], err)
						continue
					}
					target = flow.MemberID(m.Room, m.MemberID)
				default:
					target = flow.Call(fmt.Sprint("call-", job[0]))
				}
				if _, err := e.flow.Kick(e.ctx, target, cont); err != nil {
					errs <- fmt.Errorf("kick %v: %w", job, err)
				}
			}
		})
	}
	for _, job := range jobs {
		if job != nil {
			work <- job
		}
	}
	close(work)
	wg.Wait()
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}

	for i, c := range all {
		if kicked[i] {
			texts, _ := e.end(c)
			assert.Equal(t, []string{fmt.Sprintf("Goodbye call-%d from 1415555%d", i, 1000+i)}, texts, "call-%d", i)
		}
	}
	for i, c := range all {
		if !kicked[i] {
			c.HangUp()
			texts, _ := e.end(c)
			assert.Empty(t, texts, "call-%d was not kicked", i)
		}
	}
	s := e.flow.Stats()
	assert.Equal(t, int64(calls/2), s.Continuations)
	assert.Zero(t, s.Defaults)
	assert.Zero(t, s.SignatureFailures)
}
