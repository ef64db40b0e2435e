package golden

import (
	"bytes"
	encxml "encoding/xml"
	"fmt"
	"strconv"
	"strings"

	"github.com/sebdah/goldie/v2"

	vxml "github.com/kickflow/kickflow/xml"
)

// Diff compares two documents byte for byte. It returns "" when they are
// equal. Otherwise it returns a report for a test failure: a line naming the
// element path of the first difference (as in "Response/Conference[1]@enterSound:
// got "beep:2", want "beep:1""), then a unified diff (--- Expected, +++ Actual,
// one line of context) of the [Indent] forms, so a change to one attribute
// is a three-line hunk. When the documents differ only in the bytes Indent
// normalises (whitespace between elements), the report says where and has
// no hunk.
//
// Diff returns an error matching [ErrMalformed] when the documents differ
// and either is not one well-formed XML document.
func Diff(want, got []byte) (string, error) {
	if bytes.Equal(want, got) {
		return "", nil
	}
	tw, err := parse(want)
	if err != nil {
		return "", fmt.Errorf("golden: want: %w", err)
	}
	tg, err := parse(got)
	if err != nil {
		return "", fmt.Errorf("golden: got: %w", err)
	}
	return report(want, got, tw, tg), nil
}

// DiffCanonical is [Diff] for the canonical forms of the documents (see
// [vxml.Canonical]): attribute order, quoting, escaping, whitespace between
// elements, the empty-element form and the XML declaration are ignored. It
// returns "" when the canonical forms are equal; otherwise the report shows
// the canonical forms, indented.
func DiffCanonical(want, got []byte) (string, error) {
	cw, err := vxml.Canonical(want)
	if err != nil {
		return "", fmt.Errorf("golden: want: %w: %w", ErrMalformed, err)
	}
	cg, err := vxml.Canonical(got)
	if err != nil {
		return "", fmt.Errorf("golden: got: %w: %w", ErrMalformed, err)
	}
	if bytes.Equal(cw, cg) {
		return "", nil
	}
	tw, err := parse(cw)
	if err != nil {
		return "", fmt.Errorf("golden: want: %w", err)
	}
	tg, err := parse(cg)
	if err != nil {
		return "", fmt.Errorf("golden: got: %w", err)
	}
	return report(cw, cg, tw, tg), nil
}

// report describes how got differs from want.
func report(want, got []byte, tw, tg *tree) string {
	var b strings.Builder
	if where, ok := firstDifference(tw, tg); ok {
		b.WriteString("first difference at ")
		b.WriteString(where)
		b.WriteByte('\n')
	}
	iw, ig := tw.indent(), tg.indent()
	if bytes.Equal(iw, ig) {
		i := commonPrefix(want, got)
		fmt.Fprintf(&b, "no element differs; the bytes differ only between elements, first at offset %d: got %s, want %s\n",
			i, excerpt(got, i), excerpt(want, i))
		return b.String()
	}
	if b.Len() == 0 {
		b.WriteString("no element differs; the bytes differ in quoting, escaping or the empty-element form\n")
	}
	b.WriteString(goldie.Diff(goldie.ClassicDiff, string(ig), string(iw)))
	return b.String()
}

// commonPrefix returns the length of the common prefix of a and b.
func commonPrefix(a, b []byte) int {
	n := min(len(a), len(b))
	for i := range n {
		if a[i] != b[i] {
			return i
		}
	}
	return n
}

// excerpt quotes the bytes of b around offset i.
func excerpt(b []byte, i int) string {
	const span = 24
	lo, hi := max(i-span, 0), min(i+span, len(b))
	s := strconv.Quote(string(b[lo:hi]))
	if lo > 0 {
		s = "…" + s
	}
	if hi < len(b) {
		s += "…"
	}
	return s
}

// firstDifference returns the path of the first place where the documents
// differ and what differs there, or false when they differ only in
// whitespace between elements, quoting or escaping.
func firstDifference(want, got *tree) (string, bool) {
	if d, ok := diffItems("(before the root)", want.prolog, got.prolog, false); ok {
		return d, true
	}
	if want.root.name != got.root.name {
		return fmt.Sprintf("%s: got root <%s>, want <%s>", want.root.name, got.root.name, want.root.name), true
	}
	if d, ok := diffElem(want.root.name, want.root, got.root); ok {
		return d, true
	}
	return diffItems("(after the root)", want.epilog, got.epilog, false)
}

