package main

import (
	"fmt"
	"io"

	vxml "github.com/kickflow/kickflow/xml"
)

// doc is a document and a title saying where it is served.
type doc struct {
	title string
	resp  *vxml.Response
}

// printDocs prints each document under its title, indented for reading.
func printDocs(w io.Writer, docs ...doc) error {
	for i, d := range docs {
		out, err := d.resp.RenderIndent()
		if err != nil {
			return fmt.Errorf("dialfallback: %s: %w", d.title, err)
		}
		sep := ""
		if i > 0 {
			sep = "\n"
		}
		if _, err := fmt.Fprintf(w, "%s%s:\n%s", sep, d.title, out); err != nil {
			return fmt.Errorf("dialfallback: %w", err)
		}
	}
	return nil
}
