package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/kickflow/kickflow/kick"
)

// confFlags are the flags shared by the conference commands.
type confFlags struct {
	apiURL string
	json   bool
	yes    bool
}

const confEnvHelp = `Credentials come from VOBIZ_AUTH_ID and VOBIZ_AUTH_TOKEN; the API's base
URL from --api-url, else VOBIZ_API_URL, else ` + kick.DefaultBaseURL + `.
Give the URL "kickflow emulate" prints to act on the emulator.

Output is one human line by default, one JSON object with --json. An error
is printed once on standard error: a line with the API's status and
message, or with --json the object {"error": {"status", "message", "code",
"apiId", "text", "outcomeUnknown"}}.
Exit status: 0 on success, 1 when the API answers with an error or its
outcome is unknown, 2 for usage problems (missing credentials, bad
arguments, a refused confirmation).`

const confirmHelp = `

Removing members asks for confirmation when standard input is a terminal;
-y skips the question. Without a terminal the command refuses (exit 2)
unless -y is given, so a script never removes anyone by accident.`

// confCmd describes one conference command.
type confCmd struct {
	use, short, long, example string
	// minArgs is the least number of arguments (room included).
	minArgs int
	// confirm asks before acting.
	confirm bool
	// extra adds the command's own flags.
	extra func(*cobra.Command)
	// act performs the operation; args are the arguments after the room.
	act func(ctx context.Context, c *kick.Client, room string, members []string) (any, error)
}

// confResult is the --json output of a member operation.
type confResult struct {
	Operation  string   `json:"operation"`
	Conference string   `json:"conference"`
	Members    []string `json:"members,omitempty"`
	Status     int      `json:"status,omitempty"`
	Message    string   `json:"message,omitempty"`
	MemberIDs  []string `json:"memberIds,omitempty"`
	APIID      string   `json:"apiId,omitempty"`
}

// confError is the --json output of a failed operation, on standard error.
type confError struct {
	Error struct {
		Status  int    `json:"status,omitempty"`
		Message string `json:"message"`
		Code    string `json:"code,omitempty"`
		APIID   string `json:"apiId,omitempty"`
		Text    string `json:"text"`
		Unknown bool   `json:"outcomeUnknown,omitempty"`
	} `json:"error"`
}

