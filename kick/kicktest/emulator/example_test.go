package emulator_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/kickflow/kickflow/kick/kicktest"
	"github.com/kickflow/kickflow/kick/kicktest/emulator"
)

// An app in any language is driven through the control API: start a call
// with a scripted caller, then read its transcript.
func Example() {
	app := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/xml")
		if r.URL.Path == "/pin" {
			_ = r.ParseForm()
			fmt.Fprintf(w, "<Response><Speak>You entered %s</Speak></Response>", html.EscapeString(r.PostForm.Get("Digits")))
			return
		}
		fmt.Fprintf(w, `<Response><Gather action="http://%s/pin" numDigits="4"><Speak>PIN?</Speak></Gather></Response>`, r.Host)
	}))
	defer app.Close()

	srv := kicktest.NewServer()
	defer srv.Close()
	em, err := emulator.New(srv)
	if err != nil {
		log.Fatal(err)
	}
	defer em.Close()
	front := httptest.NewServer(em)
	defer front.Close()

	body, _ := json.Marshal(map[string]any{
		"answerUrl": app.URL + "/answer", "callUuid": "call-1",
		"input": []emulator.Input{{Keys: "4321"}},
	})
	res, err := http.Post(front.URL+"/control/calls", "application/json", bytes.NewReader(body))
	if err != nil {
		log.Fatal(err)
	}
	res.Body.Close()

	var c emulator.CallState
	for deadline := time.Now().Add(10 * time.Second); !c.Done && time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		res, err := http.Get(front.URL + "/control/calls/call-1")
		if err != nil {
			log.Fatal(err)
		}
		data, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if err := json.Unmarshal(data, &c); err != nil {
			log.Fatal(err)
		}
	}
	for _, l := range c.Transcript {
		fmt.Println(l.Text)
	}
	fmt.Println("ended:", c.Cause)
	// Output:
	// gathering dtmf (4 digits, finish #, 15s)
	// spoke "PIN?"
	// gathered digits 4321
	// spoke "You entered 4321"
	// hung up: End Of XML Instructions (4010)
	// ended: End Of XML Instructions (4010)
}
