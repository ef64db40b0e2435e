// Package kicktest provides a fake Vobiz platform for tests, in the spirit
// of net/http/httptest: [NewServer] starts it on a loopback address,
// [Server.Client] returns a client wired to it and [Server.Close] stops it.
// It serves the conference API (every route the kick client calls) and
// simulates inbound calls that run an app's XML, join conferences and
// honour kicks.
//
// # Quick start
//
// A test starts the app under test (an httptest server), starts a call
// against its answer URL, waits until the caller is in the room, kicks the
// member and reads what the caller heard next:
//
//	srv := kicktest.NewServer()
//	defer srv.Close()
//	call := srv.StartCall(kicktest.CallSpec{AnswerURL: app.URL + "/answer", CallUUID: "call-a"})
//	member, err := srv.WaitMember(ctx, "MyConf", "call-a")
//	// … kick member.ID with a kick.Client made with
//	// kick.WithBaseURL(srv.URL) and srv.AuthID, srv.AuthToken …
//	cause, err := call.Wait(ctx)
//	fmt.Print(call.Transcript())
//
// The package example (Example_kick) is the whole test. Example_ivr is an
// IVR test start to finish: a PIN entered with <Gather> (a wrong one, then
// the right one, scripted in [CallSpec.Input]), the room, a kick and the
// continuation.
//
// # Simulated calls
//
// [Server.StartCall] starts an inbound call. Like the platform, it
// requests the answer URL (form-encoded POST, or GET with the parameters
// in the query string) with CallUUID, From, To, Direction=inbound,
// CallStatus=ringing and Event=StartApp, parses the answer with xml.Parse
// (leniently: attributes the model does not know are kept, not fatal; and
// unvalidated, with xml.Unvalidated: like the platform it runs any document
// that reads, and fails a bad Redirect only when it gets there) and
// executes the elements in order:
//
//   - Speak, Play, Wait: recorded and given virtual time (below); the
//     simulated line is silent and has no answering machine, so a Wait with
//     silence="true" ends after its minSilence (2s if unset) when that is
//     shorter than its length, and one with beep="true" lasts its length;
//   - DTMF: recorded; with async="false" it takes 0.1s a digit, 0.5s a w
//     and 1s a W;
//   - PreAnswer: its children run;
//   - Redirect: the current document is abandoned and the URL requested
//     with Event=Redirect and CallStatus=in-progress;
//   - Hangup: the call ends with [CauseNormalHangup] (a [Hangup] step shows
//     a reason); with schedule="N" the document goes on and the call ends
//     with [CauseScheduledHangup] N seconds later if it is still running
//     (checked while the call spends virtual time, not in a room);
//   - Conference: the call joins the room and blocks until it leaves;
//   - Gather, Record, Dial, Stream: see below.
//
// An element the simulator does not know would be recorded as [Skipped]
// and passed over; every element of the xml package is acted out.
//
// When the elements run out the call ends with [CauseEndOfXML]. A request
// that fails, times out ([WithFetchTimeout]) or answers other than 2xx
// ends the call with [CauseAnswerURLError] or [CauseRedirectURLError]; an
// answer that is not served as application/xml or text/xml, is over 100
// KB, or does not parse, ends it with [CauseInvalidAnswerXML] or
// [CauseInvalidRedirectXML] (on the platform the call is answered and
// dropped about a second later; here at once). A Redirect to a URL that
// does not start with http:// or https://, or with a method other than GET
// or POST, ends it with [CauseInvalidRedirectURL] or
// [CauseInvalidRedirectMethod]. A call may fetch at most
// [DefaultMaxDocuments] documents ([WithMaxDocuments]); the Redirect past
// that records [RedirectLoop] and ends the call with
// [CauseRedirectURLError], as a platform that gives up on the URL.
//
// An element's action URL followed with redirect="true" fails the same
// way with [CauseActionURLError], [CauseInvalidActionURL],
// [CauseInvalidActionMethod] and [CauseInvalidActionXML]; with
// redirect="false" it is requested and its answer ignored.
//
// Each call records a [Transcript]: typed [Step] values with their virtual
// time, each with a one-line text form. [Call.HangUp] hangs up from the
// caller's side.
//
// # Caller input
//
// What the caller does is scripted in [CallSpec.Input], a list of [Keys],
// [Speech], [Silence], [Talk] and [HangUp]: each Gather and each
// foreground Record takes the next item, so a test never races the call.
// With the manual or real-time clock a test (or a person) can also act
// live: [Call.Press] sends keys to a running Gather, Record or bridge, or
// to a room joined with hangupOnStar, and [Call.Say] speaks to a Gather.
// With the automatic clock waits do not block, so live input only reaches
// a call that is waiting in a room.
//
// # Gather
//
// A [Gathering] step starts the Gather, its Speak and Play prompts follow,
// and input may interrupt them. Digits count with inputType "dtmf" or
// "dtmf speech", speech with "speech" or "dtmf speech"; an unset
// inputType reads as dtmf (the platform documents no default; this is the
// Plivo and official-SDK value, unverified). Input ends at finishOnKey ("#"
// if unset, "none" for no key; the key is not part of Digits; an empty
// finishOnKey reads as unset), at numDigits (32 if unset, values clamped
// to 1–32), or digitEndTimeout after the last key ("auto" is 5s), and
// never later than executionTimeout (15s if unset) after the prompts end.
// Speech is recognised speechEndTimeout after it starts ("auto" is 2s).
// The action gets InputType, Digits, Speech, SpeechConfidenceScore and
// BilledAmount with the standard parameters (no Event), and its answer
// replaces the document unless redirect="false".
//
// A Gather that gets no input: the platform's documentation says both that
// the next element runs and that the action is still requested with empty
// Digits. kicktest picks the first reading: [GatherTimedOut] is recorded,
// the action is not requested and the next element runs.
// [WithGatherTimeoutAction] switches to the second reading, so that an app
// can be tested against both.
//
// # Record
//
// A foreground Record records [RecordStarted] (with the beep of playBeep,
// true if unset), requests its action near the start with Event=Record,
// RecordingID, RecordUrl, RecordFile and RecordingDuration=-1 (the
// platform's documented order), then runs until the scripted input ends
// it: a key of finishOnKey ("1234567890*#" if unset), timeout seconds of
// silence (60s), maxLength (60s) or the caller hanging up. [Recorded] then
// gives the length and [EndReason], and callbackUrl gets Event=RecordStop
// with RecordingID, RecordUrl, RecordFile, RecordingDuration,
// RecordingDurationMs, RecordingStartMs, RecordingEndMs (wall-clock
// milliseconds of the call's start plus virtual time),
// RecordingEndReason, ALegUUID and the standard parameters. With
// redirect="true" the action's answer runs once the recording has ended;
// otherwise the document goes on. RecordUrl points at this server, which
// serves a WAV file (8 kHz 16-bit mono silence, as long as the recording
// and at most 10s) whatever the fileFormat. recordSession="true" records in
// the background until the call ends (RecordingEndReason=HungUp);
// startOnDialAnswer="true", and a Record inside a Dial (a disputed
// placement, read the same way), records the next bridged Dial from its
// answer to its end.
//
// # Dial
//
// Every Number and User of a Dial rings at once; [WithCallee],
// [CallSpec.Callees] and [WithDefaultCallee] say how each behaves
// ([Callee]: answer after RingFor, [Busy], [NoAnswer], [Fails], hang up
// after HangUpAfter, ConfirmKeys). The first to answer within timeout
// (120s if unset) is bridged, the others lose the race (LOSE_RACE); if
// none answers, the ringing ones end with NO_ANSWER at the timeout. The
// transcript shows both legs: [Dialing], one [Leg] per outcome, what the
// callee heard of confirmSound ([LegHeard]), sendDigits ([LegDigits]),
// [Bridged] and [DialEnded]. dialMusic and confirmSound are fetched with
// POST; the dialMusic steps are recorded as the caller's. With confirmKey
// the bridge is made only if the callee's ConfirmKeys hold the key (else
// CONFIRM_KEY_FAILED, 9110). The bridge lasts until the callee hangs up,
// timeLimit (14400s if unset; ALLOTTED_TIMEOUT), the caller hangs up, or
// the caller presses * with hangupOnStar="true"; keys pressed in the
// bridge that end with a digitsMatch pattern raise DialDigitsMatch.
// callbackUrl gets DialAnswer, DialConnected, DialHangup and
// DialDigitsMatch with DialAction, CallUUID, DialALegUUID, DialBLegUUID,
// DialBLegFrom, DialBLegTo, DialBLegPosition and, on hang-up,
// DialBLegDuration, DialBLegBillDuration and DialBLegHangupCause with its
// code, name and source. The action gets Event=DialAction, DialStatus,
// DialRingStatus, DialHangupCause, DialALegUUID and DialBLegUUID.
//
// After a bridge the elements after the Dial do not run (the newest
// platform pages say they run only when no bridge was made): the call
// ends with [CauseNormalHangup] unless the caller left with hangupOnStar
// or the action's answer takes over. On an inbound call the platform
// refuses a caller ID the account does not own; with no callerId the
// caller's own number is used, which it normally does not own. Such a Dial
// records [DialRejected], makes no request and the document goes on.
// [WithNumbers] lists the account's numbers (the number called always
// counts as owned); without it any explicit callerId is accepted.
//
// # Stream
//
// kicktest connects to the Stream's URL (ws:// or wss://) with a real
// WebSocket client (github.com/coder/websocket) and sends start (callId,
// streamId, accountId, tracks, mediaFormat with the encoding and
// sampleRate of contentType, extra_headers), then media frames of 20 ms of
// silence in contentType (base64 payload, track, timestamp, chunk), each
// message with sequenceNumber and streamId. It honours the app's
// playAudio (recorded with its size), checkpoint (answered with
// playedStream and the name), clearAudio (answered with clearedAudio) and
// stop (the socket closes and the document goes on). The transcript shows
// [StreamStarted], [StreamMessage], [StreamEnded] and [StreamFailed].
// With keepCallAlive="true" the document waits for the socket to end;
// otherwise the stream runs in the background, the next element starts at
// once, and the stream ends (reason "hung-up") when the call does. A
// connection that fails or that the app closes is retried maxRetries
// times (clamped to 0–10), each retry with a new streamId; streamTimeout
// (86400s if unset) ends the socket. The status callback gets StartStream
// (with ServiceURL), PlayedStream (with Name), ClearedAudio, DroppedStream
// (with Error) and StopStream (only after the app's stop), each with
// CallUUID, StreamID, From, To, Timestamp, Error and the Stream's
// settings echoed. audioTrack="both" with bidirectional="true" ends the
// call at once with [CauseEndOfXML], as on the platform.
//
// Frames are paced by the clock: with the manual clock one frame goes out
// for every 20 ms that [Server.Advance] moves the clock (a burst per
// Advance) and streamTimeout is virtual; with the automatic and real-time
// clocks frames go out every 20 ms of wall time and streamTimeout is wall
// time, since a stream has no virtual time of its own to follow.
//
// # Accepted and ignored
//
// These attributes are read but have nothing to simulate: Speak voice and
// language (recorded only); Gather speechModel, hints, language, log,
// profanityFilter and interimSpeechResultsCallback (no partial results are
// sent); Record fileFormat (always WAV), transcriptionType,
// transcriptionUrl and transcriptionMethod (no transcription is sent);
// Dial callerName, confirmTimeout, digitsMatchBLeg and sipHeaders; User
// sipHeaders; Stream bidirectional (playAudio is honoured either way) and
// audioTrack (frames are sent for the one track named); DTMF digits are
// not validated.
//
// # Virtual time
//
// The durations of the document cost no real time. A Speak counts one
// second per loop, a Play one second per loop (the file's length is not
// known), a Wait its length (1s if unset); loop="0", which repeats until
// the call ends, counts as one loop. Gather, Record and Dial wait as
// described above. A stay in a room takes no virtual time. There are
// three clocks:
//
//   - automatic (the default): each call keeps its own virtual clock and
//     never blocks on it; a wait jumps straight to its end;
//   - manual ([WithManualClock]): the test owns one clock for all calls; a
//     call that waits blocks until [Server.Advance] has moved the clock
//     past the wait's end, so a test can act while a caller is listening;
//   - real-time ([WithRealClock]): virtual time follows the wall clock from
//     each call's start, so a person can type digits while a prompt plays.
//
// # Conferences
//
// A room is created when its first member joins and disappears with its
// last member. Member IDs are small numbers counted per room name ("1",
// "2", …); a call that joins a room of the same name again gets its
// earlier ID back if it is free, as on the platform. The room keeps the
// members in join order; [Server.Members] lists them, simulated calls and
// members seeded with [Server.AddMember] alike.
//
// How a simulated call leaves, and what runs next:
//
//   - REST kick (one, several or "all"): [ReasonKicked]; the document goes
//     on with the element after <Conference>;
//   - REST hang-up, [Call.HangUp], [Server.RemoveMember]: [ReasonHungUp];
//     the call ends with [CauseNormalHangup];
//   - [Call.Press] with "*" in a room joined with hangupOnStar="true": like
//     a kick;
//   - left alone in a room that has held two members or more, without
//     stayAlone="true": [ReasonAlone]; the document goes on;
//   - a member who joined with endConferenceOnExit="true" leaves, for any
//     reason: every other simulated member leaves with [ReasonEnded]
//     (stayAlone is not consulted); the document goes on.
//
// As on the platform, maxParticipants is read but not enforced: the
// account's cap on members per room ([WithMemberCap], [DefaultMemberCap])
// applies instead, and a caller over it does not enter: the transcript
// shows [RoomFull] and the document goes on. A member with muted="true"
// records [Muted]. waitSound is fetched with POST on every join
// (ConferenceAction=waitSound, Event=ConferenceRemoteSounds,
// ConferenceName and the standard parameters) and its steps are heard,
// after [WaitingForStart], only by a member who joined with
// startConferenceOnEnter="false" a room that no starter is in yet. Keys
// pressed in the room ([Call.Press]) that end with a digitsMatch pattern
// raise a callback with ConferenceAction=digits and ConferenceDigitsMatch
// (the ancestor engine's shape; the platform's is undocumented). With the
// manual or real-time clock, a member's timeLimit ends the room that long
// after it joined: every member leaves with [ReasonEnded] (with the
// automatic clock a stay takes no virtual time, so the limit never
// comes). The action URL fires as unreliably as the platform's, which
// fetches it only for rooms on a remote media server: by default never,
// and as [WithConferenceAction] decides; when it fires its answer replaces
// the rest of the document. record yields no file on the platform and
// none here; beep tones are not guaranteed there and not recorded here;
// enterSound, exitSound, relayDTMF, recordFileFormat and waitMethod are
// accepted and ignored. Seeded members have no document: they leave only through the REST API or
// RemoveMember, and the alone and endConferenceOnExit rules never remove
// them.
//
// # Callbacks and signatures
//
// A member whose <Conference> has a callbackUrl gets enter and exit
// callbacks with callbackMethod (POST if unset): ConferenceAction,
// Event (ConferenceEnter or ConferenceExit), ConferenceUUID (one per life
// of the room), ConferenceName, ConferenceMemberID, CallUUID, and on enter
// ConferenceFirstMember, From, To, Direction and CallStatus, on exit
// ConferenceLastMember (true when the room was empty after that exit).
// They are delivered asynchronously, one at a time in the order of the
// events, by a goroutine of the server; the app's answer is ignored.
// [WithCallbackFaults] drops, duplicates or holds chosen callbacks, and
// [Server.ReleaseCallbacks] sends the held ones late, so they arrive out
// of order. [Server.WaitCallbacks] waits until the queue is empty. The
// Record and Dial callbacks described above go through the same queue,
// faults included.
//
// Every request to an app carries X-Vobiz-Signature-V2 and
// X-Vobiz-Signature-V3 with their nonces (random 20-digit strings),
// computed with AuthToken over the URL without its query string;
// [WithoutSignatures] turns them off. Every request and its answer is
// recorded: see [Server.Exchanges].
//
// # The REST API
//
// Rooms and their members can also be seeded with [Server.AddMember]. The
// server answers, under /api/v1/Account/{auth ID}/Conference/ (each
// request's [Route] is recorded in [Request.Route]):
//
//   - POST {name}/Member/{ids}/Kick/: removes the members and answers 202
//     {"message":"kicked","member_id":[ids as sent],"api_id":"…"};
//   - DELETE {name}/Member/{ids}/: removes the members, ending their calls,
//     and answers 204 with no body;
//   - POST and DELETE {name}/Member/{ids}/Mute/ and …/Deaf/: set and clear
//     [Member.Muted] and [Member.Deaf] (shown by [Server.Members] and the
//     GET below); POST answers 202 {"message":"muted"|"deaf",…}, DELETE 204;
//   - POST {name}/Member/{ids}/Play/ ({"url":…} required) and …/Speak/
//     ({"text":…} required, "voice" and "language" optional): the targeted
//     members that are simulated calls get a [HeardPlay] or [HeardSpeech]
//     step in their transcripts, the others nothing; 202. DELETE of either
//     answers 204 (a missing field in a POST: 400);
//   - {ids} is one ID, a comma-separated list, or "all"; IDs not in the
//     room are skipped, and if none is there the answer is 404
//     {"error":"member not found","api_id":"…"};
//   - GET {name}/: the conference object as documented (numbers as
//     strings, members with their state; seeded members have no numbers
//     or direction); GET of the bare …/Conference/: {"conferences":[names]}.
//     With [WithLiveReads] they answer as the live platform was observed
//     to: 200 {"error":"failed"} for a live room and an empty list;
//   - DELETE {name}/: every member leaves as with a REST hang-up, so
//     simulated calls end; 204. DELETE of the bare …/Conference/ does so
//     for every room and answers 204 even when none is live;
//   - POST {name}/Record/ (optional {"file_format":"mp3"|"wav",
//     "callback_url":…}) answers 200 {"message":"async api spawned"} and
//     adds a [Recording]; DELETE {name}/Record/ stops the room's recordings
//     and answers 204; a room's recordings also stop when it ends. No file
//     is made, as on the live platform; see [Server.Recordings];
//   - an unknown room: 404 {"error":"conference not found","api_id":"…"};
//   - wrong or missing X-Auth-ID or X-Auth-Token, another account's ID in
//     the path, a path in the wrong case (/account/…, /kick/) or without its
//     trailing slash: 401;
//   - any other route or method: the gateway's 404 {"message":"Not Found"}.
//
// Each member the API removes (kick, hang-up, conference hang-up) is
// reported to the hooks registered with [WithHook]; members that are
// simulated calls also leave as described above.
//
// # Faults
//
// [Server.Enqueue] queues scripted [Response] values that the next REST
// requests get instead of the live answer, and [Server.EnqueueRoute] queues
// them for one [Route] only (they are used first, and requests for other
// routes leave them alone): any status and body, extra
// headers and Retry-After, a delay, a reset connection, and optionally the
// live effect as well (the platform acted, the client never heard; a
// kicked call then goes on all the same). Every REST request is recorded
// and available from [Server.Requests]. Faults of the app itself (slow,
// failing or malformed answers) come from the app under test; the
// platform's reaction is described under Simulated calls.
//
// # Waiting
//
// Calls run on their own goroutines, so tests wait for conditions rather
// than sleep: [Server.WaitUntil] for any condition, [Server.WaitMember],
// [Server.WaitMembers], [Server.WaitCallbacks], [Call.Wait] and
// [Call.WaitStep]. Each takes a context first; without a deadline,
// [DefaultWaitTimeout] applies, so no wait hangs a test.
//
// # Concurrency and Close
//
// A Server and its Calls are safe for concurrent use. [Server.Close] ends
// every call still running with [CauseNormalHangup] (without callbacks),
// discards callbacks not yet sent and returns only when every goroutine of
// the server has finished.
//
// # Panics
//
// As a test helper, the package panics on misuse instead of returning
// errors: [NewServer] with an invalid option, [Server.AddMember] with an
// invalid or duplicate member, [Server.Enqueue] with an invalid status
// code, [Server.StartCall] with an invalid spec or after Close,
// [Server.Advance] without the manual clock.
package kicktest
