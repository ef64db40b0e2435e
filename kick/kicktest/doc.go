// Package kicktest provides a fake of the Vobiz conference member API for
// tests, in the spirit of net/http/httptest: [NewServer] starts it on a
// loopback address, [Server.Client] returns a client wired to it and
// [Server.Close] stops it.
//
//	srv := kicktest.NewServer()
//	defer srv.Close()
//	srv.AddMember("MyConf", kicktest.Member{ID: "10", CallUUID: "call-a"})
//	// Point the client under test at srv.URL with srv.AuthID and
//	// srv.AuthToken, kick member 10, then look at srv.Requests() and
//	// srv.Members("MyConf").
//
// # Live behaviour
//
// Rooms and their members are seeded with [Server.AddMember]; a room exists
// while it has members, as on the platform. The server answers:
//
//   - POST /api/v1/Account/{auth ID}/Conference/{name}/Member/{ids}/Kick/:
//     removes the members and answers 202
//     {"message":"kicked","member_id":[ids as sent],"api_id":"…"};
//   - DELETE /api/v1/Account/{auth ID}/Conference/{name}/Member/{ids}/:
//     removes the members, ending their calls, and answers 204 with no body;
//   - {ids} is one ID, a comma-separated list, or "all"; IDs not in the
//     room are skipped, and if none is there the answer is 404
//     {"error":"member not found","api_id":"…"};
//   - an unknown room: 404 {"error":"conference not found","api_id":"…"};
//   - wrong or missing X-Auth-ID or X-Auth-Token, another account's ID in
//     the path, a path in the wrong case (/account/…, /kick/) or without its
//     trailing slash: 401;
//   - any other route or method: the gateway's 404 {"message":"Not Found"}.
//
// Each removed member is reported to the hooks registered with [WithHook],
// so a call simulator can continue the kicked call or end the hung-up one.
//
// # Faults
//
// [Server.Enqueue] queues scripted [Response] values that the next requests
// get instead of the live answer: any status and body, extra headers and
// Retry-After, a delay, a reset connection, and optionally the live effect
// as well (the platform acted, the client never heard). Every request is
// recorded and available from [Server.Requests].
//
// # Panics
//
// As a test helper, the package panics on misuse instead of returning
// errors: [NewServer] with an invalid option, [Server.AddMember] with an
// invalid or duplicate member, [Server.Enqueue] with an invalid status code.
package kicktest
