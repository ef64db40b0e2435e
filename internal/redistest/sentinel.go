package redistest

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/redis/go-redis/v9"
)

// MasterName is the name under which the sentinel of a [SentinelSetup]
// monitors its master.
const MasterName = "kickflow"

// Failure detection of the sentinel: a master is down after
// downAfterMillis without an answer, and a failover that has not
// finished after failoverTimeoutMillis may be tried again.
const (
	downAfterMillis       = 1000
	failoverTimeoutMillis = 3000
)

// SentinelSetup is one master, one replica and one sentinel on loopback,
// without persistence, made by [Sentinel] or [StartSentinel]. The sentinel
// monitors the master as [MasterName] with quorum 1 and declares it down
// after one second without an answer, so a killed master fails over to the
// replica within a few seconds.
type SentinelSetup struct {
	// SentinelAddrs are the sentinels' host:port addresses (one).
	SentinelAddrs []string
	// MasterName is the monitored master's name, [MasterName].
	MasterName string

	mu    sync.Mutex
	nodes map[string]*node // the data nodes by address
}

// URL returns the set-up as a redisstore URL:
// redis+sentinel://host:port/kickflow.
func (s *SentinelSetup) URL() string {
	return "redis+sentinel://" + strings.Join(s.SentinelAddrs, ",") + "/" + s.MasterName
}

// Options returns options for redis.NewFailoverClient that reach the
// current master through the sentinel.
func (s *SentinelSetup) Options() *redis.FailoverOptions {
	return &redis.FailoverOptions{MasterName: s.MasterName,
		SentinelAddrs: append([]string(nil), s.SentinelAddrs...), DisableIdentity: true}
}

var sentinel struct {
	mu    sync.Mutex
	setup *SentinelSetup
	err   error
}

// Sentinel returns the test binary's Sentinel set-up, starting it on the
// first call; it is stopped when [Run] returns. Tests share it, so a test
// that kills the master should make its own with [StartSentinel]. Without
// redis-server on PATH, t is skipped (failed under CI=true).
func Sentinel(t testing.TB) *SentinelSetup {
	t.Helper()
	needRun(t)
	bin := serverBin(t)
	sentinel.mu.Lock()
	defer sentinel.mu.Unlock()
	if sentinel.setup == nil && sentinel.err == nil {
		dir, err := os.MkdirTemp("", "redistest-sentinel-")
		if err != nil {
			t.Fatal(err)
		}
		var stop func()
		sentinel.setup, stop, sentinel.err = startSentinel(bin, dir)
		if sentinel.err != nil {
			_ = os.RemoveAll(dir)
		} else {
			onStop(func() {
				stop()
				_ = os.RemoveAll(dir)
			})
		}
	}
	if sentinel.err != nil {
		t.Fatal(sentinel.err)
	}
	return sentinel.setup
}

