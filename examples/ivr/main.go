// Command ivr prints the documents of a small phone menu: the answer
// document asks for one key with <Gather>, and the document the Gather's
// action URL returns depends on the key pressed.
//
// When the caller presses nothing before the Gather's executionTimeout,
// the elements after the Gather run, so the menu ends with a fall-through
// that says so and starts again. The platform may also post an empty
// Digits to the action URL, so the choice handles that too.
package main

import (
	"io"
	"log"
	"os"
	"time"

	vxml "github.com/kickflow/kickflow/xml"
)

// The app's public URLs.
const (
	menuURL   = "https://app.example.com/ivr"
	choiceURL = "https://app.example.com/ivr/choice"
)

// The numbers the menu connects to, and the caller ID the app owns.
const (
	salesNumber   = "+14155550111"
	supportNumber = "+14155550122"
	callerID      = "+14155550100"
)

func main() {
	if err := run(os.Stdout); err != nil {
		log.Fatal(err)
	}
}

// run prints the menu and the answer to a caller who pressed 1.
func run(w io.Writer) error {
	return printDocs(w,
		doc{"answer URL " + menuURL, menu()},
		doc{choiceURL + " with Digits=1", choice("1")},
	)
}

// menu is the answer document: one key, ten seconds to press it.
func menu() *vxml.Response {
	return vxml.NewResponse().
		Gather(vxml.GatherAttrs{
			Action:           choiceURL,
			InputType:        vxml.InputDTMF,
			NumDigits:        vxml.Int(1),
			ExecutionTimeout: 10 * time.Second,
		}, func(g *vxml.GatherBuilder) {
			g.Speak("Thanks for calling. For sales, press 1. For support, press 2.")
		}).
		Speak("We did not get your choice.").
		Redirect(menuURL)
}

// choice is the document for the digits the caller pressed.
func choice(digits string) *vxml.Response {
	switch digits {
	case "1":
		return connect("Connecting you to sales.", salesNumber)
	case "2":
		return connect("Connecting you to support.", supportNumber)
	case "":
		return vxml.NewResponse().
			Speak("We did not get your choice.").
			Redirect(menuURL)
	default:
		return vxml.NewResponse().
			Speak("Sorry, that is not on the menu.").
			Redirect(menuURL)
	}
}

// connect speaks text and dials number. What to do when nobody answers is
// the subject of examples/dialfallback; here the call ends.
func connect(text, number string) *vxml.Response {
	return vxml.NewResponse().
		Speak(text).
		Dial(vxml.DialAttrs{CallerID: callerID, Timeout: 30 * time.Second}, func(d *vxml.DialBuilder) {
			d.Number(number)
		}).
		Hangup()
}
