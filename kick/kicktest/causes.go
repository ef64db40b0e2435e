package kicktest

import "strconv"

// Further hangup causes of simulated calls.
const (
	// CauseScheduledHangup (6000): a <Hangup schedule="…"> came due.
	CauseScheduledHangup Cause = 6000
)

// causeNames are the names of the causes not named in transcript.go.
var causeNames = map[Cause]string{
	CauseScheduledHangup:     "Scheduled Hangup",
	CauseActionURLError:      "Error Reaching Action URL",
	CauseInvalidActionURL:    "Invalid Action URL",
	CauseInvalidActionMethod: "Invalid Method For Action URL",
	CauseInvalidActionXML:    "Invalid Action XML",
}

func itoa(n int) string { return strconv.Itoa(n) }
