// Command answerserver is an app server to point a Vobiz application at:
// callers join conference rooms through its answer URL, and moderators
// kick them, with what each kicked caller hears next, from a JSON API or a
// small web page.
//
// # Quick start
//
//	VOBIZ_AUTH_ID=MA_XXXXXXXX VOBIZ_AUTH_TOKEN=... MODERATOR_TOKEN=$(openssl rand -hex 16) \
//		go run ./examples/answerserver -addr :8080 -public-url https://calls.example.com
//
// Set the application's answer URL to https://calls.example.com/answer
// (POST, or GET) and open https://calls.example.com/ to moderate.
//
// # Configuration
//
// Flags fall back to environment variables:
//
//   - -addr, ADDR: the listen address (default 127.0.0.1:8080).
//   - -public-url, PUBLIC_URL: the base URL the platform reaches this
//     server at (behind a proxy, the proxy's); default http:// + the
//     address listened on.
//   - VOBIZ_AUTH_ID, VOBIZ_AUTH_TOKEN (required): the account, for the
//     kick API and for checking the platform's signatures.
//   - VOBIZ_API_URL: the API address (default https://api.vobiz.ai).
//   - MODERATOR_TOKEN: the bearer token of the moderator API, at least 16
//     bytes. Required unless both the address and the public URL are
//     loopback; without it the API answers only requests addressed to a
//     loopback host.
//   - -redis, REDIS_URL: a Redis server (redis://[user:password@]host:port/db,
//     rediss:// for TLS; redis+cluster:// for a Cluster and redis+sentinel://
//     for a Sentinel-monitored master, as flow/redisstore's Open reads
//     them) to keep members and continuations in, so that
//     several instances behind a load balancer share them; checked at
//     start. Default: in memory, one instance.
//   - -redis-prefix, REDIS_PREFIX: the prefix of every Redis key (default
//     "kickflow"), so that several applications, or test runs, can share
//     one database without seeing each other's members, rooms and
//     continuations. Instances of one application must use the same
//     prefix. Only with a Redis URL.
//   - -insecure-skip-signatures: accept callbacks and continuation
//     requests without a valid signature (off by default).
//   - -verify-answer-signatures, VERIFY_ANSWER_SIGNATURES=true: refuse
//     answer requests without a valid platform signature (403), for
//     accounts that sign them. Off by default: the reference does not say
//     whether Vobiz signs answer-URL requests. Either way an answer request
//     changes nothing a moderator sees, so nonces are not remembered.
//   - NONCE_TTL: how long signature nonces of requests in the legacy URL
//     form are remembered (a Go duration such as 15m); default flow's, the
//     member TTL of five hours. Meant for tests; under a join token the
//     join's binding keeps its nonces whatever this is.
//
// # Endpoints
//
//   - POST (or GET) /answer?room=NAME: the join document for the caller
//     (room "lobby" by default). Its callback and continuation URLs are
//     absolute, below the public URL + /vobiz/, where the flow serves
//     them. A room name is at most 128 bytes, without "/", and neither
//     "." nor ".." (the kick API could not address those). A failure (a
//     bad room, a store error) serves a short apology and a hangup, never
//     an error, and is logged with its reason. An answer request stores
//     nothing: the room list below comes from signed callbacks only.
//   - GET /healthz: 200 "ok"; 503 when the Redis store does not answer.
//   - GET /metrics: Prometheus metrics, behind the moderator token like
//     the moderator API (scrape with "authorization: credentials:
//     MODERATOR_TOKEN"): answerserver_kicks_total{outcome="done"|"failed"|
//     "unknown"}, answerserver_continuations_served_total,
//     answerserver_default_continuations_total,
//     answerserver_callbacks_total{action="enter"|"exit"},
//     answerserver_signature_rejections_total (the flow's Stats),
//     answerserver_store_errors_total{op} (flow's StoreFailed hook),
//     answerserver_http_requests_total{route,code} and
//     answerserver_http_request_duration_seconds{route}, where route is
//     the pattern that served the request ("unmatched" for none), and the
//     Go runtime's and the process's own metrics. Counts start at zero
//     with each process.
//   - GET /: the moderator page (no external assets; it uses the API).
//
// The moderator API takes "Authorization: Bearer MODERATOR_TOKEN" and
// answers JSON. Every error, the server's 404 and 405 included, is
// {"error": "answerserver: KIND: DETAIL"}, KIND being one of "bad
// request", "not found", "method not allowed", "unsupported media type",
// "unauthorized" (401, for a missing or wrong token), "forbidden",
// "upstream failure" and "internal error"; a 405 also sets Allow.
//
//   - GET /rooms: [{"room","members"}], by name, at most 1024: the rooms
//     the registry has recorded a member in, from the platform's enter
//     callbacks (signed, unless -insecure-skip-signatures). The flow's
//     store lists members, not rooms, so the server keeps the list in the
//     store itself, as entries of a room named "."; a room stays listed
//     for the member TTL after its last enter. With several instances on
//     one Redis store every instance lists the same rooms.
//   - GET /rooms/{room}/members: [{"call_uuid","member_id","from","to",
//     "joined_at","muted","deaf"}] ("reconciled": true for a member a
//     sync added); 404 for a room neither listed nor holding members.
//     "muted" and "deaf" come from the platform's read of the room where
//     it answers (the live platform has answered {"error":"failed"}),
//     else from the controls this instance performed.
//   - POST /rooms/{room}/kick, application/json: exactly one of
//     "call_uuid", "member_id" or "all": true; optional "announce" (a
//     template in package flow's announcement language: From, To,
//     CallerName, Room, MemberID, CallUUID, if/else, with; no loops or
//     functions),
//     "play" (an audio URL) and "then" ("hangup", the default,
//     "redirect:URL" or "room:NAME"). 200 {"kicked": [members],
//     "outcome": "done"}, or "outcome": "unknown" when the platform may or
//     may not have acted (the continuations stay in place); 400 for bad
//     input, 404 for a room, call or member that is not there (also when
//     the platform says so), 415 for a body that is not JSON, 502 with the
//     platform's error as "vobiz": {"status","message","code","api_id"}
//     for another upstream failure. Optional "tell_room" (a template in
//     the same language, executed per kicked member) is spoken, and
//     "tell_room_play" (an https audio URL) played, to the members who
//     stay, after a successful kick only; the answer then adds "told":
//     [members] and "tell_room": "done", "unknown" or "failed" (with
//     "tell_room_error"); that failure never fails the kick.
//   - POST /rooms/{room}/mute {"muted": true|false}, /deaf {"deaf":
//     true|false}, /play {"url": "https://…"}, /speak {"text", "voice"
//     ("WOMAN" or "MAN"), "language"}, each with exactly one of
//     "call_uuid" or "all": true: 200 {"reached": [members], "outcome":
//     "done"|"unknown"}; errors as for kick. Rejected input never reaches
//     the platform.
//   - POST /rooms/{room}/sync: reconciles the registry with the platform's
//     member list (package flow's Flow.Sync): 200 {"added", "dropped",
//     "outcome": "done"}, or "outcome": "unavailable" (nothing changed)
//     when the platform gives no list, as the live platform was seen to.
//
// Requests are logged with slog (method, path, status, duration; never
// queries, headers or bodies). SIGINT or SIGTERM shut the server down
// gracefully, letting kicks in progress finish.
package main
