package xml_test

import (
	"errors"
	"fmt"
	"os"
	"time"

	vxml "github.com/kickflow/kickflow/xml"
)

func Example() {
	out, err := vxml.NewResponse().
		Conference("MyConference", vxml.ConferenceAttrs{EnterSound: "beep:1"}).
		Speak("You have been disconnected from the conference").
		Render()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(string(out))
	// Output:
	// <?xml version="1.0" encoding="UTF-8"?><Response><Conference enterSound="beep:1">MyConference</Conference><Speak>You have been disconnected from the conference</Speak></Response>
}

func ExampleResponse_Gather() {
	out, err := vxml.NewResponse().
		Gather(vxml.GatherAttrs{Action: "https://example.com/menu", NumDigits: vxml.Int(1)}, func(g *vxml.GatherBuilder) {
			g.Speak("Press 1 for sales")
		}).
		Speak("We did not get your choice").
		RenderIndent()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(string(out))
	// Output:
	// <?xml version="1.0" encoding="UTF-8"?>
	// <Response>
	//   <Gather action="https://example.com/menu" numDigits="1">
	//     <Speak>Press 1 for sales</Speak>
	//   </Gather>
	//   <Speak>We did not get your choice</Speak>
	// </Response>
}

func ExampleResponse_SpeakSSML() {
	out, err := vxml.NewResponse().
		SpeakSSML(vxml.SpeakAttrs{Voice: "Polly.Amy"}, func(s *vxml.SSMLBuilder) {
			s.Text("Your code is ").SayAs("digits", "42").Break(vxml.Attr{Name: "time", Value: "1s"}).Text("Goodbye")
		}).
		Render()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(string(out))
	// Output:
	// <?xml version="1.0" encoding="UTF-8"?><Response><Speak voice="Polly.Amy">Your code is <say-as interpret-as="digits">42</say-as><break time="1s"/>Goodbye</Speak></Response>
}

func ExampleResponse_Dial() {
	r := vxml.NewResponse().Dial(vxml.DialAttrs{CallerID: "+14155550100", Timeout: 30 * time.Second}, func(d *vxml.DialBuilder) {
		d.Number("+14155550101").User("sip:agent@example.com")
	})
	if _, err := r.WriteTo(os.Stdout); err != nil {
		fmt.Println(err)
	}
	// Output:
	// <?xml version="1.0" encoding="UTF-8"?><Response><Dial callerId="+14155550100" timeout="30"><Number>+14155550101</Number><User>sip:agent@example.com</User></Dial></Response>
}

func ExampleResponse_Validate() {
	err := vxml.NewResponse().
		Conference("").
		Wait(vxml.WaitAttrs{Length: 1500 * time.Millisecond}).
		Validate()
	fmt.Println(errors.Is(err, vxml.ErrInvalid))
	fmt.Println(err)
	// Output:
	// true
	// Response/Conference[1]: room name is empty
	// Response/Wait[1]@length: 1.5s is not a whole number of seconds
}

func ExampleInt() {
	out, err := vxml.NewResponse().
		Play("https://example.com/hold.mp3", vxml.PlayAttrs{Loop: vxml.Int(0)}).
		Conference("Room", vxml.ConferenceAttrs{StayAlone: vxml.False}).
		Render()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(string(out))
	// Output:
	// <?xml version="1.0" encoding="UTF-8"?><Response><Play loop="0">https://example.com/hold.mp3</Play><Conference stayAlone="false">Room</Conference></Response>
}
