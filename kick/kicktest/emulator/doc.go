// Package emulator runs a kicktest.Server as a standalone fake Vobiz for apps
// in any language: one HTTP handler that serves the platform's REST API
// (proxied to the kicktest server), a small JSON control API to drive calls,
// and a web console that shows rooms, members and every call's transcript
// as it happens.
//
// The command "kickflow emulate" serves it; a Go program can do the same:
//
//	srv := kicktest.NewServer(kicktest.WithRealClock())
//	em, err := emulator.New(srv)
//	if err != nil {
//		return err
//	}
//	defer em.Close()
//	defer srv.Close()
//	http.ListenAndServe("127.0.0.1:8089", em)
//
// # REST API
//
// Every path under /api/ goes to the kicktest server unchanged, escaping,
// case and trailing slash included, so the app's Vobiz client can use the
// emulator's address as its base URL with the server's AuthID and
// AuthToken.
//
// # Control API
//
// Request and answer bodies are JSON. A POST must be sent with the
// Content-Type application/json (so a web page elsewhere cannot reach the
// API with a plain form), its body is limited to [MaxBodyBytes], and a
// request with an Origin header must come from the emulator's own origin.
//
//	POST /control/calls                  start a call: {"answerUrl": "http://…",
//	                                     "answerMethod": "POST", "from": "+1…",
//	                                     "to": "+1…", "callUuid": "…",
//	                                     "input": [Input…]} → 201 CallState
//	GET  /control/calls                  every call → [CallState…]
//	GET  /control/calls/{uuid}           one call → CallState (404 if unknown)
//	POST /control/calls/{uuid}/digits    press keys: {"digits": "1234#"}
//	POST /control/calls/{uuid}/speech    speak: {"text": "yes", "confidence": 0.9}
//	POST /control/calls/{uuid}/hangup    hang up from the caller's side
//	GET  /control/rooms                  rooms and members → [Room…]
//	POST /control/faults                 queue scripted REST answers: [Fault…]
//	GET  /control/state                  State: rooms and calls
//	GET  /control/events                 server-sent events: one "state"
//	                                     event with the State whenever it changes
//
// Digits and speech answer 204 when something on the call took them (a
// Gather, a Record, a bridge, a room's hangupOnStar) and 409 when nothing
// listened. Errors are {"error": "…"} with a 4xx status.
//
// # Console
//
// GET / serves the console: a page that follows /control/events and shows
// each room with its members and each call with its transcript, and has
// forms to start a call and to press keys, speak and hang up. It is served
// with a strict Content-Security-Policy (scripts, styles and connections
// only from the emulator itself) and puts every value into the page as
// text, never as HTML.
package emulator
