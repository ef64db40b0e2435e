package xml

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Bounds on the documents Parse and ParseReader accept. A document beyond
// them is rejected with an error matching ErrLimit, before it can use much
// time or memory.
const (
	// MaxParseSize is the largest document read, in bytes: Vobiz's limit of
	// 100 KB with a generous margin.
	MaxParseSize = 256 << 10
	// MaxParseDepth is the deepest nesting of elements and SSML tags,
	// Response included. Real documents stay below ten.
	MaxParseDepth = 64
	// MaxParseAttrs is the most attributes one element or SSML tag may have;
	// the largest element, Conference, documents twenty.
	MaxParseAttrs = 64
)

// ErrSyntax is matched by the errors of Parse for input that is not one
// well-formed XML document with a single root: bad syntax, a DOCTYPE or
// other directive, mismatched tags, repeated attributes, a root other than
// Response, or text or elements after the root.
var ErrSyntax = errors.New("xml: malformed document")

// ErrLimit is matched by the errors of Parse for input beyond
// MaxParseSize, MaxParseDepth or MaxParseAttrs.
var ErrLimit = errors.New("xml: document exceeds a parse limit")

// ParseError is one problem found by Parse. It matches (with errors.Is)
// ErrSyntax, ErrLimit or, for a well-formed document that is not a valid
// Vobiz document, ErrInvalid.
type ParseError struct {
	// Line and Column locate the problem, both 1-based: the start of the
	// element (or tag) at fault, of its start tag when an attribute is at
	// fault, or where reading stopped for a syntax error. Both are 0 when
	// the problem has no position, such as a document that is too large.
	Line, Column int
	// Path locates the element as in ValidationError, e.g.
	// "Response/Dial[1]/Number[2]"; it is empty outside the root.
	Path string
	// Attr is the name of the attribute at fault, or empty.
	Attr string
	// Msg says what is wrong.
	Msg string
	// Err is the underlying error, if any: an encoding/xml *SyntaxError or
	// the *ValidationError this problem was found as.
	Err error

	kind error // ErrSyntax, ErrLimit or ErrInvalid
}

