package xml

// Speak reads text to the caller with text-to-speech; the text may carry SSML
// tags. See https://www.vobiz.ai/docs/xml/speak.
type Speak struct {
	// Attrs are the attributes of the element.
	Attrs SpeakAttrs
	// Content is what is spoken: text and SSML tags in order. Plain text is
	// a single Text node. It must not be empty.
	Content []Node
}

// SpeakAttrs are the attributes of a Speak, written in this order.
type SpeakAttrs struct {
	// Voice is the voice (voice); Vobiz's default is WOMAN.
	Voice Voice
	// Language is the language code (language), e.g. "en-US", Vobiz's default.
	Language string
	// Loop is how often the text is spoken (loop); 0 repeats until the call
	// ends. Vobiz's default is 1.
	Loop *int
	// Extra are further attributes, written after the typed ones.
	Extra []Attr
}

func (*Speak) elementName() string { return "Speak" }

func isSpeakAttr(name string) bool {
	switch name {
	case "voice", "language", "loop":
		return true
	}
	return false
}
