package main

import (
	"context"
	"fmt"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kickflow/kickflow/flow"
	"github.com/kickflow/kickflow/flow/redisstore"
	"github.com/kickflow/kickflow/internal/redistest"
)

// TestRunAnswerserverReusedRedis runs the -answerserver mode twice at
// once on one Redis database, which already holds another app's members,
// under redisstore's default prefix, in the very rooms the runs use. The
// runs use the same call UUIDs and room names, each against a fake
// platform of its own. Each run gives its answerserver a fresh
// REDIS_PREFIX, so neither sees the old members nor the other run's keys,
// and both pass as on an empty database.
func TestRunAnswerserverReusedRedis(t *testing.T) {
	url := redistest.URL(t)
	dir := t.TempDir()
	loadtest, answerserver := filepath.Join(dir, "loadtest"), filepath.Join(dir, "answerserver")
	goBuild(t, loadtest, ".")
	goBuild(t, answerserver, "../answerserver")

	old, err := redisstore.Open(url)
	require.NoError(t, err)
	t.Cleanup(func() { assert.NoError(t, old.Close()) })
	for w := range 4 {
		for round := range 4 {
			room := fmt.Sprintf("load-room-%d-%d", w, round)
			require.NoError(t, old.Enter(t.Context(), flow.Member{
				CallUUID: "someone-else-" + room, Room: room, MemberID: "99", JoinedAt: time.Now(),
			}, 2*time.Minute)) // gone soon after the test
		}
	}

	args := []string{"-calls", "64", "-rooms", "4", "-size", "4", "-concurrency", "4",
		"-round", "50ms", "-rounds", "1", "-soak", "0", "-min-ratio", "0", "-max-retained", "1048576",
		"-duration", "2m", "-store", "redis", "-redis", url, "-answerserver", answerserver}
	ctx, cancel := context.WithTimeout(t.Context(), 3*time.Minute)
	defer cancel()
	type result struct {
		out []byte
		err error
	}
	results := make([]result, 2)
	var wg sync.WaitGroup
	for i := range results {
		wg.Go(func() {
			out, err := exec.CommandContext(ctx, loadtest, args...).CombinedOutput()
			results[i] = result{out, err}
		})
	}
	wg.Wait()
	for i, r := range results {
		assert.NoError(t, r.err, "run %d:\n%s", i+1, r.out)
		assert.Contains(t, string(r.out), "lost 0, default 0, crossed 0", "run %d", i+1)
	}
}

// goBuild builds the package at pkg (a directory) into out.
func goBuild(t *testing.T, out, pkg string) {
	t.Helper()
	gobin, err := exec.LookPath("go")
	require.NoError(t, err, "the go command builds the binaries this test runs")
	b, err := exec.Command(gobin, "build", "-o", out, pkg).CombinedOutput()
	require.NoError(t, err, "go build %s:\n%s", pkg, b)
}
