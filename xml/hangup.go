package xml

import "time"

// Hangup ends the call, now or after a delay.
// See https://www.vobiz.ai/docs/xml/hangup.
type Hangup struct {
	// Attrs are the attributes of the element.
	Attrs HangupAttrs
}

// HangupAttrs are the attributes of a Hangup, written in this order.
type HangupAttrs struct {
	// Reason is signalled to an unanswered call (reason); no default.
	Reason HangupReason
	// Schedule hangs up after this delay (schedule), in whole seconds; no
	// default (immediate).
	Schedule time.Duration
	// Extra are further attributes, written after the typed ones.
	Extra []Attr
}

func (*Hangup) elementName() string { return "Hangup" }

func isHangupAttr(name string) bool { return name == "reason" || name == "schedule" }
