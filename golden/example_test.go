package golden_test

import (
	"fmt"
	"net/url"

	"github.com/kickflow/kickflow/golden"
	vxml "github.com/kickflow/kickflow/xml"
)

func ExampleDiff() {
	want := []byte(`<?xml version="1.0" encoding="UTF-8"?><Response><Speak>Please hold</Speak><Conference enterSound="beep:1">Room</Conference><Hangup/></Response>`)
	got := []byte(`<?xml version="1.0" encoding="UTF-8"?><Response><Speak>Please hold</Speak><Conference enterSound="beep:2">Room</Conference><Hangup/></Response>`)
	report, err := golden.Diff(want, got)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(report)
	// Output:
	// first difference at Response/Conference[1]@enterSound: got "beep:2", want "beep:1"
	// --- Expected
	// +++ Actual
	// @@ -3,3 +3,3 @@
	//    <Speak>Please hold</Speak>
	// -  <Conference enterSound="beep:1">Room</Conference>
	// +  <Conference enterSound="beep:2">Room</Conference>
	//    <Hangup/>
}

func ExampleDiffCanonical() {
	want := []byte(`<Response><Wait length="2" silence="true"/></Response>`)
	same := []byte("<Response>\n  <Wait silence='true' length='2'></Wait>\n</Response>\n")
	report, err := golden.DiffCanonical(want, same)
	fmt.Printf("%q %v\n", report, err)

	other := []byte(`<Response><Wait length="3" silence="true"/></Response>`)
	report, err = golden.DiffCanonical(want, other)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(report)
	// Output:
	// "" <nil>
	// first difference at Response/Wait[1]@length: got "3", want "2"
	// --- Expected
	// +++ Actual
	// @@ -1,3 +1,3 @@
	//  <Response>
	// -  <Wait length="2" silence="true"/>
	// +  <Wait length="3" silence="true"/>
	//  </Response>
}

func ExampleIndent() {
	out, err := vxml.NewResponse().
		Gather(vxml.GatherAttrs{Action: "https://example.com/menu"}, func(g *vxml.GatherBuilder) {
			g.Speak("Press 1 for sales")
		}).
		Render()
	if err != nil {
		fmt.Println(err)
		return
	}
	indented, err := golden.Indent(out)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(string(indented))
	// Output:
	// <?xml version="1.0" encoding="UTF-8"?>
	// <Response>
	//   <Gather action="https://example.com/menu">
	//     <Speak>Press 1 for sales</Speak>
	//   </Gather>
	// </Response>
}

func ExampleWebhook_Form() {
	hook := golden.Webhook{
		CallUUID: "c0ffee",
		From:     "14155550100",
		To:       "14155550199",
		Event:    vxml.EventRedirect,
		Extra:    url.Values{"Digits": {"1"}},
	}
	fmt.Println(hook.Form().Encode())
	// Output:
	// ALegUUID=c0ffee&CallStatus=in-progress&CallUUID=c0ffee&Digits=1&Direction=inbound&Event=Redirect&From=14155550100&To=14155550199
}
