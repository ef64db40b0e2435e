package kicktest_test

import (
	"fmt"
	"io"
	"log"
	"net/http"

	"github.com/kickflow/kickflow/kick/kicktest"
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
