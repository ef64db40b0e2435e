package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/kickflow/kickflow/probe"
	"github.com/kickflow/kickflow/xml"
)

// lintFlags are the flags of kickflow lint.
type lintFlags struct {
	json       bool
	lenient    bool
	from, to   string
	callUUID   string
	method     string
	maxLatency time.Duration
	timeout    time.Duration
}

const lintLong = `Lint parses, validates and lints Vobiz XML documents: files, directories
(every *.xml file below them), standard input ("-") and running answer URLs.

For a URL it requests the document as Vobiz does when a call comes in: a
webhook with the form parameters CallUUID, From, To, Direction, CallStatus
and Event=StartApp, signed with the V2 and V3 signatures when
VOBIZ_AUTH_TOKEN is set. It also checks the HTTP side: a 2xx status, a
Content-Type of application/xml or text/xml, at most 100 KB, and an
answer within --max-latency.

Each finding is printed on a line of its own, compiler-style:

  file:line:col: severity: rule: message (Element/Path@attribute)

Severity is error (Vobiz refuses the document or drops the call), warning
(valid but likely wrong) or info. The position and the path are left out
when a finding has none (a syntax error past the root, an HTTP problem).

With --json one JSON object is printed instead:

  {
    "findings": [                 // in input order, then document order
      {"file": "a.xml",           // path, "<stdin>" or URL
       "line": 3, "column": 5,    // 1-based; 0 when there is no position
       "severity": "error",       // "error", "warning" or "info"
       "rule": "invalid",         // a stable rule name
       "message": "…",
       "path": "Response/Gather[1]",   // omitted when empty
       "attr": "numDigits"}            // omitted when empty
    ],
    "urls": [                     // one per URL linted
      {"url": "https://…", "status": 200, "contentType": "application/xml",
       "bytes": 312, "elapsedMs": 41}
    ]
  }

Exit status: 0 when no finding is an error (warnings are printed, not
fatal), 1 when one is, 2 for usage and I/O problems (a missing file, an
unreachable host).`

func newLintCmd(s streams, getenv func(string) string) *cobra.Command {
	var fl lintFlags
	cmd := &cobra.Command{
		Use:   "lint [flags] PATH|URL|- ...",
		Short: "Parse, validate and lint Vobiz XML files, directories, stdin or answer URLs",
		Long:  lintLong,
		Example: `  kickflow lint answer.xml testdata/
  curl -s https://app.example/answer | kickflow lint -
  VOBIZ_AUTH_TOKEN=… kickflow lint --from +14155550100 https://app.example/answer`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runLint(cmd, s, fl, getenv("VOBIZ_AUTH_TOKEN"), args)
		},
	}
	f := cmd.Flags()
	f.BoolVar(&fl.json, "json", false, "print one JSON object instead of one line per finding")
	f.BoolVar(&fl.lenient, "lenient", false, "accept attributes kickflow does not know")
	f.StringVar(&fl.from, "from", probe.DefaultFrom, "URL: the caller's number (From)")
	f.StringVar(&fl.to, "to", probe.DefaultTo, "URL: the called number (To)")
	f.StringVar(&fl.callUUID, "call-uuid", "", "URL: the CallUUID (default a random UUID)")
	f.StringVar(&fl.method, "method", "POST", "URL: the request method, GET or POST")
	f.DurationVar(&fl.maxLatency, "max-latency", probe.DefaultMaxLatency, "URL: the longest an answer may take")
	f.DurationVar(&fl.timeout, "timeout", probe.DefaultTimeout, "URL: how long to wait for an answer at all")
	return cmd
}

// jsonFinding is a finding in the --json output.
type jsonFinding struct {
	File     string `json:"file"`
	Line     int    `json:"line"`
	Column   int    `json:"column"`
	Severity string `json:"severity"`
	Rule     string `json:"rule"`
	Message  string `json:"message"`
	Path     string `json:"path,omitempty"`
	Attr     string `json:"attr,omitempty"`
}

