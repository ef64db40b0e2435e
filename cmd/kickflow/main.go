// Command kickflow checks and formats Vobiz XML, drives conference rooms,
// runs a fake Vobiz and places simulated calls from the shell.
//
//	kickflow lint [--json] PATH|URL|- ...   parse, validate and lint documents
//	kickflow fmt [-w] [-d] [FILE...]        write documents in their one indented form
//	kickflow members [ROOM [MEMBER...]]     list rooms or a room's members
//	kickflow kick|mute|unmute|deaf|undeaf ROOM MEMBER...
//	kickflow play --url URL ROOM MEMBER...  play audio to members (--stop)
//	kickflow speak ROOM TEXT MEMBER...      say a text to members (--stop)
//	kickflow hangup ROOM MEMBER...          end members' calls
//	kickflow hangup --conference ROOM       end a room
//	kickflow emulate [--addr 127.0.0.1:8089] a fake Vobiz with a live console
//	kickflow call [--input FILE] URL        one simulated call, transcript live
//
// The conference commands read VOBIZ_AUTH_ID, VOBIZ_AUTH_TOKEN and
// VOBIZ_API_URL (or --api-url). kick and hangup ask for confirmation on a
// terminal and refuse without one unless -y is given.
//
// Run "kickflow help COMMAND" or "kickflow COMMAND -h" for the flags of a
// command and "kickflow completion -h" for shell completion. Long flags
// take one dash or two (-json or --json).
//
// Exit status: 0 when all is well, 1 when lint finds an error-level
// problem or the API answers with an error, 2 for usage and I/O problems
// and for files fmt refuses.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], streams{in: os.Stdin, out: os.Stdout, err: os.Stderr}, os.Getenv)
	stop()
	os.Exit(code)
}
