package kicktest

import "time"

// recording is a recording in progress.
type recording struct {
	id    string
	start time.Duration
}
