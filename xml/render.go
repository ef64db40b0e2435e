package xml

import (
	"io"
	"math/bits"
	"strconv"
	"time"
)

// declaration starts every rendered document.
const declaration = `<?xml version="1.0" encoding="UTF-8"?>`

// Render validates the document and returns it in compact form: the XML
// declaration, then the root with no whitespace between elements. Empty
// elements are self-closing. It returns an error matching ErrInvalid, and
// no bytes, for an invalid document.
func (r *Response) Render() ([]byte, error) {
	out, err := r.AppendRender(make([]byte, 0, 512))
	if err != nil {
		return nil, err
	}
	return out, nil
}

// AppendRender appends the bytes of Render to dst and returns the extended
// slice. On error dst is returned unchanged.
func (r *Response) AppendRender(dst []byte) ([]byte, error) {
	if err := r.Validate(); err != nil {
		return dst, err
	}
	e := emitter{buf: dst}
	e.document(r)
	return e.buf, nil
}

// RenderIndent is Render with one element per line, indented by two spaces
// per level and ending in a newline. The content of a Speak stays on one
// line exactly as in compact form, since whitespace there is spoken.
func (r *Response) RenderIndent() ([]byte, error) {
	if err := r.Validate(); err != nil {
		return nil, err
	}
	e := emitter{buf: make([]byte, 0, 1024), indent: true}
	e.document(r)
	e.buf = append(e.buf, '\n')
	return e.buf, nil
}

// WriteTo writes the bytes of Render to w. It implements io.WriterTo.
func (r *Response) WriteTo(w io.Writer) (int64, error) {
	b, err := r.Render()
	if err != nil {
		return 0, err
	}
	n, err := w.Write(b)
	return int64(n), err
}

// emitter writes a validated document. In collect mode it gathers an
// element's attributes as strings (for Etree) instead of writing them.
type emitter struct {
	buf     []byte
	indent  bool
	collect bool
	attrs   []Attr
}

func (e *emitter) document(r *Response) {
	e.buf = append(e.buf, declaration...)
	if e.indent {
		e.buf = append(e.buf, '\n')
	}
	var elems []Element
	if r != nil {
		elems = r.Elements
	}
	e.container("<Response", "</Response>", elems, 0)
}

// newline starts a line at depth when indenting.
func (e *emitter) newline(depth int) {
	if !e.indent {
		return
	}
	e.buf = append(e.buf, '\n')
	for range depth {
		e.buf = append(e.buf, ' ', ' ')
	}
}

// container writes an element without attributes holding elements; open
// and end are its markup, as "<PreAnswer" and "</PreAnswer>".
func (e *emitter) container(open, end string, elems []Element, depth int) {
	e.open(open)
	e.children(end, elems, depth)
}

// children closes the start tag and writes the child elements and the end
// tag end, or makes the tag self-closing when there are none.
func (e *emitter) children(end string, elems []Element, depth int) {
	if len(elems) == 0 {
		e.buf = append(e.buf, '/', '>')
		return
	}
	e.buf = append(e.buf, '>')
	for _, c := range elems {
		e.newline(depth + 1)
		e.element(c, depth+1)
	}
	e.newline(depth)
	e.close(end)
}

// text closes the start tag and writes text and the end tag end, or makes
// the tag self-closing when text is empty.
func (e *emitter) text(end, text string) {
	if text == "" {
		e.buf = append(e.buf, '/', '>')
		return
	}
	e.buf = append(e.buf, '>')
	e.buf = appendEscaped(e.buf, text)
	e.close(end)
}

// open writes the markup that opens a start tag, as "<Speak". Elements pass
// their markup as constants, so each tag is one append.
func (e *emitter) open(markup string) { e.buf = append(e.buf, markup...) }

// close writes an end tag, as "</Speak>".
func (e *emitter) close(markup string) { e.buf = append(e.buf, markup...) }

// start opens the start tag of an SSML tag.
func (e *emitter) start(name string) {
	e.buf = append(e.buf, '<')
	e.buf = append(e.buf, name...)
}

