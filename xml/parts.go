package xml

// parts writes the typed and extra attributes of el to e and returns what
// else el holds: its text, for the elements whose content is text, and its
// child elements. Speak's SSML content is not included; callers that need
// it read Speak.Content. The Dial shorthand phone number is its text only
// when it has no children, as rendered.
func parts(el Element, e *emitter) (text string, children []Element) {
	switch x := el.(type) {
	case *Speak:
		x.Attrs.emit(e)
	case *Play:
		x.Attrs.emit(e)
		text = x.URL
	case *Wait:
		x.Attrs.emit(e)
	case *Redirect:
		x.Attrs.emit(e)
		text = x.URL
	case *Hangup:
		x.Attrs.emit(e)
	case *DTMF:
		x.Attrs.emit(e)
		text = x.Digits
	case *PreAnswer:
		children = x.Elements
	case *Gather:
		x.Attrs.emit(e)
		children = x.Elements
	case *Dial:
		x.Attrs.emit(e)
		children = x.Elements
		if len(children) == 0 {
			text = x.Phone
		}
	case *Number:
		x.Attrs.emit(e)
		text = x.Phone
	case *User:
		x.Attrs.emit(e)
		text = x.URI
	case *Record:
		x.Attrs.emit(e)
	case *Stream:
		x.Attrs.emit(e)
		text = x.URL
	case *Conference:
		x.Attrs.emit(e)
		text = x.Room
	}
	return text, children
}
