package redistest

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"
)

// startTimeout bounds how long a redis-server may take to answer.
const startTimeout = 20 * time.Second

// bindAttempts is how many ports a start tries: a port found free can be
// taken by another process before the server binds it.
const bindAttempts = 10

// node is one redis-server process on a loopback port.
type node struct {
	bin  string
	dir  string   // working directory, log file and generated configs
	args []string // arguments after the port ones
	port int

	mu   sync.Mutex
	cmd  *exec.Cmd
	done chan struct{} // closed when cmd has exited
}

// addr returns the node's host:port.
func (n *node) addr() string { return net.JoinHostPort("127.0.0.1", strconv.Itoa(n.port)) }

// startNode starts bin with args on a free loopback port (whose port+10000
// is also free if busPort is set, as a Cluster node needs) and waits until
// it answers PING. The port is retried when the server does not come up.
// conf, if not nil, returns a config file's content for the chosen port;
// it is written into dir and passed as the first argument.
func startNode(bin, dir string, busPort bool, conf func(port int) string, args ...string) (*node, error) {
	var errs []error
	for range bindAttempts {
		port, err := freePort(busPort)
		if err != nil {
			return nil, err
		}
		n := &node{bin: bin, dir: dir, port: port}
		if conf != nil {
			path := filepath.Join(dir, "redis-"+strconv.Itoa(port)+".conf")
			if err := os.WriteFile(path, []byte(conf(port)), 0o600); err != nil {
				return nil, fmt.Errorf("redistest: %w", err)
			}
			n.args = append(n.args, path)
		}
		n.args = append(n.args, args...)
		err = n.start()
		if err == nil {
			return n, nil
		}
		errs = append(errs, err)
	}
	return nil, fmt.Errorf("redistest: no redis-server came up in %d attempts: %w", bindAttempts, errors.Join(errs...))
}

// start runs the process on n.port and waits until it answers.
func (n *node) start() error {
	port := strconv.Itoa(n.port)
	args := append([]string(nil), n.args...)
	args = append(args, "--port", port, "--bind", "127.0.0.1",
		"--save", "", "--appendonly", "no", "--dir", n.dir,
		"--logfile", filepath.Join(n.dir, "redis-"+port+".log"))
	cmd := exec.Command(n.bin, args...)
	killWithParent(cmd)
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("redistest: start %s: %w", n.bin, err)
	}
	done := make(chan struct{})
	go func() {
		_ = cmd.Wait()
		close(done)
	}()
	n.mu.Lock()
	n.cmd, n.done = cmd, done
	n.mu.Unlock()
	if err := waitPing(n.addr(), done); err != nil {
		n.kill()
		return fmt.Errorf("redistest: redis-server on port %s: %w%s", port, err, n.logTail())
	}
	return nil
}

// waitPing waits until the server at addr answers PING, the process exits
// (done closed) or startTimeout passes.
func waitPing(addr string, done <-chan struct{}) error {
	c := redis.NewClient(&redis.Options{Addr: addr, DisableIdentity: true, MaxRetries: -1,
		DialTimeout: time.Second, ReadTimeout: time.Second})
	defer c.Close()
	ctx, cancel := context.WithTimeout(context.Background(), startTimeout)
	defer cancel()
	for {
		err := c.Ping(ctx).Err()
		if err == nil {
			return nil
		}
		select {
		case <-done:
			return errors.New("exited before it answered")
		case <-ctx.Done():
			return fmt.Errorf("does not answer: %w", err)
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// logTail returns the end of the node's log file, for error messages.
func (n *node) logTail() string {
	b, err := os.ReadFile(filepath.Join(n.dir, "redis-"+strconv.Itoa(n.port)+".log"))
	if err != nil || len(b) == 0 {
		return ""
	}
	if len(b) > 2000 {
		b = b[len(b)-2000:]
	}
	return "; log:\n" + string(b)
}

// kill ends the process with SIGKILL (as a crash would) and waits for it.
func (n *node) kill() {
	n.mu.Lock()
	cmd, done := n.cmd, n.done
	n.mu.Unlock()
	if cmd == nil {
		return
	}
	_ = cmd.Process.Kill()
	<-done
}

// freePort returns a loopback port that nothing listens on; with busPort,
// port+10000 is free as well.
func freePort(busPort bool) (int, error) {
	for range 100 {
		port, err := listenFree(0)
		if err != nil {
			return 0, err
		}
		if !busPort {
			return port, nil
		}
		if port+10000 > 65535 {
			continue
		}
		if _, err := listenFree(port + 10000); err == nil {
			return port, nil
		}
	}
	return 0, errors.New("redistest: no free loopback port pair found")
}

// listenFree listens on port (0: any) on loopback, closes the listener and
// returns the port.
func listenFree(port int) (int, error) {
	l, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)))
	if err != nil {
		return 0, fmt.Errorf("redistest: %w", err)
	}
	p := l.Addr().(*net.TCPAddr).Port
	if err := l.Close(); err != nil {
		return 0, fmt.Errorf("redistest: %w", err)
	}
	return p, nil
}