// end writes the end tag of an SSML tag.
func (e *emitter) end(name string) {
	e.buf = append(e.buf, '<', '/')
	e.buf = append(e.buf, name...)
	e.buf = append(e.buf, '>')
}

func (e *emitter) element(el Element, depth int) {
	switch x := el.(type) {
	case *Speak:
		e.open("<Speak")
		x.Attrs.emit(e)
		if len(x.Content) == 0 {
			e.buf = append(e.buf, '/', '>')
			return
		}
		e.buf = append(e.buf, '>')
		e.nodes(x.Content)
		e.close("</Speak>")
	case *Play:
		e.open("<Play")
		x.Attrs.emit(e)
		e.text("</Play>", x.URL)
	case *Wait:
		e.open("<Wait")
		x.Attrs.emit(e)
		e.text("</Wait>", "")
	case *Redirect:
		e.open("<Redirect")
		x.Attrs.emit(e)
		e.text("</Redirect>", x.URL)
	case *Hangup:
		e.open("<Hangup")
		x.Attrs.emit(e)
		e.text("</Hangup>", "")
	case *DTMF:
		e.open("<DTMF")
		x.Attrs.emit(e)
		e.text("</DTMF>", x.Digits)
	case *PreAnswer:
		e.container("<PreAnswer", "</PreAnswer>", x.Elements, depth)
	case *Gather:
		e.open("<Gather")
		x.Attrs.emit(e)
		e.children("</Gather>", x.Elements, depth)
	case *Dial:
		e.open("<Dial")
		x.Attrs.emit(e)
		if x.Phone != "" && len(x.Elements) == 0 {
			e.text("</Dial>", x.Phone)
			return
		}
		e.children("</Dial>", x.Elements, depth)
	case *Number:
		e.open("<Number")
		x.Attrs.emit(e)
		e.text("</Number>", x.Phone)
	case *User:
		e.open("<User")
		x.Attrs.emit(e)
		e.text("</User>", x.URI)
	case *Record:
		e.open("<Record")
		x.Attrs.emit(e)
		e.text("</Record>", "")
	case *Stream:
		e.open("<Stream")
		x.Attrs.emit(e)
		e.text("</Stream>", x.URL)
	case *Conference:
		e.open("<Conference")
		x.Attrs.emit(e)
		e.text("</Conference>", x.Room)
	}
}

// nodes writes SSML content, always without indentation.
func (e *emitter) nodes(nodes []Node) {
	for _, n := range nodes {
		switch x := n.(type) {
		case Text:
			e.buf = appendEscaped(e.buf, string(x))
		case *Tag:
			e.start(x.Name)
			e.extra(x.Attrs)
			if len(x.Content) == 0 {
				e.buf = append(e.buf, '/', '>')
				continue
			}
			e.buf = append(e.buf, '>')
			e.nodes(x.Content)
			e.end(x.Name)
		}
	}
}

// attrName returns the attribute name in key, which is ` name="`.
func attrName(key string) string { return key[1 : len(key)-2] }

// attr writes one attribute whose value is set; key is ` name="`.
func (e *emitter) attr(key, value string) {
	if e.collect {
		e.attrs = append(e.attrs, Attr{Name: attrName(key), Value: value})
		return
	}
	e.buf = append(e.buf, key...)
	e.buf = appendEscaped(e.buf, value)
	e.buf = append(e.buf, '"')
}

// str writes a string attribute unless it is empty.
func (e *emitter) str(key, value string) {
	if value != "" {
		e.attr(key, value)
	}
}

// boolean writes a Bool attribute unless it is Unset. Its values need no
// escaping.
func (e *emitter) boolean(key string, b Bool) {
	if b == Unset {
		return
	}
	value := "true"
	if b == False {
		value = "false"
	}
	if e.collect {
		e.attrs = append(e.attrs, Attr{Name: attrName(key), Value: value})
		return
	}
	e.buf = append(e.buf, key...)
	e.buf = append(e.buf, value...)
	e.buf = append(e.buf, '"')
}

// integer writes an integer attribute unless n is nil.
func (e *emitter) integer(key string, n *int) {
	if n != nil {
		e.number(key, int64(*n))
	}
}

