package redisstore_test

import (
	"io"
	"net"
	"net/url"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"
)

// proxyMode is how a tcpProxy treats connections.
type proxyMode int

const (
	forward   proxyMode = iota // pass bytes both ways
	refuse                     // close every connection at once
	blackhole                  // accept and read, never answer
)

// tcpProxy sits between the store's client and the Redis server so that a
// test can cut the connection and bring it back.
type tcpProxy struct {
	l      net.Listener
	target string
	wg     sync.WaitGroup
	mu     sync.Mutex
	mode   proxyMode
	conns  map[net.Conn]struct{}
}

// newTCPProxy starts a proxy to the server at redisURL and returns it with
// the URL to reach the server through it; it stops when the test ends.
func newTCPProxy(t *testing.T, redisURL string) (*tcpProxy, string) {
	t.Helper()
	u, err := url.Parse(redisURL)
	require.NoError(t, err)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	p := &tcpProxy{l: l, target: u.Host, conns: make(map[net.Conn]struct{})}
	p.wg.Go(p.serve)
	t.Cleanup(func() {
		_ = l.Close()
		p.set(refuse)
		p.wg.Wait()
	})
	via := *u
	via.Host = l.Addr().String()
	return p, via.String()
}

// set changes the mode; leaving forward closes every open connection.
func (p *tcpProxy) set(m proxyMode) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.mode = m
	if m != forward {
		for c := range p.conns {
			_ = c.Close()
		}
	}
}

func (p *tcpProxy) serve() {
	for {
		c, err := p.l.Accept()
		if err != nil {
			return
		}
		p.wg.Go(func() { p.handle(c) })
	}
}

// track records c as open; it reports false if the mode refuses it.
func (p *tcpProxy) track(cs ...net.Conn) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.mode == refuse {
		return false
	}
	for _, c := range cs {
		p.conns[c] = struct{}{}
	}
	return true
}

func (p *tcpProxy) untrack(cs ...net.Conn) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, c := range cs {
		delete(p.conns, c)
		_ = c.Close()
	}
}

func (p *tcpProxy) handle(c net.Conn) {
	p.mu.Lock()
	mode := p.mode
	p.mu.Unlock()
	switch mode {
	case refuse:
		_ = c.Close()
		return
	case blackhole:
		if p.track(c) {
			_, _ = io.Copy(io.Discard, c)
		}
		p.untrack(c)
		return
	}
	up, err := net.Dial("tcp", p.target)
	if err != nil {
		_ = c.Close()
		return
	}
	if !p.track(c, up) {
		p.untrack(c, up)
		return
	}
	var wg sync.WaitGroup
	wg.Go(func() {
		_, _ = io.Copy(up, c)
		p.untrack(c, up)
	})
	_, _ = io.Copy(c, up)
	p.untrack(c, up)
	wg.Wait()
}
