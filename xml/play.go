package xml

// Play plays an audio file (MP3 or WAV) to the caller.
// See https://www.vobiz.ai/docs/xml/play.
type Play struct {
	// Attrs are the attributes of the element.
	Attrs PlayAttrs
	// URL is the absolute URL of the audio file; required.
	URL string
}

// PlayAttrs are the attributes of a Play, written in this order.
type PlayAttrs struct {
	// Loop is how often the file is played (loop); 0 repeats until the call
	// ends. Vobiz's default is 1.
	Loop *int
	// Extra are further attributes, written after the typed ones.
	Extra []Attr
}

func (*Play) elementName() string { return "Play" }

func isPlayAttr(name string) bool { return name == "loop" }
