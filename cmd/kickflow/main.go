// Command kickflow checks and formats Vobiz XML from the shell.
//
//	kickflow lint [--json] PATH|URL|- ...   parse, validate and lint documents
//	kickflow fmt [-w] [-d] [FILE...]        write documents in their one indented form
//
// Run "kickflow help COMMAND" or "kickflow COMMAND -h" for the flags of a
// command and "kickflow completion -h" for shell completion. Long flags
// take one dash or two (-json or --json).
//
// Exit status: 0 when all is well, 1 when lint finds an error-level
// problem, 2 for usage and I/O problems and for files fmt refuses.
package main

import (
	"context"
	"os"
	"os/signal"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(ctx, os.Args[1:], streams{in: os.Stdin, out: os.Stdout, err: os.Stderr}, os.Getenv)
	stop()
	os.Exit(code)
}
