package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"

	"github.com/spf13/cobra"

	"github.com/kickflow/kickflow/kick/kicktest"
	"github.com/kickflow/kickflow/kick/kicktest/emulator"
)

// emulateFlags are the flags of kickflow emulate.
type emulateFlags struct {
	addr      string
	authID    string
	authToken string
}

const emulateLong = `Emulate runs a fake Vobiz on the real-time clock: the conference REST API,
a JSON control API that starts calls to an answer URL, presses keys, speaks,
hangs up and scripts REST faults, and a web console that shows the rooms,
their members and each call's transcript as it happens.

It prints the console's address, the REST base URL to give the app (its
Vobiz client's base URL, or VOBIZ_API_URL for kickflow and kick) and the
credentials the emulator accepts and signs its webhooks with. Give the app
the same auth ID and token: set them with --auth-id and --auth-token, or
take the random ones printed. The token printed is the emulator's own, never
one read from the environment.

The control API is described in the documentation of the Go package
github.com/kickflow/kickflow/kick/kicktest/emulator. It is meant for
loopback: it refuses cross-origin requests and non-JSON POSTs, but has no
authentication, so do not listen on a public address.

It runs until interrupted (Ctrl-C).`

func newEmulateCmd(s streams) *cobra.Command {
	var fl emulateFlags
	cmd := &cobra.Command{
		Use:   "emulate [--addr 127.0.0.1:8089]",
		Short: "Run a fake Vobiz with a control API and a live web console",
		Long:  emulateLong,
		Example: `  kickflow emulate
  kickflow emulate --addr 127.0.0.1:9000 --auth-id MA_LOCAL --auth-token secret`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runEmulate(cmd.Context(), s, fl)
		},
	}
	f := cmd.Flags()
	f.StringVar(&fl.addr, "addr", "127.0.0.1:8089", "the address to listen on")
	f.StringVar(&fl.authID, "auth-id", "", "the auth ID the emulator accepts (default random)")
	f.StringVar(&fl.authToken, "auth-token", "", "the auth token the emulator accepts (default random)")
	return cmd
}

// emulatorServer is a running emulator: a kicktest server and the HTTP
// server of its emulator handler.
type emulatorServer struct {
	srv  *kicktest.Server
	em   *emulator.Emulator
	http *http.Server
	url  string
	errc chan error
}

// startEmulator starts a real-time emulator listening on addr.
func startEmulator(addr, authID, authToken string) (*emulatorServer, error) {
	if (authID == "") != (authToken == "") {
		return nil, usageErr("give both --auth-id and --auth-token, or neither")
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("listening on %s: %w", addr, err)
	}
	opts := []kicktest.Option{kicktest.WithRealClock()}
	if authID != "" {
		opts = append(opts, kicktest.WithCredentials(authID, authToken))
	}
	srv := kicktest.NewServer(opts...)
	em, err := emulator.New(srv)
	if err != nil {
		srv.Close()
		ln.Close()
		return nil, err
	}
	hs := &http.Server{Handler: em, ReadHeaderTimeout: 10 * time.Second}
	es := &emulatorServer{srv: srv, em: em, http: hs, url: "http://" + ln.Addr().String(), errc: make(chan error, 1)}
	go func() { es.errc <- hs.Serve(ln) }()
	return es, nil
}

// close stops the emulator.
func (es *emulatorServer) close() {
	es.em.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_ = es.http.Shutdown(ctx)
	es.srv.Close()
}

func runEmulate(ctx context.Context, s streams, fl emulateFlags) error {
	es, err := startEmulator(fl.addr, fl.authID, fl.authToken)
	if err != nil {
		var ue *usageError
		if !errors.As(err, &ue) {
			fmt.Fprintf(s.err, "kickflow emulate: %v\n", err)
			return &exitError{exitUsage}
		}
		return err
	}
	defer es.close()
	fmt.Fprintf(s.out, `kickflow emulate: a fake Vobiz on the real-time clock
  console:        %[1]s/
  REST base URL:  %[1]s
  control API:    %[1]s/control/
export VOBIZ_API_URL=%[1]s
export VOBIZ_AUTH_ID=%[2]s
export VOBIZ_AUTH_TOKEN=%[3]s
`, es.url, es.srv.AuthID, es.srv.AuthToken)
	select {
	case <-ctx.Done():
		fmt.Fprintln(s.err, "kickflow emulate: stopping")
		return nil
	case err := <-es.errc:
		fmt.Fprintf(s.err, "kickflow emulate: %v\n", err)
		return &exitError{exitUsage}
	}
}
