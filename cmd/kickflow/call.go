package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/kickflow/kickflow/kick/kicktest/emulator"
)

// callFlags are the flags of kickflow call.
type callFlags struct {
	emulatorURL string
	input       string
	from, to    string
	callUUID    string
	method      string
	addr        string
	authID      string
	authToken   string
	timeout     time.Duration
}

const callLong = `Call places one simulated inbound call to the app's answer URL and prints
its transcript as it happens: what is said and played, each Gather,
Redirect, room joined and left, and how the call ended.

With --emulator it runs inside a running "kickflow emulate" (give the URL it
printed), so the call also shows in its console. Otherwise it starts an
emulator of its own and prints the REST base URL and credentials the app
must use for its kicks while the call runs.

What the caller does comes from --input FILE, a script with one input a
line ("-" reads it from standard input):

  keys 1234#          press keys (0-9, * and #)
  speech yes please   say the rest of the line
  silence             do nothing: a Gather times out
  hangup              hang up
  keys 42# after 2s   wait before pressing (also for speech and hangup)

Each <Gather> and foreground <Record> takes the next line. Without --input,
lines typed on standard input act live: keys (such as 1234#) go to the
keypad, "hangup" hangs up, anything else is said to a Gather listening for
speech.

Exit status: 0 when the call ends normally, 1 when it ends on an error of
the app (its answer, action or redirect URL failing or serving bad XML) or
--timeout passes, 2 for usage problems.`

func newCallCmd(s streams) *cobra.Command {
	var fl callFlags
	cmd := &cobra.Command{
		Use:   "call [flags] ANSWER_URL",
		Short: "Place one simulated call to an app and print its transcript live",
		Long:  callLong,
		Example: `  kickflow call http://127.0.0.1:8080/answer
  kickflow call --input pin.txt http://127.0.0.1:8080/answer
  kickflow call --emulator http://127.0.0.1:8089 http://127.0.0.1:8080/answer`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runCall(cmd.Context(), s, fl, args[0])
		},
	}
	f := cmd.Flags()
	f.StringVar(&fl.emulatorURL, "emulator", "", `the URL of a running "kickflow emulate" (default: start one)`)
	f.StringVar(&fl.input, "input", "", `a caller script ("-" for standard input)`)
	f.StringVar(&fl.from, "from", "", "the caller's number (default the emulator's)")
	f.StringVar(&fl.to, "to", "", "the number called (default the emulator's)")
	f.StringVar(&fl.callUUID, "call-uuid", "", "the CallUUID (default a random UUID)")
	f.StringVar(&fl.method, "method", "POST", "the answer URL's method, GET or POST")
	f.StringVar(&fl.addr, "addr", "127.0.0.1:0", "without --emulator: the address of the emulator started")
	f.StringVar(&fl.authID, "auth-id", "", "without --emulator: the auth ID it accepts (default random)")
	f.StringVar(&fl.authToken, "auth-token", "", "without --emulator: the auth token it accepts (default random)")
	f.DurationVar(&fl.timeout, "timeout", 0, "hang up and fail after this long (default: wait for the call to end)")
	return cmd
}

// pollInterval is how often call reads the call's state.
const pollInterval = 100 * time.Millisecond