// jsonURL is the HTTP side of a linted URL in the --json output.
type jsonURL struct {
	URL         string `json:"url"`
	Status      int    `json:"status"`
	ContentType string `json:"contentType"`
	Bytes       int    `json:"bytes"`
	ElapsedMS   int64  `json:"elapsedMs"`
}

// jsonReport is the --json output.
type jsonReport struct {
	Findings []jsonFinding `json:"findings"`
	URLs     []jsonURL     `json:"urls"`
}

func runLint(cmd *cobra.Command, s streams, fl lintFlags, authToken string, args []string) error {
	report := jsonReport{Findings: []jsonFinding{}, URLs: []jsonURL{}}
	code := exitOK
	fail := func(err error) {
		fmt.Fprintf(s.err, "kickflow lint: %v\n", err)
		code = exitUsage
	}
	emit := func(name string, fs []xml.Finding) {
		for _, f := range fs {
			if f.Severity == xml.Error && code == exitOK {
				code = exitFindings
			}
			if fl.json {
				report.Findings = append(report.Findings, jsonFinding{
					File: name, Line: f.Line, Column: f.Column, Severity: f.Severity.String(),
					Rule: string(f.Rule), Message: f.Message, Path: f.Path, Attr: f.Attr,
				})
				continue
			}
			if err := writeFinding(s.out, name, f); err != nil {
				fail(err)
				return
			}
		}
	}
	var opts []xml.ParseOption
	if fl.lenient {
		opts = append(opts, xml.Lenient())
	}
	stdinRead := false
	for _, arg := range args {
		if isURL(arg) {
			res, err := probe.Answer(cmd.Context(), probe.Request{
				URL: arg, Method: fl.method, From: fl.from, To: fl.to, CallUUID: fl.callUUID,
				AuthToken: authToken, MaxLatency: fl.maxLatency, Timeout: fl.timeout,
			})
			if err != nil {
				fail(err)
				continue
			}
			report.URLs = append(report.URLs, jsonURL{
				URL: arg, Status: res.Status, ContentType: res.ContentType, Bytes: len(res.Body),
				ElapsedMS: res.Elapsed.Milliseconds(),
			})
			emit(arg, res.Findings)
			continue
		}
		files, err := expand(arg)
		if err != nil {
			fail(err)
			continue
		}
		if len(files) == 0 {
			fail(fmt.Errorf("%s: %w", arg, errNoFiles))
			continue
		}
		for _, path := range files {
			if path == "-" {
				if stdinRead {
					fail(fmt.Errorf("standard input given twice"))
					continue
				}
				stdinRead = true
			}
			data, err := readDoc(path, s.in)
			if err != nil {
				fail(err)
				continue
			}
			emit(displayName(path), xml.Check(data, opts...))
		}
	}
	if fl.json {
		enc := json.NewEncoder(s.out)
		enc.SetIndent("", "  ")
		if err := enc.Encode(report); err != nil {
			fail(err)
		}
	}
	if code != exitOK {
		return &exitError{code}
	}
	return nil
}

// writeFinding prints f compiler-style:
// "name:line:col: severity: rule: message (Path@Attr)".
func writeFinding(w io.Writer, name string, f xml.Finding) error {
	var b strings.Builder
	b.WriteString(name)
	if f.Line > 0 {
		fmt.Fprintf(&b, ":%d:%d", f.Line, f.Column)
	}
	fmt.Fprintf(&b, ": %s: %s: %s", f.Severity, f.Rule, f.Message)
	if f.Path != "" {
		b.WriteString(" (")
		b.WriteString(f.Path)
		if f.Attr != "" {
			b.WriteString("@" + f.Attr)
		}
		b.WriteString(")")
	} else if f.Attr != "" {
		b.WriteString(" (@" + f.Attr + ")")
	}
	b.WriteByte('\n')
	_, err := io.WriteString(w, b.String())
	return err
}
