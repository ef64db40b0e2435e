package xml

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// ErrInvalid matches every validation problem: errors.Is(err, ErrInvalid)
// holds for the errors of Validate and Render on an invalid document.
var ErrInvalid = errors.New("xml: invalid document")

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
// ValidationErrors, or nil when the document is valid. It reports builder
// mistakes, children not allowed in their parent, missing required text,
// strings that are not valid UTF-8 XML characters, malformed durations and
// booleans, SSML tags and attributes that are not known, and Extra attribute
// names that are not valid XML names or repeat an attribute.
func (r *Response) Validate() error {
	if r == nil {
		return nil
	}
	var v validator
	if len(r.errs) > 0 {
		v.errs = append(v.errs, r.errs...)
	}
	v.elements(r.Elements)
	if len(v.errs) == 0 {
		return nil
	}
	return v.errs
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
	stack [32]step
	deep  []step // the steps below len(stack)
	depth int
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
		switch {
		case e == nil || isNilElement(e):
			v.add("", "element is nil")
		case !allowed(parent, e.elementName()):
			v.add("", "not allowed in "+parent)
			v.element(e)
		default:
			v.element(e)
		}
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

// element checks the current element e and its children.
func (v *validator) element(e Element) {
	switch x := e.(type) {
	case *Speak:
		a := &x.Attrs
		v.attr("voice", string(a.Voice))
		v.attr("language", a.Language)
		v.extra(a.Extra, isSpeakAttr)
		if len(x.Content) == 0 {
			v.add("", "text is empty")
		}
		v.nodes(x.Content)
	case *Play:
		v.extra(x.Attrs.Extra, isPlayAttr)
		v.required(x.URL, "URL")
	case *Wait:
		a := &x.Attrs
		v.seconds("length", a.Length)
		v.boolean("silence", a.Silence)
		v.unit("minSilence", a.MinSilence, time.Millisecond, "milliseconds")
		v.boolean("beep", a.Beep)
		v.extra(a.Extra, isWaitAttr)
	case *Redirect:
		v.attr("method", string(x.Attrs.Method))
		v.extra(x.Attrs.Extra, isRedirectAttr)
		v.required(x.URL, "URL")
	case *Hangup:
		v.attr("reason", string(x.Attrs.Reason))
		v.seconds("schedule", x.Attrs.Schedule)
		v.extra(x.Attrs.Extra, isHangupAttr)
	case *DTMF:
		v.boolean("async", x.Attrs.Async)
		v.extra(x.Attrs.Extra, isDTMFAttr)
		v.required(x.Digits, "digits")
	case *PreAnswer:
		v.elements(x.Elements)
	case *Gather:
		v.gatherAttrs(&x.Attrs)
		v.elements(x.Elements)
	case *Dial:
		v.dialAttrs(&x.Attrs)
		if x.Phone != "" {
			v.text(x.Phone)
			if len(x.Elements) > 0 {
				v.add("", "has both a shorthand phone number and Number/User children")
			}
		}
		v.elements(x.Elements)
	case *Number:
		a := &x.Attrs
		v.attr("sendDigits", a.SendDigits)
		v.boolean("sendOnPreanswer", a.SendOnPreanswer)
		v.extra(a.Extra, isNumberAttr)
		v.required(x.Phone, "phone number")
	case *User:
		a := &x.Attrs
		v.attr("sendDigits", a.SendDigits)
		v.boolean("sendOnPreanswer", a.SendOnPreanswer)
		v.attr("sipHeaders", a.SIPHeaders)
		v.extra(a.Extra, isUserAttr)
		v.required(x.URI, "URI")
	case *Record:
		v.recordAttrs(&x.Attrs)
	case *Stream:
		v.streamAttrs(&x.Attrs)
		v.required(x.URL, "URL")
	case *Conference:
		v.conferenceAttrs(&x.Attrs)
		v.required(x.Room, "room name")
	}
}

func (v *validator) gatherAttrs(a *GatherAttrs) {
	v.attr("action", a.Action)
	v.attr("method", string(a.Method))
	v.attr("inputType", string(a.InputType))
	v.seconds("executionTimeout", a.ExecutionTimeout)
	v.endTimeout("digitEndTimeout", a.DigitEndTimeout)
	v.endTimeout("speechEndTimeout", a.SpeechEndTimeout)
	v.attr("finishOnKey", a.FinishOnKey)
	v.attr("speechModel", string(a.SpeechModel))
	v.attr("hints", a.Hints)
	v.attr("language", a.Language)
	v.attr("interimSpeechResultsCallback", a.InterimSpeechResultsCallback)
	v.attr("interimSpeechResultsCallbackMethod", string(a.InterimSpeechResultsCallbackMethod))
	v.boolean("log", a.Log)
	v.boolean("redirect", a.Redirect)
	v.boolean("profanityFilter", a.ProfanityFilter)
	v.extra(a.Extra, isGatherAttr)
}

func (v *validator) dialAttrs(a *DialAttrs) {
	v.attr("action", a.Action)
	v.attr("method", string(a.Method))
	v.attr("callbackUrl", a.CallbackURL)
	v.attr("callbackMethod", string(a.CallbackMethod))
	v.boolean("redirect", a.Redirect)
	v.attr("callerId", a.CallerID)
	v.attr("callerName", a.CallerName)
	v.seconds("timeout", a.Timeout)
	v.seconds("timeLimit", a.TimeLimit)
	v.boolean("hangupOnStar", a.HangupOnStar)
	v.attr("dialMusic", a.DialMusic)
	v.attr("confirmSound", a.ConfirmSound)
	v.attr("confirmKey", a.ConfirmKey)
	v.seconds("confirmTimeout", a.ConfirmTimeout)
	v.attr("digitsMatch", a.DigitsMatch)
	v.attr("digitsMatchBLeg", a.DigitsMatchBLeg)
	v.attr("sipHeaders", a.SIPHeaders)
	v.extra(a.Extra, isDialAttr)
}

func (v *validator) recordAttrs(a *RecordAttrs) {
	v.attr("action", a.Action)
	v.attr("method", string(a.Method))
	v.attr("fileFormat", string(a.FileFormat))
	v.boolean("redirect", a.Redirect)
	v.seconds("timeout", a.Timeout)
	v.seconds("maxLength", a.MaxLength)
	v.boolean("playBeep", a.PlayBeep)
	v.attr("finishOnKey", a.FinishOnKey)
	v.boolean("recordSession", a.RecordSession)
	v.boolean("startOnDialAnswer", a.StartOnDialAnswer)
	v.attr("transcriptionType", string(a.TranscriptionType))
	v.attr("transcriptionUrl", a.TranscriptionURL)
	v.attr("transcriptionMethod", string(a.TranscriptionMethod))
	v.attr("callbackUrl", a.CallbackURL)
	v.attr("callbackMethod", string(a.CallbackMethod))
	v.extra(a.Extra, isRecordAttr)
}

func (v *validator) streamAttrs(a *StreamAttrs) {
	v.boolean("bidirectional", a.Bidirectional)
	v.attr("audioTrack", string(a.AudioTrack))
	v.seconds("streamTimeout", a.StreamTimeout)
	v.attr("statusCallbackUrl", a.StatusCallbackURL)
	v.attr("statusCallbackMethod", string(a.StatusCallbackMethod))
	v.attr("contentType", string(a.ContentType))
	v.attr("extraHeaders", a.ExtraHeaders)
	v.boolean("keepCallAlive", a.KeepCallAlive)
	v.extra(a.Extra, isStreamAttr)
}

func (v *validator) conferenceAttrs(a *ConferenceAttrs) {
	v.boolean("muted", a.Muted)
	v.boolean("beep", a.Beep)
	v.boolean("startConferenceOnEnter", a.StartConferenceOnEnter)
	v.boolean("endConferenceOnExit", a.EndConferenceOnExit)
	v.boolean("stayAlone", a.StayAlone)
	v.attr("enterSound", a.EnterSound)
	v.attr("exitSound", a.ExitSound)
	v.boolean("relayDTMF", a.RelayDTMF)
	v.attr("digitsMatch", a.DigitsMatch)
	v.boolean("hangupOnStar", a.HangupOnStar)
	v.attr("waitSound", a.WaitSound)
	v.attr("waitMethod", string(a.WaitMethod))
	v.attr("callbackUrl", a.CallbackURL)
	v.attr("callbackMethod", string(a.CallbackMethod))
	v.boolean("record", a.Record)
	v.attr("recordFileFormat", string(a.RecordFileFormat))
	v.seconds("timeLimit", a.TimeLimit)
	v.attr("action", a.Action)
	v.attr("method", string(a.Method))
	v.extra(a.Extra, isConferenceAttr)
}

// nodes checks the SSML content of the current Speak or tag.
func (v *validator) nodes(nodes []Node) {
	prevText := false
	for i, n := range nodes {
		switch x := n.(type) {
		case Text:
			switch {
			case x == "":
				v.add("", "text node is empty")
			case prevText:
				v.add("", "adjacent text nodes (join them)")
			}
			v.text(string(x))
			prevText = true
		case *Tag:
			prevText = false
			v.push(step{nodes: nodes, pos: i})
			v.tag(x)
			v.pop()
		default:
			prevText = false
			v.add("", "SSML node is nil")
		}
	}
}

// tag checks the current SSML tag t and its content.
func (v *validator) tag(t *Tag) {
	if t == nil {
		v.add("", "tag is nil")
		return
	}
	if !ssmlAttrAllowed(t.Name, "") {
		v.add("", "unknown SSML tag "+strconv.Quote(t.Name))
		return
	}
	for j, a := range t.Attrs {
		if !ssmlAttrAllowed(t.Name, a.Name) {
			v.add(a.Name, "not an attribute of <"+t.Name+">")
			continue
		}
		for _, b := range t.Attrs[:j] {
			if b.Name == a.Name {
				v.add(a.Name, "repeated attribute")
			}
		}
		v.attr(a.Name, a.Value)
	}
	if t.Name == "break" && len(t.Content) > 0 {
		v.add("", "break has no content")
	}
	v.nodes(t.Content)
}

// required reports an empty text content and checks its characters.
func (v *validator) required(s, what string) {
	if s == "" {
		v.add("", what+" is empty")
		return
	}
	v.text(s)
}

// text checks the characters of text content.
func (v *validator) text(s string) {
	if s != "" {
		v.chars("", s, false)
	}
}

// attr checks the characters of an attribute value.
func (v *validator) attr(name, s string) {
	if s != "" {
		v.chars(name, s, true)
	}
}

// chars checks the characters of the text (attr empty) or attribute value s.
func (v *validator) chars(name, s string, inAttr bool) {
	i, msg := badChar(s, inAttr)
	switch {
	case i < 0:
	case inAttr:
		v.add(name, "value has "+msg+" at byte "+strconv.Itoa(i))
	default:
		v.add("", "text has "+msg+" at byte "+strconv.Itoa(i))
	}
}

// badChar returns the byte offset and a description of the first character
// of s that cannot be written, or -1. Attribute values must also not hold
// tab, newline or carriage return and text no carriage return, because a
// parser would normalise them.
func badChar(s string, inAttr bool) (int, string) {
	i := 0
	// Fast path: eight bytes at a time while all are printable ASCII
	// (0x20..0x7F): a byte is outside that range when its top bit is set
	// or subtracting 0x20 borrows into it.
	for ; i+8 <= len(s); i += 8 {
		w := uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
			uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56
		if (w|(w-0x2020202020202020))&0x8080808080808080 != 0 {
			break
		}
	}
	for i < len(s) {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '\t' || c == '\n':
				if inAttr {
					return i, "tab or newline"
				}
			case c == '\r':
				return i, "carriage return"
			case c < 0x20:
				return i, fmt.Sprintf("invalid XML character %U", rune(c))
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			return i, "invalid UTF-8"
		}
		if r == 0xFFFE || r == 0xFFFF {
			return i, fmt.Sprintf("invalid XML character %U", r)
		}
		i += size
	}
	return -1, ""
}

