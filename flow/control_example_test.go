package flow_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net/url"

	"github.com/kickflow/kickflow/flow"
	"github.com/kickflow/kickflow/kick"
	"github.com/kickflow/kickflow/kick/kicktest"
)

// A caller whose enter callback was lost is invisible to the registry
// until Sync reads the room from the platform.
func ExampleFlow_Sync() {
	ctx := context.Background()
	srv := kicktest.NewServer()
	defer srv.Close()
	client, err := kick.New(srv.AuthID, srv.AuthToken, kick.WithBaseURL(srv.URL))
	if err != nil {
		log.Fatal(err)
	}
	f, err := flow.New(client, "https://app.example.com/vobiz")
	if err != nil {
		log.Fatal(err)
	}
	srv.AddMember("Sales", kicktest.Member{ID: "7", CallUUID: "call-lost"})

	res, err := f.Sync(ctx, "Sales")
	if err != nil {
		log.Fatal(err)
	}
	for _, m := range res.Added {
		fmt.Printf("added %s as member %s (reconciled: %v)\n", m.CallUUID, m.MemberID, m.Reconciled)
	}
	muted, err := f.Mute(ctx, flow.Call("call-lost"))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("muted member", muted.Members[0].MemberID+":", muted.Response.Message)
	// Output:
	// added call-lost as member 7 (reconciled: true)
	// muted member 7: muted
}

// Where the platform answers a read with {"error":"failed"}, as the live
// platform did for live rooms, Sync changes nothing and says so.
func ExampleFlow_Sync_unavailable() {
	srv := kicktest.NewServer(kicktest.WithLiveReads())
	defer srv.Close()
	client, err := kick.New(srv.AuthID, srv.AuthToken, kick.WithBaseURL(srv.URL))
	if err != nil {
		log.Fatal(err)
	}
	f, err := flow.New(client, "https://app.example.com/vobiz")
	if err != nil {
		log.Fatal(err)
	}
	srv.AddMember("Sales", kicktest.Member{ID: "7", CallUUID: "call-lost"})
	res, err := f.Sync(context.Background(), "Sales")
	fmt.Println(res.Unavailable, errors.Is(err, kick.ErrUnavailable), len(res.Added))
	// Output:
	// true true 0
}

// TellRoom tells those who stay, once the kick has succeeded.
func ExampleRoomMessage() {
	ctx := context.Background()
	srv := kicktest.NewServer()
	defer srv.Close()
	client, err := kick.New(srv.AuthID, srv.AuthToken, kick.WithBaseURL(srv.URL))
	if err != nil {
		log.Fatal(err)
	}
	f, err := flow.New(client, "https://app.example.com/vobiz")
	if err != nil {
		log.Fatal(err)
	}
	for _, m := range []struct{ call, id, from string }{{"call-a", "1", "+14155550101"}, {"call-b", "2", "+14155550102"}} {
		srv.AddMember("Sales", kicktest.Member{ID: m.id, CallUUID: m.call})
		post(f, flow.EventsPath, url.Values{"ConferenceAction": {"enter"}, "CallUUID": {m.call},
			"ConferenceName": {"Sales"}, "ConferenceMemberID": {m.id}, "From": {m.from}})
	}
	res, err := f.Kick(ctx, flow.Call("call-a"), flow.Continuation{
		Announce: "Goodbye.",
		TellRoom: flow.RoomMessage{Speak: "{{.From}} has left the meeting."},
	})
	if err != nil {
		log.Fatal(err)
	}
	for _, r := range srv.Requests() {
		fmt.Println(r.Route, r.MemberIDs)
	}
	fmt.Println("told", len(res.TellRoom.Members), "member(s); error:", res.TellRoom.Err)
	// Output:
	// Kick [1]
	// Speak [2]
	// told 1 member(s); error: <nil>
}
