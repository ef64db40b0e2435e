package xml

import (
	"errors"
	"strconv"
	"strings"
)

// ErrInvalid matches every validation problem: errors.Is(err, ErrInvalid)
// holds for the errors of Validate and Render on an invalid document.
var ErrInvalid = errors.New("xml: invalid document")

// MaxSize is the largest rendered document, in bytes, that Validate
// accepts: Vobiz takes at most 100 KB per document. The limit is read as
// 100 KiB, the larger of the two readings, so that no document Vobiz may
// accept is refused; Lint warns well before it (RuleSize).
const MaxSize = 100 * 1024

// ValidationError is one problem in a document.
type ValidationError struct {
	// Path locates the element, XPath-style: element names joined by "/",
	// each below Response with its 1-based index among same-named siblings,
	// e.g. "Response/Gather[1]/Speak[2]".
	Path string
	// Attr is the XML name of the attribute at fault, or empty when the
	// element itself or its text is at fault.
	Attr string
	// Msg says what is wrong.
	Msg string
}

// Error returns the problem as "Path@Attr: Msg", or "Path: Msg" when no
// attribute is at fault.
func (e *ValidationError) Error() string {
	if e.Attr == "" {
		return e.Path + ": " + e.Msg
	}
	return e.Path + "@" + e.Attr + ": " + e.Msg
}

// Is reports whether target is ErrInvalid.
func (e *ValidationError) Is(target error) bool { return target == ErrInvalid }

// ValidationErrors are all the problems found in a document, in document
// order (builder mistakes first).
type ValidationErrors []*ValidationError

