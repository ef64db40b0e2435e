// Loadtest drives a kickflow app server on loopback with many concurrent
// simulated calls from the fake platform in kick/kicktest: joins,
// conference callbacks, kicks and continuations, bounded in count and time.
//
// It runs, in order:
//
//   - throughput: the answer endpoint against a bare net/http handler
//     writing a constant document, in alternating rounds of the same run;
//   - load: -calls calls in rounds of -size callers per room, -rooms rooms
//     at once; every other caller is kicked (one round in four, the whole
//     room) with an announcement naming its call UUID, the rest hang up;
//   - faults (-faults): the same while the platform answers kicks with
//     429, 5xx, resets and timeouts (before or after acting), drops,
//     duplicates and reorders callbacks, and continue requests are slow;
//     with -store redis, the phase's own redis-server is also restarted
//     every -redis-restart;
//   - soak (-soak): epochs of calls through one app, checking that heap
//     and goroutines stay flat.
//
// It reports throughput, latency percentiles per endpoint (answer, events
// and continue measured where the app serves them, kick where it calls the
// API), errors, and for each kicked caller whether it heard its own
// continuation; it fails on any lost or crossed continuation, an error
// rate above -max-error-rate, a throughput ratio below -min-ratio, heap
// retained or growing, or goroutines left behind.
//
// The app is a small flow app built in, or with -answerserver BIN the
// answerserver program, started on loopback and driven through its
// moderator API. The store is flow's memory store or, with -store redis,
// flow/redisstore ($REDIS_URL, or a redis-server the run starts). Every
// store, and every answerserver process (through REDIS_PREFIX), gets a key
// prefix of its own, so a database holding other keys, or used by another
// run at the same time, gives the same verdict as an empty one.
//
//	go run ./examples/loadtest -short                # CI: every phase, small
//	go run ./examples/loadtest -short -store redis   # the same on Redis
//	go run ./examples/loadtest -faults -soak 5m      # the long run
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"time"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return
		}
		stop()
		log.Fatal(err)
	}
}

// run parses args, runs the load test and writes the report to out.
func run(ctx context.Context, args []string, out io.Writer) (err error) {
	cfg, err := parseConfig(args, out)
	if err != nil {
		return err
	}
	if cfg.serveBare != "" {
		return serveBare(ctx, cfg.serveBare)
	}
	ctx, cancel := context.WithTimeout(ctx, cfg.duration)
	defer cancel()
	newStore := storeFactory(memoryStore)
	if cfg.store == "redis" {
		if cfg.redisURL == "" {
			cfg.redisURL = os.Getenv("REDIS_URL")
		}
		if cfg.redisURL == "" {
			rs, err := startRedis(ctx, cfg.redisBin)
			if err != nil {
				return err
			}
			defer func() { err = errors.Join(err, rs.close()) }()
			cfg.redisURL = rs.url()
		}
		newStore = redisStores(cfg.redisURL)
	}
	newApp := appFactory(newFlowApp)
	if cfg.bin != "" {
		newApp = newProcessApp
	}
	rep, err := execute(ctx, cfg, newApp, newStore)
	if rep != nil {
		if perr := rep.print(out); perr != nil {
			return errors.Join(err, perr)
		}
	}
	if err != nil {
		return err
	}
	return rep.verdict()
}

// serveBare serves the bare baseline handler at addr until ctx ends.
func serveBare(ctx context.Context, addr string) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("loadtest: %w", err)
	}
	srv := &http.Server{Handler: bareHandler(), ReadHeaderTimeout: 10 * time.Second}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	select {
	case err := <-served:
		return fmt.Errorf("loadtest: serve bare: %w", err)
	case <-ctx.Done():
	}
	if err := srv.Shutdown(context.Background()); err != nil {
		return fmt.Errorf("loadtest: serve bare: %w", err)
	}
	return nil
}
