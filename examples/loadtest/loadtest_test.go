package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kickflow/kickflow/internal/redistest"
	"github.com/kickflow/kickflow/kick/kicktest"
)

// tiny is a configuration small enough for go test -race: every phase,
// a few dozen calls. The throughput ratio is not held to a floor here,
// since the race detector slows the app far more than the bare handler.
var tiny = []string{
	"-calls", "40", "-rooms", "4", "-size", "4", "-concurrency", "4",
	"-round", "50ms", "-rounds", "1", "-faults", "-soak", "200ms",
	"-soak-calls", "20", "-ttl", "1s", "-min-ratio", "0", "-max-retained", "1048576",
	"-duration", "60s",
}

func TestRunTiny(t *testing.T) {
	var out bytes.Buffer
	err := run(t.Context(), tiny, &out)
	require.NoError(t, err, out.String())
	for _, want := range []string{"phase load: 40 calls", "phase faults: 40 calls", "soak: ", "lost 0, default 0, crossed 0", "median ratio"} {
		assert.Contains(t, out.String(), want)
	}
}

// TestRunTinyRedis runs the tiny configuration on the test Redis server
// (REDIS_URL, else a redis-server started for this package); the fault
// phase starts and restarts a redis-server of its own. With neither, it
// skips, or fails under CI=true.
func TestRunTinyRedis(t *testing.T) {
	url := redistest.URL(t)
	var out bytes.Buffer
	err := run(t.Context(), append(slices.Clone(tiny), "-store", "redis", "-redis", url, "-redis-restart", "100ms"), &out)
	require.NoError(t, err, out.String())
	assert.Contains(t, out.String(), "store=redis")
	assert.Contains(t, out.String(), "redis-server restarted")
}

// TestRunTinyRedisTopologies runs the tiny configuration with the Redis
// store on a Redis Cluster and on a Sentinel set-up, reached through
// redisstore's redis+cluster and redis+sentinel URLs. The fault phase,
// which always runs on a redis-server of its own (TestRunTinyRedis covers
// it), is left out.
func TestRunTinyRedisTopologies(t *testing.T) {
	args := slices.DeleteFunc(slices.Clone(tiny), func(a string) bool { return a == "-faults" })
	tests := []struct {
		name string
		url  func(t *testing.T) string
	}{
		{"cluster", func(t *testing.T) string { return redistest.Cluster(t).URL() }},
		{"sentinel", func(t *testing.T) string { return redistest.Sentinel(t).URL() }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			err := run(t.Context(), append(slices.Clone(args), "-store", "redis", "-redis", tt.url(t)), &out)
			require.NoError(t, err, out.String())
			assert.Contains(t, out.String(), "store=redis")
			assert.Contains(t, out.String(), "lost 0, default 0, crossed 0")
			assert.NotContains(t, out.String(), "phase faults")
		})
	}
}

// brokenApp starts the flow app with its kick replaced.
func brokenApp(t *testing.T, kick func(a *app) func(context.Context, string, []string, string) (outcome, error)) (*app, *platform) {
	t.Helper()
	plat := newPlatform()
	t.Cleanup(plat.close)
	meters := &meterSwitch{}
	meters.current.Store(newMeter())
	s, release, err := memoryStore(t.Context())
	require.NoError(t, err)
	a, err := newFlowApp(t.Context(), plat, meters, appConfig{store: s, kickTimeout: time.Second})
	require.NoError(t, err)
	t.Cleanup(func() { assert.NoError(t, errors.Join(a.close(context.Background()), release())) })
	a.kick = kick(a)
	return a, plat
}

// TestScenarioCatchesWrongContinuations proves the transcript check can
// fail: an app that announces the wrong thing is caught.
func TestScenarioCatchesWrongContinuations(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name         string
		giveAnnounce string
		wantLost     bool
		wantCrossed  bool
	}{
		{name: "silent", giveAnnounce: "", wantLost: true},
		{name: "another caller's", giveAnnounce: "Goodbye {{.From}}, you have been removed.", wantCrossed: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			a, plat := brokenApp(t, func(a *app) func(context.Context, string, []string, string) (outcome, error) {
				orig := a.kick
				return func(ctx context.Context, room string, calls []string, _ string) (outcome, error) {
					return orig(ctx, room, calls, tt.giveAnnounce)
				}
			})
			sc := &scenario{app: a, plat: plat, meters: newMeter(), calls: 8, rooms: 2, size: 4, joinWait: 10 * time.Second}
			got := sc.run(t.Context())
			assert.Equal(t, 8, got.Calls)
			assert.Equal(t, tt.wantLost, got.Lost > 0, "lost %d", got.Lost)
			assert.Equal(t, tt.wantCrossed, got.Crossed > 0, "crossed %d", got.Crossed)
			assert.Zero(t, got.Heard)
			rep := &report{Config: config{maxErrors: 0, maxRetained: 1 << 20}, Phases: []*phase{{Name: "x", Tally: got}}}
			assert.ErrorIs(t, rep.verdict(), errCheck)
		})
	}
}

