package golden

import (
	"bytes"
	encxml "encoding/xml"
	"errors"
	"fmt"
	"io"
)

// ErrMalformed is matched (with errors.Is) by the errors of [Indent], [Diff] and
// [DiffCanonical] for input that is not one well-formed XML document.
var ErrMalformed = errors.New("golden: not a well-formed XML document")

// kind tells what an item of element content is.
type kind int

const (
	kindElem  kind = iota + 1 // a child element
	kindText                  // character data
	kindOther                 // a comment, processing instruction or directive
)

// item is one piece of a document: a child element, text, or another token,
// with the exact bytes it was read from.
type item struct {
	kind kind
	elem *elem
	text string // the decoded text, for kindText
	raw  []byte
}

// elem is an element of a parsed document. Its byte slices point into the
// input, so writing them reproduces the input exactly.
type elem struct {
	name  string
	attrs []encxml.Attr
	kids  []item
	open  []byte // the start tag, or the whole tag when self-closing
	close []byte // the end tag; empty when self-closing
	whole []byte // from the start of open to the end of close
	begin int64
}

// tree is a parsed document: the root and the tokens around it, with the
// whitespace between top-level tokens dropped.
type tree struct {
	prolog []item
	root   *elem
	epilog []item
}

// parse reads data as one well-formed XML document with a single root.
func parse(data []byte) (*tree, error) {
	t, err := parseTree(data)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrMalformed, err)
	}
	return t, nil
}

func parseTree(data []byte) (*tree, error) {
	d := encxml.NewDecoder(bytes.NewReader(data))
	t := &tree{}
	var stack []*elem
	var prev int64
	for {
		tok, err := d.RawToken()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		off := d.InputOffset()
		raw := data[prev:off]
		begin := prev
		prev = off
		switch x := tok.(type) {
		case encxml.StartElement:
			e := &elem{name: qname(x.Name), attrs: x.Attr, open: raw, begin: begin}
			if err := uniqueAttrs(e); err != nil {
				return nil, err
			}
			if len(stack) == 0 {
				if t.root != nil {
					return nil, fmt.Errorf("more than one root element (%s, %s)", t.root.name, e.name)
				}
				t.root = e
			} else {
				top := stack[len(stack)-1]
				top.kids = append(top.kids, item{kind: kindElem, elem: e, raw: raw})
			}
			stack = append(stack, e)
		case encxml.EndElement:
			if len(stack) == 0 {
				return nil, fmt.Errorf("end tag </%s> without a start tag", qname(x.Name))
			}
			e := stack[len(stack)-1]
			if name := qname(x.Name); name != e.name {
				return nil, fmt.Errorf("element <%s> closed by </%s>", e.name, name)
			}
			e.close = raw
			e.whole = data[e.begin:off]
			stack = stack[:len(stack)-1]
		case encxml.CharData:
			if len(stack) == 0 {
				if !isSpace(raw) {
					return nil, errors.New("text outside the root element")
				}
				continue
			}
			top := stack[len(stack)-1]
			top.kids = append(top.kids, item{kind: kindText, text: string(x), raw: raw})
		default: // comments, processing instructions, directives
			it := item{kind: kindOther, raw: raw}
			switch {
			case len(stack) > 0:
				top := stack[len(stack)-1]
				top.kids = append(top.kids, it)
			case t.root == nil:
				t.prolog = append(t.prolog, it)
			default:
				t.epilog = append(t.epilog, it)
			}
		}
	}
	if len(stack) > 0 {
		return nil, fmt.Errorf("element <%s> is not closed", stack[len(stack)-1].name)
	}
	if t.root == nil {
		return nil, errors.New("no root element")
	}
	return t, nil
}

// uniqueAttrs rejects an attribute written twice in one tag, which
// encoding/xml lets through.
func uniqueAttrs(e *elem) error {
	for i, a := range e.attrs {
		for _, b := range e.attrs[:i] {
			if a.Name == b.Name {
				return fmt.Errorf("attribute %s repeated in <%s>", qname(a.Name), e.name)
			}
		}
	}
	return nil
}

// qname is the name as written: prefix:local or local.
func qname(n encxml.Name) string {
	if n.Space == "" {
		return n.Local
	}
	return n.Space + ":" + n.Local
}

// isSpace reports whether b holds only XML whitespace.
func isSpace(b []byte) bool {
	for _, c := range b {
		if c != ' ' && c != '\t' && c != '\n' && c != '\r' {
			return false
		}
	}
	return true
}

// inline reports whether e is written on one line, exactly as read: Speak
// (whose whitespace is spoken), elements without child elements, and
// elements whose text is more than whitespace (mixed content).
func (e *elem) inline() bool {
	if e.name == "Speak" {
		return true
	}
	hasElem := false
	for _, k := range e.kids {
		switch k.kind {
		case kindElem:
			hasElem = true
		case kindText:
			if !isSpace(k.raw) {
				return true
			}
		}
	}
	return !hasElem
}

// significant returns the content of e that takes part in comparisons:
// everything for inline elements, else all but whitespace-only text.
func (e *elem) significant() []item {
	if e.inline() {
		return e.kids
	}
	out := make([]item, 0, len(e.kids))
	for _, k := range e.kids {
		if k.kind != kindText {
			out = append(out, k)
		}
	}
	return out
}
