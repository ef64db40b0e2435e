package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"
)

// errCheck reports a run whose checks failed.
var errCheck = errors.New("loadtest: checks failed")

// loadAvg returns the first three fields of /proc/loadavg, or "n/a".
func loadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "n/a"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "n/a"
	}
	return strings.Join(f[:3], " ")
}

func ms(d time.Duration) string { return fmt.Sprintf("%.3fms", float64(d)/float64(time.Millisecond)) }

// print writes the report for people.
func (r *report) print(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "loadtest: store=%s calls=%d rooms=%d size=%d concurrency=%d faults=%v soak=%v\n",
		r.Config.store, r.Config.calls, r.Config.rooms, r.Config.size, r.Config.concurrency, r.Config.faults, r.Config.soak)
	fmt.Fprintf(&b, "load average at start: %s (now %s)\n", r.LoadAvg, loadAvg())
	if c := r.Throughput; c != nil {
		fmt.Fprintf(&b, "\nanswer throughput vs bare net/http constant document (%d clients, %d round pairs of %v):\n",
			r.Config.concurrency, len(c.App), r.Config.round)
		for i := range c.App {
			fmt.Fprintf(&b, "  round %d: bare %8.0f req/s  app %8.0f req/s  ratio %.2f  errors bare %d app %d\n",
				i+1, c.Bare[i].perSecond(), c.App[i].perSecond(), ratioAt(c.Ratios, i), c.Bare[i].Errors, c.App[i].Errors)
		}
		fmt.Fprintf(&b, "  median ratio %.2f (want >= %.2f)\n", c.Median, r.Config.minRatio)
		fmt.Fprintf(&b, "  client latency: bare p50 %s p99 %s max %s; app p50 %s p99 %s max %s\n",
			ms(c.BareLatency.P50), ms(c.BareLatency.P99), ms(c.BareLatency.Max),
			ms(c.AppLatency.P50), ms(c.AppLatency.P99), ms(c.AppLatency.Max))
	}
	for _, p := range r.Phases {
		if p == nil {
			continue
		}
		t := p.Tally
		fmt.Fprintf(&b, "\nphase %s: %d calls in %v (%.0f calls/s), %d kicks (%.0f kicks/s)\n",
			p.Name, t.Calls, p.Elapsed.Round(time.Millisecond), perSec(t.Calls, p.Elapsed), t.Kicks, perSec(t.Kicks, p.Elapsed))
		writeTally(&b, t)
		if p.RedisRestarts > 0 {
			fmt.Fprintf(&b, "  redis-server restarted %d times during the phase\n", p.RedisRestarts)
		}
		fmt.Fprintf(&b, "  latency of answer, events, continue %s; of kick around the app's kick call\n", p.MeasuredAt)
		fmt.Fprintf(&b, "  %-9s %8s %9s %9s %9s %6s\n", "endpoint", "n", "p50", "p99", "max", "5xx")
		for _, ep := range endpoints {
			s := p.Latency[ep]
			fmt.Fprintf(&b, "  %-9s %8d %9s %9s %9s %6d\n", ep, s.N, ms(s.P50), ms(s.P99), ms(s.Max), p.AppErrors[ep])
		}
		fmt.Fprintf(&b, "  retained per call (%s; app up, fake platform renewed): %d B\n", p.MemoryKind, p.Retained)
	}
	if s := r.Soak; s != nil {
		fmt.Fprintf(&b, "\nsoak: %d epochs, %d calls in %v (%.0f calls/s)\n", s.Epochs, s.Calls, s.Elapsed.Round(time.Millisecond), perSec(s.Calls, s.Elapsed))
		writeTally(&b, s.Tally)
		fmt.Fprintf(&b, "  heap after GC, median: first quarter %.1f MiB, last quarter %.1f MiB; goroutines %d -> %d; flat: %v\n",
			mib(s.HeapFirst), mib(s.HeapLast), s.GoroutinesFirst, s.GoroutinesLast, s.flat())
		// At most 40 samples, evenly spread, the last one included.
		step := max(len(s.Samples)/40, 1)
		var hs []string
		for i := len(s.Samples) - 1; i >= 0; i -= step {
			hs = append(hs, fmt.Sprintf("%.1f", mib(s.Samples[i].Heap)))
		}
		slices.Reverse(hs)
		fmt.Fprintf(&b, "  heap after epochs (MiB, every %d): %s\n", step, strings.Join(hs, " "))
	}
	fmt.Fprintf(&b, "\ngoroutines: %d before, %d after\n", r.GoroutinesBefore, r.GoroutinesAfter)
	_, err := io.WriteString(w, b.String())
	return err
}

