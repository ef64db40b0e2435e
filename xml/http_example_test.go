package xml_test

import (
	"errors"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"strings"

	vxml "github.com/kickflow/kickflow/xml"
)

func ExampleWrite() {
	answer := func(w http.ResponseWriter, req *http.Request) {
		doc := vxml.NewResponse().Conference("MyConference").Speak("Goodbye")
		if err := vxml.Write(w, doc); err != nil {
			// Nothing was written yet: serve something the caller can hear.
			log.Print(err)
			if err := vxml.Write(w, vxml.DefaultFallback()); err != nil {
				log.Print(err)
			}
		}
	}
	rec := httptest.NewRecorder()
	answer(rec, httptest.NewRequest(http.MethodPost, "/answer", nil))
	fmt.Println(rec.Code, rec.Header().Get("Content-Type"))
	fmt.Println(rec.Body.String())
	// Output:
	// 200 application/xml; charset=utf-8
	// <?xml version="1.0" encoding="UTF-8"?><Response><Conference>MyConference</Conference><Speak>Goodbye</Speak></Response>
}

func ExampleNewHandler() {
	continuation := func(req *http.Request) (*vxml.Response, error) {
		hook, err := vxml.ParseWebhook(req)
		if err != nil {
			return nil, err
		}
		return nil, errors.New("no continuation stored for " + hook.CallUUID)
	}
	h, err := vxml.NewHandler(continuation,
		vxml.WithFallback(vxml.NewResponse().Speak("You have left the meeting.").Hangup()))
	if err != nil {
		fmt.Println(err)
		return
	}

	req := httptest.NewRequest(http.MethodPost, "/continue", strings.NewReader("CallUUID=abc"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req) // logs the error through slog.Default()
	fmt.Println(rec.Code)
	fmt.Println(rec.Body.String())
	// Output:
	// 200
	// <?xml version="1.0" encoding="UTF-8"?><Response><Speak>You have left the meeting.</Speak><Hangup/></Response>
}
