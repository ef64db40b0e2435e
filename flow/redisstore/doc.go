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
// # Server URLs
//
// [Open] reads three forms of URL:
//
//	redis://[user:password@]host:port[/db][?option=value…]
//	redis+cluster://[user:password@]host:port[,host:port…][/][?option=value…]
//	redis+sentinel://[user:password@]host:port[,host:port…]/master[/db][?option=value…]
//
// The first is a single server, as redis.ParseURL reads it (also unix://
// for a socket). The second is a Redis Cluster: the hosts are seed nodes
// (any of the Cluster's nodes; the client discovers the rest), and the
// URL names no database, since a Cluster has only database 0. The third
// is a master monitored by Redis Sentinel: the hosts are the sentinels,
// master is the name they monitor it under (sentinel monitor <master> …),
// and db the database (default 0); the client asks the sentinels for the
// current master and follows a failover. In both, user:password log in to
// the data nodes, as in a redis:// URL; a Sentinel's own credentials, if
// it has any, go in the options sentinel_username and sentinel_password.
// With rediss+cluster:// and rediss+sentinel://, every connection uses
// TLS. The options are go-redis's, named in snake case (read_timeout=2s,
// pool_size=20), as redis.ParseClusterURL and redis.ParseFailoverURL read
// them; addr=host:port adds a host, master_name is not accepted (the
// master is named in the path). For example:
//
//	redis+cluster://10.0.0.1:7000,10.0.0.2:7000,10.0.0.3:7000
//	redis+sentinel://:s3cret@10.0.0.1:26379,10.0.0.2:26379/kickflow/0
//
// An error from Open never quotes the URL or a part of it, since it may
// carry a password.
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
//   - The [flow.Guard] methods: EnterOnce is the Enter or Exit script with
//     the replay rules (nonces, the join's binding and steps) run first in
//     the same script, in the registry's slot; TakeOnce is the take script
//     with the rules for the call's continue step and nonces, in the
//     call's slot; Bound is one HMGET. The rules therefore cost no round
//     trip of their own, and a refused or repeated request writes nothing.
//     Grace windows are judged by the server's clock (TIME), the same for
//     every instance.
//
// A kick of one call therefore costs two round trips (Member, then
// PutContinuation), one more per extra member kicked. With signatures
// verified (measured by TestRoundTripsSigned), a callback costs one round
// trip (EnterOnce) and a continuation served two (Bound, then TakeOnce);
// without, one each (Enter or Exit; TakeContinuation).
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
//	                                room, member ID, join token; an exit under a
//	                                token also writes the key with an empty token,
//	                                which stops a Sync re-adding the member) (TTL:
//	                                member TTL)
//	{P:reg}:join:<token>    hash    the join's binding (call, room, id), its enter and
//	                                exit steps (sum, grace end) and n:<nonce> → the
//	                                step that used it (TTL: member TTL)
//	{P:reg}:nonce:0:<nonce> hash    a legacy-form callback's nonce: sum, grace end
//	                                (TTL: nonce TTL)
//	{P:call:<uuid>}:step:<token>
//	                        hash    the join's continue step: sum, grace end, the
//	                                document served (TTL: member TTL)
//	{P:call:<uuid>}:nonce:0:<nonce>
//	                        hash    a legacy-form continuation request's nonce, with
//	                                its answer (TTL: nonce TTL)
//
// Under a join token no key per nonce is kept: the join's hash and the
// continue step do their work.
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
// The tests run against a real redis-server through internal/redistest:
// REDIS_URL if set, else a redis-server from PATH that the tests start on
// a free loopback port (with no persistence) and stop. With neither, the
// tests skip with a message naming REDIS_URL and `apt-get install
// redis-server`, so that `go test ./...` passes on a machine with only Go;
// with CI=true they fail instead, so CI never passes without running them.
// Each test uses its own key prefix, so tests share one server in
// parallel. The conformance suite also runs on a three-master Cluster and
// on a Sentinel set-up that the tests start themselves, through Open with
// the redis+cluster and redis+sentinel forms.
package redisstore
