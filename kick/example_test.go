package kick_test

import (
	"context"
	"errors"
	"fmt"
	"log"

	"github.com/kickflow/kickflow/kick"
	"github.com/kickflow/kickflow/kick/kicktest"
)

// newExampleClient returns a client for a kicktest server, as a test would
// make it.
func newExampleClient(srv *kicktest.Server) *kick.Client {
	c, err := kick.New(srv.AuthID, srv.AuthToken,
		kick.WithBaseURL(srv.URL),
		kick.WithHTTPClient(srv.Client()))
	if err != nil {
		log.Fatal(err)
	}
	return c
}

func ExampleClient_Kick() {
	srv := kicktest.NewServer(kicktest.WithCredentials("MA_EXAMPLE", "example-token"))
	defer srv.Close()
	srv.AddMember("MyConf", kicktest.Member{ID: "10", CallUUID: "call-a"})
	srv.AddMember("MyConf", kicktest.Member{ID: "11", CallUUID: "call-b"})
	c := newExampleClient(srv)

	res, err := c.Kick(context.Background(), "MyConf", "10")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(res.StatusCode, res.Message, res.MemberIDs)
	fmt.Println("still in the room:", srv.Members("MyConf"))
	req := srv.Requests()[0]
	fmt.Println(req.Method, req.URI, string(req.Body))
	// Output:
	// 202 kicked [10]
	// still in the room: [{11 call-b}]
	// POST /api/v1/Account/MA_EXAMPLE/Conference/MyConf/Member/10/Kick/ {}
}

func ExampleClient_Kick_all() {
	srv := kicktest.NewServer()
	defer srv.Close()
	srv.AddMember("Team Meeting", kicktest.Member{ID: "10", CallUUID: "call-a"})
	srv.AddMember("Team Meeting", kicktest.Member{ID: "11", CallUUID: "call-b"})
	c := newExampleClient(srv)

	res, err := c.Kick(context.Background(), "Team Meeting", kick.All)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(res.MemberIDs, srv.Conferences())
	// Output:
	// [all] []
}

func ExampleClient_HangUp() {
	srv := kicktest.NewServer()
	defer srv.Close()
	srv.AddMember("MyConf", kicktest.Member{ID: "10", CallUUID: "call-a"})
	c := newExampleClient(srv)

	err := c.HangUp(context.Background(), "MyConf", "10")
	fmt.Println(err, srv.Members("MyConf"))
	// Output:
	// <nil> []
}

// The kinds of failure are told apart with errors.Is; the details of an
// answer from the platform are in a *kick.Error.
func ExampleError() {
	srv := kicktest.NewServer()
	defer srv.Close()
	c := newExampleClient(srv)

	_, err := c.Kick(context.Background(), "Ended Room", "10")
	var apiErr *kick.Error
	if errors.As(err, &apiErr) {
		fmt.Println(apiErr.StatusCode, apiErr.Message)
	}
	fmt.Println(errors.Is(err, kick.ErrNotFound), errors.Is(err, kick.ErrOutcomeUnknown))

	// A 5xx is not retried: the kick may have happened.
	srv.AddMember("MyConf", kicktest.Member{ID: "10", CallUUID: "call-a"})
	srv.Enqueue(kicktest.Response{Status: 502})
	_, err = c.Kick(context.Background(), "MyConf", "10")
	fmt.Println(errors.Is(err, kick.ErrOutcomeUnknown), len(srv.Requests()))
	// Output:
	// 404 conference not found
	// true false
	// true 2
}

// A 429 is retried. The backoff here waits no time at all; the default one
// waits for the server's Retry-After.
func ExampleWithMaxAttempts() {
	srv := kicktest.NewServer()
	defer srv.Close()
	srv.AddMember("MyConf", kicktest.Member{ID: "10", CallUUID: "call-a"})
	srv.Enqueue(kicktest.Response{Status: 429, RetryAfter: "0"})
	c, err := kick.New(srv.AuthID, srv.AuthToken,
		kick.WithBaseURL(srv.URL),
		kick.WithHTTPClient(srv.Client()),
		kick.WithMaxAttempts(2),
		kick.WithBackoff(kick.ExponentialBackoff(0, 0)))
	if err != nil {
		log.Fatal(err)
	}

	res, err := c.Kick(context.Background(), "MyConf", "10")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(res.StatusCode, len(srv.Requests()))
	// Output:
	// 202 2
}

func ExampleClient_Mute() {
	srv := kicktest.NewServer()
	defer srv.Close()
	srv.AddMember("MyConf", kicktest.Member{ID: "10", CallUUID: "call-a"})
	srv.AddMember("MyConf", kicktest.Member{ID: "11", CallUUID: "call-b"})
	c := newExampleClient(srv)

	res, err := c.Mute(context.Background(), "MyConf", "11")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(res)
	fmt.Println(srv.Members("MyConf"))
	// Output:
	// 202 Accepted: muted [11] (api_id kicktest-000001)
	// [{10 call-a} {11 call-b muted}]
}

func ExampleClient_Conference() {
	srv := kicktest.NewServer()
	defer srv.Close()
	srv.AddMember("MyConf", kicktest.Member{ID: "10", CallUUID: "call-a", Deaf: true})
	c := newExampleClient(srv)

	conf, err := c.Conference(context.Background(), "MyConf")
	if err != nil {
		log.Fatal(err)
	}
	for _, m := range conf.Members {
		fmt.Println(conf.Name, m.MemberID, m.CallUUID, "muted:", m.Muted, "deaf:", m.Deaf)
	}
	// Output:
	// MyConf 10 call-a muted: false deaf: true
}

func ExampleClient_Conference_unavailable() {
	srv := kicktest.NewServer(kicktest.WithLiveReads())
	defer srv.Close()
	srv.AddMember("MyConf", kicktest.Member{ID: "10", CallUUID: "call-a"})
	c := newExampleClient(srv)

	_, err := c.Conference(context.Background(), "MyConf")
	fmt.Println(errors.Is(err, kick.ErrUnavailable))
	// Output:
	// true
}
