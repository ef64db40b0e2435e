package xml

import "time"

// Dial calls one or more destinations and bridges the first that answers to
// the caller. See https://www.vobiz.ai/docs/xml/dial.
type Dial struct {
	// Attrs are the attributes of the element.
	Attrs DialAttrs
	// Elements are the destinations, dialled at the same time: *Number and
	// *User, and a *Record (allowed, though Vobiz's pages disagree on it).
	Elements []Element
	// Phone is the shorthand form <Dial>+14155551234</Dial>: one number as
	// the element's text. Vobiz accepts it and its own examples use it, but
	// a *Number child says the same thing and takes attributes; Phone and
	// Elements cannot both be set.
	Phone string
}

// DialAttrs are the attributes of a Dial, written in this order.
type DialAttrs struct {
	// Action receives the final result (action).
	Action string
	// Method is the HTTP method for Action (method); Vobiz's default is POST.
	Method Method
	// CallbackURL receives the B-leg events (callbackUrl).
	CallbackURL string
	// CallbackMethod is its HTTP method (callbackMethod); Vobiz's default is POST.
	CallbackMethod Method
	// Redirect runs the document Action returns (redirect); Vobiz's default
	// is true.
	Redirect Bool
	// CallerID is the caller ID shown to the destination (callerId); Vobiz
	// derives it from the caller when unset.
	CallerID string
	// CallerName is the caller name shown to the destination (callerName).
	CallerName string
	// Timeout is the ringing time (timeout), in whole seconds; effectively
	// 120s when unset.
	Timeout time.Duration
	// TimeLimit caps the connected call (timeLimit), in whole seconds;
	// Vobiz's default is 14400s.
	TimeLimit time.Duration
	// HangupOnStar lets the caller end the bridge with * (hangupOnStar);
	// Vobiz's default is false.
	HangupOnStar Bool
	// DialMusic is a URL of a document played while ringing, or "real"
	// (dialMusic); Vobiz's default is real.
	DialMusic string
	// ConfirmSound is a URL of a document played to the answering party
	// (confirmSound).
	ConfirmSound string
	// ConfirmKey is the key the answering party presses to accept (confirmKey).
	ConfirmKey string
	// ConfirmTimeout is the confirmation window (confirmTimeout), in whole
	// seconds; no documented default.
	ConfirmTimeout time.Duration
	// DigitsMatch are comma-separated caller digit patterns reported to
	// CallbackURL (digitsMatch).
	DigitsMatch string
	// DigitsMatchBLeg are the same for the destination (digitsMatchBLeg).
	DigitsMatchBLeg string
	// SIPHeaders are comma-separated key=value SIP headers (sipHeaders).
	SIPHeaders string
	// Extra are further attributes, written after the typed ones.
	Extra []Attr
}

func (*Dial) elementName() string { return "Dial" }

func isDialAttr(name string) bool {
	switch name {
	case "action", "method", "callbackUrl", "callbackMethod", "redirect", "callerId",
		"callerName", "timeout", "timeLimit", "hangupOnStar", "dialMusic", "confirmSound",
		"confirmKey", "confirmTimeout", "digitsMatch", "digitsMatchBLeg", "sipHeaders":
		return true
	}
	return false
}

// Number is a phone number dialled by a Dial.
// See https://www.vobiz.ai/docs/xml/dial/number.
type Number struct {
	// Attrs are the attributes of the element.
	Attrs NumberAttrs
	// Phone is the E.164 number to dial; required.
	Phone string
}

// NumberAttrs are the attributes of a Number, written in this order.
type NumberAttrs struct {
	// SendDigits are digits sent after answer (sendDigits); w is a pause.
	SendDigits string
	// SendOnPreanswer sends SendDigits on early media (sendOnPreanswer);
	// Vobiz's default is false.
	SendOnPreanswer Bool
	// Extra are further attributes, written after the typed ones.
	Extra []Attr
}

func (*Number) elementName() string { return "Number" }

func isNumberAttr(name string) bool { return name == "sendDigits" || name == "sendOnPreanswer" }

// User is a SIP endpoint dialled by a Dial.
// See https://www.vobiz.ai/docs/xml/dial/user.
type User struct {
	// Attrs are the attributes of the element.
	Attrs UserAttrs
	// URI is the SIP URI (sip:user@host) or registered user; required.
	URI string
}

// UserAttrs are the attributes of a User, written in this order.
type UserAttrs struct {
	// SendDigits are digits sent after answer (sendDigits); w is a pause.
	SendDigits string
	// SendOnPreanswer sends SendDigits on early media (sendOnPreanswer);
	// Vobiz's default is false.
	SendOnPreanswer Bool
	// SIPHeaders are comma-separated key=value SIP headers (sipHeaders).
	SIPHeaders string
	// Extra are further attributes, written after the typed ones.
	Extra []Attr
}

func (*User) elementName() string { return "User" }

func isUserAttr(name string) bool {
	return name == "sendDigits" || name == "sendOnPreanswer" || name == "sipHeaders"
}
