package main

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/kickflow/kickflow/kick/kicktest"
	vxml "github.com/kickflow/kickflow/xml"
)

// printer writes the timeline. The first write error sticks: later writes
// do nothing and the demo reports it.
type printer struct {
	w   io.Writer
	err error
}

// line writes one line.
func (p *printer) line(format string, args ...any) {
	if p.err != nil {
		return
	}
	_, p.err = fmt.Fprintf(p.w, format+"\n", args...)
}

// docIndent is the margin of the documents in the timeline.
const docIndent = "     "

// doc writes a document as the app served it, indented for reading and
// without its XML declaration.
func (p *printer) doc(body []byte) error {
	text, err := readable(body)
	if err != nil {
		return err
	}
	for line := range strings.Lines(text) {
		p.line("%s%s", docIndent, strings.TrimSuffix(line, "\n"))
	}
	return nil
}

// readable parses a served document and renders it indented, without the
// XML declaration.
func readable(body []byte) (string, error) {
	r, err := vxml.Parse(body)
	if err != nil {
		return "", fmt.Errorf("kickdemo: the app served a document that does not parse: %w", err)
	}
	out, err := r.RenderIndent()
	if err != nil {
		return "", fmt.Errorf("kickdemo: %w", err)
	}
	text := string(out)
	if strings.HasPrefix(text, "<?xml") {
		_, text, _ = strings.Cut(text, "\n")
	}
	return text, nil
}

// exchange writes one request the platform made to the app (with the
// parameters that tell requests apart), its answer and the document in it.
func (p *printer) exchange(ex kicktest.Exchange) error {
	var params []string
	for _, k := range []string{"Event", "CallUUID", "ConferenceName", "ConferenceMemberID"} {
		if v := ex.Form.Get(k); v != "" {
			params = append(params, k+"="+v)
		}
	}
	answer := fmt.Sprint(ex.Status)
	if ex.Err != nil {
		answer = ex.Err.Error()
	}
	p.line("   [-v] platform -> app: %s %s (%s) -> %s", ex.Method, ex.URL, strings.Join(params, " "), answer)
	if len(ex.Body) == 0 || !isXML(ex.ContentType) {
		return nil
	}
	return p.doc(ex.Body)
}

func isXML(contentType string) bool {
	mt, _, _ := strings.Cut(contentType, ";")
	return slices.Contains([]string{"application/xml", "text/xml"}, strings.TrimSpace(mt))
}
