package main

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"
)

// soakResult is the heap and goroutines sampled after each soak epoch.
type soakResult struct {
	Epochs  int
	Calls   int
	Elapsed time.Duration
	Samples []memSample
	// HeapFirst and HeapLast are the medians of the first and last
	// quarter of the epochs (after the first, which warms up); likewise
	// for goroutines.
	HeapFirst, HeapLast             uint64
	GoroutinesFirst, GoroutinesLast int
	Tally                           *tally
}

// flat reports whether the heap and goroutines stayed flat: the last
// quarter's median heap at most 25 % plus 4 MiB above the first's, and at
// most 8 more goroutines.
func (s *soakResult) flat() bool {
	return s.HeapLast <= s.HeapFirst+s.HeapFirst/4+4<<20 && s.GoroutinesLast <= s.GoroutinesFirst+8
}

// soak runs epochs of soakCalls calls through one app for cfg.soak, with
// the fake platform renewed after each epoch (so only the app's own memory
// is measured), sampling the heap and the goroutines after each.
func soak(ctx context.Context, cfg config, newApp appFactory, newStore storeFactory) (*soakResult, error) {
	plat := newPlatform()
	defer plat.close()
	meters := &meterSwitch{}
	meters.current.Store(newMeter())
	store, release, err := newStore(ctx)
	if err != nil {
		return nil, err
	}
	a, err := newApp(ctx, plat, meters, appConfig{store: store, kickTimeout: 5 * time.Second, ttl: cfg.ttl, process: cfg.process()})
	if err != nil {
		return nil, errors.Join(err, release())
	}
	res := &soakResult{Tally: newTally()}
	start := time.Now()
	for epoch := 0; time.Since(start) < cfg.soak || epoch < 5; epoch++ {
		mt := newMeter()
		meters.current.Store(mt)
		sc := &scenario{
			app: a, plat: plat, meters: mt, calls: cfg.soakCalls, rooms: cfg.rooms, size: cfg.size,
			prefix: fmt.Sprintf("soak%d-", epoch), joinWait: 10 * time.Second,
		}
		res.Tally.add(sc.run(ctx))
		if err := ctx.Err(); err != nil {
			return res, errors.Join(fmt.Errorf("loadtest: soak: %w", err), a.close(context.Background()), release())
		}
		plat.renew()
		m := sample()
		m.Heap = a.memory()
		res.Samples = append(res.Samples, m)
		res.Epochs++
	}
	res.Elapsed = time.Since(start)
	res.Calls = res.Tally.Calls
	s := res.Samples[1:]
	q := max(len(s)/4, 1)
	res.HeapFirst, res.HeapLast = medianOf(s[:q], heapOf), medianOf(s[len(s)-q:], heapOf)
	res.GoroutinesFirst = int(medianOf(s[:q], goroutinesOf))
	res.GoroutinesLast = int(medianOf(s[len(s)-q:], goroutinesOf))
	return res, errors.Join(a.close(context.Background()), release())
}

func heapOf(m memSample) uint64       { return m.Heap }
func goroutinesOf(m memSample) uint64 { return uint64(m.Goroutines) }

// medianOf returns the median of f over samples (the lower one of an even
// count).
func medianOf(samples []memSample, f func(memSample) uint64) uint64 {
	xs := make([]uint64, len(samples))
	for i, s := range samples {
		xs[i] = f(s)
	}
	slices.Sort(xs)
	return xs[(len(xs)-1)/2]
}
