// Command voicemail prints an answer document that takes a message with
// <Record>: a greeting, the recording (up to two minutes, ended early by
// the # key or five seconds of silence), then a goodbye.
//
// When the recording stops, the platform posts Event=RecordStop with the
// file's URL and duration to callbackUrl, where the app stores the
// message. No action URL is set: the document goes on by itself when the
// recording ends.
//
// main_test.go records a message through kicktest and downloads the file.
package main

import (
	"fmt"
	"io"
	"log"
	"os"
	"time"

	vxml "github.com/kickflow/kickflow/xml"
)

// The app's public base URL and routes.
const (
	baseURL      = "https://app.example.com"
	answerPath   = "/voicemail"
	recordedPath = "/voicemail/recorded"
)

func main() {
	if err := run(os.Stdout); err != nil {
		log.Fatal(err)
	}
}

// run prints the answer document.
func run(w io.Writer) error {
	out, err := voicemail(baseURL).RenderIndent()
	if err != nil {
		return fmt.Errorf("voicemail: %w", err)
	}
	if _, err := fmt.Fprintf(w, "answer URL %s:\n%s", baseURL+answerPath, out); err != nil {
		return fmt.Errorf("voicemail: %w", err)
	}
	return nil
}

// voicemail is the answer document of the app at base.
func voicemail(base string) *vxml.Response {
	return vxml.NewResponse().
		Speak("Sorry, nobody can take your call. Please leave a message after the beep, and press the hash key when you are done.").
		Record(vxml.RecordAttrs{
			FileFormat:  vxml.FormatMP3,
			Timeout:     5 * time.Second,
			MaxLength:   2 * time.Minute,
			PlayBeep:    vxml.True,
			FinishOnKey: "#",
			CallbackURL: base + recordedPath,
		}).
		Speak("Thank you, your message has been saved. Goodbye.").
		Hangup()
}
