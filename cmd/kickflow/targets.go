package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/kickflow/kickflow/xml"
)

// stdinName names standard input in messages.
const stdinName = "<stdin>"

// isURL reports whether arg is an http or https URL rather than a path.
func isURL(arg string) bool {
	return strings.HasPrefix(arg, "http://") || strings.HasPrefix(arg, "https://")
}

// expand returns the files arg names: arg itself for a file or "-", the
// *.xml files below it, in lexical order, for a directory.
func expand(arg string) ([]string, error) {
	if arg == "-" {
		return []string{arg}, nil
	}
	info, err := os.Stat(arg)
	if err != nil {
		return nil, err
	}
	if !info.IsDir() {
		return []string{arg}, nil
	}
	var files []string
	err = filepath.WalkDir(arg, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasSuffix(d.Name(), ".xml") {
			files = append(files, path)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return files, nil
}

// readDoc reads the document at path, or standard input for "-", reading
// at most one byte over the parse limit so that a huge file is not read
// whole.
func readDoc(path string, stdin io.Reader) ([]byte, error) {
	rd := stdin
	if path != "-" {
		f, err := os.Open(path)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		rd = f
	}
	data, err := io.ReadAll(io.LimitReader(rd, xml.MaxParseSize+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", displayName(path), err)
	}
	return data, nil
}

// displayName is the name of path in messages.
func displayName(path string) string {
	if path == "-" {
		return stdinName
	}
	return path
}

// errNoFiles is the error of a directory without *.xml files.
var errNoFiles = errors.New("no *.xml files")
