package xml_test

import (
	"fmt"

	vxml "github.com/kickflow/kickflow/xml"
)

func ExampleCheck() {
	doc := []byte(`<Response>
  <Conference>Support</Conference>
  <Gather numDigits="40" action="https://app.example/pin"/>
</Response>`)
	for _, f := range vxml.Check(doc) {
		fmt.Println(f)
	}
	// Output:
	// 2:3: Response/Conference[1]@stayAlone: warning: not set: Vobiz's default false disconnects a member who is alone; set it explicitly (stay-alone)
	// 3:3: Response/Gather[1]@numDigits: error: 40 is outside 1..32 (invalid)
}

func ExampleFormat() {
	out, err := vxml.Format([]byte(`<Response><!-- greet first --><Speak>Hello</Speak><Hangup/></Response>`))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(string(out))
	// Output:
	// <?xml version="1.0" encoding="UTF-8"?>
	// <Response>
	//   <!-- greet first -->
	//   <Speak>Hello</Speak>
	//   <Hangup/>
	// </Response>
}

func ExampleLocations() {
	var loc vxml.Locations
	doc, err := vxml.Parse([]byte("<Response>\n  <Speak>Hi</Speak>\n  <Play>http://app.example/a.mp3</Play>\n</Response>"), vxml.Locate(&loc))
	if err != nil {
		fmt.Println(err)
		return
	}
	line, col, _ := loc.Element(doc.Elements[1])
	fmt.Println("Play starts at", line, col)
	for _, f := range loc.Lint(doc) {
		fmt.Printf("%d:%d: %s\n", f.Line, f.Column, f.Rule)
	}
	// Output:
	// Play starts at 3 3
	// 3:3: insecure-url
}
