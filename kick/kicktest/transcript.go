package kicktest

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/kickflow/kickflow/xml"
)

// Step is one thing a simulated call did: [Spoke], [Played], [Waited],
// [SentDTMF], [Redirected], [Joined], [Left], [RoomFull], [Skipped] or
// [Ended] here, and the steps of Gather, Record, Dial and Hangup in the
// files named for them. The interface is sealed; its String method gives the readable
// form used by [Transcript.String].
type Step interface {
	fmt.Stringer
	step()
}

// Spoke records a <Speak>: the text with SSML tags stripped and runs of
// white space made single spaces, and the voice and language as the
// document gave them ("" when left to the platform).
type Spoke struct {
	Text     string
	Voice    xml.Voice
	Language string
}

// Played records a <Play> of the audio file at URL.
type Played struct {
	URL string
}

// Waited records a <Wait> of Length (1s when the document sets none).
type Waited struct {
	Length time.Duration
}

// SentDTMF records a <DTMF> sending Digits.
type SentDTMF struct {
	Digits string
}

// Redirected records a <Redirect>: the next document is fetched from URL
// with Method (POST when the document sets none).
type Redirected struct {
	URL    string
	Method xml.Method
}

// Joined records that the call entered the room Conference as MemberID.
type Joined struct {
	Conference string
	MemberID   string
}

// Left records that the call left the room Conference, and why.
type Left struct {
	Conference string
	MemberID   string
	Reason     Reason
}

// RoomFull records a <Conference> the call could not enter because the
// room already held its maxParticipants; the document goes on with the
// next element.
type RoomFull struct {
	Conference string
}

// Skipped records an element the simulator does not act out (Gather, Dial,
// Record, Stream): it is passed over as if it had finished without effect,
// and the document goes on with the next element.
type Skipped struct {
	Element string
}

// Ended records the end of the call and its hangup cause. It is always the
// last step.
type Ended struct {
	Cause Cause
}

func (Spoke) step()      {}
func (Played) step()     {}
func (Waited) step()     {}
func (SentDTMF) step()   {}
func (Redirected) step() {}
func (Joined) step()     {}
func (Left) step()       {}
func (RoomFull) step()   {}
func (Skipped) step()    {}
func (Ended) step()      {}

// String returns for example `spoke "Hello" (MAN, en-GB)`.
func (s Spoke) String() string {
	var opts []string
	if s.Voice != "" {
		opts = append(opts, string(s.Voice))
	}
	if s.Language != "" {
		opts = append(opts, s.Language)
	}
	if len(opts) == 0 {
		return "spoke " + strconv.Quote(s.Text)
	}
	return "spoke " + strconv.Quote(s.Text) + " (" + strings.Join(opts, ", ") + ")"
}

// String returns for example "played https://example.com/a.mp3".
func (s Played) String() string { return "played " + s.URL }

// String returns for example "waited 2s".
func (s Waited) String() string { return "waited " + s.Length.String() }

// String returns for example "sent DTMF 12#".
func (s SentDTMF) String() string { return "sent DTMF " + s.Digits }

// String returns for example "redirected POST https://example.com/next".
func (s Redirected) String() string { return "redirected " + string(s.Method) + " " + s.URL }

// String returns for example "joined MyRoom as member 1".
func (s Joined) String() string { return "joined " + s.Conference + " as member " + s.MemberID }

// String returns for example "left MyRoom as member 1 (kicked)".
func (s Left) String() string {
	return "left " + s.Conference + " as member " + s.MemberID + " (" + string(s.Reason) + ")"
}

// String returns for example "room MyRoom full".
func (s RoomFull) String() string { return "room " + s.Conference + " full" }

// String returns for example "skipped Gather".
func (s Skipped) String() string { return "skipped " + s.Element }

// String returns for example "hung up: End Of XML Instructions (4010)".
func (s Ended) String() string { return "hung up: " + s.Cause.String() }

// Reason is why a call left a conference room.
type Reason string