func newConfCmds(s streams, getenv func(string) string) []*cobra.Command {
	member := func(f func(*kick.Client) func(context.Context, string, ...string) (*kick.Result, error)) func(context.Context, *kick.Client, string, []string) (any, error) {
		return func(ctx context.Context, c *kick.Client, room string, ids []string) (any, error) {
			r, err := f(c)(ctx, room, ids...)
			if err != nil {
				return nil, err
			}
			return r, nil
		}
	}
	noResult := func(f func(*kick.Client) func(context.Context, string, ...string) error) func(context.Context, *kick.Client, string, []string) (any, error) {
		return func(ctx context.Context, c *kick.Client, room string, ids []string) (any, error) {
			return nil, f(c)(ctx, room, ids...)
		}
	}
	var (
		playURL, speakVoice, speakLang string
		stopPlay, stopSpeak, wholeRoom bool
	)
	defs := []confCmd{
		{
			use: "members [ROOM [MEMBER...]]", short: "List live rooms, or the members of a room",
			long: `Members lists the live rooms' names, or, given ROOM, the room's members with
their call, numbers, muted and deaf state; given member IDs too, only
those. The platform documents its reads as unreliable on live rooms:
conference callbacks are the source of truth.`,
			example: "  kickflow members\n  kickflow members MyConf\n  kickflow members --json MyConf 10",
			act:     nil, // handled by runMembers
		},
		{
			use: "kick ROOM MEMBER...", short: "Remove members from a room; their calls go on",
			long: `Kick removes members from ROOM; their calls go on with the XML after
<Conference>. MEMBER is a member ID or "all".` + confirmHelp,
			example: "  kickflow kick -y MyConf 10 11", minArgs: 2, confirm: true,
			act: member(func(c *kick.Client) func(context.Context, string, ...string) (*kick.Result, error) { return c.Kick }),
		},
		{
			use: "mute ROOM MEMBER...", short: "Mute members: the others no longer hear them",
			example: "  kickflow mute MyConf 10", minArgs: 2,
			act: member(func(c *kick.Client) func(context.Context, string, ...string) (*kick.Result, error) { return c.Mute }),
		},
		{
			use: "unmute ROOM MEMBER...", short: "Let muted members be heard again",
			example: "  kickflow unmute MyConf 10", minArgs: 2,
			act: noResult(func(c *kick.Client) func(context.Context, string, ...string) error { return c.Unmute }),
		},
		{
			use: "deaf ROOM MEMBER...", short: "Make members deaf: they no longer hear the room",
			example: "  kickflow deaf MyConf all", minArgs: 2,
			act: member(func(c *kick.Client) func(context.Context, string, ...string) (*kick.Result, error) { return c.Deaf }),
		},
		{
			use: "undeaf ROOM MEMBER...", short: "Let deaf members hear the room again",
			example: "  kickflow undeaf MyConf all", minArgs: 2,
			act: noResult(func(c *kick.Client) func(context.Context, string, ...string) error { return c.Undeaf }),
		},
		{
			use: "play --url URL ROOM MEMBER...", short: "Play an audio file only the members hear (--stop to stop it)",
			example: "  kickflow play --url https://cdn.example/hold.mp3 MyConf 10\n  kickflow play --stop MyConf 10", minArgs: 2,
			extra: func(c *cobra.Command) {
				c.Flags().StringVar(&playURL, "url", "", "the https URL of an MP3 or WAV file")
				c.Flags().BoolVar(&stopPlay, "stop", false, "stop what is playing instead")
			},
			act: func(ctx context.Context, c *kick.Client, room string, ids []string) (any, error) {
				if stopPlay {
					return nil, c.StopPlay(ctx, room, ids...)
				}
				if playURL == "" {
					return nil, usageErr("play needs --url (or --stop)")
				}
				return c.Play(ctx, room, playURL, ids...)
			},
		},
		{
			use: "speak ROOM TEXT MEMBER...", short: "Say a text only the members hear (--stop to stop it)",
			example: "  kickflow speak MyConf 'The host will join shortly' 10\n  kickflow speak --stop MyConf 10", minArgs: 2,
			extra: func(c *cobra.Command) {
				c.Flags().StringVar(&speakVoice, "voice", "", "WOMAN or MAN (default: the platform's)")
				c.Flags().StringVar(&speakLang, "language", "", "a language code such as en-US (default: the platform's)")
				c.Flags().BoolVar(&stopSpeak, "stop", false, "stop what is being said instead; no TEXT")
			},
			act: func(ctx context.Context, c *kick.Client, room string, ids []string) (any, error) {
				if stopSpeak {
					return nil, c.StopSpeak(ctx, room, ids...)
				}
				if len(ids) < 2 {
					return nil, usageErr("speak needs ROOM TEXT MEMBER...")
				}
				return c.Speak(ctx, room, kick.Speech{Text: ids[0], Voice: speakVoice, Language: speakLang}, ids[1:]...)
			},
		},
		{
			use: "hangup ROOM MEMBER... | hangup --conference ROOM", short: "End members' calls, or a whole room",
			long: `Hangup ends the calls of members of ROOM outright (where kick lets them
go on), or with --conference the room and every call in it.` + confirmHelp,
			example: "  kickflow hangup -y MyConf 10\n  kickflow hangup -y --conference MyConf", minArgs: 1, confirm: true,
			extra: func(c *cobra.Command) {
				c.Flags().BoolVar(&wholeRoom, "conference", false, "end the whole room ROOM")
			},
			act: func(ctx context.Context, c *kick.Client, room string, ids []string) (any, error) {
				if wholeRoom {
					if len(ids) > 0 {
						return nil, usageErr("hangup --conference takes only ROOM")
					}
					return nil, c.HangUpConference(ctx, room)
				}
				if len(ids) == 0 {
					return nil, usageErr("hangup needs MEMBER... (or --conference)")
				}
				return nil, c.HangUp(ctx, room, ids...)
			},
		},
	}
	cmds := make([]*cobra.Command, 0, len(defs))
	for _, d := range defs {
		var fl confFlags
		long := d.long
		if long == "" {
			long = d.short + "."
		}
		cmd := &cobra.Command{
			Use: d.use, Short: d.short, Long: long + "\n\n" + confEnvHelp, Example: d.example,
			Args: cobra.MinimumNArgs(d.minArgs),
		}
		name := strings.Fields(d.use)[0]
		cmd.RunE = func(cmd *cobra.Command, args []string) error {
			return runConf(cmd.Context(), s, getenv, fl, name, d, args)
		}
		f := cmd.Flags()
		f.StringVar(&fl.apiURL, "api-url", "", "the API's base URL (default $VOBIZ_API_URL, else "+kick.DefaultBaseURL+")")
		f.BoolVar(&fl.json, "json", false, "print one JSON object")
		if d.confirm {
			f.BoolVarP(&fl.yes, "yes", "y", false, "do not ask for confirmation")
		}
		if d.extra != nil {
			d.extra(cmd)
		}
		cmds = append(cmds, cmd)
	}
	return cmds
}

