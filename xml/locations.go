package xml

import "strconv"

// Locations records where each element and SSML tag of a parsed document
// starts in the input: the line and column, both 1-based, of its '<'. Parse
// fills one when given the Locate option.
//
// The positions live beside the model, not in it, so that a parsed
// document stays equal to the same document built in code, and rendering
// and building pay nothing for them. They are keyed by element, so they
// stay right for the elements that remain when the document is changed
// after parsing; an element added later has no position.
//
// The zero value knows no position. A Locations is filled by one Parse call
// and may then be read concurrently.
type Locations struct {
	root  position
	elems map[Element]position
	tags  map[*Tag]position
}

// Locate makes Parse record in l where each element and SSML tag starts,
// replacing what l held. When Parse fails, l holds the elements read before
// the failure.
func Locate(l *Locations) ParseOption {
	return func(c *parseConfig) { c.loc = l }
}

// reset empties l for a new Parse call.
func (l *Locations) reset() {
	l.root = position{}
	l.elems = make(map[Element]position)
	l.tags = make(map[*Tag]position)
}

// Element returns where e starts, or ok false when e was not read by the
// Parse call that filled l.
func (l *Locations) Element(e Element) (line, column int, ok bool) {
	if l == nil || e == nil {
		return 0, 0, false
	}
	p, ok := l.elems[e]
	return p.line, p.col, ok
}

// Tag returns where the SSML tag t starts, or ok false when t was not read
// by the Parse call that filled l.
func (l *Locations) Tag(t *Tag) (line, column int, ok bool) {
	if l == nil || t == nil {
		return 0, 0, false
	}
	p, ok := l.tags[t]
	return p.line, p.col, ok
}

// Lint returns r.Lint() with the Line and Column of every finding set to
// where its element starts; they stay 0 for an element l does not know.
func (l *Locations) Lint(r *Response) []Finding {
	findings := r.Lint()
	if len(findings) == 0 {
		return findings
	}
	where := l.paths(r)
	for i := range findings {
		p := where[findings[i].Path]
		findings[i].Line, findings[i].Column = p.line, p.col
	}
	return findings
}

// Validate returns r.Validate()'s problems as ParseErrors, each matching
// ErrInvalid and located where its element or tag starts (0 for an element
// l does not know), or nil when r is valid. It is what Parse returns for an
// invalid document, for a document read with Unvalidated.
func (l *Locations) Validate(r *Response) error {
	err := r.Validate()
	if err == nil {
		return nil
	}
	return l.parseErrors(r, err)
}

// parseErrors turns the error of r.Validate() into located ParseErrors.
func (l *Locations) parseErrors(r *Response, err error) error {
	ves, ok := err.(ValidationErrors)
	if !ok {
		return &ParseError{Msg: err.Error(), Err: err, kind: ErrInvalid}
	}
	where := l.paths(r)
	out := make(ParseErrors, len(ves))
	for i, ve := range ves {
		pos := where[ve.Path]
		out[i] = &ParseError{
			Line: pos.line, Column: pos.col, Path: ve.Path, Attr: ve.Attr, Msg: ve.Msg,
			Err: ve, kind: ErrInvalid,
		}
	}
	return out
}

// paths returns the position of every element and tag of r that l knows,
// by the path Validate and Lint report it under.
func (l *Locations) paths(r *Response) map[string]position {
	where := make(map[string]position)
	if l == nil || r == nil {
		return where
	}
	if l.root.line > 0 {
		where["Response"] = l.root
	}
	l.elements(where, "Response", r.Elements)
	return where
}

func (l *Locations) elements(where map[string]position, prefix string, elems []Element) {
	counts := make(map[string]int)
	for _, e := range elems {
		name := elementName(e)
		counts[name]++
		path := prefix + "/" + name + "[" + strconv.Itoa(counts[name]) + "]"
		if e == nil || isNilElement(e) {
			continue
		}
		if p, ok := l.elems[e]; ok {
			where[path] = p
		}
		switch x := e.(type) {
		case *Speak:
			l.nodes(where, path, x.Content)
		case *PreAnswer:
			l.elements(where, path, x.Elements)
		case *Gather:
			l.elements(where, path, x.Elements)
		case *Dial:
			l.elements(where, path, x.Elements)
		}
	}
}

func (l *Locations) nodes(where map[string]position, prefix string, nodes []Node) {
	counts := make(map[string]int)
	for _, n := range nodes {
		name := tagName(n)
		counts[name]++
		t, ok := n.(*Tag)
		if !ok || t == nil {
			continue
		}
		path := prefix + "/" + name + "[" + strconv.Itoa(counts[name]) + "]"
		if p, ok := l.tags[t]; ok {
			where[path] = p
		}
		l.nodes(where, path, t.Content)
	}
}