func runCall(ctx context.Context, s streams, fl callFlags, answerURL string) error {
	fail := func(code int, format string, args ...any) error {
		fmt.Fprintf(s.err, "kickflow call: "+format+"\n", args...)
		return &exitError{code}
	}
	var inputs []emulator.Input
	if fl.input != "" {
		data, err := readDoc(fl.input, s.in)
		if err != nil {
			return fail(exitUsage, "%v", err)
		}
		if inputs, err = emulator.ParseScript(data); err != nil {
			return fail(exitUsage, "%s: %v", fl.input, err)
		}
	}
	base := strings.TrimSuffix(fl.emulatorURL, "/")
	if base == "" {
		es, err := startEmulator(fl.addr, fl.authID, fl.authToken)
		if err != nil {
			return fail(exitUsage, "%v", err)
		}
		defer es.close()
		base = es.url
		fmt.Fprintf(s.err, "kickflow call: emulator at %s; for kicks the app uses VOBIZ_API_URL=%s VOBIZ_AUTH_ID=%s VOBIZ_AUTH_TOKEN=%s\n",
			base, base, es.srv.AuthID, es.srv.AuthToken)
	} else if u, err := url.Parse(base); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fail(exitUsage, "--emulator must be an http or https URL")
	}
	cl := &controlClient{base: base, hc: &http.Client{Timeout: 30 * time.Second}}
	var started emulator.CallState
	status, err := cl.do(ctx, http.MethodPost, "/control/calls", map[string]any{
		"answerUrl": answerURL, "answerMethod": fl.method, "from": fl.from, "to": fl.to,
		"callUuid": fl.callUUID, "input": inputs,
	}, &started)
	if err != nil {
		return fail(exitUsage, "%v", err)
	}
	if status != http.StatusCreated {
		return fail(exitUsage, "starting the call: %s", cl.lastError)
	}
	uuid := started.UUID
	fmt.Fprintf(s.out, "call %s from %s to %s: %s\n", uuid, started.From, started.To, answerURL)

	if fl.timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, fl.timeout)
		defer cancel()
	}
	if fl.input == "" {
		go liveInput(ctx, s, cl, uuid)
	}
	printed := 0
	tick := time.NewTicker(pollInterval)
	defer tick.Stop()
	for {
		var c emulator.CallState
		status, err := cl.do(ctx, http.MethodGet, "/control/calls/"+url.PathEscape(uuid), nil, &c)
		if err == nil && status == http.StatusOK {
			for ; printed < len(c.Transcript); printed++ {
				l := c.Transcript[printed]
				fmt.Fprintf(s.out, "%7.1fs  %s\n", float64(l.AtMS)/1000, l.Text)
			}
			if c.Done {
				fmt.Fprintf(s.out, "ended: %s\n", c.Cause)
				if c.CauseCode >= 7000 {
					return &exitError{exitFindings}
				}
				return nil
			}
		}
		select {
		case <-ctx.Done():
			// Interrupted or timed out: hang the call up before leaving.
			hctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			_, _ = cl.do(hctx, http.MethodPost, "/control/calls/"+url.PathEscape(uuid)+"/hangup", map[string]any{}, nil)
			cancel()
			if errors.Is(ctx.Err(), context.DeadlineExceeded) {
				return fail(exitFindings, "the call did not end within %s; hung up", fl.timeout)
			}
			fmt.Fprintln(s.err, "kickflow call: interrupted; hung up")
			return nil
		case <-tick.C:
		}
	}
}

// liveInput sends what is typed on standard input to the call until the
// input or ctx ends.
func liveInput(ctx context.Context, s streams, cl *controlClient, uuid string) {
	sc := bufio.NewScanner(s.in)
	path := "/control/calls/" + url.PathEscape(uuid)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		var status int
		var err error
		switch {
		case line == "":
			continue
		case line == "hangup":
			status, err = cl.do(ctx, http.MethodPost, path+"/hangup", map[string]any{}, nil)
		case strings.Trim(line, "0123456789*#") == "":
			status, err = cl.do(ctx, http.MethodPost, path+"/digits", map[string]string{"digits": line}, nil)
		default:
			status, err = cl.do(ctx, http.MethodPost, path+"/speech", map[string]any{"text": line}, nil)
		}
		switch {
		case ctx.Err() != nil:
			return
		case err != nil:
			fmt.Fprintf(s.err, "kickflow call: %v\n", err)
		case status >= 300:
			fmt.Fprintf(s.err, "kickflow call: %q not taken: %s\n", line, cl.lastError)
		}
	}
}

// controlClient calls an emulator's control API.
type controlClient struct {
	base      string
	hc        *http.Client
	lastError string
}

// do sends a control request with body as JSON and decodes a 2xx answer
// into out (unless nil). A 4xx or 5xx answer's error is kept in lastError.
func (c *controlClient) do(ctx context.Context, method, path string, body, out any) (int, error) {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return 0, err
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, rd)
	if err != nil {
		return 0, err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	res, err := c.hc.Do(req)
	if err != nil {
		return 0, fmt.Errorf("emulator: %w", err)
	}
	defer res.Body.Close()
	data, err := io.ReadAll(io.LimitReader(res.Body, 16<<20))
	if err != nil {
		return 0, fmt.Errorf("emulator: %w", err)
	}
	if res.StatusCode >= 300 {
		var e struct{ Error string }
		if json.Unmarshal(data, &e) == nil && e.Error != "" {
			c.lastError = fmt.Sprintf("%d: %s", res.StatusCode, e.Error)
		} else {
			c.lastError = res.Status
		}
		return res.StatusCode, nil
	}
	if out != nil && len(data) > 0 {
		if err := json.Unmarshal(data, out); err != nil {
			return 0, fmt.Errorf("emulator: bad answer to %s %s: %w", method, path, err)
		}
	}
	return res.StatusCode, nil
}
