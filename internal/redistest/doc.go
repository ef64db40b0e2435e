// Package redistest gives a test a real Redis: a single server, a
// three-master Redis Cluster or a Sentinel set-up (one master, one replica,
// one sentinel), all on loopback and without persistence.
//
// # Finding a server
//
// [URL] returns REDIS_URL when it is set (CI's .ci/services/redis.sh sets
// it), else it starts a private redis-server from PATH on a free loopback
// port, once per test binary, and shares it among the package's tests.
// With neither, the test is skipped with an install hint; under CI=true it
// fails instead, so CI never passes without running it. [Cluster] and
// [Sentinel] always start their own servers (REDIS_URL names one server, not
// a topology), once per test binary on first use, with the same skip and
// failure rule when redis-server is not on PATH.
//
// Tests share a server, so each test keeps its keys under its own prefix:
// [Prefix] makes one and deletes that prefix's keys from the single server
// when the test ends.
//
// # Lifetime
//
// A package that uses the shared servers runs its tests through [Run], which
// stops every server it started once the tests are done:
//
//	func TestMain(m *testing.M) { os.Exit(redistest.Run(m)) }
//
// Calling [URL], [Cluster] or [Sentinel] without it fails the test, so no
// server outlives its test binary. As a backstop for a binary that dies
// without running its cleanup (a -timeout panic), the servers are started
// with a parent-death signal (Linux) that kills them with it. [Start] gives
// one test a server of its own, stopped by t.Cleanup, for tests that kill
// or restart it.
//
// The shared state behind [Run] is package-level by necessity: it is what
// lets the tests of one package share one server.
package redistest
