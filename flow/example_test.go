package flow_test

import (
	"context"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path"
	"strings"

	"github.com/kickflow/kickflow/flow"
	"github.com/kickflow/kickflow/kick"
	"github.com/kickflow/kickflow/kick/kicktest"
	vxml "github.com/kickflow/kickflow/xml"
)

// post sends form to the flow's handler as the platform would (unsigned
// here: the flows of these examples have no auth token).
func post(h http.Handler, endpoint string, form url.Values) string {
	r := httptest.NewRequest(http.MethodPost, "https://app.example.com/vobiz"+endpoint, strings.NewReader(form.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w.Body.String()
}

func ExampleFlow_Join() {
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

	resp, err := f.Join("Sales", vxml.ConferenceAttrs{EnterSound: "beep:1"})
	if err != nil {
		log.Fatal(err)
	}
	out, err := resp.RenderIndent()
	if err != nil {
		log.Fatal(err)
	}
	// The join token differs on every call.
	callback := resp.Elements[0].(*vxml.Conference).Attrs.CallbackURL
	fmt.Print(strings.ReplaceAll(string(out), path.Base(callback), "TOKEN"))
	// Output:
	// <?xml version="1.0" encoding="UTF-8"?>
	// <Response>
	//   <Conference stayAlone="true" enterSound="beep:1" callbackUrl="https://app.example.com/vobiz/events/TOKEN">Sales</Conference>
	//   <Redirect>https://app.example.com/vobiz/continue/TOKEN</Redirect>
	// </Response>
}

func ExampleFlow_Kick() {
	ctx := context.Background()
	srv := kicktest.NewServer()
	defer srv.Close()
	client, err := kick.New(srv.AuthID, srv.AuthToken, kick.WithBaseURL(srv.URL), kick.WithHTTPClient(srv.Client()))
	if err != nil {
		log.Fatal(err)
	}
	f, err := flow.New(client, "https://app.example.com/vobiz")
	if err != nil {
		log.Fatal(err)
	}

	// The caller is in the room, and the platform has told the flow so.
	srv.AddMember("Sales", kicktest.Member{ID: "7", CallUUID: "call-a"})
	post(f, flow.EventsPath, url.Values{
		"ConferenceAction": {"enter"}, "ConferenceName": {"Sales"},
		"ConferenceMemberID": {"7"}, "CallUUID": {"call-a"}, "From": {"14155550100"},
	})

	res, err := f.Kick(ctx, flow.Call("call-a"), flow.Continuation{
		Announce: "Goodbye {{.From}}, {{.Fields.reason}}",
		Fields:   map[string]string{"reason": "the meeting has moved."},
		Then:     flow.Redirect("https://app.example.com/survey"),
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("kicked member", res.Members[0].MemberID, "from", res.Room)

	// The kicked call reaches the Redirect after its Conference.
	fmt.Println(post(f, flow.ContinuePath, url.Values{"CallUUID": {"call-a"}}))
	// A call that left without a kick gets the default.
	fmt.Println(post(f, flow.ContinuePath, url.Values{"CallUUID": {"call-b"}}))
	// Output:
	// kicked member 7 from Sales
	// <?xml version="1.0" encoding="UTF-8"?><Response><Speak>Goodbye 14155550100, the meeting has moved.</Speak><Redirect>https://app.example.com/survey</Redirect></Response>
	// <?xml version="1.0" encoding="UTF-8"?><Response><Speak>The conference has ended.</Speak><Hangup/></Response>
}
