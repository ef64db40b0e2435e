// Package golden tests the Vobiz XML an app sends against golden files,
// built on github.com/sebdah/goldie/v2.
//
// A golden file holds the exact bytes sent on the wire. It lives at
// testdata/golden/<TestName>/<name>.xml beside the test, where <TestName> is
// the test's full name (subtests become subfolders).
//
// # Quick start
//
//	func TestAnswer(t *testing.T) {
//		resp := vxml.NewResponse().
//			Conference("Room", vxml.ConferenceAttrs{EnterSound: "beep:1"}).
//			Speak("You have been removed from the meeting")
//		golden.AssertResponse(t, "join", resp)
//
//		golden.AssertHandler(t, "answer", app.Handler(), golden.Webhook{
//			CallUUID: "1c1f4d52-0c5e-4c37-9d3b-6a4f3f1c2b10",
//			From:     "14155550100",
//			To:       "14155550199",
//			Event:    vxml.EventStartApp,
//		})
//	}
//
// Create or refresh the golden files, then review them with git diff:
//
//	GOLDIE_UPDATE=1 go test ./...
//
// # What is checked
//
// [AssertResponse] validates and renders a *xml.Response; an invalid document
// fails the test with its validation errors and never becomes a golden file.
// [AssertXML] takes bytes that must be one well-formed XML document.
// [AssertHandler] sends a simulated Vobiz webhook ([Webhook]: a form-encoded
// POST with the standard parameters) to an http.Handler and checks the status
// and Content-Type before the body.
//
// The comparison is byte for byte. On a mismatch the failure names the
// element path of the first difference, such as
// Response/Conference[1]@enterSound, and shows a unified diff of the indented
// forms ([Indent]), so a one-attribute change is a three-line hunk while the
// golden file keeps the compact wire bytes. [WithCanonical] compares
// canonical forms instead, for XML that comes from elsewhere: attribute
// order, whitespace between elements and the empty-element form do not
// matter there.
//
// Failures are reported with t.Errorf, so one test can report several; each
// assertion also returns whether it passed.
//
// # Updating
//
// goldie's -update flag and GOLDIE_UPDATE=1 both rewrite the golden files
// with the output of the run. The flag exists only in test binaries of
// packages that import goldie (this one does), and it goes after the package
// list: go test ./flow -update. GOLDIE_UPDATE=1 go test ./... works for
// every package. goldie's -clean is not for use here: it deletes each
// folder before its first write, losing the golden files the run did not
// write (subtests left out by -run, for one).
package golden