// duration writes d in whole units unless it is zero.
func (e *emitter) duration(key string, d, unit time.Duration) {
	if d != 0 {
		e.number(key, int64(d/unit))
	}
}

func (e *emitter) number(key string, n int64) {
	if e.collect {
		e.attrs = append(e.attrs, Attr{Name: attrName(key), Value: strconv.FormatInt(n, 10)})
		return
	}
	e.buf = append(e.buf, key...)
	e.buf = strconv.AppendInt(e.buf, n, 10)
	e.buf = append(e.buf, '"')
}

// extra writes attributes by name in slice order.
func (e *emitter) extra(attrs []Attr) {
	for _, a := range attrs {
		if e.collect {
			e.attrs = append(e.attrs, a)
			continue
		}
		e.buf = append(e.buf, ' ')
		e.buf = append(e.buf, a.Name...)
		e.buf = append(e.buf, '=', '"')
		e.buf = appendEscaped(e.buf, a.Value)
		e.buf = append(e.buf, '"')
	}
}

// needsEscape has a 1 at the index of every byte appendEscaped replaces.
var needsEscape = [256]bool{'&': true, '<': true, '>': true, '"': true, '\'': true}

// appendEscaped appends s with &, <, >, " and ' replaced by entity
// references. The same escaping serves text and attribute values.
func appendEscaped(dst []byte, s string) []byte {
	i := nextSpecial(s)
	if i == len(s) {
		return append(dst, s...)
	}
	last := 0
	for ; i < len(s); i++ {
		c := s[i]
		if !needsEscape[c] {
			continue
		}
		dst = append(dst, s[last:i]...)
		switch c {
		case '&':
			dst = append(dst, "&amp;"...)
		case '<':
			dst = append(dst, "&lt;"...)
		case '>':
			dst = append(dst, "&gt;"...)
		case '"':
			dst = append(dst, "&quot;"...)
		default:
			dst = append(dst, "&apos;"...)
		}
		last = i + 1
	}
	return append(dst, s[last:]...)
}

// The word constants of nextSpecial: a byte repeated in all eight lanes.
const (
	lanes1    = 0x0101010101010101
	lanes2    = 0x0202020202020202
	lanesHigh = 0x8080808080808080
)

// nextSpecial returns the index of the first of &, <, >, " and ' in s, or
// len(s) when there is none. It tests eight bytes at a time, the last word
// overlapping the one before; a string of four to seven bytes is one word
// made of its first and last four bytes. See specials for the test.
func nextSpecial(s string) int {
	if len(s) < 8 {
		if len(s) < 4 {
			for i := 0; i < len(s); i++ {
				if needsEscape[s[i]] {
					return i
				}
			}
			return len(s)
		}
		j := len(s) - 4
		w := uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
			uint64(s[j])<<32 | uint64(s[j+1])<<40 | uint64(s[j+2])<<48 | uint64(s[j+3])<<56
		m := specials(w)
		if m == 0 {
			return len(s)
		}
		k := bits.TrailingZeros64(m) / 8
		if k >= 4 {
			k += j - 4
		}
		return k
	}
	for i := 0; ; i += 8 {
		if i > len(s)-8 {
			i = len(s) - 8
		}
		w := uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
			uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56
		if m := specials(w); m != 0 {
			return i + bits.TrailingZeros64(m)/8
		}
		if i == len(s)-8 {
			return len(s)
		}
	}
}

// specials flags the bytes of w that are &, <, >, " or ': a lane of w|1 is
// 0x27 exactly for & and ', a lane of w|2 is 0x3E exactly for < and >, and
// hasZero flags a lane that equals the wanted byte after XOR. The lowest
// flagged lane is always a true match; higher ones may not be.
func specials(w uint64) uint64 {
	return hasZero((w|lanes1)^(0x27*lanes1)) | hasZero((w|lanes2)^(0x3E*lanes1)) | hasZero(w^(0x22*lanes1))
}

// hasZero has the high bit set in the lowest zero byte of w (and possibly
// in higher bytes), and is zero when w has no zero byte.
func hasZero(w uint64) uint64 { return (w - lanes1) &^ w & lanesHigh }
