package kicktest

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/beevik/etree"

	"github.com/kickflow/kickflow/xml"
)

// errDocument is matched by every error of parseDocument.
var errDocument = errors.New("kicktest: invalid document")

// parseDocument reads a Vobiz XML document into the model, as far as the
// simulator needs it. It stands in for xml.Parse, which is not available
// yet: it checks the root, the element names and the nesting of PreAnswer,
// and reads the attributes the simulator acts on. Text content is trimmed.
func parseDocument(data []byte) (*xml.Response, error) {
	doc := etree.NewDocument()
	if err := doc.ReadFromBytes(data); err != nil {
		return nil, fmt.Errorf("%w: %w", errDocument, err)
	}
	roots := doc.ChildElements()
	if len(roots) != 1 || roots[0].Tag != "Response" || roots[0].Space != "" {
		return nil, fmt.Errorf("%w: the root is not a single <Response>", errDocument)
	}
	elems, err := parseElements(roots[0], false)
	if err != nil {
		return nil, err
	}
	return &xml.Response{Elements: elems}, nil
}

func parseElements(parent *etree.Element, inPreAnswer bool) ([]xml.Element, error) {
	var out []xml.Element
	for _, el := range parent.ChildElements() {
		e, err := parseElement(el, inPreAnswer)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, nil
}

func parseElement(el *etree.Element, inPreAnswer bool) (xml.Element, error) {
	a := attrReader{el: el}
	text := strings.TrimSpace(el.Text())
	var e xml.Element
	switch el.Tag {
	case "Speak":
		content := strings.TrimSpace(allText(el))
		if content == "" {
			return nil, fmt.Errorf("%w: empty <Speak>", errDocument)
		}
		e = &xml.Speak{
			Attrs:   xml.SpeakAttrs{Voice: xml.Voice(a.str("voice")), Language: a.str("language"), Loop: a.intp("loop")},
			Content: []xml.Node{xml.Text(content)},
		}
	case "Play":
		e = &xml.Play{Attrs: xml.PlayAttrs{Loop: a.intp("loop")}, URL: text}
	case "Wait":
		e = &xml.Wait{Attrs: xml.WaitAttrs{Length: a.seconds("length")}}
	case "PreAnswer":
		if inPreAnswer {
			return nil, fmt.Errorf("%w: nested <PreAnswer>", errDocument)
		}
		children, err := parseElements(el, true)
		if err != nil {
			return nil, err
		}
		return &xml.PreAnswer{Elements: children}, nil
	case "Redirect":
		if text == "" {
			return nil, fmt.Errorf("%w: empty <Redirect>", errDocument)
		}
		e = &xml.Redirect{Attrs: xml.RedirectAttrs{Method: xml.Method(a.str("method"))}, URL: text}
	case "Hangup":
		e = &xml.Hangup{Attrs: xml.HangupAttrs{Reason: xml.HangupReason(a.str("reason")), Schedule: a.seconds("schedule")}}
	case "DTMF":
		e = &xml.DTMF{Attrs: xml.DTMFAttrs{Async: a.boolean("async")}, Digits: text}
	case "Conference":
		if text == "" {
			return nil, fmt.Errorf("%w: <Conference> without a room", errDocument)
		}
		e = &xml.Conference{Room: text, Attrs: xml.ConferenceAttrs{
			Muted:                  a.boolean("muted"),
			Beep:                   a.boolean("beep"),
			StartConferenceOnEnter: a.boolean("startConferenceOnEnter"),
			EndConferenceOnExit:    a.boolean("endConferenceOnExit"),
			MaxParticipants:        a.intp("maxParticipants"),
			StayAlone:              a.boolean("stayAlone"),
			EnterSound:             a.str("enterSound"),
			ExitSound:              a.str("exitSound"),
			HangupOnStar:           a.boolean("hangupOnStar"),
			CallbackURL:            a.str("callbackUrl"),
			CallbackMethod:         xml.Method(a.str("callbackMethod")),
			Action:                 a.str("action"),
			Method:                 xml.Method(a.str("method")),
		}}
	case "Gather":
		e = &xml.Gather{}
	case "Dial":
		e = &xml.Dial{}
	case "Record":
		e = &xml.Record{}
	case "Stream":
		e = &xml.Stream{}
	default:
		return nil, fmt.Errorf("%w: unknown element <%s>", errDocument, el.FullTag())
	}
	if a.err != nil {
		return nil, a.err
	}
	if inPreAnswer && el.Tag != "Speak" && el.Tag != "Play" && el.Tag != "Wait" {
		return nil, fmt.Errorf("%w: <%s> inside <PreAnswer>", errDocument, el.Tag)
	}
	return e, nil
}

// allText returns the character data of el and its descendants.
func allText(el *etree.Element) string {
	var b strings.Builder
	for _, t := range el.Child {
		switch t := t.(type) {
		case *etree.CharData:
			b.WriteString(t.Data)
		case *etree.Element:
			b.WriteString(allText(t))
		}
	}
	return b.String()
}

// attrReader reads typed attribute values and keeps the first error.
type attrReader struct {
	el  *etree.Element
	err error
}

func (a *attrReader) str(name string) string { return a.el.SelectAttrValue(name, "") }

func (a *attrReader) boolean(name string) xml.Bool {
	switch v := a.str(name); v {
	case "":
		return xml.Unset
	case "true":
		return xml.True
	case "false":
		return xml.False
	default:
		a.fail(name, v)
		return xml.Unset
	}
}

func (a *attrReader) intp(name string) *int {
	v := a.str(name)
	if v == "" {
		return nil
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		a.fail(name, v)
		return nil
	}
	return &n
}

func (a *attrReader) seconds(name string) time.Duration {
	if n := a.intp(name); n != nil {
		return time.Duration(*n) * time.Second
	}
	return 0
}

func (a *attrReader) fail(name, v string) {
	if a.err == nil {
		a.err = fmt.Errorf("%w: <%s %s=%q>", errDocument, a.el.Tag, name, v)
	}
}