// diffElem compares two elements of the same name at path.
func diffElem(path string, want, got *elem) (string, bool) {
	if d, ok := diffAttrs(path, want.attrs, got.attrs); ok {
		return d, true
	}
	return diffItems(path, want.significant(), got.significant(), true)
}

// diffAttrs compares attributes by name, then their order.
func diffAttrs(path string, want, got []encxml.Attr) (string, bool) {
	find := func(attrs []encxml.Attr, name string) (string, bool) {
		for _, a := range attrs {
			if qname(a.Name) == name {
				return a.Value, true
			}
		}
		return "", false
	}
	for _, w := range want {
		name := qname(w.Name)
		g, ok := find(got, name)
		if !ok {
			return fmt.Sprintf("%s@%s: missing, want %q", path, name, w.Value), true
		}
		if g != w.Value {
			return fmt.Sprintf("%s@%s: got %q, want %q", path, name, g, w.Value), true
		}
	}
	for _, g := range got {
		name := qname(g.Name)
		if _, ok := find(want, name); !ok {
			return fmt.Sprintf("%s@%s: unexpected, got %q", path, name, g.Value), true
		}
	}
	for i := range want {
		if want[i].Name != got[i].Name {
			return fmt.Sprintf("%s: attribute order: got %s, want %s", path, attrNames(got), attrNames(want)), true
		}
	}
	return "", false
}

func attrNames(attrs []encxml.Attr) string {
	names := make([]string, len(attrs))
	for i, a := range attrs {
		names[i] = qname(a.Name)
	}
	return strings.Join(names, " ")
}

// diffItems compares element content at path. With elems, element items
// are compared recursively and named with their sibling index.
func diffItems(path string, want, got []item, elems bool) (string, bool) {
	for i := range min(len(want), len(got)) {
		w, g := want[i], got[i]
		if w.kind != g.kind {
			return fmt.Sprintf("%s: got %s, want %s", path, describe(g), describe(w)), true
		}
		switch w.kind {
		case kindElem:
			child := childPath(path, want, i)
			if w.elem.name != g.elem.name {
				return fmt.Sprintf("%s: got <%s>, want <%s>", child, g.elem.name, w.elem.name), true
			}
			if d, ok := diffElem(child, w.elem, g.elem); ok {
				return d, true
			}
		case kindText:
			if w.text != g.text {
				return fmt.Sprintf("%s: text: got %q, want %q", path, g.text, w.text), true
			}
		default:
			if !bytes.Equal(w.raw, g.raw) {
				return fmt.Sprintf("%s: got %q, want %q", path, g.raw, w.raw), true
			}
		}
	}
	switch {
	case len(got) > len(want):
		g := got[len(want)]
		if g.kind == kindElem && elems {
			return fmt.Sprintf("%s: unexpected <%s>", childPath(path, got, len(want)), g.elem.name), true
		}
		return fmt.Sprintf("%s: unexpected %s", path, describe(g)), true
	case len(want) > len(got):
		w := want[len(got)]
		if w.kind == kindElem && elems {
			return fmt.Sprintf("%s: missing <%s>", childPath(path, want, len(got)), w.elem.name), true
		}
		return fmt.Sprintf("%s: missing %s", path, describe(w)), true
	}
	return "", false
}

// childPath is the path of the element items[i] below path: its name and
// 1-based index among same-named siblings.
func childPath(path string, items []item, i int) string {
	name := items[i].elem.name
	n := 0
	for _, it := range items[:i+1] {
		if it.kind == kindElem && it.elem.name == name {
			n++
		}
	}
	return path + "/" + name + "[" + strconv.Itoa(n) + "]"
}

// describe names an item for a report.
func describe(it item) string {
	switch it.kind {
	case kindElem:
		return "<" + it.elem.name + ">"
	case kindText:
		return "text " + strconv.Quote(it.text)
	default:
		return strconv.Quote(string(it.raw))
	}
}