// usageError is a usage problem found while running a command (exit 2).
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usageErr(msg string) error { return &usageError{msg} }

// newClient makes a kick client from the environment and --api-url.
func newClient(getenv func(string) string, apiURL string) (*kick.Client, error) {
	id, token := getenv(kick.EnvAuthID), getenv(kick.EnvAuthToken)
	if id == "" || token == "" {
		return nil, usageErr(kick.EnvAuthID + " and " + kick.EnvAuthToken + " must be set")
	}
	if apiURL == "" {
		apiURL = getenv(kick.EnvAPIURL)
	}
	var opts []kick.Option
	if apiURL != "" {
		opts = append(opts, kick.WithBaseURL(apiURL))
	}
	c, err := kick.New(id, token, opts...)
	if err != nil {
		return nil, usageErr(err.Error())
	}
	return c, nil
}

func runConf(ctx context.Context, s streams, getenv func(string) string, fl confFlags, name string, d confCmd, args []string) error {
	c, err := newClient(getenv, fl.apiURL)
	if err != nil {
		return confFail(s, fl, name, err)
	}
	if name == "members" {
		return runMembers(ctx, s, fl, c, args)
	}
	room, ids := args[0], args[1:]
	if d.confirm && !fl.yes {
		what := fmt.Sprintf("%s %s in room %q", name, strings.Join(ids, ", "), room)
		if len(ids) == 0 {
			what = fmt.Sprintf("end room %q and every call in it", room)
		}
		if err := confirm(s, what); err != nil {
			return confFail(s, fl, name, err)
		}
	}
	res, err := d.act(ctx, c, room, ids)
	if err != nil {
		return confFail(s, fl, name, err)
	}
	out := confResult{Operation: name, Conference: room, Members: ids}
	if name == "speak" && res != nil {
		out.Members = ids[1:]
	}
	if r, ok := res.(*kick.Result); ok && r != nil {
		out.Status, out.Message, out.MemberIDs, out.APIID = r.StatusCode, r.Message, r.MemberIDs, r.APIID
	}
	if fl.json {
		return writeJSON(s.out, out)
	}
	line := fmt.Sprintf("%s: room %q", name, room)
	if len(out.Members) > 0 {
		line += ": members " + strings.Join(out.Members, ", ")
	}
	line += ": done"
	if r, ok := res.(*kick.Result); ok && r != nil {
		line += " (" + r.String() + ")"
	}
	fmt.Fprintln(s.out, line)
	return nil
}

// confirm asks the person at the terminal to confirm what; without a
// terminal it refuses.
func confirm(s streams, what string) error {
	if !isTerminal(s.in) {
		return usageErr(fmt.Sprintf("refusing to %s without confirmation: standard input is not a terminal; pass -y", what))
	}
	fmt.Fprintf(s.err, "%s? [y/N] ", what)
	return readConfirmation(s.in, what)
}

