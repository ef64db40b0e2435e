package main

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/kickflow/kickflow/flow"
	"github.com/kickflow/kickflow/kick/kicktest"
)

// announce is the announcement template of every kick: each kicked caller
// hears its own call UUID, so the transcripts show whose continuation each
// caller got.
const announce = "Goodbye {{.CallUUID}}, you have been removed."

// heard returns the announcement the call must hear when it is kicked.
func heard(callUUID string) string {
	return "Goodbye " + callUUID + ", you have been removed."
}

// scenario is one batch of simulated calls driven through an app.
type scenario struct {
	app    *app
	plat   *platform
	meters *meter
	// calls, rooms and size: how many calls in all, in how many rooms at
	// once, how many callers per room and round.
	calls, rooms, size int
	// prefix keeps call UUIDs and room names of batches apart.
	prefix string
	// faults, if set, injects platform faults before some kicks.
	faults *faultPlan
	// joinWait bounds the wait for a caller to show in the app's registry.
	joinWait time.Duration
}

// tally counts what happened to the calls of a batch. It is safe for
// concurrent use.
type tally struct {
	mu sync.Mutex
	// Calls counts calls that ran; Kicked those the platform kicked.
	Calls, Kicked int
	// Heard counts kicked callers who heard their own continuation.
	Heard int
	// Lost counts kicked callers who heard no announcement; Defaulted
	// those who heard the flow's default document instead of their own;
	// Crossed those who heard another caller's.
	Lost, Defaulted, Crossed int
	// Stayed counts callers whose kick had an unknown or refused outcome
	// and did not happen: they stayed in the room until hung up, hearing
	// nothing.
	Stayed int
	// Outcomes counts kicks by outcome; Kicks is their total.
	Kicks    int
	Outcomes map[outcome]int
	// Errors counts failures that are not allowed: abnormal hang-up
	// causes, a kick reported done that did not happen (or the reverse),
	// kick errors without injected faults, waits that timed out.
	Errors int
	// Samples holds the first few error messages.
	Samples []string
}

func newTally() *tally { return &tally{Outcomes: map[outcome]int{}} }

// fail counts an error and keeps its message among the first ten.
func (t *tally) fail(format string, args ...any) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.Errors++
	if len(t.Samples) < 10 {
		t.Samples = append(t.Samples, fmt.Sprintf(format, args...))
	}
}

// add merges o into t.
func (t *tally) add(o *tally) {
	o.mu.Lock()
	defer o.mu.Unlock()
	t.mu.Lock()
	defer t.mu.Unlock()
	t.Calls += o.Calls
	t.Kicked += o.Kicked
	t.Heard += o.Heard
	t.Lost += o.Lost
	t.Defaulted += o.Defaulted
	t.Crossed += o.Crossed
	t.Stayed += o.Stayed
	t.Kicks += o.Kicks
	for k, v := range o.Outcomes {
		t.Outcomes[k] += v
	}
	t.Errors += o.Errors
	for _, s := range o.Samples {
		if len(t.Samples) < 10 {
			t.Samples = append(t.Samples, s)
		}
	}
}

// run drives the batch: each of rooms workers takes rounds of size calls
// into a fresh room until calls have been started, kicks some of them and
// checks every transcript. It returns when every call has ended, or ctx
// is done.
func (s *scenario) run(ctx context.Context) *tally {
	t := newTally()
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := range s.rooms {
		wg.Go(func() {
			for round := 0; ctx.Err() == nil; round++ {
				first := int(next.Add(int64(s.size))) - s.size
				if first >= s.calls {
					return
				}
				n := min(s.size, s.calls-first)
				room := fmt.Sprintf("%sroom-%d-%d", s.prefix, w, round)
				s.round(ctx, t, room, first, n, round)
			}
		})
	}
	wg.Wait()
	return t
}