// Error returns the problem as "xml: line L, column C: Path@Attr: Msg",
// leaving out the parts that are empty.
func (e *ParseError) Error() string {
	var b strings.Builder
	b.WriteString("xml: ")
	if e.Line > 0 {
		b.WriteString("line ")
		b.WriteString(strconv.Itoa(e.Line))
		b.WriteString(", column ")
		b.WriteString(strconv.Itoa(e.Column))
		b.WriteString(": ")
	}
	if e.Path != "" {
		b.WriteString(e.Path)
		if e.Attr != "" {
			b.WriteByte('@')
			b.WriteString(e.Attr)
		}
		b.WriteString(": ")
	} else if e.Attr != "" {
		b.WriteString(e.Attr)
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// Is reports whether target is the sentinel this problem matches:
// ErrSyntax, ErrLimit or ErrInvalid.
func (e *ParseError) Is(target error) bool { return target == e.kind }

// Unwrap returns Err.
func (e *ParseError) Unwrap() error { return e.Err }

// ParseErrors are the problems Validate found in a parsed document, each
// with its position, in document order.
type ParseErrors []*ParseError

// Error returns one line per problem.
func (es ParseErrors) Error() string {
	lines := make([]string, len(es))
	for i, e := range es {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// Unwrap returns the single problems, so errors.As finds a *ParseError and
// errors.Is finds ErrInvalid.
func (es ParseErrors) Unwrap() []error {
	errs := make([]error, len(es))
	for i, e := range es {
		errs[i] = e
	}
	return errs
}

// ParseOption changes how Parse and ParseReader read a document.
type ParseOption func(*parseConfig)

type parseConfig struct {
	lenient    bool
	unverified bool
	loc        *Locations // set by Locate
}

// Lenient makes Parse keep attributes the model does not know in the
// element's Extra, in document order, instead of failing on them. Elements
// without attributes (Response, PreAnswer) and SSML tags have no Extra, so an
// unknown attribute there is still an error. Without Lenient, Parse is
// strict.
func Lenient() ParseOption {
	return func(c *parseConfig) { c.lenient = true }
}

// Unvalidated makes Parse return the document once it is read into the
// model, without running Validate on it. Reading still fails on anything
// the model cannot hold (syntax, unknown elements, values of the wrong
// type); rules such as ranges, required attributes and URL schemes are not
// checked. It is for tools that must accept what the platform accepts and
// judge the rest themselves, like the kicktest call simulator, which fails
// a Redirect to a relative URL when it runs, as Vobiz does (hangup cause
// 7024), rather than the whole document. Applications should not use it.
func Unvalidated() ParseOption {
	return func(c *parseConfig) { c.unverified = true }
}

// Parse reads a Vobiz XML document into the model and validates it with
// Validate, so that it returns a document only when Render would accept it.
//
// Parse is strict: data must be one well-formed XML document (UTF-8, an
// optional XML declaration, comments and processing instructions allowed
// and dropped, no DOCTYPE) whose root is Response; every element must be a
// Vobiz element or, inside Speak, an SSML tag; every attribute must be one
// the model types (see Lenient); and every value must fit its type: true or
// false for a Bool, a whole number without sign or leading zeros for a
// duration (at least 1, since 0 means unset) or for a count (which may be
// negative, e.g. a loop of -1, for Validate to judge), and no empty value
// for a string attribute, since the model writes "" as no attribute (write
// Gather's empty finishOnKey as "none").
//
// Whitespace-only text between elements is formatting and dropped. Text is
// otherwise kept exactly as written, also around a room name or URL: Vobiz
// trims such text, but Parse keeps it so that rendering the result gives
// back the same document. Inside Speak every character is content. Dial
// text is its shorthand Phone when the Dial has no child elements.
//
// Every problem is a *ParseError with the line, column and element path:
// one for input Parse cannot read into the model, matching ErrSyntax,
// ErrLimit or ErrInvalid; or ParseErrors, all matching ErrInvalid, for
// problems Validate finds in a document that reads. A nil option is a
// *ParseError matching ErrInvalid that names its position among opts,
// counting from 1, and no position in the document.
//
// For every valid model m whose slices are nil rather than empty,
// Parse(m.Render()) is equal to m (read with Lenient when m uses Extra);
// for every document d that Parse accepts, rendering the result is
// canonically equal to d (see CanonicalEqual).
func Parse(data []byte, opts ...ParseOption) (*Response, error) {
	var cfg parseConfig
	for i, o := range opts {
		if o == nil {
			return nil, &ParseError{Msg: "option " + strconv.Itoa(i+1) + " is nil", kind: ErrInvalid}
		}
		o(&cfg)
	}
	if len(data) > MaxParseSize {
		return nil, &ParseError{
			Msg:  "document is larger than " + strconv.Itoa(MaxParseSize) + " bytes",
			kind: ErrLimit,
		}
	}
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	if cfg.loc != nil {
		cfg.loc.reset()
	}
	p := newParser(data, cfg)
	r, err := p.document()
	if err != nil {
		return nil, err
	}
	if cfg.unverified {
		return r, nil
	}
	if err := r.Validate(); err != nil {
		return nil, locate(data, cfg, r, err)
	}
	return r, nil
}

// ParseReader is Parse for a document read from rd. It reads at most
// MaxParseSize+1 bytes and returns the read error, if any, wrapped.
func ParseReader(rd io.Reader, opts ...ParseOption) (*Response, error) {
	data, err := io.ReadAll(io.LimitReader(rd, MaxParseSize+1))
	if err != nil {
		return nil, fmt.Errorf("xml: read document: %w", err)
	}
	return Parse(data, opts...)
}

// position is a line and column in the input.
type position struct{ line, col int }

// frame is an element or SSML tag being read: its name and the siblings
// read before it, from which its index in the path is counted.
type frame struct {
	name  string
	elems *[]Element
	nodes *[]Node
}

// parser reads one document with an encoding/xml Decoder token by token.
type parser struct {
	d       *xml.Decoder
	lenient bool
	stack   []frame
	text    []byte

	// loc, when not nil, collects the position of every element and SSML
	// tag.
	loc *Locations
}

func newParser(data []byte, cfg parseConfig) *parser {
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = true
	return &parser{d: d, lenient: cfg.lenient, stack: make([]frame, 0, 8), loc: cfg.loc}
}

// pos returns where the next token starts.
func (p *parser) pos() position {
	l, c := p.d.InputPos()
	return position{l, c}
}

// next returns the next token and the position where it starts. The end of
// input is io.EOF; other read errors are returned as a *ParseError.
func (p *parser) next() (xml.Token, position, error) {
	pos := p.pos()
	tok, err := p.d.RawToken()
	if err == io.EOF {
		return nil, pos, err
	}
	if err != nil {
		return nil, pos, p.syntax(err)
	}
	return tok, pos, nil
}

// msgDirective is the problem with a DOCTYPE or other <!…> directive: it
// could declare entities, so none is read.
const msgDirective = "DOCTYPE and other <!…> directives are not allowed"

// inside returns the next token within the element t: the end of input
// there, a read error or a directive is an error.
func (p *parser) inside(t xml.StartElement) (xml.Token, position, error) {
	tok, pos, err := p.next()
	switch {
	case err == io.EOF:
		return nil, pos, p.unclosed(t, pos)
	case err != nil:
		return nil, pos, err
	}
	if _, ok := tok.(xml.Directive); ok {
		return nil, pos, p.fail(pos, ErrSyntax, "", msgDirective)
	}
	return tok, pos, nil
}

// syntax turns a decoder error into a *ParseError at the current position.
func (p *parser) syntax(err error) error {
	msg := err.Error()
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		msg = se.Msg
	} else {
		msg = strings.TrimPrefix(msg, "xml: ")
	}
	pos := p.pos()
	return &ParseError{Line: pos.line, Column: pos.col, Path: p.path(), Msg: msg, Err: err, kind: ErrSyntax}
}

// fail returns a *ParseError at pos for the current path.
func (p *parser) fail(pos position, kind error, attr, msg string) error {
	return &ParseError{Line: pos.line, Column: pos.col, Path: p.path(), Attr: attr, Msg: msg, kind: kind}
}

// path returns the path of the innermost open element.
func (p *parser) path() string {
	if len(p.stack) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString(p.stack[0].name)
	for _, f := range p.stack[1:] {
		index := 1
		if f.elems != nil {
			for _, e := range *f.elems {
				if e.elementName() == f.name {
					index++
				}
			}
		} else if f.nodes != nil {
			for _, n := range *f.nodes {
				if t, ok := n.(*Tag); ok && t.Name == f.name {
					index++
				}
			}
		}
		b.WriteByte('/')
		b.WriteString(f.name)
		b.WriteByte('[')
		b.WriteString(strconv.Itoa(index))
		b.WriteByte(']')
	}
	return b.String()
}

// push opens an element or tag named name that starts at pos. Its
// siblings so far are *elems or *nodes.
func (p *parser) push(name string, elems *[]Element, nodes *[]Node, pos position) error {
	p.stack = append(p.stack, frame{name: name, elems: elems, nodes: nodes})
	if len(p.stack) > MaxParseDepth {
		return p.fail(pos, ErrLimit, "", "elements nested deeper than "+strconv.Itoa(MaxParseDepth))
	}
	return nil
}

func (p *parser) pop() { p.stack = p.stack[:len(p.stack)-1] }

// qname returns the name as written, prefix included.
func qname(n xml.Name) string {
	if n.Space == "" {
		return n.Local
	}
	return n.Space + ":" + n.Local
}

// document reads the whole input: one Response root, with only
// whitespace, comments and processing instructions around it.
func (p *parser) document() (*Response, error) {
	var r *Response
	for {
		tok, pos, err := p.next()
		if err == io.EOF {
			if r == nil {
				return nil, p.fail(pos, ErrSyntax, "", "no <Response> root element")
			}
			return r, nil
		}
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if r != nil {
				return nil, p.fail(pos, ErrSyntax, "", "element <"+qname(t.Name)+"> after the root element")
			}
			if qname(t.Name) != "Response" {
				return nil, p.fail(pos, ErrSyntax, "", "root element is <"+qname(t.Name)+">, want <Response>")
			}
			r = &Response{}
			if p.loc != nil {
				p.loc.root = pos
			}
			if err := p.push("Response", nil, nil, pos); err != nil {
				return nil, err
			}
			if err := p.noAttrs(t, pos); err != nil {
				return nil, err
			}
			if err := p.children(t, &r.Elements); err != nil {
				return nil, err
			}
			p.pop()
		case xml.EndElement:
			return nil, p.fail(pos, ErrSyntax, "", "end tag </"+qname(t.Name)+"> without a start tag")
		case xml.CharData:
			if !allSpace(t) {
				where := "before"
				if r != nil {
					where = "after"
				}
				return nil, p.fail(pos, ErrSyntax, "", "text "+where+" the root element")
			}
		case xml.Directive:
			return nil, p.fail(pos, ErrSyntax, "", msgDirective)
		}
	}
}

// allSpace reports whether b holds only XML whitespace.
func allSpace(b []byte) bool {
	for _, c := range b {
		if c != ' ' && c != '\t' && c != '\n' && c != '\r' {
			return false
		}
	}
	return true
}

// noAttrs fails when the element at the top of the stack, which has no
// attributes in the model, carries one.
func (p *parser) noAttrs(t xml.StartElement, pos position) error {
	if len(t.Attr) == 0 {
		return nil
	}
	if err := p.checkAttrs(t, pos); err != nil {
		return err
	}
	return p.fail(pos, ErrInvalid, qname(t.Attr[0].Name), "<"+t.Name.Local+"> takes no attributes")
}

// checkAttrs fails on too many or repeated attributes.
func (p *parser) checkAttrs(t xml.StartElement, pos position) error {
	if len(t.Attr) > MaxParseAttrs {
		return p.fail(pos, ErrLimit, "", "more than "+strconv.Itoa(MaxParseAttrs)+" attributes")
	}
	for i, a := range t.Attr {
		for _, b := range t.Attr[:i] {
			if a.Name == b.Name {
				return p.fail(pos, ErrSyntax, qname(a.Name), "repeated attribute")
			}
		}
	}
	return nil
}

// end checks that the end tag at pos closes the start tag t.
func (p *parser) end(t xml.StartElement, e xml.EndElement, pos position) error {
	if e.Name != t.Name {
		return p.fail(pos, ErrSyntax, "", "<"+qname(t.Name)+"> closed by </"+qname(e.Name)+">")
	}
	return nil
}

// unclosed is the error for input that ends inside t.
func (p *parser) unclosed(t xml.StartElement, pos position) error {
	return p.fail(pos, ErrSyntax, "", "document ends inside <"+qname(t.Name)+">")
}

// children reads the content of t, which holds elements: whitespace between
// them is formatting, other text is an error.
func (p *parser) children(t xml.StartElement, kids *[]Element) error {
	for {
		tok, pos, err := p.inside(t)
		if err != nil {
			return err
		}
		switch x := tok.(type) {
		case xml.StartElement:
			if err := p.child(x, pos, kids); err != nil {
				return err
			}
		case xml.EndElement:
			return p.end(t, x, pos)
		case xml.CharData:
			if !allSpace(x) {
				return p.fail(pos, ErrInvalid, "", "<"+t.Name.Local+"> holds text; it takes only child elements")
			}
		}
	}
}

// child reads the element t at pos and appends it to kids.
func (p *parser) child(t xml.StartElement, pos position, kids *[]Element) error {
	name := qname(t.Name)
	if err := p.push(name, kids, nil, pos); err != nil {
		return err
	}
	el, err := p.element(t, pos)
	if err != nil {
		return err
	}
	p.pop()
	if p.loc != nil {
		p.loc.elems[el] = pos
	}
	*kids = append(*kids, el)
	return nil
}

// element reads the element t that starts at pos, its start tag already
// read and its frame pushed.
func (p *parser) element(t xml.StartElement, pos position) (Element, error) {
	if t.Name.Space != "" {
		return nil, p.unknown(t, pos)
	}
	switch t.Name.Local {
	case "Speak":
		s := &Speak{}
		if err := p.attrs(t, pos, &s.Attrs); err != nil {
			return nil, err
		}
		return s, p.ssml(t, &s.Content)
	case "Play":
		x := &Play{}
		return x, p.textElement(t, pos, &x.Attrs, &x.URL)
	case "Wait":
		x := &Wait{}
		return x, p.emptyElement(t, pos, &x.Attrs)
	case "Redirect":
		x := &Redirect{}
		return x, p.textElement(t, pos, &x.Attrs, &x.URL)
	case "Hangup":
		x := &Hangup{}
		return x, p.emptyElement(t, pos, &x.Attrs)
	case "DTMF":
		x := &DTMF{}
		return x, p.textElement(t, pos, &x.Attrs, &x.Digits)
	case "PreAnswer":
		x := &PreAnswer{}
		if err := p.noAttrs(t, pos); err != nil {
			return nil, err
		}
		return x, p.children(t, &x.Elements)
	case "Gather":
		x := &Gather{}
		if err := p.attrs(t, pos, &x.Attrs); err != nil {
			return nil, err
		}
		return x, p.children(t, &x.Elements)
	case "Dial":
		x := &Dial{}
		if err := p.attrs(t, pos, &x.Attrs); err != nil {
			return nil, err
		}
		return x, p.dial(t, x)
	case "Number":
		x := &Number{}
		return x, p.textElement(t, pos, &x.Attrs, &x.Phone)
	case "User":
		x := &User{}
		return x, p.textElement(t, pos, &x.Attrs, &x.URI)
	case "Record":
		x := &Record{}
		return x, p.emptyElement(t, pos, &x.Attrs)
	case "Stream":
		x := &Stream{}
		return x, p.textElement(t, pos, &x.Attrs, &x.URL)
	case "Conference":
		x := &Conference{}
		return x, p.textElement(t, pos, &x.Attrs, &x.Room)
	}
	return nil, p.unknown(t, pos)
}

// unknown is the error for an element that is not a Vobiz element.
func (p *parser) unknown(t xml.StartElement, pos position) error {
	name := qname(t.Name)
	msg := "unknown element <" + name + ">"
	switch name {
	case "GetDigits", "GetInput":
		msg += "; Vobiz's input element is <Gather>"
	case "SpeakAndWait":
		msg += "; write <Speak> followed by <Wait>"
	case "MultiPartyCall", "AudioStream", "Message":
		msg += "; Vobiz documents no such element"
	case "Response":
		msg = "<Response> inside the document; it is only the root"
	default:
		if ssmlAttrAllowed(name, "") {
			msg += "; SSML tags belong inside <Speak>"
		}
	}
	return p.fail(pos, ErrInvalid, "", msg)
}

// textElement reads an element whose content is text only, kept exactly
// as written.
func (p *parser) textElement(t xml.StartElement, pos position, a attrSetter, dst *string) error {
	if err := p.attrs(t, pos, a); err != nil {
		return err
	}
	p.text = p.text[:0]
	for {
		tok, tpos, err := p.inside(t)
		if err != nil {
			return err
		}
		switch x := tok.(type) {
		case xml.CharData:
			p.text = append(p.text, x...)
		case xml.StartElement:
			return p.fail(tpos, ErrInvalid, "", "<"+t.Name.Local+"> holds <"+qname(x.Name)+">; it takes only text")
		case xml.EndElement:
			*dst = string(p.text)
			return p.end(t, x, tpos)
		}
	}
}

// emptyElement reads an element without content; whitespace inside it is
// formatting.
func (p *parser) emptyElement(t xml.StartElement, pos position, a attrSetter) error {
	if err := p.attrs(t, pos, a); err != nil {
		return err
	}
	for {
		tok, tpos, err := p.inside(t)
		if err != nil {
			return err
		}
		switch x := tok.(type) {
		case xml.CharData:
			if !allSpace(x) {
				return p.fail(tpos, ErrInvalid, "", "<"+t.Name.Local+"> holds text; it takes none")
			}
		case xml.StartElement:
			return p.fail(tpos, ErrInvalid, "", "<"+t.Name.Local+"> holds <"+qname(x.Name)+">; it takes no child elements")
		case xml.EndElement:
			return p.end(t, x, tpos)
		}
	}
}

// dial reads the content of a Dial: child elements, or text that is the
// shorthand phone number.
func (p *parser) dial(t xml.StartElement, x *Dial) error {
	var text []byte
	var textPos position
	for {
		tok, pos, err := p.inside(t)
		if err != nil {
			return err
		}
		switch c := tok.(type) {
		case xml.StartElement:
			if err := p.child(c, pos, &x.Elements); err != nil {
				return err
			}
		case xml.CharData:
			if len(text) == 0 && !allSpace(c) {
				textPos = pos
			}
			text = append(text, c...)
		case xml.EndElement:
			switch {
			case len(x.Elements) == 0:
				x.Phone = string(text)
			case !allSpace(text):
				return p.fail(textPos, ErrInvalid, "", "<Dial> holds both a phone number and child elements")
			}
			return p.end(t, c, pos)
		}
	}
}

// ssml reads the content of a Speak or SSML tag t into content: text, kept
// exactly (adjacent pieces joined), and SSML tags.
func (p *parser) ssml(t xml.StartElement, content *[]Node) error {
	p.text = p.text[:0]
	for {
		tok, pos, err := p.inside(t)
		if err != nil {
			return err
		}
		switch x := tok.(type) {
		case xml.CharData:
			p.text = append(p.text, x...)
		case xml.StartElement:
			p.flush(content)
			if err := p.tag(x, pos, content); err != nil {
				return err
			}
		case xml.EndElement:
			p.flush(content)
			return p.end(t, x, pos)
		}
	}
}

// flush appends the text read so far to content.
func (p *parser) flush(content *[]Node) {
	if len(p.text) > 0 {
		*content = append(*content, Text(p.text))
		p.text = p.text[:0]
	}
}

// tag reads the SSML tag t at pos and appends it to content.
func (p *parser) tag(t xml.StartElement, pos position, content *[]Node) error {
	name := qname(t.Name)
	if err := p.push(name, nil, content, pos); err != nil {
		return err
	}
	if t.Name.Space != "" || !ssmlAttrAllowed(name, "") {
		msg := "unknown SSML tag <" + name + ">"
		if ssmlElement(name) {
			msg = "<Speak> cannot hold <" + name + ">; it takes text and SSML tags only"
		}
		return p.fail(pos, ErrInvalid, "", msg)
	}
	if err := p.checkAttrs(t, pos); err != nil {
		return err
	}
	tag := &Tag{Name: name}
	if len(t.Attr) > 0 {
		tag.Attrs = make([]Attr, 0, len(t.Attr))
		for _, a := range t.Attr {
			an := qname(a.Name)
			if !ssmlAttrAllowed(name, an) {
				return p.fail(pos, ErrInvalid, an, "unknown attribute of SSML tag <"+name+">")
			}
			tag.Attrs = append(tag.Attrs, Attr{Name: an, Value: a.Value})
		}
	}
	if err := p.ssml(t, &tag.Content); err != nil {
		return err
	}
	p.pop()
	if p.loc != nil {
		p.loc.tags[tag] = pos
	}
	*content = append(*content, tag)
	return nil
}

// ssmlElement reports whether name is a Vobiz element, for a clearer
// message when one appears inside Speak.
func ssmlElement(name string) bool {
	switch name {
	case "Speak", "Play", "Wait", "Redirect", "Hangup", "DTMF", "PreAnswer", "Gather",
		"Dial", "Number", "User", "Record", "Stream", "Conference", "Response":
		return true
	}
	return false
}

// locate attaches positions to the problems Validate found in r, read from
// data: from the positions Parse recorded with Locate, or else by reading
// data again and recording them.
func locate(data []byte, cfg parseConfig, r *Response, err error) error {
	if cfg.loc != nil {
		return cfg.loc.parseErrors(r, err)
	}
	var loc Locations
	cfg.loc = &loc
	loc.reset()
	again, perr := newParser(data, cfg).document()
	if perr != nil {
		// Unreachable: the same input read without error the first time.
		return perr
	}
	return loc.parseErrors(again, err)
}
