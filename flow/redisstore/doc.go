// Package redisstore is a [flow.Store] on Redis (github.com/redis/go-redis/v9),
// for app servers that run as several instances: a continuation stored by
// the instance that kicks is served by whichever instance the kicked call's
// continue request reaches, and the member registry is shared.
//
// # Quick start
//
//	store, err := redisstore.Open("redis://127.0.0.1:6379/0",
//		redisstore.WithPrefix("myapp"))
//	defer store.Close()
//	f, err := flow.New(client, "https://app.example.com/vobiz", flow.WithStore(store))
//
// [New] takes any redis.UniversalClient instead (a *redis.Client, a
// Sentinel failover client, a *redis.ClusterClient); make it with
// ContextTimeoutEnabled so that request deadlines bound each command.
//
// # Atomicity and round trips
//
// Every method is one command or one Lua script, so it is atomic across
// instances, and costs one round trip (a script costs a second one only
// the first time it runs after the server lost its script cache):
//
//   - PutContinuation, RemoveContinuation, TakeContinuation: one script each.
//     The take returns the pending continuation and moves it aside for the
//     grace window in the same script, so two instances serving the same
//     continue request cannot both take it or both miss it, and a retried
//     fetch within grace gets the same document from any instance.
//   - Enter, Exit, Members: one script each; Member: one HGET.
//
// A kick of one call therefore costs two round trips (Member, then
// PutContinuation), one more per extra member kicked; a continuation served
// costs one.
//
// # Key layout
//
// With prefix P (default [DefaultPrefix]), the keys are:
//
//	{P:call:<uuid>}:next    string  the pending continuation (TTL: the continuation TTL)
//	{P:call:<uuid>}:prev    string  the pending one it replaced, with its remaining TTL
//	{P:call:<uuid>}:taken   string  the one taken last (TTL: the grace window)
//	{P:reg}:member:<uuid>   hash    room, id, join, rec (the member as JSON) (TTL: member TTL)
//	{P:reg}:room:<room>     hash    member ID → call UUID (TTL: the longest member TTL set)
//	{P:reg}:exit:<join>     string  the exit of one join (length-prefixed call UUID,
//	                                room, member ID, join token) (TTL: member TTL)
//
// Everything expires: an abandoned room's hash goes with its last member's
// TTL, and Members ignores room entries whose member hash is gone or now
// records another room or member ID. In Redis Cluster, the braces are hash
// tags: a call's continuation keys share a slot (continuations spread over
// the cluster by call UUID), and the registry's keys all share one slot,
// because an Enter changes a call's record and two rooms in one script. The
// registry scripts build the keys of other calls and rooms from the prefix
// they are given; these are always in the script's slot.
//
// # Errors
//
// Redis errors (refused connections, timeouts, a server that is loading)
// are returned wrapped, with the package prefix: flow's continue handler
// then serves its default document and logs the error, and a kick fails
// before the kick API is called. TTLs are kept in whole milliseconds,
// rounded up; a TTL that is not positive is an error matching
// flow.ErrInvalidArgument (a non-positive grace keeps nothing for replays).
//
// # Tests
//
// The tests run against a real redis-server: REDIS_URL if set, else a
// redis-server from PATH that the tests start on a free loopback port
// (with no persistence) and stop. With neither, the tests skip with a
// message naming REDIS_URL and `apt-get install redis-server`, so that
// `go test ./...` passes on a machine with only Go; with CI=true they fail
// instead, so CI never passes without running them. Each test uses its
// own key prefix, so tests share one server in parallel.
package redisstore
