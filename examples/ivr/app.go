package main

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	vxml "github.com/kickflow/kickflow/xml"
)

// The app's routes below its base URL.
const (
	answerPath = "/ivr"
	pinPath    = "/ivr/pin"
)

// maxTries is how often a caller may enter the PIN.
const maxTries = 3

// app is the conference line: base is its public URL.
type app struct {
	base, pin, room string
}

// newApp returns the app's handler. base is the public base URL (http or
// https, no trailing slash needed), pin the four-digit PIN.
func newApp(base, pin, room string) (http.Handler, error) {
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("ivr: base URL %q is not an absolute http(s) URL", base)
	}
	if len(pin) != 4 || strings.Trim(pin, "0123456789") != "" {
		return nil, fmt.Errorf("ivr: the PIN must be four digits")
	}
	if strings.TrimSpace(room) == "" {
		return nil, fmt.Errorf("ivr: empty room name")
	}
	a := &app{base: strings.TrimSuffix(base, "/"), pin: pin, room: room}
	mux := http.NewServeMux()
	mux.Handle("POST "+answerPath, vxml.HandlerFunc(a.answer))
	mux.Handle("POST "+pinPath, vxml.HandlerFunc(a.checkPIN))
	return mux, nil
}

// try reads the try number from the query string; 1 if absent or bad.
func try(r *http.Request) int {
	n, err := strconv.Atoi(r.URL.Query().Get("try"))
	if err != nil || n < 1 || n > maxTries {
		return 1
	}
	return n
}

// answer asks for the PIN: the answer URL, and the retries.
func (a *app) answer(r *http.Request) (*vxml.Response, error) {
	return a.askPIN(try(r)), nil
}

// askPIN is the document for try n: a Gather for four digits, and a
// fall-through for a caller who presses nothing.
func (a *app) askPIN(n int) *vxml.Response {
	prompt := "Welcome to the conference line. Please enter your four-digit PIN, then press the hash key."
	if n > 1 {
		prompt = "Please enter your four-digit PIN again, then press the hash key."
	}
	return a.orGoodbye(n, vxml.NewResponse().
		Gather(vxml.GatherAttrs{
			Action:           a.base + pinPath + "?try=" + strconv.Itoa(n),
			InputType:        vxml.InputDTMF,
			NumDigits:        vxml.Int(4),
			FinishOnKey:      "#",
			ExecutionTimeout: 10 * time.Second,
			Log:              vxml.False, // keep the PIN out of the platform's logs
		}, func(g *vxml.GatherBuilder) { g.Speak(prompt) }).
		Speak("We did not get your PIN."))
}

// orGoodbye ends r with another try, or with a goodbye after the last.
func (a *app) orGoodbye(n int, r *vxml.Response) *vxml.Response {
	if n >= maxTries {
		return r.Speak("Goodbye.").Hangup()
	}
	return r.Redirect(a.base + answerPath + "?try=" + strconv.Itoa(n+1))
}

// checkPIN is the Gather's action: the room for the right PIN, another try
// for a wrong or empty one.
func (a *app) checkPIN(r *http.Request) (*vxml.Response, error) {
	w, err := vxml.ParseWebhook(r)
	if err != nil {
		return nil, fmt.Errorf("ivr: %w", err)
	}
	n := try(r)
	switch w.Digits {
	case a.pin:
		return vxml.NewResponse().
			Speak("Thank you. You are joining the conference.").
			Conference(a.room, vxml.ConferenceAttrs{StayAlone: vxml.True}).
			Speak("You have left the conference. Goodbye.").
			Hangup(), nil
	case "":
		return a.orGoodbye(n, vxml.NewResponse().Speak("We did not get your PIN.")), nil
	}
	return a.orGoodbye(n, vxml.NewResponse().Speak("Sorry, that PIN is not right.")), nil
}
