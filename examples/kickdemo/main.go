// Command kickdemo shows the whole kick flow in one process, offline: it
// starts the fake Vobiz platform (package kicktest) and an app built with
// package flow on loopback, dials simulated callers into MyConference,
// kicks one with a templated announcement, moves another to a breakout
// room, ends the rest, and prints a narrated timeline and what each caller
// heard.
//
// Usage:
//
//	go run ./examples/kickdemo [-callers N] [-v]
//
// -callers sets how many callers dial in, 3 to 200 (default 3): one to
// kick, one to move, and the rest stay in MyConference until the demo ends
// the meeting; fewer than 3 is refused with a usage error. -v also prints
// every request the platform makes to the app and every XML document the
// app answers with.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"os/signal"
	"time"
)

// Limits of the -callers flag.
const (
	minCallers     = 3
	maxCallers     = 200
	defaultCallers = 3
)

// errUsage reports bad flags or arguments.
var errUsage = errors.New("kickdemo: usage")

// timeout bounds the whole demo; it normally takes well under a second.
const timeout = 30 * time.Second

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		log.Fatal(err)
	}
}

// run parses args, runs the demo and writes its timeline to stdout; usage
// and flag errors go to stderr.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("kickdemo", flag.ContinueOnError)
	fs.SetOutput(stderr)
	callers := fs.Int("callers", defaultCallers,
		fmt.Sprintf("number of simulated callers, %d to %d", minCallers, maxCallers))
	verbose := fs.Bool("v", false, "print every request to the app and every XML document it answers")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return fmt.Errorf("%w: %w", errUsage, err)
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%w: unexpected arguments %q", errUsage, fs.Args())
	}
	if *callers < minCallers || *callers > maxCallers {
		return fmt.Errorf("%w: -callers %d: want %d to %d (one caller to kick, one to move, one to stay)",
			errUsage, *callers, minCallers, maxCallers)
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	return demo(ctx, config{callers: *callers, verbose: *verbose}, stdout)
}
