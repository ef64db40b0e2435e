package xml

// DTMF sends touch-tone digits on the call.
// See https://www.vobiz.ai/docs/xml/dtmf.
type DTMF struct {
	// Attrs are the attributes of the element.
	Attrs DTMFAttrs
	// Digits are the digits to send: 0-9, *, #, and w or W for pauses.
	Digits string
}

// DTMFAttrs are the attributes of a DTMF, written in this order.
type DTMFAttrs struct {
	// Async moves on after the first digit is sent (async); Vobiz's default
	// is true.
	Async Bool
	// Extra are further attributes, written after the typed ones.
	Extra []Attr
}

func (*DTMF) elementName() string { return "DTMF" }

func isDTMFAttr(name string) bool { return name == "async" }
