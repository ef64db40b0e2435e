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
	root := path{}
	v.elements(&root, r.Elements)
	if len(v.errs) == 0 {
		return nil
	}
	return v.errs
}

// path is one step of an element path. It is built on the stack while
// validating and turned into a string only when a problem is reported.
type path struct {
	parent *path
	elems  []Element // the siblings, when the step is an element
	nodes  []Node    // the siblings, when the step is an SSML tag
	pos    int       // the position among elems or nodes
}

// String returns the XPath-style path, e.g. "Response/Dial[1]/Number[2]".
func (p *path) String() string {
	if p.parent == nil {
		return "Response"
	}
	var name string
	index := 0
	if p.elems != nil {
		name = elementName(p.elems[p.pos])
		for _, e := range p.elems[:p.pos+1] {
			if elementName(e) == name {
				index++
			}
		}
	} else {
		name = tagName(p.nodes[p.pos])
		for _, n := range p.nodes[:p.pos+1] {
			if tagName(n) == name {
				index++
			}
		}
	}
	return p.parent.String() + "/" + name + "[" + strconv.Itoa(index) + "]"
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

// validator collects problems.
type validator struct {
	errs ValidationErrors
}

func (v *validator) add(p *path, attr, msg string) {
	v.errs = append(v.errs, &ValidationError{Path: p.String(), Attr: attr, Msg: msg})
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

// elements checks the children of the element at p.
func (v *validator) elements(p *path, elems []Element) {
	parent := "Response"
	if p.parent != nil {
		parent = elementName(p.elems[p.pos])
	}
	for i, e := range elems {
		cp := path{parent: p, elems: elems, pos: i}
		if e == nil || isNilElement(e) {
			v.add(&cp, "", "element is nil")
			continue
		}
		if !allowed(parent, e.elementName()) {
			v.add(&cp, "", "not allowed in "+parent)
		}
		v.element(&cp, e)
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

// element checks one element and its children.
func (v *validator) element(p *path, e Element) {
	switch x := e.(type) {
	case *Speak:
		a := &x.Attrs
		v.attr(p, "voice", string(a.Voice))
		v.attr(p, "language", a.Language)
		v.extra(p, a.Extra, isSpeakAttr)
		if len(x.Content) == 0 {
			v.add(p, "", "text is empty")
		}
		v.nodes(p, x.Content)
	case *Play:
		v.extra(p, x.Attrs.Extra, isPlayAttr)
		v.required(p, x.URL, "URL")
	case *Wait:
		a := &x.Attrs
		v.seconds(p, "length", a.Length)
		v.boolean(p, "silence", a.Silence)
		v.unit(p, "minSilence", a.MinSilence, time.Millisecond, "milliseconds")
		v.boolean(p, "beep", a.Beep)
		v.extra(p, a.Extra, isWaitAttr)
	case *Redirect:
		v.attr(p, "method", string(x.Attrs.Method))
		v.extra(p, x.Attrs.Extra, isRedirectAttr)
		v.required(p, x.URL, "URL")
	case *Hangup:
		v.attr(p, "reason", string(x.Attrs.Reason))
		v.seconds(p, "schedule", x.Attrs.Schedule)
		v.extra(p, x.Attrs.Extra, isHangupAttr)
	case *DTMF:
		v.boolean(p, "async", x.Attrs.Async)
		v.extra(p, x.Attrs.Extra, isDTMFAttr)
		v.required(p, x.Digits, "digits")
	case *PreAnswer:
		v.elements(p, x.Elements)
	case *Gather:
		v.gatherAttrs(p, &x.Attrs)
		v.elements(p, x.Elements)
	case *Dial:
		v.dialAttrs(p, &x.Attrs)
		v.elements(p, x.Elements)
	case *Number:
		a := &x.Attrs
		v.attr(p, "sendDigits", a.SendDigits)
		v.boolean(p, "sendOnPreanswer", a.SendOnPreanswer)
		v.extra(p, a.Extra, isNumberAttr)
		v.required(p, x.Phone, "phone number")
	case *User:
		a := &x.Attrs
		v.attr(p, "sendDigits", a.SendDigits)
		v.boolean(p, "sendOnPreanswer", a.SendOnPreanswer)
		v.attr(p, "sipHeaders", a.SIPHeaders)
		v.extra(p, a.Extra, isUserAttr)
		v.required(p, x.URI, "URI")
	case *Record:
		v.recordAttrs(p, &x.Attrs)
	case *Stream:
		v.streamAttrs(p, &x.Attrs)
		v.required(p, x.URL, "URL")
	case *Conference:
		v.conferenceAttrs(p, &x.Attrs)
		v.required(p, x.Room, "room name")
	}
}

func (v *validator) gatherAttrs(p *path, a *GatherAttrs) {
	v.attr(p, "action", a.Action)
	v.attr(p, "method", string(a.Method))
	v.attr(p, "inputType", string(a.InputType))
	v.seconds(p, "executionTimeout", a.ExecutionTimeout)
	v.attr(p, "digitEndTimeout", string(a.DigitEndTimeout))
	v.attr(p, "speechEndTimeout", string(a.SpeechEndTimeout))
	v.attr(p, "finishOnKey", a.FinishOnKey)
	v.attr(p, "speechModel", string(a.SpeechModel))
	v.attr(p, "hints", a.Hints)
	v.attr(p, "language", a.Language)
	v.attr(p, "interimSpeechResultsCallback", a.InterimSpeechResultsCallback)
	v.attr(p, "interimSpeechResultsCallbackMethod", string(a.InterimSpeechResultsCallbackMethod))
	v.boolean(p, "log", a.Log)
	v.boolean(p, "redirect", a.Redirect)
	v.boolean(p, "profanityFilter", a.ProfanityFilter)
	v.extra(p, a.Extra, isGatherAttr)
}

func (v *validator) dialAttrs(p *path, a *DialAttrs) {
	v.attr(p, "action", a.Action)
	v.attr(p, "method", string(a.Method))
	v.attr(p, "callbackUrl", a.CallbackURL)
	v.attr(p, "callbackMethod", string(a.CallbackMethod))
	v.boolean(p, "redirect", a.Redirect)
	v.attr(p, "callerId", a.CallerID)
	v.attr(p, "callerName", a.CallerName)
	v.seconds(p, "timeout", a.Timeout)
	v.seconds(p, "timeLimit", a.TimeLimit)
	v.boolean(p, "hangupOnStar", a.HangupOnStar)
	v.attr(p, "dialMusic", a.DialMusic)
	v.attr(p, "confirmSound", a.ConfirmSound)
	v.attr(p, "confirmKey", a.ConfirmKey)
	v.seconds(p, "confirmTimeout", a.ConfirmTimeout)
	v.attr(p, "digitsMatch", a.DigitsMatch)
	v.attr(p, "digitsMatchBLeg", a.DigitsMatchBLeg)
	v.attr(p, "sipHeaders", a.SIPHeaders)
	v.extra(p, a.Extra, isDialAttr)
}

func (v *validator) recordAttrs(p *path, a *RecordAttrs) {
	v.attr(p, "action", a.Action)
	v.attr(p, "method", string(a.Method))
	v.attr(p, "fileFormat", string(a.FileFormat))
	v.boolean(p, "redirect", a.Redirect)
	v.seconds(p, "timeout", a.Timeout)
	v.seconds(p, "maxLength", a.MaxLength)
	v.boolean(p, "playBeep", a.PlayBeep)
	v.attr(p, "finishOnKey", a.FinishOnKey)
	v.boolean(p, "recordSession", a.RecordSession)
	v.boolean(p, "startOnDialAnswer", a.StartOnDialAnswer)
	v.attr(p, "transcriptionType", string(a.TranscriptionType))
	v.attr(p, "transcriptionUrl", a.TranscriptionURL)
	v.attr(p, "transcriptionMethod", string(a.TranscriptionMethod))
	v.attr(p, "callbackUrl", a.CallbackURL)
	v.attr(p, "callbackMethod", string(a.CallbackMethod))
	v.extra(p, a.Extra, isRecordAttr)
}

func (v *validator) streamAttrs(p *path, a *StreamAttrs) {
	v.boolean(p, "bidirectional", a.Bidirectional)
	v.attr(p, "audioTrack", string(a.AudioTrack))
	v.seconds(p, "streamTimeout", a.StreamTimeout)
	v.attr(p, "statusCallbackUrl", a.StatusCallbackURL)
	v.attr(p, "statusCallbackMethod", string(a.StatusCallbackMethod))
	v.attr(p, "contentType", string(a.ContentType))
	v.attr(p, "extraHeaders", a.ExtraHeaders)
	v.boolean(p, "keepCallAlive", a.KeepCallAlive)
	v.extra(p, a.Extra, isStreamAttr)
}

func (v *validator) conferenceAttrs(p *path, a *ConferenceAttrs) {
	v.boolean(p, "muted", a.Muted)
	v.boolean(p, "beep", a.Beep)
	v.boolean(p, "startConferenceOnEnter", a.StartConferenceOnEnter)
	v.boolean(p, "endConferenceOnExit", a.EndConferenceOnExit)
	v.boolean(p, "stayAlone", a.StayAlone)
	v.attr(p, "enterSound", a.EnterSound)
	v.attr(p, "exitSound", a.ExitSound)
	v.boolean(p, "relayDTMF", a.RelayDTMF)
	v.attr(p, "digitsMatch", a.DigitsMatch)
	v.boolean(p, "hangupOnStar", a.HangupOnStar)
	v.attr(p, "waitSound", a.WaitSound)
	v.attr(p, "waitMethod", string(a.WaitMethod))
	v.attr(p, "callbackUrl", a.CallbackURL)
	v.attr(p, "callbackMethod", string(a.CallbackMethod))
	v.boolean(p, "record", a.Record)
	v.attr(p, "recordFileFormat", string(a.RecordFileFormat))
	v.seconds(p, "timeLimit", a.TimeLimit)
	v.attr(p, "action", a.Action)
	v.attr(p, "method", string(a.Method))
	v.extra(p, a.Extra, isConferenceAttr)
}

// nodes checks the SSML content of a Speak or a tag at p.
func (v *validator) nodes(p *path, nodes []Node) {
	prevText := false
	for i, n := range nodes {
		switch x := n.(type) {
		case Text:
			switch {
			case x == "":
				v.add(p, "", "text node is empty")
			case prevText:
				v.add(p, "", "adjacent text nodes (join them)")
			}
			v.text(p, string(x))
			prevText = true
		case *Tag:
			prevText = false
			cp := path{parent: p, nodes: nodes, pos: i}
			if x == nil {
				v.add(&cp, "", "tag is nil")
				continue
			}
			if !ssmlAttrAllowed(x.Name, "") {
				v.add(&cp, "", "unknown SSML tag "+strconv.Quote(x.Name))
				continue
			}
			for j, a := range x.Attrs {
				if !ssmlAttrAllowed(x.Name, a.Name) {
					v.add(&cp, a.Name, "not an attribute of <"+x.Name+">")
					continue
				}
				for _, b := range x.Attrs[:j] {
					if b.Name == a.Name {
						v.add(&cp, a.Name, "repeated attribute")
					}
				}
				v.attr(&cp, a.Name, a.Value)
			}
			if x.Name == "break" && len(x.Content) > 0 {
				v.add(&cp, "", "break has no content")
			}
			v.nodes(&cp, x.Content)
		default:
			prevText = false
			v.add(p, "", "SSML node is nil")
		}
	}
}

// required reports an empty text content and checks its characters.
func (v *validator) required(p *path, s, what string) {
	if s == "" {
		v.add(p, "", what+" is empty")
		return
	}
	v.text(p, s)
}

// text checks the characters of text content.
func (v *validator) text(p *path, s string) {
	if i, msg := badChar(s, false); i >= 0 {
		v.add(p, "", "text has "+msg+" at byte "+strconv.Itoa(i))
	}
}

// attr checks the characters of an attribute value.
func (v *validator) attr(p *path, name, s string) {
	if i, msg := badChar(s, true); i >= 0 {
		v.add(p, name, "value has "+msg+" at byte "+strconv.Itoa(i))
	}
}

// badChar returns the byte offset and a description of the first character
// of s that cannot be written, or -1. Attribute values must also not hold
// tab, newline or carriage return and text no carriage return, because a
// parser would normalise them.
func badChar(s string, inAttr bool) (int, string) {
	for i := 0; i < len(s); {
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

// boolean checks that b is one of Unset, True and False.
func (v *validator) boolean(p *path, name string, b Bool) {
	if b > False {
		v.add(p, name, "Bool("+strconv.Itoa(int(b))+") is not Unset, True or False")
	}
}

// seconds checks a duration written in whole seconds.
func (v *validator) seconds(p *path, name string, d time.Duration) {
	v.unit(p, name, d, time.Second, "seconds")
}

// unit checks that d is not negative and a whole number of unit.
func (v *validator) unit(p *path, name string, d, unit time.Duration, what string) {
	switch {
	case d < 0:
		v.add(p, name, d.String()+" is negative")
	case d%unit != 0:
		v.add(p, name, d.String()+" is not a whole number of "+what)
	}
}

// extra checks Extra attributes: valid XML names, not typed attributes of
// the element, not repeated, values of XML characters.
func (v *validator) extra(p *path, extra []Attr, typed func(string) bool) {
	for i, a := range extra {
		switch {
		case !isName(a.Name):
			v.add(p, a.Name, "not a valid XML attribute name")
			continue
		case typed(a.Name):
			v.add(p, a.Name, "is a typed attribute; set it in the attrs struct")
		}
		for _, b := range extra[:i] {
			if b.Name == a.Name {
				v.add(p, a.Name, "repeated attribute")
			}
		}
		v.attr(p, a.Name, a.Value)
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
