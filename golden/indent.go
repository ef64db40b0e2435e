package golden

// Indent returns data with one element per line, indented by two spaces per
// level, and a final newline: the form failure diffs show. Only whitespace
// between elements changes. The bytes of tags, attributes and text stay as
// they are, and an element holding text (a Speak with SSML, a Conference
// with its room name) stays on one line exactly as written. For a document
// rendered by the xml package the result equals its RenderIndent output.
//
// Indent returns an error matching [ErrMalformed] when data is not one
// well-formed XML document.
func Indent(data []byte) ([]byte, error) {
	t, err := parse(data)
	if err != nil {
		return nil, err
	}
	return t.indent(), nil
}

// indent writes the document in indented form.
func (t *tree) indent() []byte {
	var b []byte
	for _, it := range t.prolog {
		b = append(b, it.raw...)
		b = append(b, '\n')
	}
	b = t.root.appendIndent(b, 0)
	b = append(b, '\n')
	for _, it := range t.epilog {
		b = append(b, it.raw...)
		b = append(b, '\n')
	}
	return b
}

// appendIndent writes e at depth, without a trailing newline.
func (e *elem) appendIndent(b []byte, depth int) []byte {
	b = pad(b, depth)
	if e.inline() {
		return append(b, e.whole...)
	}
	b = append(b, e.open...)
	for _, k := range e.kids {
		switch k.kind {
		case kindElem:
			b = append(b, '\n')
			b = k.elem.appendIndent(b, depth+1)
		case kindOther:
			b = append(b, '\n')
			b = pad(b, depth+1)
			b = append(b, k.raw...)
		}
	}
	b = append(b, '\n')
	b = pad(b, depth)
	return append(b, e.close...)
}

func pad(b []byte, depth int) []byte {
	for range depth {
		b = append(b, ' ', ' ')
	}
	return b
}
