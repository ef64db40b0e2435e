package xml

import (
	"bytes"
	"fmt"
	"slices"
	"strings"

	"github.com/beevik/etree"
)

// Canonical returns a canonical form of the XML document in data, for comparing
// documents that come from different writers. Two documents have the same canonical
// form when they differ only in:
//
//   - the XML declaration, comments, processing instructions and directives (dropped);
//   - attribute order (attributes are sorted by name) and quoting style;
//   - whitespace-only text between elements (dropped), except inside Speak, whose
//     mixed SSML content is kept exactly;
//   - the empty-element form (<Wait/> and <Wait></Wait> are the same);
//   - how characters are escaped (entity and character references are resolved and
//     written again one way) and CDATA sections (their text is kept as text).
//
// Text content is otherwise compared exactly: leading or trailing spaces in a room
// name are a difference. The result is compact XML without a declaration. Canonical
// returns an error when data is not one well-formed XML document with a single root.
//
// This is a comparison helper, unlike real C14N, which keeps indentation.
func Canonical(data []byte) ([]byte, error) {
	doc := etree.NewDocument()
	if err := doc.ReadFromBytes(data); err != nil {
		return nil, fmt.Errorf("xml: canonical form: %w", err)
	}
	var root *etree.Element
	for _, tok := range doc.Child {
		switch t := tok.(type) {
		case *etree.Element:
			if root != nil {
				return nil, fmt.Errorf("xml: canonical form: more than one root element (%s, %s)", root.FullTag(), t.FullTag())
			}
			root = t
		case *etree.CharData:
			if strings.TrimSpace(t.Data) != "" {
				return nil, fmt.Errorf("xml: canonical form: text outside the root element")
			}
		}
	}
	if root == nil {
		return nil, fmt.Errorf("xml: canonical form: no root element")
	}
	var buf bytes.Buffer
	writeCanonical(&buf, root, false)
	return buf.Bytes(), nil
}

// CanonicalEqual reports whether a and b have the same [Canonical] form. It returns an
// error when either is not a well-formed document.
func CanonicalEqual(a, b []byte) (bool, error) {
	ca, err := Canonical(a)
	if err != nil {
		return false, err
	}
	cb, err := Canonical(b)
	if err != nil {
		return false, err
	}
	return bytes.Equal(ca, cb), nil
}

// writeCanonical writes e and its subtree. mixed reports whether whitespace-only text
// is content here (inside Speak) rather than formatting.
func writeCanonical(buf *bytes.Buffer, e *etree.Element, mixed bool) {
	if e.Space == "" && e.Tag == "Speak" {
		mixed = true
	}
	buf.WriteByte('<')
	buf.WriteString(e.FullTag())
	attrs := slices.Clone(e.Attr)
	slices.SortFunc(attrs, func(x, y etree.Attr) int {
		return strings.Compare(x.FullKey(), y.FullKey())
	})
	for _, a := range attrs {
		buf.WriteByte(' ')
		buf.WriteString(a.FullKey())
		buf.WriteString(`="`)
		escapeCanonical(buf, a.Value, true)
		buf.WriteByte('"')
	}
	start := buf.Len()
	buf.WriteByte('>')
	content := false
	for _, tok := range e.Child {
		switch t := tok.(type) {
		case *etree.Element:
			writeCanonical(buf, t, mixed)
			content = true
		case *etree.CharData:
			if !mixed && strings.TrimSpace(t.Data) == "" {
				continue
			}
			escapeCanonical(buf, t.Data, false)
			content = content || t.Data != ""
		}
	}
	if !content {
		buf.Truncate(start)
		buf.WriteString("/>")
		return
	}
	buf.WriteString("</")
	buf.WriteString(e.FullTag())
	buf.WriteByte('>')
}

// escapeCanonical writes s with the one escaping the canonical form uses: & < > always,
// and in attribute values also " and the whitespace characters a parser would
// otherwise normalise.
func escapeCanonical(buf *bytes.Buffer, s string, attr bool) {
	for _, r := range s {
		switch {
		case r == '&':
			buf.WriteString("&amp;")
		case r == '<':
			buf.WriteString("&lt;")
		case r == '>':
			buf.WriteString("&gt;")
		case attr && r == '"':
			buf.WriteString("&quot;")
		case attr && r == '\t':
			buf.WriteString("&#x9;")
		case attr && r == '\n':
			buf.WriteString("&#xA;")
		case r == '\r':
			buf.WriteString("&#xD;")
		default:
			buf.WriteRune(r)
		}
	}
}
