package redistest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

// ClusterSetup is a three-master Redis Cluster on loopback, without
// replicas or persistence, made by [Cluster].
type ClusterSetup struct {
	// Addrs are the masters' host:port addresses.
	Addrs []string
}

// URL returns the Cluster as a redisstore URL:
// redis+cluster://host:port,host:port,host:port.
func (c *ClusterSetup) URL() string {
	return "redis+cluster://" + strings.Join(c.Addrs, ",")
}

// Options returns options for redis.NewClusterClient that reach the
// Cluster.
func (c *ClusterSetup) Options() *redis.ClusterOptions {
	return &redis.ClusterOptions{Addrs: append([]string(nil), c.Addrs...), DisableIdentity: true}
}

var cluster struct {
	mu    sync.Mutex
	setup *ClusterSetup
	err   error
}

// Cluster returns the test binary's Redis Cluster, starting it on the
// first call: three `redis-server --cluster-enabled yes` on free loopback
// ports (each with port+10000 free for the cluster bus), joined by
// `redis-cli --cluster create … --cluster-replicas 0`, and ready once
// every node reports cluster_state:ok. It is stopped when [Run] returns.
// Without redis-server and redis-cli on PATH, t is skipped (failed under
// CI=true). Tests share it: keep keys apart with a per-test prefix.
func Cluster(t testing.TB) *ClusterSetup {
	t.Helper()
	needRun(t)
	bin := serverBin(t)
	cli := cliBin(t)
	cluster.mu.Lock()
	defer cluster.mu.Unlock()
	if cluster.setup == nil && cluster.err == nil {
		cluster.setup, cluster.err = startCluster(bin, cli)
	}
	if cluster.err != nil {
		t.Fatal(cluster.err)
	}
	return cluster.setup
}

// cliBin returns the path of redis-cli on PATH, or skips t (fails it
// under CI=true).
func cliBin(t testing.TB) string {
	t.Helper()
	bin, err := exec.LookPath("redis-cli")
	if err != nil {
		skip(t, "redis-cli not on PATH (Debian/Ubuntu: apt-get install redis-tools)")
	}
	return bin
}

// startCluster starts and joins the Cluster and queues its stop.
func startCluster(bin, cli string) (*ClusterSetup, error) {
	dir, err := os.MkdirTemp("", "redistest-cluster-")
	if err != nil {
		return nil, fmt.Errorf("redistest: %w", err)
	}
	var nodes []*node
	stop := func() {
		for _, n := range nodes {
			n.kill()
		}
		_ = os.RemoveAll(dir)
	}
	setup := &ClusterSetup{}
	for range 3 {
		n, err := startNode(bin, dir, true, func(port int) string {
			return "cluster-enabled yes\n" +
				"cluster-config-file nodes-" + strconv.Itoa(port) + ".conf\n" +
				"cluster-node-timeout 2000\n"
		})
		if err != nil {
			stop()
			return nil, err
		}
		nodes = append(nodes, n)
		setup.Addrs = append(setup.Addrs, n.addr())
	}
	args := append([]string{"--cluster", "create"}, setup.Addrs...)
	args = append(args, "--cluster-replicas", "0", "--cluster-yes")
	ctx, cancel := context.WithTimeout(context.Background(), startTimeout)
	defer cancel()
	if out, err := exec.CommandContext(ctx, cli, args...).CombinedOutput(); err != nil {
		stop()
		return nil, fmt.Errorf("redistest: redis-cli --cluster create: %w\n%s", err, out)
	}
	if err := waitClusterOK(ctx, setup.Addrs); err != nil {
		stop()
		return nil, err
	}
	onStop(stop)
	return setup, nil
}

// waitClusterOK waits until every node reports cluster_state:ok with all
// slots assigned.
func waitClusterOK(ctx context.Context, addrs []string) error {
	for _, addr := range addrs {
		c := redis.NewClient(&redis.Options{Addr: addr, DisableIdentity: true})
		err := waitFor(ctx, func() error {
			info, err := c.ClusterInfo(ctx).Result()
			if err != nil {
				return err
			}
			if !strings.Contains(info, "cluster_state:ok") || !strings.Contains(info, "cluster_slots_ok:16384") {
				return errors.New("cluster state not ok yet")
			}
			return nil
		})
		_ = c.Close()
		if err != nil {
			return fmt.Errorf("redistest: cluster node %s: %w", addr, err)
		}
	}
	return nil
}

// waitFor calls check every 50 ms until it returns nil or ctx ends, and
// returns its last error then.
func waitFor(ctx context.Context, check func() error) error {
	for {
		err := check()
		if err == nil {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("%w (%w)", err, ctx.Err())
		case <-time.After(50 * time.Millisecond):
		}
	}
}
