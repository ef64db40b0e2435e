package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/pmezard/go-difflib/difflib"
	"github.com/spf13/cobra"

	"github.com/kickflow/kickflow/xml"
)

// fmtFlags are the flags of kickflow fmt.
type fmtFlags struct {
	write bool
	diff  bool
}

const fmtLong = `Fmt writes Vobiz XML documents in their one formatted form, as gofmt does
for Go: the XML declaration, one element per line indented by two spaces,
attributes in a fixed order, Speak content on one line as written.

Without -w or -d the formatted document is printed. A directory stands for
every *.xml file below it; no FILE, or "-", reads standard input.

Comments are kept, each on a line of its own before the element that
followed it. A comment where the formatted form has no line for it (inside
Speak or a text element such as Play) and a processing instruction make
fmt refuse the file, saying why, rather than drop them; so does a document
that is not valid. Before -w replaces a file, fmt checks that the new
content is canonically equal to the old and holds the same comments.

Exit status: 0 when every file was formatted, 2 when a file could not be
read, written or formatted.`

func newFmtCmd(s streams) *cobra.Command {
	var fl fmtFlags
	cmd := &cobra.Command{
		Use:   "fmt [-w] [-d] [FILE...]",
		Short: "Write Vobiz XML documents in their one indented form",
		Long:  fmtLong,
		Example: `  kickflow fmt answer.xml
  kickflow fmt -d testdata/
  kickflow fmt -w answer.xml`,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runFmt(s, fl, args)
		},
	}
	cmd.Flags().BoolVarP(&fl.write, "write", "w", false, "write the result to the file instead of printing it")
	cmd.Flags().BoolVarP(&fl.diff, "diff", "d", false, "print a diff instead of the result")
	return cmd
}

func runFmt(s streams, fl fmtFlags, args []string) error {
	if len(args) == 0 {
		args = []string{"-"}
	}
	failed := false
	fail := func(err error) {
		fmt.Fprintf(s.err, "kickflow fmt: %v\n", err)
		failed = true
	}
	for _, arg := range args {
		if isURL(arg) {
			fail(fmt.Errorf("%s: fmt formats files, not URLs", arg))
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
			if err := fmtFile(s, fl, path); err != nil {
				fail(err)
			}
		}
	}
	if failed {
		return &exitError{exitUsage}
	}
	return nil
}

// fmtFile formats one file, or standard input for "-".
func fmtFile(s streams, fl fmtFlags, path string) error {
	name := displayName(path)
	if path == "-" && fl.write {
		return errors.New("cannot write standard input in place (-w)")
	}
	in, err := readDoc(path, s.in)
	if err != nil {
		return err
	}
	out, err := xml.Format(in)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	// Format checks its result; check again here, since -w replaces the
	// only copy.
	same, err := xml.CanonicalEqual(in, out)
	if err != nil || !same {
		return fmt.Errorf("%s: formatted document is not canonically equal to the input (%v); file left alone", name, err)
	}
	changed := !bytes.Equal(in, out)
	if fl.diff && changed {
		d, err := difflib.GetUnifiedDiffString(difflib.UnifiedDiff{
			A: lines(in), B: lines(out),
			FromFile: name + ".orig", ToFile: name, Context: 3,
		})
		if err != nil {
			return fmt.Errorf("%s: diff: %w", name, err)
		}
		if _, err := fmt.Fprintf(s.out, "diff %s.orig %s\n%s", name, name, d); err != nil {
			return err
		}
	}
	if fl.write {
		if changed {
			return writeFile(path, out)
		}
		return nil
	}
	if !fl.diff {
		_, err := s.out.Write(out)
		return err
	}
	return nil
}

// writeFile replaces the file at path with data through a temporary file
// in the same directory, keeping its permissions, so that a failed write
// leaves the old content.
func writeFile(path string, data []byte) error {
	info, err := os.Stat(path)
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".kickflow-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // fails harmlessly once renamed
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(info.Mode().Perm()); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// lines splits data into lines for a diff, each ending in a newline.
func lines(data []byte) []string {
	ls := strings.SplitAfter(string(data), "\n")
	if ls[len(ls)-1] == "" {
		return ls[:len(ls)-1]
	}
	ls[len(ls)-1] += "\n"
	return ls
}
