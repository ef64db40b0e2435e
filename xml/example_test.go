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

func ExampleNewResponse() {
	resp := vxml.NewResponse().
		Speak("Please hold while we connect you").
		Play("https://example.com/hold.mp3").
		Hangup()
	out, err := resp.Render()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(string(out))
	// Output:
	// <?xml version="1.0" encoding="UTF-8"?><Response><Speak>Please hold while we connect you</Speak><Play>https://example.com/hold.mp3</Play><Hangup/></Response>
}

func ExampleResponse_Conference() {
	// The Redirect after the Conference runs when the caller leaves the
	// room while the call is up, for example when the caller is kicked.
	out, err := vxml.NewResponse().
		Conference("Standup", vxml.ConferenceAttrs{
			StartConferenceOnEnter: vxml.True,
			StayAlone:              vxml.True,
			EnterSound:             "beep:1",
			CallbackURL:            "https://example.com/events?room=standup&team=7",
			TimeLimit:              30 * time.Minute,
		}).
		Redirect("https://example.com/continue", vxml.RedirectAttrs{Method: vxml.MethodPost}).
		RenderIndent()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(string(out))
	// Output:
	// <?xml version="1.0" encoding="UTF-8"?>
	// <Response>
	//   <Conference startConferenceOnEnter="true" stayAlone="true" enterSound="beep:1" callbackUrl="https://example.com/events?room=standup&amp;team=7" timeLimit="1800">Standup</Conference>
	//   <Redirect method="POST">https://example.com/continue</Redirect>
	// </Response>
}

func ExampleResponse_RenderIndent() {
	out, err := vxml.NewResponse().
		PreAnswer(func(p *vxml.PreAnswerBuilder) {
			p.Play("https://example.com/ring.mp3")
		}).
		Dial(vxml.DialAttrs{CallerID: "+14155550100"}, func(d *vxml.DialBuilder) {
			d.Number("+14155550101", vxml.NumberAttrs{SendDigits: "ww42"})
		}).
		RenderIndent()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(string(out))
	// Output:
	// <?xml version="1.0" encoding="UTF-8"?>
	// <Response>
	//   <PreAnswer>
	//     <Play>https://example.com/ring.mp3</Play>
	//   </PreAnswer>
	//   <Dial callerId="+14155550100">
	//     <Number sendDigits="ww42">+14155550101</Number>
	//   </Dial>
	// </Response>
}

func ExampleResponse_AppendRender() {
	// AppendRender writes into a buffer the caller reuses, so rendering a
	// finished document allocates nothing.
	resp := vxml.NewResponse().Speak("Goodbye").Hangup()
	buf := make([]byte, 0, 512)
	for range 2 {
		var err error
		buf, err = resp.AppendRender(buf[:0])
		if err != nil {
			fmt.Println(err)
			return
		}
	}
	fmt.Println(string(buf))
	// Output:
	// <?xml version="1.0" encoding="UTF-8"?><Response><Speak>Goodbye</Speak><Hangup/></Response>
}

func ExampleResponse_Add() {
	// Elements can also be struct literals; Add appends them.
	resp := vxml.NewResponse().Add(
		&vxml.Wait{Attrs: vxml.WaitAttrs{Length: 2 * time.Second}},
		&vxml.Speak{Content: []vxml.Node{
			vxml.Text("Welcome "),
			&vxml.Tag{Name: "emphasis", Attrs: []vxml.Attr{{Name: "level", Value: "strong"}}, Content: []vxml.Node{vxml.Text("back")}},
		}},
	)
	out, err := resp.Render()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(string(out))
	// Output:
	// <?xml version="1.0" encoding="UTF-8"?><Response><Wait length="2"/><Speak>Welcome <emphasis level="strong">back</emphasis></Speak></Response>
}

func ExampleResponse_Etree() {
	resp := vxml.NewResponse().
		Conference("Sales", vxml.ConferenceAttrs{StayAlone: vxml.False}).
		Speak("You have left the meeting")
	doc, err := resp.Etree()
	if err != nil {
		fmt.Println(err)
		return
	}
	conf := doc.FindElement("/Response/Conference")
	fmt.Println(conf.Text(), conf.SelectAttrValue("stayAlone", "unset"))

	// Writing the etree document gives the bytes of Render.
	s, err := doc.WriteToString()
	if err != nil {
		fmt.Println(err)
		return
	}
	out, err := resp.Render()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(s == string(out))
	// Output:
	// Sales false
	// true
}

func ExampleValidationError() {
	err := vxml.NewResponse().
		Gather(vxml.GatherAttrs{Action: "https://example.com/menu"}, func(g *vxml.GatherBuilder) {
			g.Speak("Press 1").Play("")
		}).
		Validate()
	var problem *vxml.ValidationError
	if errors.As(err, &problem) {
		fmt.Println(problem.Path)
		fmt.Println(problem.Msg)
	}
	// Output:
	// Response/Gather[1]/Play[1]
	// URL is empty
}

func ExampleEndAfter() {
	out, err := vxml.NewResponse().
		Gather(vxml.GatherAttrs{
			Action:           "https://example.com/pin",
			InputType:        vxml.InputDTMF,
			DigitEndTimeout:  vxml.EndAfter(3 * time.Second),
			SpeechEndTimeout: vxml.EndTimeoutAuto,
			FinishOnKey:      "none",
			Log:              vxml.False,
		}, nil).
		Render()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(string(out))
	// Output:
	// <?xml version="1.0" encoding="UTF-8"?><Response><Gather action="https://example.com/pin" inputType="dtmf" digitEndTimeout="3" speechEndTimeout="auto" finishOnKey="none" log="false"/></Response>
}