// writeTally writes what happened to a batch's calls.
func writeTally(b *strings.Builder, t *tally) {
	fmt.Fprintf(b, "  kicked %d: heard own %d, lost %d, default %d, crossed %d; stayed after unknown/refused kick %d\n",
		t.Kicked, t.Heard, t.Lost, t.Defaulted, t.Crossed, t.Stayed)
	fmt.Fprintf(b, "  kick outcomes: ok %d, unknown %d, refused %d; errors %d\n",
		t.Outcomes[kickOK], t.Outcomes[kickUnknown], t.Outcomes[kickRefused], t.Errors)
	for _, s := range t.Samples {
		fmt.Fprintf(b, "    error: %s\n", s)
	}
}

func ratioAt(xs []float64, i int) float64 {
	if i < len(xs) {
		return xs[i]
	}
	return 0
}

func perSec(n int, d time.Duration) float64 {
	if d <= 0 {
		return 0
	}
	return float64(n) / d.Seconds()
}

func mib(n uint64) float64 { return float64(n) / (1 << 20) }

// verdict returns nil when every check passed, else an error matching
// errCheck that lists what failed.
func (r *report) verdict() error {
	var fails []string
	cfg := r.Config
	if c := r.Throughput; c != nil && c.Median < cfg.minRatio {
		fails = append(fails, fmt.Sprintf("answer throughput %.2f of bare, want >= %.2f", c.Median, cfg.minRatio))
	}
	if c := r.Throughput; c != nil {
		for _, x := range c.App {
			if x.Errors > 0 {
				fails = append(fails, fmt.Sprintf("answer throughput round had %d errors", x.Errors))
			}
		}
	}
	check := func(name string, t *tally, appErrs int64, allowDefault bool) {
		if t.Lost > 0 || t.Crossed > 0 {
			fails = append(fails, fmt.Sprintf("%s: %d lost and %d crossed continuations", name, t.Lost, t.Crossed))
		}
		if t.Defaulted > 0 && !allowDefault {
			fails = append(fails, fmt.Sprintf("%s: %d kicked callers heard the default instead of their own", name, t.Defaulted))
		}
		if t.Calls == 0 {
			fails = append(fails, name+": no calls ran")
			return
		}
		if rate := float64(t.Errors+int(appErrs)) / float64(t.Calls); rate > cfg.maxErrors {
			fails = append(fails, fmt.Sprintf("%s: error rate %.4f (%d errors, %d app 5xx), want <= %.4f",
				name, rate, t.Errors, appErrs, cfg.maxErrors))
		}
	}
	for _, p := range r.Phases {
		if p == nil {
			continue
		}
		var appErrs int64
		for _, n := range p.AppErrors {
			appErrs += n
		}
		check(p.Name, p.Tally, appErrs, p.AllowDefault)
		if p.RetainedChecked && p.Retained > int64(cfg.maxRetained) {
			fails = append(fails, fmt.Sprintf("%s: %d B retained per call, want <= %d", p.Name, p.Retained, cfg.maxRetained))
		}
	}
	if s := r.Soak; s != nil {
		check("soak", s.Tally, 0, false)
		if !s.flat() {
			fails = append(fails, "soak: heap or goroutines grew")
		}
	}
	if r.GoroutinesAfter > r.GoroutinesBefore+2 {
		fails = append(fails, fmt.Sprintf("goroutines: %d before, %d after everything closed", r.GoroutinesBefore, r.GoroutinesAfter))
	}
	if len(fails) > 0 {
		return fmt.Errorf("%w:\n  %s", errCheck, strings.Join(fails, "\n  "))
	}
	return nil
}
