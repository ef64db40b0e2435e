package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	neturl "net/url"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"time"

	"github.com/kickflow/kickflow/flow"
	"github.com/kickflow/kickflow/flow/redisstore"
)

// redisStores returns a store factory for the Redis server at url: each
// store gets a key prefix of its own, so that phases and runs do not see
// each other's keys.
func redisStores(url string) storeFactory {
	return func(ctx context.Context) (flow.Store, func() error, error) {
		s, err := redisstore.Open(url, redisstore.WithPrefix(freshPrefix()))
		if err != nil {
			return nil, nil, fmt.Errorf("loadtest: %w", err)
		}
		if err := s.Ping(ctx); err != nil {
			return nil, nil, errors.Join(fmt.Errorf("loadtest: redis at %s: %w", redacted(url), err), s.Close())
		}
		return s, s.Close, nil
	}
}

// freshPrefix returns a Redis key prefix no earlier store of this or
// another run has used, so that a database holding older keys gives the
// same verdict as an empty one.
func freshPrefix() string {
	return fmt.Sprintf("loadtest-%d-%d", os.Getpid(), time.Now().UnixNano())
}

// redacted returns url, which Open has parsed, with its password hidden.
func redacted(url string) string {
	u, err := neturl.Parse(url)
	if err != nil {
		return "(unparsable URL)"
	}
	return u.Redacted()
}

// redisServer is a redis-server process of the run's own, on a loopback
// port, with an append-only file synced on every write so that a restart
// loses nothing. It can be restarted while in use.
type redisServer struct {
	bin, dir, addr string

	mu  sync.Mutex
	cmd *exec.Cmd
}

// startRedis starts bin (redis-server) on a free loopback port.
func startRedis(ctx context.Context, bin string) (*redisServer, error) {
	dir, err := os.MkdirTemp("", "loadtest-redis-")
	if err != nil {
		return nil, fmt.Errorf("loadtest: %w", err)
	}
	addr, err := freeAddr()
	if err != nil {
		return nil, errors.Join(err, os.RemoveAll(dir))
	}
	r := &redisServer{bin: bin, dir: dir, addr: addr}
	if err := r.start(ctx); err != nil {
		return nil, errors.Join(err, os.RemoveAll(dir))
	}
	return r, nil
}

// url returns the server's redis:// URL.
func (r *redisServer) url() string { return "redis://" + r.addr + "/0" }

// start starts the server process and waits until it accepts
// connections.
func (r *redisServer) start(ctx context.Context) error {
	_, port, err := net.SplitHostPort(r.addr)
	if err != nil {
		return fmt.Errorf("loadtest: %w", err)
	}
	cmd := exec.Command(r.bin, "--port", port, "--bind", "127.0.0.1", "--dir", r.dir,
		"--save", "", "--appendonly", "yes", "--appendfsync", "always",
		"--logfile", filepath.Join(r.dir, "redis.log"))
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("loadtest: start %s: %w", r.bin, err)
	}
	r.mu.Lock()
	r.cmd = cmd
	r.mu.Unlock()
	// Up when it accepts connections.
	deadline := time.Now().Add(10 * time.Second)
	for {
		c, err := net.DialTimeout("tcp", r.addr, 100*time.Millisecond)
		if err == nil {
			return c.Close()
		}
		if time.Now().After(deadline) || ctx.Err() != nil {
			return fmt.Errorf("loadtest: redis-server at %s does not answer: %w", r.addr, err)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// stop ends the server gracefully (it finishes its append-only file).
func (r *redisServer) stop() error {
	r.mu.Lock()
	cmd := r.cmd
	r.mu.Unlock()
	if err := cmd.Process.Signal(os.Interrupt); err != nil {
		return fmt.Errorf("loadtest: stop redis-server: %w", err)
	}
	if err := cmd.Wait(); err != nil {
		return fmt.Errorf("loadtest: redis-server: %w", err)
	}
	return nil
}

// restart stops the server and starts it again on the same port, with
// the data it had.
func (r *redisServer) restart(ctx context.Context) error {
	if err := r.stop(); err != nil {
		return err
	}
	return r.start(ctx)
}

// close stops the server and removes its files.
func (r *redisServer) close() error {
	return errors.Join(r.stop(), os.RemoveAll(r.dir))
}

// restartEvery restarts r every interval until ctx is done and returns how
// many restarts there were.
func restartEvery(ctx context.Context, r *redisServer, every time.Duration) (int, error) {
	t := time.NewTicker(every)
	defer t.Stop()
	n := 0
	for {
		select {
		case <-ctx.Done():
			return n, nil
		case <-t.C:
			if err := r.restart(context.WithoutCancel(ctx)); err != nil {
				return n, err
			}
			n++
		}
	}
}