// endTimeout checks that t is unset, "auto" or a whole number of seconds.
func (v *validator) endTimeout(name string, t EndTimeout) {
	if t == "" || t == EndTimeoutAuto {
		return
	}
	for i := 0; i < len(t); i++ {
		if t[i] < '0' || t[i] > '9' {
			v.add(name, strconv.Quote(string(t))+" is not auto or a whole number of seconds")
			return
		}
	}
}

// boolean checks that b is one of Unset, True and False.
func (v *validator) boolean(name string, b Bool) {
	if b > False {
		v.badBool(name, b)
	}
}

func (v *validator) badBool(name string, b Bool) {
	v.add(name, "Bool("+strconv.Itoa(int(b))+") is not Unset, True or False")
}

// seconds checks a duration written in whole seconds.
func (v *validator) seconds(name string, d time.Duration) {
	v.unit(name, d, time.Second, "seconds")
}

// unit checks that d is not negative and a whole number of unit.
func (v *validator) unit(name string, d, unit time.Duration, what string) {
	if d >= 0 && d%unit == 0 {
		return
	}
	v.badUnit(name, d, unit, what)
}

func (v *validator) badUnit(name string, d, unit time.Duration, what string) {
	switch {
	case d < 0:
		v.add(name, d.String()+" is negative")
	case d%unit != 0:
		v.add(name, d.String()+" is not a whole number of "+what)
	}
}

// extra checks Extra attributes: valid XML names, not typed attributes of
// the element, not repeated, values of XML characters.
func (v *validator) extra(extra []Attr, typed func(string) bool) {
	for i, a := range extra {
		switch {
		case a.Name == "":
			v.add("", "extra attribute has an empty name")
			continue
		case !isName(a.Name):
			v.add(a.Name, "not a valid XML attribute name")
			continue
		case typed(a.Name):
			v.add(a.Name, "is a typed attribute; set it in the attrs struct")
		}
		for _, b := range extra[:i] {
			if b.Name == a.Name {
				v.add(a.Name, "repeated attribute")
			}
		}
		v.attr(a.Name, a.Value)
	}
}

// isName reports whether s is an XML name (letters, digits, '_', ':', '-',
// '.', not starting with a digit, '-' or '.').
func isName(s string) bool {
	if s == "" || !utf8.ValidString(s) {
		return false
	}
	for i, r := range s {
		switch {
		case r == '_' || r == ':' || unicode.IsLetter(r):
		case i > 0 && (r == '-' || r == '.' || unicode.IsDigit(r)):
		default:
			return false
		}
	}
	return true
}
