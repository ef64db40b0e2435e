package redistest_test

import (
	"os"
	"os/exec"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kickflow/kickflow/internal/redistest"
)

// TestNoRedisHelper is run by TestNoRedis in a child process without
// Redis; on its own it does nothing.
func TestNoRedisHelper(t *testing.T) {
	if os.Getenv("REDISTEST_CHILD") != "1" {
		return
	}
	switch os.Getenv("REDISTEST_WHAT") {
	case "url":
		redistest.URL(t)
	case "cluster":
		redistest.Cluster(t)
	case "sentinel":
		redistest.Sentinel(t)
	}
	t.Log("not reached")
}

// TestNoRedis runs the test binary again with neither REDIS_URL nor
// redis-server: each way of getting a Redis skips with the install hint,
// and fails under CI=true.
func TestNoRedis(t *testing.T) {
	t.Parallel()
	bin, err := os.Executable()
	require.NoError(t, err)
	for _, what := range []string{"url", "cluster", "sentinel"} {
		for _, ci := range []string{"", "true"} {
			t.Run(what+"/CI="+ci, func(t *testing.T) {
				t.Parallel()
				cmd := exec.CommandContext(t.Context(), bin, "-test.run", "^TestNoRedisHelper$", "-test.v")
				cmd.Env = []string{"PATH=" + t.TempDir(), "REDISTEST_CHILD=1", "REDISTEST_WHAT=" + what, "CI=" + ci}
				out, err := cmd.CombinedOutput()
				assert.Contains(t, string(out), "apt-get install redis-server")
				assert.NotContains(t, string(out), "not reached")
				if ci == "true" {
					assert.Error(t, err, "fails under CI=true: %s", out)
					assert.Contains(t, string(out), "--- FAIL: TestNoRedisHelper")
					return
				}
				assert.NoError(t, err, "skips: %s", out)
				assert.Contains(t, string(out), "--- SKIP: TestNoRedisHelper")
			})
		}
	}
}
