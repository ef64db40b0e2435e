package kicktest_test

import (
	"context"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"

	"github.com/kickflow/kickflow/kick"
	"github.com/kickflow/kickflow/kick/kicktest"
	"github.com/kickflow/kickflow/xml"
)

// kickByHand sends a kick request by hand, as any client under test would.
func kickByHand(srv *kicktest.Server, conference, memberIDs string) {
	req, err := http.NewRequest(http.MethodPost,
		srv.URL+"/api/v1/Account/"+srv.AuthID+"/Conference/"+conference+"/Member/"+memberIDs+"/Kick/", nil)
	if err != nil {
		log.Fatal(err)
	}
	req.Header.Set("X-Auth-ID", srv.AuthID)
	req.Header.Set("X-Auth-Token", srv.AuthToken)
	resp, err := srv.Client().Do(req)
	if err != nil {
		log.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(resp.StatusCode, string(body))
}

func ExampleNewServer() {
	srv := kicktest.NewServer(
		kicktest.WithCredentials("MA_EXAMPLE", "token"),
		kicktest.WithHook(func(e kicktest.Event) {
			fmt.Println(e.Action, e.Conference, e.Member.CallUUID)
		}))
	defer srv.Close()
	srv.AddMember("MyConf", kicktest.Member{ID: "10", CallUUID: "call-a"})
	srv.AddMember("MyConf", kicktest.Member{ID: "11", CallUUID: "call-b"})

	kickByHand(srv, "MyConf", "10")
	fmt.Println(srv.Members("MyConf"))
	// Output:
	// kicked MyConf call-a
	// 202 {"api_id":"kicktest-000001","member_id":["10"],"message":"kicked"}
	// [{11 call-b}]
}

func ExampleServer_Enqueue() {
	srv := kicktest.NewServer()
	defer srv.Close()
	srv.AddMember("MyConf", kicktest.Member{ID: "10", CallUUID: "call-a"})
	// The platform removes the member but the answer is a 502.
	srv.Enqueue(kicktest.Response{Status: 502, Body: "Bad Gateway", Apply: true})

	kickByHand(srv, "MyConf", "10")
	fmt.Println(srv.Members("MyConf"), len(srv.Requests()))
	// Output:
	// 502 Bad Gateway
	// [] 1
}

// A test of an app server: the platform calls the app, the caller joins
// the room, the test kicks the member with the kick client, and the
// transcript shows what the caller heard next.
func Example_kick() {
	app := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		doc := xml.NewResponse().
			Conference("MyConf", xml.ConferenceAttrs{StayAlone: xml.True}).
			Speak("You have been removed from the meeting")
		w.Header().Set("Content-Type", "application/xml")
		if _, err := doc.WriteTo(w); err != nil {
			log.Print(err)
		}
	}))
	defer app.Close()
	srv := kicktest.NewServer()
	defer srv.Close()
	ctx := context.Background()

	call := srv.StartCall(kicktest.CallSpec{AnswerURL: app.URL, CallUUID: "call-a"})
	member, err := srv.WaitMember(ctx, "MyConf", "call-a")
	if err != nil {
		log.Fatal(err)
	}
	client, err := kick.New(srv.AuthID, srv.AuthToken, kick.WithBaseURL(srv.URL), kick.WithHTTPClient(srv.Client()))
	if err != nil {
		log.Fatal(err)
	}
	if _, err := client.Kick(ctx, "MyConf", member.ID); err != nil {
		log.Fatal(err)
	}
	if _, err := call.Wait(ctx); err != nil {
		log.Fatal(err)
	}
	fmt.Print(call.Transcript())
	// Output:
	// 0s joined MyConf as member 1
	// 0s left MyConf as member 1 (kicked)
	// 0s spoke "You have been removed from the meeting"
	// 1s hung up: End Of XML Instructions (4010)
}

// Holding a callback makes a later one overtake it, as live delivery can.
func ExampleWithCallbackFaults() {
	var app *httptest.Server
	app = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/events" {
			wh, err := xml.ParseWebhook(r)
			if err != nil {
				log.Print(err)
				return
			}
			fmt.Println(wh.Form.Get("ConferenceAction"), wh.CallUUID, "member", wh.Form.Get("ConferenceMemberID"))
			return
		}
		doc := xml.NewResponse().Conference("MyConf", xml.ConferenceAttrs{CallbackURL: app.URL + "/events"})
		w.Header().Set("Content-Type", "application/xml")
		if _, err := doc.WriteTo(w); err != nil {
			log.Print(err)
		}
	}))
	defer app.Close()
	srv := kicktest.NewServer(kicktest.WithCallbackFaults(func(cb kicktest.Callback) kicktest.Fault {
		if cb.Form.Get("CallUUID") == "call-a" && cb.Form.Get("ConferenceAction") == "enter" {
			return kicktest.Hold
		}
		return kicktest.Deliver
	}))
	defer srv.Close()
	ctx := context.Background()

	for _, id := range []string{"call-a", "call-b"} {
		srv.StartCall(kicktest.CallSpec{AnswerURL: app.URL, CallUUID: id})
		if _, err := srv.WaitMember(ctx, "MyConf", id); err != nil {
			log.Fatal(err)
		}
	}
	if err := srv.WaitCallbacks(ctx); err != nil {
		log.Fatal(err)
	}
	srv.ReleaseCallbacks()
	if err := srv.WaitCallbacks(ctx); err != nil {
		log.Fatal(err)
	}
	// Output:
	// enter call-b member 2
	// enter call-a member 1
}