// StartSentinel starts a Sentinel set-up for t alone, in t.TempDir, and
// stops it when t ends: for tests that kill and restart the master.
// Without redis-server on PATH, t is skipped (failed under CI=true).
func StartSentinel(t testing.TB) *SentinelSetup {
	t.Helper()
	bin := serverBin(t)
	s, stop, err := startSentinel(bin, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(stop)
	return s
}

// startSentinel starts the master, the replica and the sentinel in dir
// and waits until the sentinel knows a healthy replica.
func startSentinel(bin, dir string) (*SentinelSetup, func(), error) {
	s := &SentinelSetup{MasterName: MasterName, nodes: map[string]*node{}}
	var all []*node
	stop := func() {
		for i := len(all) - 1; i >= 0; i-- {
			all[i].kill()
		}
	}
	master, err := startNode(bin, dir, false, nil)
	if err != nil {
		return nil, nil, err
	}
	all = append(all, master)
	replica, err := startNode(bin, dir, false, nil, "--replicaof", "127.0.0.1", strconv.Itoa(master.port))
	if err != nil {
		stop()
		return nil, nil, err
	}
	all = append(all, replica)
	mport := strconv.Itoa(master.port)
	sent, err := startNode(bin, dir, false, func(int) string {
		return "sentinel monitor " + MasterName + " 127.0.0.1 " + mport + " 1\n" +
			"sentinel down-after-milliseconds " + MasterName + " " + strconv.Itoa(downAfterMillis) + "\n" +
			"sentinel failover-timeout " + MasterName + " " + strconv.Itoa(failoverTimeoutMillis) + "\n" +
			"sentinel parallel-syncs " + MasterName + " 1\n"
	}, "--sentinel")
	if err != nil {
		stop()
		return nil, nil, err
	}
	all = append(all, sent)
	s.SentinelAddrs = []string{sent.addr()}
	s.nodes[master.addr()] = master
	s.nodes[replica.addr()] = replica
	ctx, cancel := context.WithTimeout(context.Background(), startTimeout)
	defer cancel()
	if err := s.waitReplica(ctx, replica.addr()); err != nil {
		stop()
		return nil, nil, err
	}
	return s, stop, nil
}

// sentinelClient returns a client of the first sentinel; the caller
// closes it.
func (s *SentinelSetup) sentinelClient() *redis.SentinelClient {
	return redis.NewSentinelClient(&redis.Options{Addr: s.SentinelAddrs[0], DisableIdentity: true})
}

// waitReplica waits until the node at addr replicates the master with
// its link up, and the sentinel lists it as a healthy replica.
func (s *SentinelSetup) waitReplica(ctx context.Context, addr string) error {
	c := redis.NewClient(&redis.Options{Addr: addr, DisableIdentity: true})
	defer c.Close()
	sc := s.sentinelClient()
	defer sc.Close()
	err := waitFor(ctx, func() error {
		info, err := c.Info(ctx, "replication").Result()
		if err != nil {
			return err
		}
		if !strings.Contains(info, "role:slave") || !strings.Contains(info, "master_link_status:up") {
			return fmt.Errorf("%s does not replicate yet", addr)
		}
		replicas, err := sc.Replicas(ctx, s.MasterName).Result()
		if err != nil {
			return err
		}
		for _, r := range replicas {
			if net.JoinHostPort(r["ip"], r["port"]) == addr && r["flags"] == "slave" {
				return nil
			}
		}
		return fmt.Errorf("the sentinel does not list %s as a healthy replica yet", addr)
	})
	if err != nil {
		return fmt.Errorf("redistest: sentinel set-up: %w", err)
	}
	return nil
}

// MasterAddr returns the address of the master as the sentinel names it
// now.
func (s *SentinelSetup) MasterAddr(t testing.TB) string {
	t.Helper()
	addr, err := s.masterAddr(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return addr
}

func (s *SentinelSetup) masterAddr(ctx context.Context) (string, error) {
	sc := s.sentinelClient()
	defer sc.Close()
	hp, err := sc.GetMasterAddrByName(ctx, s.MasterName).Result()
	if err != nil {
		return "", fmt.Errorf("redistest: sentinel get-master-addr-by-name: %w", err)
	}
	if len(hp) != 2 {
		return "", fmt.Errorf("redistest: sentinel get-master-addr-by-name: %q", hp)
	}
	return net.JoinHostPort(hp[0], hp[1]), nil
}

// KillMaster kills the current master with SIGKILL, as a crash would, and
// returns its address. The sentinel then fails over to the replica; see
// [SentinelSetup.WaitFailover].
func (s *SentinelSetup) KillMaster(t testing.TB) string {
	t.Helper()
	addr := s.MasterAddr(t)
	s.mu.Lock()
	n := s.nodes[addr]
	s.mu.Unlock()
	if n == nil {
		t.Fatalf("redistest: master %s is not a node of this set-up", addr)
	}
	n.kill()
	return addr
}

// WaitFailover waits until the sentinel names a master other than old and
// that master answers as a master, and returns its address.
func (s *SentinelSetup) WaitFailover(t testing.TB, old string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), startTimeout)
	defer cancel()
	var addr string
	err := waitFor(ctx, func() error {
		var err error
		addr, err = s.masterAddr(ctx)
		if err != nil {
			return err
		}
		if addr == old {
			return errors.New("the sentinel still names the old master")
		}
		c := redis.NewClient(&redis.Options{Addr: addr, DisableIdentity: true})
		defer c.Close()
		info, err := c.Info(ctx, "replication").Result()
		if err != nil {
			return err
		}
		if !strings.Contains(info, "role:master") {
			return fmt.Errorf("%s is not a master yet", addr)
		}
		return nil
	})
	if err != nil {
		t.Fatalf("redistest: failover from %s: %v", old, err)
	}
	return addr
}

// Restart starts the killed node at addr again, on the same port and
// empty, and waits until the sentinel has made it a replica of the
// current master with its link up.
func (s *SentinelSetup) Restart(t testing.TB, addr string) {
	t.Helper()
	s.mu.Lock()
	n := s.nodes[addr]
	s.mu.Unlock()
	if n == nil {
		t.Fatalf("redistest: %s is not a node of this set-up", addr)
	}
	n.kill()
	if err := n.start(); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), startTimeout)
	defer cancel()
	if err := s.waitReplica(ctx, addr); err != nil {
		t.Fatal(err)
	}
}
