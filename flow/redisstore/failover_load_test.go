package redisstore_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kickflow/kickflow/flow"
	"github.com/kickflow/kickflow/flow/redisstore"
	"github.com/kickflow/kickflow/internal/redistest"
	"github.com/kickflow/kickflow/kick"
	"github.com/kickflow/kickflow/kick/kicktest"
)

// failoverClient returns a Sentinel failover client for s with short
// timeouts, so that commands fail fast while no master answers.
func failoverClient(t *testing.T, s *redistest.SentinelSetup) *redis.Client {
	t.Helper()
	o := s.Options()
	o.ContextTimeoutEnabled = true
	o.DialTimeout, o.ReadTimeout, o.WriteTimeout = 200*time.Millisecond, 500*time.Millisecond, 500*time.Millisecond
	o.MaxRetries = 1
	c := redis.NewFailoverClient(o)
	t.Cleanup(func() { _ = c.Close() })
	return c
}

// TestSentinelFailoverLoad kills the Sentinel master in the middle of a
// run of kicks through two signed instances, and counts the kicked
// callers who did not hear their own continuation (lost: the default or
// nothing) and those who heard another's (crossed, which must never
// happen). It logs the figures BENCHMARKS.md quotes.
func TestSentinelFailoverLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("a failover under load takes several seconds")
	}
	t.Parallel()
	const (
		calls   = 120
		rooms   = 6
		workers = 4
		pace    = 250 * time.Millisecond // between two kicks of one worker
		killAt  = calls / 3              // kicks started before the master is killed
	)
	s := redistest.StartSentinel(t)
	prefix := "failover-load"
	var stores []flow.Store
	for range 2 {
		st, err := redisstore.New(failoverClient(t, s), redisstore.WithPrefix(prefix))
		require.NoError(t, err)
		stores = append(stores, st)
	}
	d := newDeployment(t, stores)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	all := make([]*kicktest.Call, calls)
	for i := range all {
		all[i] = d.start(i%2, fmt.Sprint("call-", i), fmt.Sprint("room-", i%rooms), fmt.Sprint("1415555", 1000+i))
	}

	var started atomic.Int64
	killed := make(chan struct{})
	var killedAt, failedOverAt time.Time
	var wg sync.WaitGroup
	wg.Go(func() {
		for started.Load() < killAt {
			time.Sleep(10 * time.Millisecond)
		}
		old := s.KillMaster(t)
		killedAt = time.Now()
		close(killed)
		s.WaitFailover(t, old)
		failedOverAt = time.Now()
	})
	type outcome struct {
		err     error
		at      time.Time
		unknown bool
	}
	outcomes := make([]outcome, calls)
	jobs := make(chan int)
	for range workers {
		wg.Go(func() {
			for i := range jobs {
				started.Add(1)
				_, err := d.flows[i%2].Kick(ctx, flow.Call(fmt.Sprint("call-", i)), flow.Continuation{Announce: "Goodbye {{.CallUUID}}."})
				outcomes[i] = outcome{err: err, at: time.Now(), unknown: errors.Is(err, kick.ErrOutcomeUnknown)}
				time.Sleep(pace)
			}
		})
	}
	for i := range calls {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	<-killed

	var kicked, refused, ok, lostDefault, lostSilent, crossed, kickedInOutage int
	for i, c := range all {
		o := outcomes[i]
		if o.err != nil && !o.unknown {
			refused++ // nothing was sent: the caller stays in the room
			c.HangUp()
			_, err := c.Wait(ctx)
			require.NoError(t, err)
			continue
		}
		kicked++
		if o.at.After(killedAt) && o.at.Before(failedOverAt) {
			kickedInOutage++
		}
		_, err := c.Wait(ctx)
		require.NoError(t, err)
		heard := spoken(c)
		own := fmt.Sprintf("Goodbye call-%d.", i)
		switch {
		case len(heard) == 1 && heard[0] == own:
			ok++
		case len(heard) == 0:
			lostSilent++
		case heardText(heard, flow.DefaultEndedText):
			lostDefault++
		default:
			crossed++
			t.Errorf("call-%d heard %q", i, heard)
		}
	}
	var defaults int64
	for _, f := range d.flows {
		defaults += f.Stats().Defaults
	}
	t.Logf("failover run: %d calls, %d kicked, %d kicks refused (store unreachable, nothing sent), "+
		"%d heard their own continuation, %d lost (default), %d lost (silent), %d crossed; "+
		"master down to failover seen by the sentinel: %v; kicks completed in that window: %d; defaults served: %d",
		calls, kicked, refused, ok, lostDefault, lostSilent, crossed,
		failedOverAt.Sub(killedAt).Round(time.Millisecond), kickedInOutage, defaults)
	assert.Zero(t, crossed, "no caller hears another's continuation")
	assert.Equal(t, calls, kicked+refused)
	assert.Positive(t, ok)
}

func heardText(ss []string, s string) bool {
	for _, x := range ss {
		if strings.Contains(x, s) {
			return true
		}
	}
	return false
}

// TestSentinelAckedWritesLost writes through a failover client while the
// master is killed, and counts the writes the master acknowledged that the
// promoted replica does not hold; then again with WAIT 1 after each write
// (a write counts as acknowledged only once a replica has it). It logs
// the figures and the mean write latency of each mode for BENCHMARKS.md.
func TestSentinelAckedWritesLost(t *testing.T) {
	if testing.Short() {
		t.Skip("two failovers take several seconds")
	}
	t.Parallel()
	s := redistest.StartSentinel(t)
	for _, wait := range []bool{false, true} {
		c := failoverClient(t, s)
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		stop := make(chan struct{})
		var acked []string
		var total time.Duration
		var writes int
		var ackedSoFar atomic.Int64
		done := make(chan struct{})
		go func() {
			defer close(done)
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				key := fmt.Sprintf("acked:%v:%d", wait, i)
				start := time.Now()
				err := c.Set(ctx, key, "v", 10*time.Minute).Err()
				if err == nil && wait {
					var n int
					n, err = c.Do(ctx, "WAIT", 1, 100).Int()
					if err == nil && n < 1 {
						err = errors.New("no replica acknowledged")
					}
				}
				if err == nil {
					total += time.Since(start)
					writes++
					acked = append(acked, key)
					ackedSoFar.Add(1)
				}
			}
		}()
		// Kill the master once writes flow (half a second at least).
		time.Sleep(500 * time.Millisecond)
		require.Eventually(t, func() bool { return ackedSoFar.Load() >= 100 }, 30*time.Second, 10*time.Millisecond,
			"writes acknowledged before the kill")
		old := s.KillMaster(t)
		s.WaitFailover(t, old)
		time.Sleep(500 * time.Millisecond)
		close(stop)
		<-done
		lost := 0
		for _, k := range acked {
			n, err := c.Exists(ctx, k).Result()
			require.NoError(t, err)
			if n == 0 {
				lost++
			}
		}
		t.Logf("acknowledged writes with WAIT=%v: %d acknowledged, %d lost in the failover; mean latency %v",
			wait, len(acked), lost, (total / time.Duration(max(writes, 1))).Round(time.Microsecond))
		require.NotEmpty(t, acked)
		if wait {
			assert.Zero(t, lost, "a write a replica acknowledged survives the failover")
		}
		cancel()
		s.Restart(t, old)
	}
}
