package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// Exit statuses.
const (
	exitOK       = 0
	exitFindings = 1 // lint found an error-level problem
	exitUsage    = 2 // bad usage, I/O problems, files fmt refuses
)

// streams are the standard streams a command uses.
type streams struct {
	in       io.Reader
	out, err io.Writer
}

// exitError carries the exit status of a command that has already
// reported its problems.
type exitError struct{ code int }

func (e *exitError) Error() string { return fmt.Sprintf("exit status %d", e.code) }

// run runs the command line args and returns the exit status.
func run(ctx context.Context, args []string, s streams, getenv func(string) string) int {
	root := newRoot(s, getenv)
	root.SetArgs(longFlags(root, args))
	err := root.ExecuteContext(ctx)
	var ee *exitError
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &ee):
		return ee.code
	default:
		// Usage errors: unknown command or flag, wrong arguments.
		fmt.Fprintf(s.err, "kickflow: %v\n", err)
		fmt.Fprintln(s.err, `run "kickflow help" for usage`)
		return exitUsage
	}
}

// newRoot returns the kickflow command with its subcommands.
func newRoot(s streams, getenv func(string) string) *cobra.Command {
	root := &cobra.Command{
		Use:   "kickflow",
		Short: "Check and format Vobiz XML, drive conferences, emulate Vobiz",
		Long: `kickflow checks and formats Vobiz XML documents (files, directories,
standard input and running answer URLs) and drives conference rooms
through the Vobiz REST API (members, kick, mute, hangup, …). It also runs
a fake Vobiz with a live console (emulate) and places simulated calls
against an app (call).

Exit status: 0 when all is well, 1 when lint finds an error-level problem
or the API answers with an error, 2 for usage and I/O problems and for
files fmt refuses.
Long flags take one dash or two (-json or --json).`,
		SilenceErrors: true,
		SilenceUsage:  true,
	}
	root.SetIn(s.in)
	root.SetOut(s.out)
	root.SetErr(s.err)
	root.AddCommand(newLintCmd(s, getenv), newFmtCmd(s))
	root.AddCommand(newConfCmds(s, getenv)...)
	root.AddCommand(newEmulateCmd(s), newCallCmd(s))
	return root
}

// longFlags rewrites "-name" and "-name=value" to "--name…" for the long
// flags of the command tree, so that the Go spelling with one dash works
// beside the GNU one that cobra reads. Arguments after "--" are kept.
func longFlags(root *cobra.Command, args []string) []string {
	names := make(map[string]bool)
	var visit func(c *cobra.Command)
	visit = func(c *cobra.Command) {
		c.Flags().VisitAll(func(f *pflag.Flag) { names[f.Name] = true })
		c.PersistentFlags().VisitAll(func(f *pflag.Flag) { names[f.Name] = true })
		for _, sub := range c.Commands() {
			visit(sub)
		}
	}
	visit(root)
	names["help"] = true
	out := make([]string, len(args))
	for i, a := range args {
		if a == "--" {
			copy(out[i:], args[i:])
			break
		}
		name, _, _ := strings.Cut(strings.TrimPrefix(a, "-"), "=")
		if strings.HasPrefix(a, "-") && !strings.HasPrefix(a, "--") && len(name) > 1 && names[name] {
			a = "-" + a
		}
		out[i] = a
	}
	return out
}
