package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"

	"github.com/kickflow/kickflow/flow"
	"github.com/kickflow/kickflow/kick"
	vxml "github.com/kickflow/kickflow/xml"
)

// The app's routes below its base URL.
const (
	answerPath = "/answer"
	flowPrefix = "/vobiz"
)

// shutdownTimeout bounds the wait for the app's requests in progress.
const shutdownTimeout = 5 * time.Second

// app is the app server the demo is about: an answer URL that puts every
// caller into the main room, and the flow's endpoints for conference
// callbacks and continuations. It listens on a loopback port.
type app struct {
	url    string // http://127.0.0.1:port
	flow   *flow.Flow
	server *http.Server
	served chan error // Serve's result
}

// startApp starts the app. Its flow kicks through client and checks the
// platform's signatures with authToken.
func startApp(client *kick.Client, authToken string) (*app, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("kickdemo: listen: %w", err)
	}
	base := "http://" + ln.Addr().String()
	f, err := flow.New(client, base+flowPrefix, flow.WithAuthToken(authToken))
	if err != nil {
		return nil, errors.Join(fmt.Errorf("kickdemo: %w", err), ln.Close())
	}
	mux := http.NewServeMux()
	mux.Handle(flowPrefix+"/", f)
	mux.Handle(answerPath, vxml.HandlerFunc(func(*http.Request) (*vxml.Response, error) {
		return f.Join(mainRoom, vxml.ConferenceAttrs{EnterSound: "beep:1"})
	}))
	a := &app{
		url:    base,
		flow:   f,
		server: &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second},
		served: make(chan error, 1),
	}
	go func() { a.served <- a.server.Serve(ln) }()
	return a, nil
}

// close shuts the app down, waiting for requests in progress.
func (a *app) close() error {
	ctx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	err := a.server.Shutdown(ctx)
	if serr := <-a.served; !errors.Is(serr, http.ErrServerClosed) {
		err = errors.Join(err, serr)
	}
	if err != nil {
		return fmt.Errorf("kickdemo: app shutdown: %w", err)
	}
	return nil
}
