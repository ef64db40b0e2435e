package redistest

import (
	"context"
	"crypto/rand"
	"errors"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

// Hint is the message of a test that found no Redis: how to get one.
const Hint = "no Redis server: set REDIS_URL (for example redis://127.0.0.1:6379/0) " +
	"or put redis-server on PATH (Debian/Ubuntu: apt-get install redis-server)"

// shared holds what [Run] stops: the servers the package's tests share.
var shared struct {
	mu      sync.Mutex
	running bool     // inside Run
	stops   []func() // in start order; run in reverse

	singleMu  sync.Mutex
	singleURL string
	singleErr error
}

// Run runs the package's tests (m.Run) and then stops every server that
// [URL], [Cluster] or [Sentinel] started for them, and returns m.Run's
// exit code. Call it from TestMain:
//
//	func TestMain(m *testing.M) { os.Exit(redistest.Run(m)) }
func Run(m *testing.M) int {
	shared.mu.Lock()
	shared.running = true
	shared.mu.Unlock()
	defer stopAll()
	return m.Run()
}

// stopAll stops the shared servers, the last started first.
func stopAll() {
	shared.mu.Lock()
	stops := shared.stops
	shared.stops, shared.running = nil, false
	shared.mu.Unlock()
	for i := len(stops) - 1; i >= 0; i-- {
		stops[i]()
	}
}

// onStop queues stop for the end of [Run].
func onStop(stop func()) {
	shared.mu.Lock()
	defer shared.mu.Unlock()
	shared.stops = append(shared.stops, stop)
}

// needRun fails t when the package does not run its tests through [Run].
func needRun(t testing.TB) {
	t.Helper()
	shared.mu.Lock()
	running := shared.running
	shared.mu.Unlock()
	if !running {
		t.Fatal("redistest: the package's TestMain must run its tests through redistest.Run")
	}
}

// skip skips t with msg, or fails it under CI=true.
func skip(t testing.TB, msg string) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatal(msg + " (CI=true: failing instead of skipping)")
	}
	t.Skip(msg)
}

// serverBin returns the path of redis-server on PATH, or skips t (fails
// it under CI=true).
func serverBin(t testing.TB) string {
	t.Helper()
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		skip(t, "redis-server not on PATH (Debian/Ubuntu: apt-get install redis-server)")
	}
	return bin
}

// URL returns the redis:// URL of a single Redis server for t: REDIS_URL
// if set, else a redis-server from PATH started on a free loopback port
// (no persistence) on the first call and shared by the test binary's
// tests until [Run] returns. With neither, t is skipped with [Hint]
// (failed under CI=true). Keep t's keys apart with [Prefix].
func URL(t testing.TB) string {
	t.Helper()
	needRun(t)
	if url := os.Getenv("REDIS_URL"); url != "" {
		return url
	}
	if _, err := exec.LookPath("redis-server"); err != nil {
		skip(t, Hint)
	}
	shared.singleMu.Lock()
	defer shared.singleMu.Unlock()
	if shared.singleURL == "" && shared.singleErr == nil {
		shared.singleURL, shared.singleErr = startShared()
	}
	if shared.singleErr != nil {
		t.Fatal(shared.singleErr)
	}
	return shared.singleURL
}

// startShared starts the shared single server and queues its stop.
func startShared() (string, error) {
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		return "", err
	}
	dir, err := os.MkdirTemp("", "redistest-")
	if err != nil {
		return "", err
	}
	n, err := startNode(bin, dir, false, nil)
	if err != nil {
		return "", errors.Join(err, os.RemoveAll(dir))
	}
	onStop(func() {
		n.kill()
		_ = os.RemoveAll(dir)
	})
	return "redis://" + n.addr() + "/0", nil
}

// Prefix returns a key prefix that no other test uses (letters and digits
// only, so it is safe in key patterns and as a redisstore prefix). When
// t ends, every key on the [URL] server that contains it is deleted.
func Prefix(t testing.TB) string {
	t.Helper()
	url := URL(t)
	p := "t" + strings.ToLower(rand.Text()[:12])
	t.Cleanup(func() {
		if err := deleteKeys(url, p); err != nil {
			t.Errorf("redistest: delete the keys of prefix %s: %v", p, err)
		}
	})
	return p
}

// deleteKeys deletes the keys containing p on the server at url.
func deleteKeys(url, p string) error {
	o, err := redis.ParseURL(url)
	if err != nil {
		return err
	}
	o.DisableIdentity = true
	c := redis.NewClient(o)
	defer c.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	iter := c.Scan(ctx, 0, "*"+p+"*", 1000).Iterator()
	for iter.Next(ctx) {
		if err := c.Del(ctx, iter.Val()).Err(); err != nil {
			return err
		}
	}
	return iter.Err()
}

// Server is a redis-server of one test's own, made by [Start].
type Server struct {
	n *node
}

// Start starts a redis-server from PATH for t alone, on a free loopback
// port with no persistence and its directory in t.TempDir, and stops it
// when t ends. It is for tests that kill or restart their server; REDIS_URL
// does not replace it. Without redis-server on PATH, t is skipped (failed
// under CI=true).
func Start(t testing.TB) *Server {
	t.Helper()
	bin := serverBin(t)
	n, err := startNode(bin, t.TempDir(), false, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(n.kill)
	return &Server{n: n}
}

// Addr returns the server's host:port.
func (s *Server) Addr() string { return s.n.addr() }

// URL returns the server's redis:// URL (database 0).
func (s *Server) URL() string { return "redis://" + s.n.addr() + "/0" }

// Kill ends the server with SIGKILL, as a crash would, and waits for it to
// exit. Without persistence, its data is gone.
func (s *Server) Kill() { s.n.kill() }

// Restart starts the server again on the same port, killing it first if
// it runs, and waits until it answers.
func (s *Server) Restart(t testing.TB) {
	t.Helper()
	s.n.kill()
	if err := s.n.start(); err != nil {
		t.Fatal(err)
	}
}
