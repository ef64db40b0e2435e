package golden_test

import (
	"net/http"
	"testing"

	"github.com/kickflow/kickflow/golden"
	vxml "github.com/kickflow/kickflow/xml"
)

// TestReadme holds the snippet of README.md's "`golden` — golden files for
// the XML you send" section, line for line, against the files in
// testdata/golden/TestReadme.
func TestReadme(t *testing.T) {
	resp := vxml.NewResponse().Speak("You have been removed.").Hangup()
	handler := vxml.HandlerFunc(func(r *http.Request) (*vxml.Response, error) {
		return vxml.NewResponse().Speak("Hello " + r.FormValue("From")).Hangup(), nil
	})

	// README snippet starts.
	golden.AssertResponse(t, "kicked", resp) // testdata/golden/<TestName>/kicked.xml
	golden.AssertHandler(t, "answer", handler, golden.Webhook{From: "14155550100"})
	// README snippet ends.
}
