package xml

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"slices"
)

// ErrUnformattable is matched by the error of Format for a document that
// has something the formatted form cannot keep: a comment where that form
// has no place for one, or a processing instruction.
var ErrUnformattable = errors.New("xml: formatting would lose part of the document")

// Format returns the document in data in its one formatted form, as gofmt
// does for Go: the XML declaration, then one element per line indented by
// two spaces per level, attributes in the model's fixed order, and a final
// newline; that is RenderIndent of the document read with Parse and
// Lenient, so the document must be valid. Formatting a formatted document
// gives the same bytes.
//
// Comments are kept, each on a line of its own before the element that
// followed it, or before the end tag of its parent when it was the last
// thing there. A comment inside an element whose formatted form has no line
// for it (inside Speak, a text element such as Play or Conference, a Dial
// with its number as text, or an element without child elements) and any
// processing instruction other than the XML declaration make Format fail
// with an error matching ErrUnformattable, rather than drop them.
//
// The result is checked before it is returned: it must be canonically equal
// to data (see CanonicalEqual) and hold the same comments in the same order.
func Format(data []byte) ([]byte, error) {
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	r, err := Parse(data, Lenient())
	if err != nil {
		return nil, err
	}
	out, err := r.RenderIndent()
	if err != nil {
		return nil, err
	}
	in, err := scanMarkup(data)
	if err != nil {
		return nil, err
	}
	formatted := out
	if len(in.comments) > 0 {
		if err := in.placeable(); err != nil {
			return nil, err
		}
		rendered, err := scanMarkup(out)
		if err != nil {
			return nil, err
		}
		if len(rendered.elems) != len(in.elems) {
			// Unreachable: Render writes every element Parse read.
			return nil, fmt.Errorf("%w: formatted document has %d elements, input %d",
				ErrUnformattable, len(rendered.elems), len(in.elems))
		}
		formatted = insertComments(out, in.comments, rendered)
	}
	if err := checkFormatted(data, formatted, in.comments); err != nil {
		return nil, err
	}
	return formatted, nil
}

// Anchors of a comment: where it goes in the formatted document.
const (
	beforeStart = iota // before the start tag of element at
	beforeEnd          // before the end tag of element at
	atEnd              // after the root element
)

// comment is a comment of the input and its anchor.
type comment struct {
	text   []byte
	pos    position
	parent int // index of the enclosing element, or -1 outside the root
	anchor int
	at     int // element index for beforeStart and beforeEnd
}

// markupElem is an element or SSML tag of a scanned document, by index in
// document order.
type markupElem struct {
	name     string
	start    int  // byte offset of its start tag
	end      int  // byte offset of its end tag, when hasChild
	hasText  bool // holds text other than whitespace
	hasChild bool // holds elements
}

// markup is what scanMarkup finds in a document.
type markup struct {
	elems    []markupElem
	comments []comment
}

// scanMarkup reads the well-formed document data token by token and
// records its elements and comments. A processing instruction other than
// the XML declaration is an error matching ErrUnformattable.
func scanMarkup(data []byte) (*markup, error) {
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = true
	m := &markup{}
	var stack []int
	var pending []int // comments waiting for the next start or end tag
	for {
		offset := int(d.InputOffset())
		line, col := d.InputPos()
		tok, err := d.RawToken()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("xml: format: %w", err)
		}
		parent := -1
		if len(stack) > 0 {
			parent = stack[len(stack)-1]
		}
		switch t := tok.(type) {
		case xml.StartElement:
			i := len(m.elems)
			for _, c := range pending {
				m.comments[c].anchor, m.comments[c].at = beforeStart, i
			}
			pending = pending[:0]
			if parent >= 0 {
				m.elems[parent].hasChild = true
			}
			m.elems = append(m.elems, markupElem{name: qname(t.Name), start: offset})
			stack = append(stack, i)
		case xml.EndElement:
			for _, c := range pending {
				m.comments[c].anchor, m.comments[c].at = beforeEnd, parent
			}
			pending = pending[:0]
			m.elems[parent].end = offset
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if parent >= 0 && !allSpace(t) {
				m.elems[parent].hasText = true
			}
		case xml.Comment:
			pending = append(pending, len(m.comments))
			m.comments = append(m.comments, comment{
				text: slices.Clone(t), pos: position{line, col}, parent: parent, anchor: atEnd,
			})
		case xml.ProcInst:
			if t.Target == "xml" && offset == 0 {
				continue
			}
			return nil, fmt.Errorf("%w: line %d, column %d: processing instruction <?%s?> has no place in the formatted document",
				ErrUnformattable, line, col, t.Target)
		}
	}
	return m, nil
}

