package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"time"
)

// config is a run's settings, from the command line.
type config struct {
	calls       int
	rooms       int
	size        int
	concurrency int
	duration    time.Duration
	round       time.Duration
	rounds      int
	store       string
	faults      bool
	soak        time.Duration
	soakCalls   int
	ttl         time.Duration
	minRatio    float64
	maxErrors   float64
	maxRetained int
	seed        uint64
	bin         string
	serveBare   string
	redisURL    string
	redisBin    string
	// restartEvery is how often the fault phase restarts its Redis.
	restartEvery time.Duration
}

// process returns how to start the app binary, if one was given.
func (c config) process() processConfig {
	pc := processConfig{bin: c.bin}
	if c.store == "redis" {
		pc.redisURL = c.redisURL
	}
	return pc
}

// errUsage reports a command line that cannot run.
var errUsage = errors.New("loadtest: usage")

// parseConfig reads the flags. -short first sets the small CI preset,
// which flags given explicitly still override.
func parseConfig(args []string, out io.Writer) (config, error) {
	fs := flag.NewFlagSet("loadtest", flag.ContinueOnError)
	fs.SetOutput(out)
	var c config
	short := fs.Bool("short", false, "small run for CI (under a minute): every phase, fewer calls, short rounds and soak; the throughput floor drops to 0.25, since 300ms rounds on a shared machine are noisy")
	fs.IntVar(&c.calls, "calls", 2000, "simulated calls per phase (load, faults) and per soak epoch unless -soak-calls")
	fs.IntVar(&c.rooms, "rooms", 16, "rooms in use at once, one worker each")
	fs.IntVar(&c.size, "size", 6, "callers per room and round")
	fs.IntVar(&c.concurrency, "concurrency", 32, "concurrent HTTP clients in the throughput comparison")
	fs.DurationVar(&c.duration, "duration", 5*time.Minute, "bound on the whole run; it fails when reached")
	fs.DurationVar(&c.round, "round", 2*time.Second, "length of each throughput round")
	fs.IntVar(&c.rounds, "rounds", 5, "pairs of throughput rounds (bare, app)")
	fs.StringVar(&c.store, "store", "memory", "flow store: memory or redis")
	fs.BoolVar(&c.faults, "faults", false, "also run the fault phase")
	fs.DurationVar(&c.soak, "soak", 0, "soak for this long after the other phases (0: no soak)")
	fs.IntVar(&c.soakCalls, "soak-calls", 500, "simulated calls per soak epoch")
	fs.DurationVar(&c.ttl, "ttl", 0, "member, nonce and grace TTL of the soak's flow (0: 10s)")
	fs.Float64Var(&c.minRatio, "min-ratio", 0.5, "fail when the answer endpoint's throughput is below this share of the bare handler's")
	fs.Float64Var(&c.maxErrors, "max-error-rate", 0, "fail when errors exceed this share of calls")
	fs.IntVar(&c.maxRetained, "max-retained", 16<<10, "fail when a phase leaves more heap than this many bytes per call")
	fs.Uint64Var(&c.seed, "seed", 1, "seed of the fault choices")
	fs.StringVar(&c.bin, "answerserver", "", "drive this answerserver binary (started on loopback) instead of the built-in flow app")
	fs.StringVar(&c.serveBare, "serve-bare", "", "only serve the bare baseline handler at this address until interrupted (used by the run itself)")
	fs.StringVar(&c.redisURL, "redis", "", "Redis URL for -store redis (default $REDIS_URL; if that is empty too, the run starts its own redis-server)")
	fs.StringVar(&c.redisBin, "redis-server", "redis-server", "redis-server binary the run starts for -store redis when it has no URL, and always for the fault phase, which restarts it")
	fs.DurationVar(&c.restartEvery, "redis-restart", 0, "restart the fault phase's redis-server this often (0: every -round)")
	if err := fs.Parse(args); err != nil {
		return config{}, fmt.Errorf("%w: %w", errUsage, err)
	}
	if *short {
		set := map[string]bool{}
		fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
		preset := map[string]string{
			"calls": "300", "rooms": "8", "size": "5", "concurrency": "16", "duration": "100s",
			"round": "300ms", "rounds": "3", "faults": "true", "soak": "8s", "soak-calls": "150",
			"ttl": "1s", "min-ratio": "0.25",
		}
		for name, v := range preset {
			if !set[name] {
				if err := fs.Set(name, v); err != nil {
					return config{}, fmt.Errorf("%w: %w", errUsage, err)
				}
			}
		}
	}
	if fs.NArg() > 0 {
		return config{}, fmt.Errorf("%w: unexpected argument %q", errUsage, fs.Arg(0))
	}
	if c.calls < 1 || c.rooms < 1 || c.size < 1 || c.concurrency < 1 || c.rounds < 1 || c.soakCalls < 1 {
		return config{}, fmt.Errorf("%w: -calls, -rooms, -size, -concurrency, -rounds and -soak-calls must be positive", errUsage)
	}
	if c.duration <= 0 || c.round <= 0 || c.soak < 0 || c.ttl < 0 {
		return config{}, fmt.Errorf("%w: durations must be positive", errUsage)
	}
	if c.store != "memory" && c.store != "redis" {
		return config{}, fmt.Errorf("%w: -store %q: want memory or redis", errUsage, c.store)
	}
	if c.ttl == 0 {
		c.ttl = 10 * time.Second
	}
	return c, nil
}
