// Package kick is a client for the Vobiz conference API: every operation
// on a conference room and its members, with context, escaping, typed
// errors and retries that never repeat what may have acted.
//
// Members:
//
//   - [Client.Kick], [Client.HangUp]: remove members (their calls go on
//     with the XML after <Conference>), or end their calls.
//   - [Client.Mute], [Client.Unmute]: stop and restore what others hear of them.
//   - [Client.Deaf], [Client.Undeaf]: stop and restore what they hear.
//   - [Client.Play], [Client.StopPlay]: play an audio file only they hear.
//   - [Client.Speak], [Client.StopSpeak]: say a [Speech] only they hear.
//
// Rooms:
//
//   - [Client.Conference]: read a room and its members ([Conference]).
//   - [Client.Conferences]: list the live rooms' names.
//   - [Client.HangUpConference], [Client.HangUpAllConferences]: end rooms.
//   - [Client.StartRecording], [Client.StopRecording]: record a room
//     ([RecordingOptions]).
//
// The platform has no "create conference" call: a room exists from the
// moment a call enters it through <Conference>, and every call acts only on
// rooms with members.
//
// # Quick start
//
// Make a client with the account's auth ID and token, or from the
// environment with [FromEnv] (VOBIZ_AUTH_ID, VOBIZ_AUTH_TOKEN and optionally
// VOBIZ_API_URL), then kick one member, several, or everyone:
//
//	c, err := kick.New(authID, authToken)
//	if err != nil {
//		return err
//	}
//	res, err := c.Kick(ctx, "MyConf", "10")          // one member
//	res, err = c.Kick(ctx, "MyConf", "10", "11")      // several
//	res, err = c.Kick(ctx, "MyConf", kick.All)        // everyone
//	err = c.HangUp(ctx, "MyConf", "10")               // end the call instead
//	_, err = c.Mute(ctx, "MyConf", "11")              // silence a noisy line
//	conf, err := c.Conference(ctx, "MyConf")          // who is in the room
//
// A kick is
//
//	POST /api/v1/Account/{auth_id}/Conference/{conference}/Member/{ids}/Kick/
//
// with the body {} and the X-Auth-ID and X-Auth-Token headers; each
// method's documentation gives its route and body. The capitalised paths
// and their trailing slash are kept exactly (the platform answers 401
// otherwise), every path segment is escaped, and member IDs are joined by
// commas. DELETEs carry no body. Arguments are checked first: a bad one
// makes no request and gives an error matching [ErrInvalidArgument].
//
// Any 2xx answer is success. [Result] holds what the platform echoed; its
// member IDs are decoded whether they come as a JSON array (as today) or as
// a string (as in older documentation), and an empty or non-JSON body is
// kept as it is. The two reads are stricter: a 2xx without the data asked
// for (the live platform's 200 {"error":"failed"}) is an error matching
// [ErrUnavailable].
//
// Member IDs are reused: a kicked caller who rejoins gets the same ID. Look
// the ID up from the latest conference enter callback right before each
// call, and confirm a removal from the exit callback. The REST reads are
// documented as unreliable on live rooms and are no substitute.
//
// # Errors
//
// Every non-2xx answer is an [*Error] with the status code, the platform's
// message and request ID, the raw body and any Retry-After; an empty body
// is no exception. Match the kind of failure with [errors.Is]:
//
//   - [ErrUnauthorized]: 401 or 403. Wrong credentials, but also a path with
//     the wrong case or without its trailing slash (a rewriting proxy).
//   - [ErrNotFound]: 404 from the API; the conference has ended or the member
//     is not in it.
//   - [ErrRouteNotFound]: 404 from the gateway ({"message":"Not Found"}); the
//     route does not exist, so the base URL or a proxy is wrong.
//   - [ErrRateLimited]: 429.
//   - [ErrUnavailable]: a 2xx to [Client.Conference] or [Client.Conferences]
//     without the data.
//   - [ErrOutcomeUnknown]: 5xx, or a transport failure that does not prove
//     the request never left (see [WithHTTPClient]). The members may or may
//     not have been removed. It stays matched across retries (see below).
//   - [ErrInvalidArgument]: rejected before any request.
//
// When ctx ends, the error matches the context's error (and also
// [ErrOutcomeUnknown] if the request may already have been sent).
//
// # Retries
//
// A kick, like every call that changes state, is not idempotent in
// practice. If a kick's answer is lost and the
// kick is sent again, the first attempt may already have worked: the kicked
// caller's XML may have led them back into the room under the same member ID,
// so the retry removes a caller who should stay; or the retry gets a 404
// ("member not found") that looks like a failure although the kick happened.
// So the default policy, [DefaultCheckRetry], only retries what provably did
// not act:
//
//   - a 429, after the answer's Retry-After (seconds or an HTTP date) or else
//     an exponential backoff with jitter ([DefaultBackoff]);
//   - a transport failure whose error proves the request never left: a dial
//     or DNS error, a proxy connect failure, a TLS handshake that failed on
//     the certificate or timed out.
//
// A 5xx, a reset connection, a timeout or any other failure after the
// request may have been sent is returned at once as [ErrOutcomeUnknown].
// The two GETs, which change nothing, are also retried after a 5xx or any
// transport failure, and their errors never match ErrOutcomeUnknown. [WithMaxAttempts] counts
// attempts, the first included (1 means no retries; the default is
// [DefaultMaxAttempts]). A wait longer than [WithMaxWait] ends the retries
// and returns the last error. Every wait ends early when ctx does.
//
// A call that made more than one attempt, or that stopped while the policy
// still wanted to retry, returns a [*RetryError] holding every attempt's
// error, the last one and the cause ([ErrRetriesExhausted], the context's
// error, or none), so both errors.Is(err, context.DeadlineExceeded) and
// errors.As(err, &apiErr) work on it. If any attempt may have acted, the
// error matches [ErrOutcomeUnknown] whatever the later attempts answered:
// with [RetryUnknownOutcome], a kick that got a 503 and then a 404 matches
// both ErrOutcomeUnknown and [ErrNotFound]. Test ErrOutcomeUnknown first.
//
// Other policies plug in with [WithCheckRetry] and [WithBackoff];
// [RetryUnknownOutcome] also retries 5xx and post-send failures for callers
// who accept the risk.
//
// # Testing with kicktest
//
// Package kicktest serves a fake of the conference API on loopback, with
// rooms and members you seed, documented or live-like answers, scripted
// faults (per route if needed) and a record of every request:
//
//	srv := kicktest.NewServer()
//	defer srv.Close()
//	srv.AddMember("MyConf", kicktest.Member{ID: "10", CallUUID: "call-1"})
//	c, err := kick.New(srv.AuthID, srv.AuthToken,
//		kick.WithBaseURL(srv.URL), kick.WithHTTPClient(srv.Client()))
package kick
