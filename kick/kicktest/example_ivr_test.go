package kicktest_test

import (
	"context"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/kickflow/kickflow/kick"
	"github.com/kickflow/kickflow/kick/kicktest"
	"github.com/kickflow/kickflow/xml"
)

// An IVR test start to finish: the caller enters a wrong PIN, then the
// right one, joins the room, is kicked by the test through the kick
// client and hears the continuation. The caller's keys are scripted in
// the CallSpec, so the test never races the call.
func Example_ivr() {
	mux := http.NewServeMux()
	app := httptest.NewServer(mux)
	defer app.Close()
	serve := func(path string, doc func(*xml.Webhook) *xml.Response) {
		mux.Handle(path, xml.HandlerFunc(func(r *http.Request) (*xml.Response, error) {
			w, err := xml.ParseWebhook(r)
			if err != nil {
				return nil, err
			}
			return doc(w), nil
		}))
	}
	serve("/answer", func(*xml.Webhook) *xml.Response {
		return xml.NewResponse().
			Gather(xml.GatherAttrs{Action: app.URL + "/pin", NumDigits: xml.Int(4)},
				func(g *xml.GatherBuilder) { g.Speak("Enter your PIN") }).
			Redirect(app.URL + "/answer")
	})
	serve("/pin", func(w *xml.Webhook) *xml.Response {
		if w.Digits != "4321" {
			return xml.NewResponse().Speak("Wrong PIN").Redirect(app.URL + "/answer")
		}
		return xml.NewResponse().
			Conference("Team", xml.ConferenceAttrs{StayAlone: xml.True}).
			Speak("You have left the room")
	})

	srv := kicktest.NewServer()
	defer srv.Close()
	ctx := context.Background()
	call := srv.StartCall(kicktest.CallSpec{AnswerURL: app.URL + "/answer", CallUUID: "call-a", Input: []kicktest.Input{
		kicktest.Keys{Digits: "1111", Delay: time.Second},
		kicktest.Keys{Digits: "4321", BargeIn: true},
	}})
	member, err := srv.WaitMember(ctx, "Team", "call-a")
	if err != nil {
		log.Fatal(err)
	}
	client, err := kick.New(srv.AuthID, srv.AuthToken, kick.WithBaseURL(srv.URL), kick.WithHTTPClient(srv.Client()))
	if err != nil {
		log.Fatal(err)
	}
	if _, err := client.Kick(ctx, "Team", member.ID); err != nil {
		log.Fatal(err)
	}
	if _, err := call.Wait(ctx); err != nil {
		log.Fatal(err)
	}
	for _, e := range call.Transcript() {
		if r, ok := e.Step.(kicktest.Redirected); ok {
			r.URL = "…/answer" // the app's port changes from run to run
			e.Step = r
		}
		fmt.Println(e.At, e.Step)
	}
	// Output:
	// 0s gathering dtmf (4 digits, finish #, 15s)
	// 0s spoke "Enter your PIN"
	// 2s gathered digits 1111
	// 2s spoke "Wrong PIN"
	// 3s redirected POST …/answer
	// 3s gathering dtmf (4 digits, finish #, 15s)
	// 3s spoke "Enter your PIN"
	// 3s gathered digits 4321
	// 3s joined Team as member 1
	// 3s left Team as member 1 (kicked)
	// 3s spoke "You have left the room"
	// 4s hung up: End Of XML Instructions (4010)
}
