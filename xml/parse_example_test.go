package xml_test

import (
	"errors"
	"fmt"

	vxml "github.com/kickflow/kickflow/xml"
)

func ExampleParse() {
	doc, err := vxml.Parse([]byte(`<Response>
    <Conference enterSound="beep:1" stayAlone="true">MyConference</Conference>
    <Speak>You have been disconnected from the conference</Speak>
</Response>`))
	if err != nil {
		fmt.Println(err)
		return
	}
	conf := doc.Elements[0].(*vxml.Conference)
	fmt.Println(conf.Room, conf.Attrs.EnterSound, conf.Attrs.StayAlone == vxml.True)
	fmt.Println(len(doc.Elements), "elements")
	// Output:
	// MyConference beep:1 true
	// 2 elements
}

func ExampleParse_errors() {
	_, err := vxml.Parse([]byte(`<Response>
  <Conference stayAlone="yes">Room</Conference>
</Response>`))
	fmt.Println(err)

	var pe *vxml.ParseError
	if errors.As(err, &pe) {
		fmt.Println(pe.Line, pe.Column, pe.Path, pe.Attr, errors.Is(err, vxml.ErrInvalid))
	}
	// Output:
	// xml: line 2, column 3: Response/Conference[1]@stayAlone: "yes": value is not true or false
	// 2 3 Response/Conference[1] stayAlone true
}

func ExampleLenient() {
	data := []byte(`<Response><Conference maxMembers="5">Room</Conference></Response>`)

	_, err := vxml.Parse(data)
	fmt.Println(err)

	doc, err := vxml.Parse(data, vxml.Lenient())
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(doc.Elements[0].(*vxml.Conference).Attrs.Extra)
	// Output:
	// xml: line 1, column 11: Response/Conference[1]@maxMembers: unknown attribute of <Conference> (Lenient keeps it in Extra)
	// [{maxMembers 5}]
}