// TestScenarioCatchesFalseSuccess: an app that says a kick was done
// without doing it is an error, and its caller stays in the room.
func TestScenarioCatchesFalseSuccess(t *testing.T) {
	t.Parallel()
	a, plat := brokenApp(t, func(*app) func(context.Context, string, []string, string) (outcome, error) {
		return func(context.Context, string, []string, string) (outcome, error) { return kickOK, nil }
	})
	sc := &scenario{app: a, plat: plat, meters: newMeter(), calls: 4, rooms: 1, size: 4, joinWait: 10 * time.Second}
	got := sc.run(t.Context())
	assert.Equal(t, 4, got.Calls)
	assert.Zero(t, got.Kicked)
	assert.Equal(t, 2, got.Errors, got.Samples)
}

func TestHistogram(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name            string
		give            []time.Duration
		wantP50, wantMx time.Duration
	}{
		{name: "one", give: []time.Duration{7 * time.Millisecond}, wantP50: 7 * time.Millisecond, wantMx: 7 * time.Millisecond},
		{name: "small", give: []time.Duration{3, 5, 9}, wantP50: 5, wantMx: 9},
		{name: "spread", give: spread(1000, time.Microsecond), wantP50: 500 * time.Microsecond, wantMx: 1000 * time.Microsecond},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var h histogram
			for _, d := range tt.give {
				h.record(d)
			}
			s := h.summary()
			assert.Equal(t, int64(len(tt.give)), s.N)
			assert.InEpsilon(t, float64(tt.wantP50), float64(s.P50), 1.0/32)
			assert.Equal(t, tt.wantMx, s.Max)
		})
	}
}

func spread(n int, unit time.Duration) []time.Duration {
	ds := make([]time.Duration, n)
	for i := range ds {
		ds[i] = time.Duration(i+1) * unit
	}
	return ds
}

func TestBucketBounds(t *testing.T) {
	t.Parallel()
	for _, d := range []time.Duration{0, 1, 31, 32, 63, 64, 65, 1000, time.Millisecond, time.Hour, 1<<63 - 1} {
		i := bucket(d)
		assert.LessOrEqual(t, lower(i), d, "%v", d)
		assert.Less(t, float64(d-lower(i)), float64(d)/32+1, "%v", d)
	}
}

func TestParseConfig(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		give      []string
		wantCalls int
		wantSoak  time.Duration
		wantFault bool
	}{
		{name: "defaults", give: nil, wantCalls: 2000},
		{name: "short", give: []string{"-short"}, wantCalls: 300, wantSoak: 8 * time.Second, wantFault: true},
		{name: "short keeps explicit flags", give: []string{"-calls", "50", "-short"}, wantCalls: 50, wantSoak: 8 * time.Second, wantFault: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, err := parseConfig(tt.give, &bytes.Buffer{})
			require.NoError(t, err)
			assert.Equal(t, tt.wantCalls, c.calls)
			assert.Equal(t, tt.wantSoak, c.soak)
			assert.Equal(t, tt.wantFault, c.faults)
		})
	}
}

func TestParseConfigErrors(t *testing.T) {
	t.Parallel()
	tests := [][]string{
		{"-calls", "0"},
		{"-store", "sqlite"},
		{"-duration", "-1s"},
		{"extra"},
		{"-nope"},
	}
	for _, give := range tests {
		t.Run(strings.Join(give, " "), func(t *testing.T) {
			t.Parallel()
			_, err := parseConfig(give, &bytes.Buffer{})
			assert.ErrorIs(t, err, errUsage)
		})
	}
}

func TestCallbackFaultIsStable(t *testing.T) {
	t.Parallel()
	fp := newFaultPlan(1, time.Second)
	counts := map[kicktest.Fault]int{}
	for i := range 10000 {
		cb := kicktest.Callback{Form: url.Values{"CallUUID": {fmt.Sprint("call-", i)}, "ConferenceAction": {"enter"}, "ConferenceMemberID": {"1"}}}
		f := fp.callbackFault(cb)
		assert.Equal(t, f, fp.callbackFault(cb))
		counts[f]++
	}
	assert.InDelta(t, 200, counts[kicktest.Drop], 60)
	assert.InDelta(t, 300, counts[kicktest.Duplicate], 80)
	assert.InDelta(t, 500, counts[kicktest.Hold], 100)
}

// TestRedisErrorHidesPassword checks that a Redis server that does not
// answer is reported without the password of its URL.
func TestRedisErrorHidesPassword(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithTimeout(t.Context(), 200*time.Millisecond)
	defer cancel()
	_, _, err := redisStores("redis://u:s3cret@127.0.0.1:1/0")(ctx)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "127.0.0.1:1")
	assert.NotContains(t, err.Error(), "s3cret")
}
