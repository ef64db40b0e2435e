package redisstore_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/require"

	"github.com/kickflow/kickflow/flow/redisstore"
)

// howToGetRedis is the message of a test run that found no server.
const howToGetRedis = "no Redis server: set REDIS_URL (for example redis://127.0.0.1:6379/0) " +
	"or put redis-server on PATH (Debian/Ubuntu: apt-get install redis-server)"

// server is the Redis server the tests use, found or started by TestMain.
var server struct {
	url  string // empty: none, skip
	stop func()
}

// TestMain finds the server: REDIS_URL if set, else a redis-server from
// PATH started on a free loopback port for this run. With neither, the
// tests skip, except under CI=true, where the run fails.
func TestMain(m *testing.M) {
	os.Exit(run(m))
}

func run(m *testing.M) int {
	url, stop, err := findServer()
	switch {
	case err != nil:
		fmt.Fprintln(os.Stderr, "redisstore tests:", err)
		return 1
	case url == "" && os.Getenv("CI") == "true":
		fmt.Fprintln(os.Stderr, "redisstore tests (CI=true):", howToGetRedis)
		return 1
	}
	server.url = url
	if stop != nil {
		defer stop()
	}
	return m.Run()
}

func findServer() (string, func(), error) {
	if url := os.Getenv("REDIS_URL"); url != "" {
		return url, nil, nil
	}
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		return "", nil, nil
	}
	return startServer(bin)
}

// startServer starts bin on a free loopback port without persistence and
// waits until it answers.
func startServer(bin string) (string, func(), error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	port := strconv.Itoa(l.Addr().(*net.TCPAddr).Port)
	if err := l.Close(); err != nil {
		return "", nil, err
	}
	cmd := exec.Command(bin, "--port", port, "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
		"--dir", os.TempDir(), "--logfile", "")
	if err := cmd.Start(); err != nil {
		return "", nil, fmt.Errorf("start redis-server: %w", err)
	}
	stop := func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	}
	url := "redis://127.0.0.1:" + port + "/0"
	c := redis.NewClient(&redis.Options{Addr: "127.0.0.1:" + port, DisableIdentity: true, MaxRetries: -1})
	defer c.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for {
		err := c.Ping(ctx).Err()
		if err == nil {
			return url, stop, nil
		}
		if ctx.Err() != nil {
			stop()
			return "", nil, fmt.Errorf("redis-server on port %s does not answer: %w", port, err)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// needServer returns the server's URL or skips the test.
func needServer(t testing.TB) string {
	t.Helper()
	if server.url == "" {
		t.Skip(howToGetRedis)
	}
	return server.url
}

var prefixes atomic.Int64

// newPrefix returns a key prefix no other test uses and deletes its keys
// when the test ends.
func newPrefix(t testing.TB) string {
	t.Helper()
	p := fmt.Sprintf("test-%d-%d-%d", os.Getpid(), time.Now().UnixNano(), prefixes.Add(1))
	url := needServer(t)
	t.Cleanup(func() {
		o, err := redis.ParseURL(url)
		if err != nil {
			t.Error(err)
			return
		}
		o.DisableIdentity = true
		c := redis.NewClient(o)
		defer c.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		iter := c.Scan(ctx, 0, "{"+p+":*", 1000).Iterator()
		for iter.Next(ctx) {
			if err := c.Del(ctx, iter.Val()).Err(); err != nil {
				t.Error(err)
				return
			}
		}
		if err := iter.Err(); err != nil && !errors.Is(err, context.Canceled) {
			t.Error(err)
		}
	})
	return p
}

// newClient returns a client of the test server, closed when the test ends.
func newClient(t testing.TB) *redis.Client {
	t.Helper()
	o, err := redis.ParseURL(needServer(t))
	require.NoError(t, err)
	o.ContextTimeoutEnabled = true
	o.DisableIdentity = true
	c := redis.NewClient(o)
	t.Cleanup(func() { _ = c.Close() })
	return c
}

// newStore returns a store on the test server under a fresh prefix.
func newStore(t testing.TB) *redisstore.Store {
	t.Helper()
	s, err := redisstore.New(newClient(t), redisstore.WithPrefix(newPrefix(t)))
	require.NoError(t, err)
	return s
}
