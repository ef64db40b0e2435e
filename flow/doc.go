// Package flow pairs each conference kick with the XML document the kicked
// caller hears next.
//
// Kicking a member from a Vobiz conference does not end the call: the
// platform continues the caller's document with the element after
// <Conference>. flow puts a continuation hook there (a Redirect to its own
// continue endpoint), stores what each kicked caller should hear before
// kicking, and serves it when the call comes back.
//
// # Quick start
//
//	client, err := kick.New(authID, authToken)
//	f, err := flow.New(client, "https://app.example.com/vobiz",
//		flow.WithAuthToken(authToken)) // verify the platform's signatures
//	mux.Handle("/vobiz/", f)          // events and continue endpoints
//
//	// In the answer handler: the join document.
//	resp, err := f.Join("Sales", vxml.ConferenceAttrs{EnterSound: "beep:1"})
//
//	// Later: kick with a continuation.
//	res, err := f.Kick(ctx, flow.Call(callUUID), flow.Continuation{
//		Announce: "Goodbye {{.From}}, you have been removed.",
//		Then:     flow.MoveTo("Lobby"), // or flow.Hangup(), flow.Redirect(url)
//	})
//
// # The loop
//
//  1. Join: [Flow.Join] returns <Conference callbackUrl=".../events/TOKEN"
//     stayAlone="true">Room</Conference><Redirect>.../continue/TOKEN</Redirect>.
//     The Redirect runs only when the caller leaves the room with the call
//     still up: a kick, hangupOnStar, a lone member without stayAlone, a
//     room ended by endConferenceOnExit.
//  2. Track: the platform posts enter and exit callbacks to the events
//     endpoint; the registry keeps room → members. The call UUID is the
//     identity, since member IDs are reused on rejoin. Each join document
//     carries a fresh join token in its URLs, so a late enter of a
//     join whose exit has been seen is ignored, and an exit of an old join
//     leaves a newer join of the same call alone, whatever the order the
//     callbacks arrive in. Callbacks of documents not made by Join carry
//     no token: for them an exit is remembered for the member TTL, and a
//     rejoin of the same call under the same member ID within that time is
//     not recorded.
//  3. Kick: [Flow.Kick] looks the member IDs up fresh, renders each
//     member's continuation, stores it under the call UUID, then calls the
//     kick API. A definite failure removes the continuations (restoring any
//     they replaced) and returns the error; an unknown outcome
//     (kick.ErrOutcomeUnknown) keeps them for the continuation TTL and says
//     so in the Result; the kick is never retried.
//  4. Continue: the kicked call requests the continue endpoint; its
//     continuation is taken atomically and served. A retried fetch within
//     the grace window gets the same document. A call with no continuation
//     gets the default ([WithDefault]; a Speak "The conference has ended."
//     and a Hangup unless set).
//
// Two kicks of the same call race: the continuation stored last is the one
// served.
//
// # Templates
//
// Continuation.Announce is a template executed for each member with
// [TemplateData]: From, To, CallerName, Room, MemberID, CallUUID and the
// caller's Fields. It uses text/template's syntax, restricted to a small
// language that can substitute and choose but never loop, recurse or
// build values:
//
//   - text, spoken as it is;
//   - {{.Field}} prints a field of the data, {{.Fields.name}} one of the
//     continuation's Fields (a missing name is an error), {{.}} the value
//     in scope;
//   - {{if .Field}}…{{end}}, with {{else}} and {{else if .Field}}: the
//     condition is a single field, true when it is not empty;
//   - {{with .Field}}…{{end}}, with {{else}} and {{else with .Field}}:
//     inside, {{.}} is the field's value;
//   - comments {{/* … */}} and the {{- … -}} space trimming.
//
// For example:
//
//	Goodbye {{.From}}, you have been removed from {{.Room}}.
//	{{if .CallerName}}Goodbye {{.CallerName}}.{{else}}Goodbye.{{end}}
//	{{with .Fields.reason}}You were removed: {{.}}.{{end}}
//
// Anything else is rejected when the template is parsed, with an error
// matching [ErrInvalidArgument] that names the construct and its
// line:column: {{range}}, {{template}}, {{define}}, {{block}}, {{break}},
// {{continue}}, every function (printf, print, len, index, call, and,
// not, eq and the other comparisons), variables ($x, $), pipelines
// (.From | …), parenthesized and chained expressions, and constants. A
// template's source may be at most [MaxTemplateBytes] long. Because
// execution then only visits each node once, it does work in proportion
// to the source: text/template cannot be interrupted, so this is settled
// at parse time.
//
// Templates are parsed before the target is looked up, and executed
// before anything is stored or sent, so a template error never leaves a
// kicked caller without a continuation. Output is bounded by
// [MaxAnnounceBytes] and not escaped by the template: the XML renderer
// escapes it.
//
// # Moderator controls
//
// [Flow.Mute], [Flow.Unmute], [Flow.Deaf], [Flow.Undeaf], [Flow.Play] and
// [Flow.Speak] take the same targets as Kick and, like it, look member IDs
// up by call UUID right before the request. A [Continuation] may tell the
// members who stay what happened ([RoomMessage], templated like the
// announcement), after a successful kick only. [Flow.Sync] repairs the
// registry from the platform's member list where the platform answers one.
//
// # Signatures and replays
//
// With [WithAuthToken] every request to the handler must carry a valid
// X-Vobiz-Signature-V3 or -V2 (with its nonce): HMAC-SHA256 under the auth
// token of the request's public URL (from the base URL given to [New],
// never from the request's Host, so proxies do not matter) plus the nonce.
// The platform signs the URL's scheme, host and path, not its query and
// not the body; comparison is constant-time. A rejected request gets 403
// and changes nothing.
//
// Since the body is not signed, a valid signature alone would let anyone
// who has seen one signed request (in a proxy or load-balancer log, say)
// send any body under it. So every join document names its own URLs:
// [Flow.Join] puts a fresh join token into the path of the callback URL
// (<base>/events/<token>) and of the continue URL (<base>/continue/<token>),
// where the signature covers it. When the store is a [Guard] (MemoryStore
// and flow/redisstore are), the store, shared by every instance, applies
// these rules in the same atomic step as the state change:
//
//   - The first verified callback under a token binds it to its call UUID,
//     room and member ID, for the member TTL. A callback naming another
//     call, room or member is refused; so is a continuation request for
//     another call (one under a token nothing is bound to gets the default
//     and changes nothing).
//   - Each step of a join (enter, exit, continue) is taken once.
//   - The binding keeps which step used each nonce, for as long as it
//     lives (the member TTL), so a nonce cannot serve two steps.
//   - The platform may retry. A request byte-identical (method, URL with
//     query, body) to one taken within the grace window ([WithGrace]) is
//     answered as that one was (204, or the same document) and changes
//     nothing, whatever its nonce. Anything else under a seen nonce, or for
//     a step already taken, is refused.
//   - Nothing is recorded when the state change fails, so a retry after a
//     store error is taken as new.
//
// An attacker who sees signed requests, and not the auth token, can
// therefore only: send a captured request again, byte for byte, within the
// grace window, and get its first answer (nothing changes); and use the
// signature of a request that was never taken (the app never received it,
// or its store step failed) once, with a body of their choosing, as the
// first request of its step under its token (had it been the join's first
// callback, it binds the token). They cannot: forge a signature for any
// URL; use a captured signature under another join token, for another
// call, room or member, or on the other endpoint; change the body under a
// captured signature once its request was taken; repeat a step (re-enter
// a member who left, remove a member again, take a continuation again) on
// any instance, restarted or not, while the binding lives (the member
// TTL, longer than any conference); or take another call's continuation.
// The URLs themselves are not secret: whoever reads a join document (an
// unsigned answer request gets one) learns fresh URLs, but no signature
// for them.
//
// # Legacy URLs
//
// Documents served before join tokens moved into the path name
// <base>/events?join=<token> and <base>/continue. They are still served
// for [DefaultLegacyURLs] (five hours: longer than the platform's default
// conference time limit of four hours) after New, or as [WithLegacyURLs]
// sets; WithLegacyURLs(0) refuses them (403). Under them only the nonce
// rule holds: a nonce seen within the nonce TTL ([WithNonceTTL]; the member
// TTL unless set), scoped to the registry (callbacks) or to the call
// (continuation requests), refuses a request unless it is byte-identical
// to the first within the grace window. A captured continuation request
// can be replayed with another call's UUID.
//
// With a [Store] that is not a Guard, nonces are remembered per process
// only (bounded by a cache that forgets its oldest nonces when full), and
// nothing binds a join: instances behind a load balancer each keep their
// own, and a restart forgets them.
//
// # State
//
// Continuations and the registry live in a [Store]; [MemoryStore] is the
// default, and package flow/storetest holds the conformance suite for other
// implementations (such as a Redis store shared by several instances).
//
// # Observability
//
// [WithLogger] sets a log/slog logger: call UUIDs, rooms, member IDs and
// outcomes are logged, never tokens, signatures, nonces or raw headers.
// [Flow.Stats] counts kicks, continuations and defaults served and
// signature failures; [WithHooks] reports the same events as they happen.
//
// A Flow is safe for concurrent use by multiple goroutines.
package flow
