package flow

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// FuzzParseAnnounce checks that whatever the checker accepts executes with
// output no larger than the source plus one printed value per action: no
// accepted template can loop, recurse or build values.
func FuzzParseAnnounce(f *testing.F) {
	for _, s := range []string{
		"Goodbye {{.From}}, you have been removed from {{.Room}}.",
		"Goodbye {{.From}}, member {{.MemberID}} of {{.Room}}: {{.Fields.reason}} <&>",
		"{{if .CallerName}}Hi{{else if .From}}a{{else}}b{{end}}",
		"{{with .Fields}}{{.reason}}{{end}}{{with .To}}{{.}}{{else}}-{{end}}",
		"{{- /* c */ -}} {{.}}",
		`{{range 1000000000000}}{{end}}`,
		`{{define "a"}}{{template "a"}}{{end}}{{template "a"}}`,
		`{{block "a" .}}{{template "a"}}{{end}}`,
		`{{printf "%01000000d" (printf "%01000000d" 1)}}`,
		`{{print (print .From .From) (print .From .From)}}`,
		`{{$x := .From}}{{$x}}{{.From | print}}{{(.Fields).reason}}{{"s"}}`,
		"Hi {{.From",
	} {
		f.Add(s)
	}
	data := TemplateData{
		From: "14155550100", To: "14155550199", CallerName: "Ann",
		Room: "Sales", MemberID: "7", CallUUID: "call-a",
		Fields: map[string]string{"reason": "done", "x": "y"},
	}
	// The largest value one action can print is the whole data.
	largest := len(fmt.Sprint(data))
	f.Fuzz(func(t *testing.T, text string) {
		tmpl, err := parseAnnounce(text)
		if err != nil {
			if !errors.Is(err, ErrInvalidArgument) {
				t.Fatalf("rejection %v does not match ErrInvalidArgument", err)
			}
			return
		}
		if len(text) > MaxTemplateBytes {
			t.Fatalf("accepted %d bytes of source", len(text))
		}
		if n := len(tmpl.Templates()); n > 1 {
			t.Fatalf("accepted %d templates", n)
		}
		out, err := execute(tmpl, data)
		if err != nil {
			return
		}
		if limit := len(text) + strings.Count(text, "{{")*largest; len(out) > limit {
			t.Fatalf("%q printed %d bytes, more than %d", text, len(out), limit)
		}
	})
}
