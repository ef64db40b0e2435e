// Command ivr serves a small conference line. The caller enters a PIN with
// <Gather>; a wrong PIN is refused and asked for again, up to three tries;
// the right PIN puts the caller into the room. When the host kicks the
// caller out of the room (for example with the kick package), the document
// goes on after <Conference>: the caller hears a goodbye and the call ends.
//
// When the caller presses nothing before the Gather's executionTimeout, the
// elements after the Gather run: the line says so and asks again. The
// platform may instead post an empty Digits to the action URL, so the PIN
// handler treats that the same way.
//
// Run it with the public URL the platform reaches it at:
//
//	go run ./examples/ivr -listen 127.0.0.1:8080 -url https://app.example.com -pin 4321
//
// main_test.go runs whole calls against it offline with kicktest.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net/http"
	"os"
	"time"
)

func main() {
	if err := run(os.Args[1:], os.Stderr); err != nil {
		log.Fatal(err)
	}
}

// run serves the app until the server fails.
func run(args []string, stderr io.Writer) error {
	fs := flag.NewFlagSet("ivr", flag.ContinueOnError)
	fs.SetOutput(stderr)
	listen := fs.String("listen", "127.0.0.1:8080", "address to listen on")
	public := fs.String("url", "", "the app's public base URL, as the platform reaches it (required)")
	pin := fs.String("pin", "", "the conference PIN, four digits (required)")
	room := fs.String("room", "Team", "the conference room")
	if err := fs.Parse(args); err != nil {
		return fmt.Errorf("ivr: %w", err)
	}
	h, err := newApp(*public, *pin, *room)
	if err != nil {
		return err
	}
	srv := &http.Server{Addr: *listen, Handler: h, ReadHeaderTimeout: 5 * time.Second}
	fmt.Fprintf(stderr, "ivr: answer URL %s%s, listening on %s\n", *public, answerPath, *listen)
	if err := srv.ListenAndServe(); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("ivr: %w", err)
	}
	return nil
}
