package main

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"time"

	"github.com/kickflow/kickflow/flow"
	"github.com/kickflow/kickflow/kick/kicktest"
)

// phase is what one batch of calls through an app produced.
type phase struct {
	Name    string
	Tally   *tally
	Elapsed time.Duration
	Latency map[string]summary
	// AppErrors counts answers of 500 and above per endpoint.
	AppErrors map[string]int64
	// Retained is the memory the phase left behind per call, measured
	// with the app still up and the fake platform renewed; MemoryKind says
	// which memory.
	Retained   int64
	MemoryKind string
	// RetainedChecked says Retained is the live heap and held to
	// -max-retained; a resident set only bounds it from above (the
	// runtime keeps freed memory for a while), so it is reported only.
	RetainedChecked bool
	// MeasuredAt says where the app's latencies were taken.
	MeasuredAt string
	// RedisRestarts counts restarts of the store's Redis during the
	// phase; while it is down, a continue request gets the default
	// document (flow serves it on a store error), which AllowDefault then
	// accepts instead of counting it lost.
	RedisRestarts int
	AllowDefault  bool
}

// report is the outcome of a run.
type report struct {
	Config     config
	LoadAvg    string
	Throughput *comparison
	Phases     []*phase
	Soak       *soakResult
	// Goroutines before the run and after everything was closed.
	GoroutinesBefore, GoroutinesAfter int
}

// memSample is the heap in use and the goroutines, after garbage
// collection.
type memSample struct {
	Heap       uint64
	Goroutines int
}

// sample returns the live heap and the goroutines now. It collects twice:
// the first collection moves sync.Pool contents aside, the second frees
// them, so pooled buffers are not counted as retained.
func sample() memSample {
	runtime.GC()
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return memSample{Heap: ms.HeapAlloc, Goroutines: runtime.NumGoroutine()}
}

// storeFactory returns a fresh flow store of the configured kind and how
// to release it.
type storeFactory func(ctx context.Context) (flow.Store, func() error, error)

// memoryStore is the storeFactory of flow's memory store.
func memoryStore(context.Context) (flow.Store, func() error, error) {
	return &flow.MemoryStore{}, func() error { return nil }, nil
}

// execute runs every configured phase and returns the report; the error
// is for a run that could not be carried out, not for a failed check.
func execute(ctx context.Context, cfg config, newApp appFactory, newStore storeFactory) (rep *report, err error) {
	rep = &report{Config: cfg, LoadAvg: loadAvg(), GoroutinesBefore: runtime.NumGoroutine()}

	// Throughput and the clean load phase share one app.
	plat := newPlatform()
	meters := &meterSwitch{}
	meters.current.Store(newMeter())
	store, release, err := newStore(ctx)
	if err != nil {
		plat.close()
		return nil, err
	}
	a, err := newApp(ctx, plat, meters, appConfig{store: store, kickTimeout: 5 * time.Second, process: cfg.process()})
	if err != nil {
		plat.close()
		return nil, errors.Join(err, release())
	}
	rep.Throughput, err = compare(ctx, a.direct("tp-room"), cfg.bin == "", cfg.concurrency, cfg.rounds, cfg.round)
	if err == nil {
		var p *phase
		p, err = runPhase(ctx, "load", plat, meters, a, cfg, cfg.calls, nil)
		rep.Phases = append(rep.Phases, p)
	}
	err = errors.Join(err, a.close(context.Background()), release())
	plat.close()
	if err != nil {
		return rep, err
	}

	if cfg.faults {
		p, err := faultPhase(ctx, cfg, newApp, newStore)
		rep.Phases = append(rep.Phases, p)
		if err != nil {
			return rep, err
		}
	}
	if cfg.soak > 0 {
		rep.Soak, err = soak(ctx, cfg, newApp, newStore)
		if err != nil {
			return rep, err
		}
	}
	rep.GoroutinesAfter = settle(ctx, rep.GoroutinesBefore)
	return rep, nil
}

