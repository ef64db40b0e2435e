package xml_test

import (
	"fmt"
	"time"

	vxml "github.com/kickflow/kickflow/xml"
)

func ExampleResponse_Lint() {
	r := vxml.NewResponse().
		Conference("Support", vxml.ConferenceAttrs{CallbackURL: "http://example.com/events"})
	for _, f := range r.Lint() {
		fmt.Printf("%s %s %q\n", f.Severity, f.Rule, f.Attr)
	}
	// Output:
	// warning conference-last ""
	// warning insecure-url "callbackUrl"
	// warning stay-alone "stayAlone"
}

func ExampleFinding_String() {
	r := vxml.NewResponse().
		Speak("This call ends in one minute.").
		Hangup(vxml.HangupAttrs{Schedule: time.Minute})
	for _, f := range r.Lint() {
		fmt.Println(f)
	}
	// Output:
	// Response/Hangup[1]@schedule: warning: nothing follows to run during the delay, so Vobiz hangs up at once (schedule-last)
}
