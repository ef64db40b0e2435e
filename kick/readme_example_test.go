//lint:file-ignore SA4006 the README snippet shows the calls, not what to do with each error

package kick_test

import (
	"context"
	"errors"

	"github.com/kickflow/kickflow/kick"
)

// readmeKick holds the snippet of README.md's "`kick` — the conference API
// client…" section, line for line, so that it keeps compiling. It is not
// run: as written, the client talks to the real platform.
func readmeKick(ctx context.Context, authID, authToken string) error {
	// README snippet starts.
	c, err := kick.New(authID, authToken)         // or kick.FromEnv(): VOBIZ_AUTH_ID, VOBIZ_AUTH_TOKEN
	res, err := c.Kick(ctx, "MyConference", "10") // or several IDs, or kick.All
	switch {
	case errors.Is(err, kick.ErrOutcomeUnknown): // test first: 5xx or failure after sending, maybe kicked
	case errors.Is(err, kick.ErrNotFound): // conference ended or member gone
	}
	_, err = c.Mute(ctx, "MyConference", "11")                                     // Unmute, Deaf, Undeaf
	_, err = c.Play(ctx, "MyConference", "https://cdn.example.com/hold.mp3", "11") // StopPlay
	_, err = c.Speak(ctx, "MyConference", kick.Speech{Text: "Two minutes left"}, kick.All)
	conf, err := c.Conference(ctx, "MyConference") // members, muted/deaf; kick.ErrUnavailable if live Vobiz says "failed"
	err = c.HangUpConference(ctx, "MyConference")  // also Conferences, HangUpAllConferences, Start/StopRecording
	// README snippet ends.
	_, _ = res, conf
	return err
}

// The snippet is compiled, not run.
var _ = readmeKick