// placeable fails for the first comment that the formatted document has
// no line for.
func (m *markup) placeable() error {
	for _, c := range m.comments {
		if c.parent < 0 {
			continue
		}
		p := m.elems[c.parent]
		switch {
		case p.name != "Response" && p.name != "PreAnswer" && p.name != "Gather" && p.name != "Dial":
			return fmt.Errorf("%w: line %d, column %d: comment inside <%s>, whose content the formatted document writes on one line",
				ErrUnformattable, c.pos.line, c.pos.col, p.name)
		case p.hasText:
			return fmt.Errorf("%w: line %d, column %d: comment inside <%s>, which holds text",
				ErrUnformattable, c.pos.line, c.pos.col, p.name)
		case !p.hasChild:
			return fmt.Errorf("%w: line %d, column %d: comment inside <%s>, which holds no element, so the formatted document writes it as one empty tag",
				ErrUnformattable, c.pos.line, c.pos.col, p.name)
		}
	}
	return nil
}

// insertComments returns out, the indented rendering, with the comments
// on lines of their own at their anchors; rendered is the markup of out.
func insertComments(out []byte, comments []comment, rendered *markup) []byte {
	type insertion struct {
		at   int
		text []byte
	}
	ins := make([]insertion, 0, len(comments))
	for _, c := range comments {
		var at int
		var indent []byte
		switch c.anchor {
		case beforeStart:
			at, indent = lineStart(out, rendered.elems[c.at].start)
		case beforeEnd:
			at, indent = lineStart(out, rendered.elems[c.at].end)
			indent = append(slices.Clip(indent), ' ', ' ')
		default:
			at = len(out)
		}
		line := make([]byte, 0, len(indent)+len(c.text)+8)
		line = append(line, indent...)
		line = append(line, "<!--"...)
		line = append(line, c.text...)
		line = append(line, "-->\n"...)
		ins = append(ins, insertion{at, line})
	}
	slices.SortStableFunc(ins, func(a, b insertion) int { return a.at - b.at })
	var buf bytes.Buffer
	buf.Grow(len(out) + 64*len(ins))
	last := 0
	for _, in := range ins {
		buf.Write(out[last:in.at])
		buf.Write(in.text)
		last = in.at
	}
	buf.Write(out[last:])
	return buf.Bytes()
}

// lineStart returns the offset of the line holding offset and the
// indentation before offset on it.
func lineStart(out []byte, offset int) (int, []byte) {
	start := bytes.LastIndexByte(out[:offset], '\n') + 1
	return start, out[start:offset]
}

// checkFormatted checks that formatted is canonically equal to data and
// holds the same comments.
func checkFormatted(data, formatted []byte, comments []comment) error {
	same, err := CanonicalEqual(data, formatted)
	if err != nil {
		return fmt.Errorf("xml: format: %w", err)
	}
	if !same {
		return fmt.Errorf("%w: the formatted document differs from the input", ErrUnformattable)
	}
	got, err := scanMarkup(formatted)
	if err != nil {
		return err
	}
	if len(got.comments) != len(comments) {
		return fmt.Errorf("%w: the formatted document has %d comments, the input %d", ErrUnformattable, len(got.comments), len(comments))
	}
	for i, c := range got.comments {
		if !bytes.Equal(c.text, comments[i].text) {
			return fmt.Errorf("%w: comment %d differs in the formatted document", ErrUnformattable, i+1)
		}
	}
	return nil
}
