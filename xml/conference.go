package xml

import "time"

// Conference puts the caller into a conference room. When the caller leaves
// the room while the call is up (for example when kicked), Vobiz continues
// with the next element. See https://www.vobiz.ai/docs/xml/conference.
type Conference struct {
	// Attrs are the attributes of the element.
	Attrs ConferenceAttrs
	// Room is the case-sensitive room name; required.
	Room string
}

// ConferenceAttrs are the attributes of a Conference, written in this order.
type ConferenceAttrs struct {
	// Muted joins muted (muted); Vobiz's default is false.
	Muted Bool
	// Beep plays join and leave tones (beep); Vobiz's default is true.
	Beep Bool
	// StartConferenceOnEnter starts the room on entry
	// (startConferenceOnEnter); Vobiz's default is true.
	StartConferenceOnEnter Bool
	// EndConferenceOnExit ends the room for everyone when this member leaves
	// (endConferenceOnExit); Vobiz's default is false.
	EndConferenceOnExit Bool
	// MaxParticipants is the room size (maxParticipants); Vobiz documents no
	// default and does not enforce it.
	MaxParticipants *int
	// StayAlone keeps a lone member in the room (stayAlone); Vobiz's default
	// is false, which disconnects a member who is alone.
	StayAlone Bool
	// EnterSound is played into the room when this member enters
	// (enterSound), e.g. "beep:1"; no default.
	EnterSound string
	// ExitSound is played into the room when this member leaves (exitSound);
	// no default.
	ExitSound string
	// RelayDTMF relays this member's digits into the room (relayDTMF); Vobiz's
	// default is false.
	RelayDTMF Bool
	// DigitsMatch are comma-separated digit patterns reported to CallbackURL
	// (digitsMatch).
	DigitsMatch string
	// HangupOnStar lets the member leave with * (hangupOnStar); Vobiz's
	// default is false.
	HangupOnStar Bool
	// WaitSound is a URL of a document played while waiting (waitSound).
	WaitSound string
	// WaitMethod is its HTTP method (waitMethod); Vobiz ignores it.
	WaitMethod Method
	// CallbackURL receives enter and exit events (callbackUrl).
	CallbackURL string
	// CallbackMethod is its HTTP method (callbackMethod); Vobiz's default is POST.
	CallbackMethod Method
	// Record records the room (record); Vobiz's default is false.
	Record Bool
	// RecordFileFormat is the recording format (recordFileFormat); Vobiz's
	// default is mp3.
	RecordFileFormat FileFormat
	// TimeLimit ends the room after this long (timeLimit), in whole seconds;
	// Vobiz's default is 14400s.
	TimeLimit time.Duration
	// Action is requested when this member leaves (action); Vobiz fires it
	// unreliably.
	Action string
	// Method is the HTTP method for Action (method); Vobiz's default is POST.
	Method Method
	// Extra are further attributes, written after the typed ones.
	Extra []Attr
}

func (*Conference) elementName() string { return "Conference" }

func isConferenceAttr(name string) bool {
	switch name {
	case "muted", "beep", "startConferenceOnEnter", "endConferenceOnExit", "maxParticipants",
		"stayAlone", "enterSound", "exitSound", "relayDTMF", "digitsMatch", "hangupOnStar",
		"waitSound", "waitMethod", "callbackUrl", "callbackMethod", "record",
		"recordFileFormat", "timeLimit", "action", "method":
		return true
	}
	return false
}