// Error returns one line per problem.
func (es ValidationErrors) Error() string {
	lines := make([]string, len(es))
	for i, e := range es {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// Is reports whether target is ErrInvalid.
func (es ValidationErrors) Is(target error) bool { return target == ErrInvalid }

// Unwrap returns the single problems, so errors.As finds a *ValidationError.
func (es ValidationErrors) Unwrap() []error {
	errs := make([]error, len(es))
	for i, e := range es {
		errs[i] = e
	}
	return errs
}

// Validate checks the document and returns every problem as
// ValidationErrors, or nil when the document is valid. Each problem names
// the element's path and, when an attribute is at fault, the attribute, for
// example "Response/Gather[1]@executionTimeout: 70s is outside 5s..60s".
// Durations are printed in the unit they are written in (seconds, or
// milliseconds for Wait minSilence). Validate does not allocate when the
// document is valid, unless it must be rendered to measure its size (see
// Size below).
//
// Validate reports what makes Vobiz refuse or misread a document. What is
// valid but likely wrong is left to Lint. The rules follow Vobiz's XML
// documentation, one page per element under https://www.vobiz.ai/docs/xml;
// where the pages disagree or leave a point open, the rule says which way
// it goes:
//
//   - Structure: only the documented children per parent
//     (https://www.vobiz.ai/docs/xml/response and each element's page);
//     Number and User only in Dial; a Record inside a Dial needs
//     startOnDialAnswer="true" (the Dial and Record pages disagree on
//     whether Record may sit inside Dial, so it is accepted in that form and
//     Lint warns).
//   - Required content: text for Speak, Play, Redirect, DTMF,
//     Stream, Number, User and Conference, and for all but Speak more than
//     the white space Vobiz trims; Gather action; a Dial needs a
//     Number, a User or the shorthand phone number that the Dial page's own
//     examples use. Record action is optional
//     (https://www.vobiz.ai/docs/xml/record) and a Gather without prompts is
//     valid (the best-practices page shows one,
//     https://www.vobiz.ai/docs/xml/overview/best-practices).
//   - Enumerations: every method attribute is GET or POST; Speak voice is
//     WOMAN, MAN or Polly.<Name> (the Speak page lists only WOMAN and MAN,
//     but Vobiz's own SSML examples use Polly voices,
//     https://www.vobiz.ai/docs/xml/speak/ssml); Hangup reason; Gather
//     inputType, speechModel (telephony is accepted: the Gather page
//     describes it but leaves it out of its list), digitEndTimeout
//     and speechEndTimeout (2..10 or auto); Record fileFormat and
//     transcriptionType; Conference recordFileFormat; Stream audioTrack and
//     contentType (the 24 kHz format is an error: it is for audio sent to
//     the call only, https://www.vobiz.ai/docs/xml/stream/audio-formats);
//     Dial confirmKey. Speak and Gather language are not checked: Vobiz's own
//     examples use Speak languages missing from the table on
//     https://www.vobiz.ai/docs/xml/speak, and the Gather list is left to
//     https://www.vobiz.ai/docs/xml/gather/supported-languages.
//   - Ranges: Gather executionTimeout 5s..60s and numDigits 1..32;
//     loop >= 0; durations whole and not negative (zero is unset);
//     Conference maxParticipants > 0; Stream extraHeaders at most 512
//     bytes; Gather hints at most 500 phrases, 10 000 characters and 100
//     characters per phrase. Stream maxRetries is not checked: Vobiz clamps
//     it to 0..10 (https://www.vobiz.ai/docs/xml/stream).
//   - Character sets: DTMF digits 0-9 * # w W; Number and User
//     sendDigits 0-9 * # w; Gather finishOnKey one key of 0-9 * # or none;
//     Record finishOnKey a set of 0-9 * #; sipHeaders comma-separated
//     key=value pairs with non-empty keys (keys are not restricted to
//     letters and digits: https://www.vobiz.ai/docs/xml/request/sip-headers
//     wants them to end in X-VH). Stream extraHeaders characters are only linted
//     (the Stream page allows letters and digits, its own example uses '_').
//   - Cross-attribute rules: Stream bidirectional="true" only with
//     audioTrack inbound or unset, keepCallAlive="true" only with
//     bidirectional="true"; Wait beep not with silence="true"; Wait
//     minSilence shorter than length when silence="true" and both are set
//     (with a default filled in the check would refuse documents Vobiz's
//     pages do not call wrong); Dial shorthand phone and children
//     are exclusive.
//   - URLs: action, callback, media and redirect URLs are absolute http or
//     https URLs (relative URLs make Vobiz hang up with codes 7022-7024,
//     https://www.vobiz.ai/docs/concepts/hangup-causes, although the
//     best-practices page's examples use them); Dial dialMusic may also be
//     "real"; Stream's URL is ws or wss. The scheme is matched without
//     regard to case, #fragments are kept, and the host must not be empty.
//     Conference enterSound and exitSound are not checked
//     (https://www.vobiz.ai/docs/xml/conference/attributes gives no syntax
//     for them). Text content is checked without surrounding spaces, tabs and
//     newlines, which Vobiz trims.
//   - Size: the rendered (compact) document is at most MaxSize bytes,
//     Vobiz's 100 KB limit (https://www.vobiz.ai/docs/xml/request). An
//     upper bound gathered during the walk settles the common case; only a
//     document whose bound is over the limit is rendered to measure it, and
//     only if it has no nil element or tag.
//   - Characters: strings must be valid UTF-8 of XML characters; attribute
//     values must not hold tab, newline or carriage return and text no
//     carriage return, so that a parsed document gives back the same model.
//     SSML tags and their attributes are the known ones (see Tag); Extra
//     attribute names are valid XML names, not typed attributes, not
//     repeated.
func (r *Response) Validate() error {
	if r == nil {
		return nil
	}
	var v validator
	if len(r.errs) > 0 {
		v.errs = append(v.errs, r.errs...)
	}
	v.size = len(declaration) + len("<Response></Response>")
	v.elements(r.Elements)
	if v.size > MaxSize && !v.hasNil {
		v.checkSize(r)
	}
	if len(v.errs) == 0 {
		return nil
	}
	return v.errs
}

// checkSize renders the document to measure it, for documents whose size
// bound is over MaxSize.
func (v *validator) checkSize(r *Response) {
	e := emitter{buf: make([]byte, 0, min(v.size, 2*MaxSize))}
	e.document(r)
	if n := len(e.buf); n > MaxSize {
		v.errs = append(v.errs, &ValidationError{
			Path: "Response",
			Msg:  "rendered document is " + strconv.Itoa(n) + " bytes, over the limit of " + strconv.Itoa(MaxSize),
		})
	}
}

// step is one level of the element path being validated: the siblings
// and the position among them. Paths are strings only when a problem is
// reported, so validating a valid document does not allocate.
type step struct {
	elems []Element // the siblings, when the step is an element
	nodes []Node    // the siblings, when the step is an SSML tag
	pos   int       // the position among elems or nodes
}

// name returns the element or tag name and its 1-based index among
// same-named siblings.
func (s *step) name() (string, int) {
	var name string
	index := 0
	if s.elems != nil {
		name = elementName(s.elems[s.pos])
		for _, e := range s.elems[:s.pos+1] {
			if elementName(e) == name {
				index++
			}
		}
		return name, index
	}
	name = tagName(s.nodes[s.pos])
	for _, n := range s.nodes[:s.pos+1] {
		if tagName(n) == name {
			index++
		}
	}
	return name, index
}

func elementName(e Element) string {
	if e == nil {
		return "nil"
	}
	return e.elementName()
}

func tagName(n Node) string {
	if t, ok := n.(*Tag); ok && t != nil {
		return t.Name
	}
	if _, ok := n.(Text); ok {
		return "text()"
	}
	return "nil"
}

// validator collects problems while it walks the document, keeping the
// path to the current element or tag on a stack.
type validator struct {
	errs  ValidationErrors
	stack [8]step // deep enough for elements and common SSML nesting
	deep  []step  // the steps below len(stack)
	depth int
	// size is an upper bound of the rendered size: exact for markup and
	// names, six bytes for every byte of text or value (the longest escape).
	size int
	// hasNil is set when a nil element or tag makes the document
	// impossible to render.
	hasNil bool
}

// push enters the element or tag at s.
func (v *validator) push(s step) {
	if v.depth < len(v.stack) {
		v.stack[v.depth] = s
	} else {
		v.deep = append(v.deep, s)
	}
	v.depth++
}

// pop leaves the current element or tag.
func (v *validator) pop() {
	v.depth--
	if v.depth >= len(v.stack) {
		v.deep = v.deep[:len(v.deep)-1]
	}
}

// at returns the i-th step of the current path.
func (v *validator) at(i int) *step {
	if i < len(v.stack) {
		return &v.stack[i]
	}
	return &v.deep[i-len(v.stack)]
}

// path returns the current path, e.g. "Response/Dial[1]/Number[2]".
func (v *validator) path() string {
	var b strings.Builder
	b.WriteString("Response")
	for i := range v.depth {
		name, index := v.at(i).name()
		b.WriteByte('/')
		b.WriteString(name)
		b.WriteByte('[')
		b.WriteString(strconv.Itoa(index))
		b.WriteByte(']')
	}
	return b.String()
}

// add records a problem with the current element, or with its attribute
// attr when attr is not empty.
func (v *validator) add(attr, msg string) {
	v.errs = append(v.errs, &ValidationError{Path: v.path(), Attr: attr, Msg: msg})
}

// allowed reports whether an element named child may sit in parent.
func allowed(parent, child string) bool {
	switch parent {
	case "Response":
		return child != "Number" && child != "User"
	case "Gather":
		return child == "Speak" || child == "Play"
	case "PreAnswer":
		return child == "Speak" || child == "Play" || child == "Wait"
	case "Dial":
		return child == "Number" || child == "User" || child == "Record"
	}
	return false
}

// elements checks the children of the current element.
func (v *validator) elements(elems []Element) {
	parent := "Response"
	if v.depth > 0 {
		parent, _ = v.at(v.depth - 1).name()
	}
	for i, e := range elems {
		v.push(step{elems: elems, pos: i})
		if e == nil || isNilElement(e) {
			v.hasNil = true
			v.add("", "element is nil")
			v.pop()
			continue
		}
		name := e.elementName()
		if !allowed(parent, name) {
			v.add("", "not allowed in "+parent)
		}
		v.element(e, name, parent)
		v.pop()
	}
}

// isNilElement reports whether e holds a nil pointer.
func isNilElement(e Element) bool {
	switch x := e.(type) {
	case *Speak:
		return x == nil
	case *Play:
		return x == nil
	case *Wait:
		return x == nil
	case *Redirect:
		return x == nil
	case *Hangup:
		return x == nil
	case *DTMF:
		return x == nil
	case *PreAnswer:
		return x == nil
	case *Gather:
		return x == nil
	case *Dial:
		return x == nil
	case *Number:
		return x == nil
	case *User:
		return x == nil
	case *Record:
		return x == nil
	case *Stream:
		return x == nil
	case *Conference:
		return x == nil
	}
	return false
}
