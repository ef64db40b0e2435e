package xml

import "time"

// Wait pauses the call; as the first element it delays answering.
// See https://www.vobiz.ai/docs/xml/wait.
type Wait struct {
	// Attrs are the attributes of the element.
	Attrs WaitAttrs
}

// WaitAttrs are the attributes of a Wait, written in this order.
type WaitAttrs struct {
	// Length is the pause (length), in whole seconds; Vobiz's default is 1s.
	Length time.Duration
	// Silence ends the wait early on silence (silence); Vobiz's default is false.
	Silence Bool
	// MinSilence is the silence that ends the wait (minSilence), in whole
	// milliseconds; Vobiz's default is 2000ms.
	MinSilence time.Duration
	// Beep waits for an answering-machine beep (beep); Vobiz's default is false.
	Beep Bool
	// Extra are further attributes, written after the typed ones.
	Extra []Attr
}

func (*Wait) elementName() string { return "Wait" }

func isWaitAttr(name string) bool {
	switch name {
	case "length", "silence", "minSilence", "beep":
		return true
	}
	return false
}