// readConfirmation reads one answer line; only y or yes confirms.
func readConfirmation(r io.Reader, what string) error {
	line, err := bufio.NewReader(r).ReadString('\n')
	if err != nil && line == "" {
		return usageErr("no answer: not confirmed")
	}
	switch strings.ToLower(strings.TrimSpace(line)) {
	case "y", "yes":
		return nil
	}
	return usageErr(fmt.Sprintf("not confirmed: did not %s", what))
}

// isTerminal reports whether r is a character device such as a terminal.
func isTerminal(r io.Reader) bool {
	f, ok := r.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// confFail reports err once, on standard error, and gives the exit status:
// 2 for usage problems and invalid arguments, 1 for API failures.
func confFail(s streams, fl confFlags, name string, err error) error {
	code := exitFindings
	var ue *usageError
	if errors.As(err, &ue) || errors.Is(err, kick.ErrInvalidArgument) {
		code = exitUsage
	}
	if fl.json {
		var out confError
		out.Error.Text = err.Error()
		out.Error.Message = err.Error()
		var ae *kick.Error
		if errors.As(err, &ae) {
			out.Error.Status, out.Error.Message, out.Error.Code, out.Error.APIID = ae.StatusCode, ae.Message, ae.Code, ae.APIID
		}
		out.Error.Unknown = errors.Is(err, kick.ErrOutcomeUnknown)
		_ = writeJSON(s.err, out)
	} else {
		msg := err.Error()
		if errors.Is(err, kick.ErrOutcomeUnknown) {
			msg += " (the outcome is unknown: check the room before retrying)"
		}
		fmt.Fprintf(s.err, "kickflow %s: %s\n", name, msg)
	}
	return &exitError{code}
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// jsonMember is a member in the --json output of members.
type jsonMember struct {
	MemberID   string `json:"memberId"`
	CallUUID   string `json:"callUuid"`
	From       string `json:"from"`
	To         string `json:"to"`
	CallerName string `json:"callerName,omitempty"`
	Direction  string `json:"direction,omitempty"`
	Muted      bool   `json:"muted"`
	Deaf       bool   `json:"deaf"`
	JoinedSecs int64  `json:"joinedSeconds"`
}

func runMembers(ctx context.Context, s streams, fl confFlags, c *kick.Client, args []string) error {
	if len(args) == 0 {
		rooms, err := c.Conferences(ctx)
		if err != nil {
			return confFail(s, fl, "members", err)
		}
		if fl.json {
			return writeJSON(s.out, struct {
				Conferences []string `json:"conferences"`
			}{append([]string{}, rooms...)})
		}
		for _, r := range rooms {
			fmt.Fprintln(s.out, r)
		}
		return nil
	}
	conf, err := c.Conference(ctx, args[0])
	if err != nil {
		return confFail(s, fl, "members", err)
	}
	want := make(map[string]bool)
	for _, id := range args[1:] {
		want[id] = true
	}
	members := []jsonMember{}
	for _, m := range conf.Members {
		if len(want) > 0 && !want[m.MemberID] {
			continue
		}
		members = append(members, jsonMember{
			MemberID: m.MemberID, CallUUID: m.CallUUID, From: m.From, To: m.To,
			CallerName: m.CallerName, Direction: m.Direction, Muted: m.Muted, Deaf: m.Deaf,
			JoinedSecs: int64(m.JoinedFor / time.Second),
		})
	}
	if fl.json {
		return writeJSON(s.out, struct {
			Conference  string       `json:"conference"`
			RunSeconds  int64        `json:"runSeconds"`
			MemberCount int          `json:"memberCount"`
			Members     []jsonMember `json:"members"`
		}{conf.Name, int64(conf.RunTime / time.Second), conf.MemberCount, members})
	}
	fmt.Fprintf(s.out, "room %q: %d members, running %s\n", conf.Name, conf.MemberCount, conf.RunTime)
	tw := tabwriter.NewWriter(s.out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "MEMBER\tCALL\tFROM\tTO\tMUTED\tDEAF\tJOINED")
	for _, m := range members {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", m.MemberID, m.CallUUID, m.From, m.To,
			yesNo(m.Muted), yesNo(m.Deaf), time.Duration(m.JoinedSecs)*time.Second)
	}
	return tw.Flush()
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}
