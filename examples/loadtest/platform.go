package main

import (
	"net/http"
	"net/url"
	"sync/atomic"
	"time"

	"github.com/kickflow/kickflow/kick/kicktest"
)

// Fixed credentials, so that a fresh fake platform can take over from the
// previous one without the app noticing.
const (
	authID    = "MA_LOADTEST"
	authToken = "loadtest-auth-token"
)

// platform is the fake Vobiz platform the apps talk to. Its REST address is
// stable for the whole run; behind it, renew swaps in a fresh kicktest
// server, so a soak does not keep every call the fake ever simulated in
// memory. It is safe for concurrent use.
type platform struct {
	opts      []kicktest.Option
	current   atomic.Pointer[kicktest.Server]
	transport *http.Transport
}

// newPlatform starts the first fake platform with opts (plus the fixed
// credentials).
func newPlatform(opts ...kicktest.Option) *platform {
	p := &platform{
		opts: append([]kicktest.Option{kicktest.WithCredentials(authID, authToken)}, opts...),
		transport: &http.Transport{
			MaxIdleConns:        256,
			MaxIdleConnsPerHost: 256,
			IdleConnTimeout:     30 * time.Second,
		},
	}
	p.current.Store(kicktest.NewServer(p.opts...))
	return p
}

// server returns the fake platform in service.
func (p *platform) server() *kicktest.Server { return p.current.Load() }

// renew closes the fake platform in service and starts a fresh one. Calls
// still running on the old one are ended.
func (p *platform) renew() {
	old := p.current.Swap(kicktest.NewServer(p.opts...))
	old.Close()
	p.transport.CloseIdleConnections()
}

// close stops the fake platform in service.
func (p *platform) close() {
	p.server().Close()
	p.transport.CloseIdleConnections()
}

// baseURL is the REST address apps are given. Its host is rewritten to the
// current fake platform's on every request.
const baseURL = "http://platform.invalid"

// httpClient returns a client for the REST API whose requests reach the
// current fake platform. Its timeout bounds one attempt.
func (p *platform) httpClient(timeout time.Duration) *http.Client {
	return &http.Client{Transport: rerouter{p}, Timeout: timeout}
}

// rerouter sends each request to the fake platform in service.
type rerouter struct{ p *platform }

// RoundTrip sends r to the current fake platform's address.
func (rr rerouter) RoundTrip(r *http.Request) (*http.Response, error) {
	u, err := url.Parse(rr.p.server().URL)
	if err != nil {
		return nil, err
	}
	r2 := r.Clone(r.Context())
	r2.URL.Scheme, r2.URL.Host, r2.Host = u.Scheme, u.Host, ""
	return rr.p.transport.RoundTrip(r2)
}
