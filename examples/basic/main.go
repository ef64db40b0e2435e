// Command basic prints the document a kicked conference member continues
// with: the Conference they were in, then what they hear once kicked.
package main

import (
	"fmt"
	"io"
	"log"
	"os"

	vxml "github.com/kickflow/kickflow/xml"
)

func main() {
	if err := run(os.Stdout); err != nil {
		log.Fatal(err)
	}
}

func run(w io.Writer) error {
	out, err := vxml.NewResponse().
		Conference("MyConference", vxml.ConferenceAttrs{EnterSound: "beep:1"}).
		Speak("You have been disconnected from the conference").
		Render()
	if err != nil {
		return fmt.Errorf("basic: render: %w", err)
	}
	if _, err := fmt.Fprintln(w, string(out)); err != nil {
		return fmt.Errorf("basic: %w", err)
	}
	return nil
}