// faultPhase runs a batch through a fresh app while the platform misbehaves:
// scripted kick API faults, dropped, duplicated and reordered callbacks, and
// slow continuation fetches.
func faultPhase(ctx context.Context, cfg config, newApp appFactory, newStore storeFactory) (_ *phase, err error) {
	const kickTimeout = 250 * time.Millisecond
	var rs *redisServer
	process := cfg.process()
	if cfg.store == "redis" {
		// A server of the phase's own, to restart mid-run.
		if rs, err = startRedis(ctx, cfg.redisBin); err != nil {
			return nil, err
		}
		defer func() { err = errors.Join(err, rs.close()) }()
		newStore = redisStores(rs.url())
		process.redisURL = rs.url()
	}
	plan := newFaultPlan(cfg.seed, kickTimeout)
	plat := newPlatform(kicktest.WithCallbackFaults(plan.callbackFault))
	defer plat.close()
	meters := &meterSwitch{}
	meters.current.Store(newMeter())
	store, release, err := newStore(ctx)
	if err != nil {
		return nil, err
	}
	a, err := newApp(ctx, plat, meters, appConfig{
		store: store, kickTimeout: kickTimeout, slowContinue: 20 * time.Millisecond, process: process,
	})
	if err != nil {
		return nil, errors.Join(err, release())
	}
	rctx, stop := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Go(func() { releaseHeld(rctx, plat, 5*time.Millisecond) })
	restarts, restartErr := 0, error(nil)
	if rs != nil {
		every := cfg.restartEvery
		if every <= 0 {
			every = cfg.round
		}
		wg.Go(func() { restarts, restartErr = restartEvery(rctx, rs, every) })
	}
	p, err := runPhase(ctx, "faults", plat, meters, a, cfg, cfg.calls, plan)
	stop()
	wg.Wait()
	if p != nil {
		p.RedisRestarts = restarts
		p.AllowDefault = rs != nil
	}
	return p, errors.Join(err, restartErr, a.close(context.Background()), release())
}

// runPhase drives calls through the app and measures it.
func runPhase(ctx context.Context, name string, plat *platform, meters *meterSwitch, a *app, cfg config, calls int, plan *faultPlan) (*phase, error) {
	m := newMeter()
	meters.current.Store(m)
	before := a.memory()
	joinWait := 10 * time.Second
	if plan != nil {
		joinWait = 500 * time.Millisecond
	}
	sc := &scenario{
		app: a, plat: plat, meters: m, calls: calls, rooms: cfg.rooms, size: cfg.size,
		prefix: name + "-", faults: plan, joinWait: joinWait,
	}
	start := time.Now()
	t := sc.run(ctx)
	p := &phase{Name: name, Tally: t, Elapsed: time.Since(start), Latency: map[string]summary{}, AppErrors: map[string]int64{}}
	for _, ep := range endpoints {
		p.Latency[ep] = m.hist[ep].summary()
		p.AppErrors[ep] = m.failures(ep)
	}
	if err := ctx.Err(); err != nil {
		return p, fmt.Errorf("loadtest: %s phase: %w", name, err)
	}
	// Drop the fake platform's record of the calls, keep the app.
	plat.renew()
	p.Retained = (int64(a.memory()) - int64(before)) / int64(max(t.Calls, 1))
	p.MemoryKind = a.memoryKind
	p.RetainedChecked = a.memoryIsHeap
	p.MeasuredAt = a.measuredAt
	return p, nil
}

// settle waits a little for goroutines to finish and returns how many
// are left, hoping for no more than want.
func settle(ctx context.Context, want int) int {
	deadline := time.Now().Add(5 * time.Second)
	for {
		n := runtime.NumGoroutine()
		if n <= want || time.Now().After(deadline) || ctx.Err() != nil {
			return n
		}
		time.Sleep(10 * time.Millisecond)
	}
}
