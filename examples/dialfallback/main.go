// Command dialfallback prints the documents of a dial with fallback: the
// answer document dials the first number; when the Dial ends, the platform
// posts its DialStatus to the Dial's action URL, and the document served
// there dials the next number, and so on. When nobody answers, the caller
// is sent to voicemail (see examples/voicemail).
//
// Each destination gets its own <Dial>, as the platform recommends for
// sequential dialling: several <Number> children in one Dial would ring at
// once. The action URL carries which try it reports on, and redirect is
// left at its default (true), so the action's document replaces the rest
// of the current one.
package main

import (
	"io"
	"log"
	"os"
	"strconv"
	"time"

	vxml "github.com/kickflow/kickflow/xml"
)

// The app's public URLs.
const (
	answerURL    = "https://app.example.com/dial"
	resultURL    = "https://app.example.com/dial/result"
	voicemailURL = "https://app.example.com/voicemail"
)

// callerID is a number the account owns: on an inbound call, a Dial
// without it would show the caller's number, which the platform refuses.
const callerID = "+14155550100"

// ringFor is how long each destination rings.
const ringFor = 20 * time.Second

// destinations are tried in this order.
var destinations = [...]string{"+14155550111", "+14155550122"}

// dialCompleted is the DialStatus of a Dial that was answered and has ended.
const dialCompleted = "completed"

func main() {
	if err := run(os.Stdout); err != nil {
		log.Fatal(err)
	}
}

// run prints the answer document and what the action URL serves when the
// first number does not answer and the second is busy.
func run(w io.Writer) error {
	return printDocs(w,
		doc{"answer URL " + answerURL, dial(0)},
		doc{actionURL(0) + " with DialStatus=no-answer", result(0, "no-answer")},
		doc{actionURL(1) + " with DialStatus=busy", result(1, "busy")},
	)
}

// actionURL is where the result of try i is posted.
func actionURL(i int) string { return resultURL + "?try=" + strconv.Itoa(i) }

// dial is the document that dials destination i.
func dial(i int) *vxml.Response {
	return vxml.NewResponse().
		Dial(vxml.DialAttrs{Action: actionURL(i), CallerID: callerID, Timeout: ringFor}, func(d *vxml.DialBuilder) {
			d.Number(destinations[i])
		})
}

// result is the document for the result of try i: the call is over if the
// Dial was answered, else the next destination is dialled, else the caller
// goes to voicemail.
func result(try int, dialStatus string) *vxml.Response {
	switch {
	case dialStatus == dialCompleted:
		return vxml.NewResponse().Hangup()
	case try+1 < len(destinations):
		return dial(try + 1)
	default:
		return vxml.NewResponse().Redirect(voicemailURL)
	}
}