// The reasons a call leaves a room.
const (
	// ReasonKicked: kicked through the REST API, or the caller pressed * in
	// a room joined with hangupOnStar; the document goes on after
	// <Conference>.
	ReasonKicked Reason = "kicked"
	// ReasonHungUp: the call ended in the room, hung up through the REST
	// API or by the caller ([Call.HangUp]).
	ReasonHungUp Reason = "hung-up"
	// ReasonAlone: the member was left alone in a room that had held two or
	// more, and had not joined with stayAlone="true"; the document goes on.
	ReasonAlone Reason = "alone"
	// ReasonEnded: a member who joined with endConferenceOnExit="true" left,
	// so everyone else was kicked, or a member's timeLimit ended the room;
	// the document goes on.
	ReasonEnded Reason = "ended"
)

// Cause is a hangup cause code from the Vobiz hangup cause table; String
// gives its name.
type Cause int

// The hangup causes a simulated call can end with.
const (
	// CauseNormalHangup (4000): a <Hangup>, the caller hanging up, a REST
	// hang-up of the member, or [Server.Close].
	CauseNormalHangup Cause = 4000
	// CauseEndOfXML (4010): the document ran out of elements.
	CauseEndOfXML Cause = 4010
	// CauseAnswerURLError (7011): the answer URL could not be reached, timed
	// out or answered with a status other than 2xx.
	CauseAnswerURLError Cause = 7011
	// CauseRedirectURLError (7014): the same for a <Redirect> URL.
	CauseRedirectURLError Cause = 7014
	// CauseInvalidRedirectURL (7024): a <Redirect> URL that does not start
	// with http:// or https://.
	CauseInvalidRedirectURL Cause = 7024
	// CauseInvalidRedirectMethod (7034): a <Redirect> method other than GET
	// or POST.
	CauseInvalidRedirectMethod Cause = 7034
	// CauseInvalidAnswerXML (8011): the answer URL's reply is not a valid
	// document (it does not parse, is not served as XML, or is over 100 KB).
	CauseInvalidAnswerXML Cause = 8011
	// CauseInvalidRedirectXML (8014): the same for a <Redirect> URL.
	CauseInvalidRedirectXML Cause = 8014
)

// String returns the cause's name and code, for example
// "End Of XML Instructions (4010)".
func (c Cause) String() string {
	var name string
	switch c {
	case CauseNormalHangup:
		name = "Normal Hangup"
	case CauseEndOfXML:
		name = "End Of XML Instructions"
	case CauseAnswerURLError:
		name = "Error Reaching Answer URL"
	case CauseRedirectURLError:
		name = "Error Reaching Redirect URL"
	case CauseInvalidRedirectURL:
		name = "Invalid Redirect URL"
	case CauseInvalidRedirectMethod:
		name = "Invalid Method For Redirect URL"
	case CauseInvalidAnswerXML:
		name = "Invalid Answer XML"
	case CauseInvalidRedirectXML:
		name = "Invalid Redirect XML"
	default:
		if n, ok := causeNames[c]; ok {
			name = n
			break
		}
		return fmt.Sprintf("Cause(%d)", int(c))
	}
	return name + " (" + strconv.Itoa(int(c)) + ")"
}

// Entry is a [Step] and the virtual time at which it happened, counted from
// the start of the call.
type Entry struct {
	At   time.Duration
	Step Step
}

// Transcript is what a simulated call did, in order.
type Transcript []Entry

// Steps returns the steps without their times, for comparisons.
func (t Transcript) Steps() []Step {
	out := make([]Step, len(t))
	for i, e := range t {
		out[i] = e.Step
	}
	return out
}

// String returns one line per step, each the step's time and its String,
// for example:
//
//	0s spoke "Welcome"
//	1s joined MyRoom as member 1
//	1s left MyRoom as member 1 (kicked)
//	1s hung up: End Of XML Instructions (4010)
func (t Transcript) String() string {
	var b strings.Builder
	for _, e := range t {
		b.WriteString(e.At.String())
		b.WriteByte(' ')
		b.WriteString(e.Step.String())
		b.WriteByte('\n')
	}
	return b.String()
}