// round runs n calls numbered from first in room: they join, every other
// one is kicked (or, one round in four, the whole room), the rest hang up.
func (s *scenario) round(ctx context.Context, t *tally, room string, first, n, round int) {
	srv := s.plat.server()
	calls := make([]*kicktest.Call, n)
	uuids := make([]string, n)
	for i := range n {
		uuids[i] = fmt.Sprintf("%scall-%d", s.prefix, first+i)
		calls[i] = srv.StartCall(kicktest.CallSpec{
			AnswerURL: s.app.answer(room), CallUUID: uuids[i], To: room,
			From: fmt.Sprintf("1415%07d", first+i),
		})
	}
	// Every caller in the platform's room first, so that whoever is not
	// kicked can be hung up below; then in the app's registry.
	for _, uuid := range uuids {
		if _, err := srv.WaitMember(ctx, room, uuid); err != nil {
			t.fail("%s: not in %s on the platform: %v", uuid, room, err)
		}
	}
	s.waitRegistry(ctx, t, room, uuids)

	wholeRoom := round%4 == 3 && n > 1
	var targets [][]string
	if wholeRoom {
		targets = [][]string{nil}
	} else {
		for i := 0; i < n; i += 2 {
			targets = append(targets, []string{uuids[i]})
		}
	}
	// What the app said of each kick of one call, to hold against what
	// the platform did.
	said := map[string]outcome{}
	for _, target := range targets {
		o := s.kick(ctx, t, room, target)
		for _, uuid := range target {
			said[uuid] = o
		}
	}
	// Whoever is still in the room hangs up: callers not meant to be
	// kicked, and those whose kick did not happen.
	for _, c := range calls {
		if _, _, in := c.Member(); in {
			c.HangUp()
		}
	}
	for i, c := range calls {
		s.check(ctx, t, c, uuids[i], said[uuids[i]])
	}
}

// waitRegistry waits until the app's registry has every call in room, or
// joinWait has passed (a dropped enter callback never arrives).
func (s *scenario) waitRegistry(ctx context.Context, t *tally, room string, uuids []string) {
	ctx, cancel := context.WithTimeout(ctx, s.joinWait)
	defer cancel()
	for {
		got, err := s.app.members(ctx, room)
		if err == nil && containsAll(got, uuids) {
			return
		}
		select {
		case <-ctx.Done():
			if s.faults == nil {
				t.fail("%s: registry has %d of %d callers after %v (err %v)", room, len(got), len(uuids), s.joinWait, err)
			}
			return
		case <-time.After(2 * time.Millisecond):
		}
	}
}

// containsAll reports whether have holds every string of want.
func containsAll(have, want []string) bool {
	for _, w := range want {
		if !slices.Contains(have, w) {
			return false
		}
	}
	return true
}

// kick kicks the calls (the whole room when nil), with a fault injected
// first when the plan says so, and returns the outcome the app reported.
func (s *scenario) kick(ctx context.Context, t *tally, room string, calls []string) outcome {
	if s.faults != nil {
		s.faults.inject(s.plat.server())
	}
	start := time.Now()
	o, err := s.app.kick(ctx, room, calls, announce)
	s.meters.hist[epKick].record(time.Since(start))
	t.mu.Lock()
	t.Kicks++
	t.Outcomes[o]++
	t.mu.Unlock()
	if err != nil && s.faults == nil {
		t.fail("kick %s %v: %v", room, calls, err)
	}
	return o
}

// check waits for the call to end and reads its transcript: a kicked
// caller must hear exactly its own announcement, any other caller none.
// said is what the app reported of a kick of this call alone (0 if none):
// a kick reported done must have happened, one reported refused must not.
func (s *scenario) check(ctx context.Context, t *tally, c *kicktest.Call, uuid string, said outcome) {
	cause, err := c.Wait(ctx)
	if err != nil {
		t.fail("%s: did not end: %v", uuid, err)
		return
	}
	kicked := false
	var texts []string
	for _, st := range c.Transcript().Steps() {
		switch st := st.(type) {
		case kicktest.Left:
			kicked = kicked || st.Reason == kicktest.ReasonKicked
		case kicktest.Spoke:
			texts = append(texts, st.Text)
		}
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	t.Calls++
	crossed := slices.ContainsFunc(texts, func(s string) bool {
		return strings.HasPrefix(s, "Goodbye ") && s != heard(uuid)
	})
	switch {
	case crossed:
		t.Crossed++
	case kicked && slices.Equal(texts, []string{heard(uuid)}):
		t.Heard++
	case kicked && slices.Equal(texts, []string{flow.DefaultEndedText}):
		t.Defaulted++
	case kicked:
		t.Lost++
	case len(texts) > 0:
		t.Crossed++ // heard something without being kicked
	}
	if kicked {
		t.Kicked++
	}
	if !kicked && (said == kickUnknown || said == kickRefused) {
		t.Stayed++
	}
	var wrong string
	switch {
	case said == kickOK && !kicked:
		wrong = "kick reported done, but the caller was not kicked"
	case said == kickRefused && kicked:
		wrong = "kick reported refused, but the caller was kicked"
	case cause != kicktest.CauseNormalHangup:
		wrong = fmt.Sprintf("ended with %v", cause)
	}
	if wrong != "" {
		t.Errors++
		if len(t.Samples) < 10 {
			t.Samples = append(t.Samples, uuid+": "+wrong)
		}
	}
}
