// Package xml builds, validates and renders Vobiz XML documents, the
// <Response> an app server returns to drive a call
// (https://www.vobiz.ai/docs/xml/response).
//
// Import it under another name next to encoding/xml:
//
//	import vxml "github.com/kickflow/kickflow/xml"
//
// # Quick start
//
// Chain builder calls on [NewResponse], then render:
//
//	resp := vxml.NewResponse().
//		Conference("MyConference", vxml.ConferenceAttrs{EnterSound: "beep:1"}).
//		Speak("You have been disconnected from the conference")
//	out, err := resp.Render()
//	if err != nil {
//		return err // the document is invalid; errors.Is(err, vxml.ErrInvalid)
//	}
//	// out is <?xml version="1.0" encoding="UTF-8"?><Response><Conference
//	// enterSound="beep:1">MyConference</Conference><Speak>You have been
//	// disconnected from the conference</Speak></Response>
//
// Vobiz runs the elements in order. When a caller leaves a conference room
// while the call is up, for example when kicked, Vobiz continues with the
// element after the Conference, here the Speak.
//
// # Documents and elements
//
// A document is a [*Response] holding [Element] values: [*Speak], [*Play],
// [*Wait], [*Redirect], [*Hangup], [*DTMF], [*PreAnswer], [*Gather],
// [*Dial], [*Number], [*User], [*Record], [*Stream] and [*Conference].
// Build them with the builder methods ([Response.Speak],
// [Response.Gather], [Response.Dial], …; nested elements are added inside
// a function, as in [Response.Gather]) or as struct literals with
// [Response.Add]. The zero Response renders an empty <Response/>.
//
// # Attributes
//
// Every element has a typed attributes struct ([ConferenceAttrs],
// [GatherAttrs], …), passed as an optional last argument to the builder.
// Unset attributes are not written, so Vobiz applies its own defaults:
//
//   - [Bool] is tri-state: [Unset], [True] or [False]; stayAlone="false"
//     differs from no stayAlone at all.
//   - Counts where 0 means something are *int; write them with [Int], as
//     in Loop: vxml.Int(0), which repeats until the call ends.
//   - Durations are time.Duration and are written in whole seconds (or
//     milliseconds for minSilence); Gather's end timeouts are
//     [EndTimeout] values built with [EndAfter] or [EndTimeoutAuto].
//   - Enumerations are typed strings with constants ([MethodPost],
//     [VoiceWoman], [InputDTMF], …).
//   - Attributes the structs do not know go in Extra as [Attr] values,
//     written after the typed ones.
//
// # SSML
//
// Speak content is a list of [Node] values: [Text] and [*Tag] SSML tags
// such as <break/>, <prosody> or <say-as>. [Response.SpeakSSML] builds it
// with an [SSMLBuilder]. Tags and their attributes are checked against
// the known SSML set; there is no way to insert raw markup.
//
// # Validation
//
// [Response.Validate] returns every problem of a document at once as
// [ValidationErrors]; each [*ValidationError] names the element by path
// and the attribute at fault, as in
//
//	Response/Gather[1]/Play[1]: URL is empty
//	Response/Wait[1]@length: 1.5s is not a whole number of seconds
//
// All of them match [ErrInvalid] with errors.Is. Builder mistakes, such as
// passing two attribute sets, are kept in the Response and reported the
// same way, never panicked on or fixed silently. Every render method
// validates first and returns no output for an invalid document.
//
// [Response.Lint] reports what is valid but likely wrong, as [Finding]
// values with a stable [Rule]: elements after a Redirect or Hangup that
// never run, http:// media and callback URLs, a Conference without an
// explicit stayAlone (Vobiz ejects a lone member) or with nothing after it
// (a kicked caller then hears nothing), and more; each rule's doc says why.
//
// # Parsing
//
// [Parse] and [ParseReader] read a document back into the model, strictly
// by default (one Response root, known elements and attributes only,
// values of the right type) and then validate it, so they return only
// documents that Render accepts; Render of the result is canonically equal
// to the input. Errors are [*ParseError] values with line, column and
// element path. [Lenient] keeps unknown attributes in Extra. Input is
// bounded in size ([MaxParseSize]), depth and attributes; DOCTYPE is
// refused, so no entity is ever expanded.
//
// The [Locate] option records in [Locations] where each parsed element
// starts, beside the model; [Locations.Lint] and [Locations.Validate] then
// give findings and problems with line and column. [Check] does all of it
// for a document's bytes: parse, validation and lint problems as located
// findings, what the kickflow lint command prints. [Format] writes a
// document in its one indented form, keeping its comments, as kickflow fmt
// does.
//
// # Serving over HTTP
//
// [Write] renders first and only then sets Content-Type ([MediaType]) and
// Content-Length and writes, so a render error sends nothing. [NewHandler]
// adapts a func(*http.Request) (*Response, error) into an http.Handler
// that answers a fallback document ([DefaultFallback]: a short apology and
// a hangup) when the function fails, never dead air or a 5xx that drops
// the call.
//
// # Rendering
//
// [Response.Render] returns the compact document behind an XML
// declaration; [Response.AppendRender] appends it to a buffer the caller
// reuses and, for a valid document, does not allocate;
// [Response.WriteTo] writes it to an io.Writer; [Response.RenderIndent]
// puts one element per line for people to read. [Response.Etree] builds
// the same document as an etree document for inspection or further work;
// writing it gives the bytes of Render.
//
// Output is deterministic: attributes are written in the order of their
// struct fields (the order of Vobiz's attribute tables), then Extra in
// slice order. In text and attribute values &, <, >, " and ' are escaped.
// Strings must be valid UTF-8 of XML characters; attribute values must
// not contain tab, newline or carriage return and text must not contain
// carriage return, since an XML parser would change them. Breaking these
// rules is a validation error, never a silent replacement.
//
// The renderer writes straight from the model. The package's tests check
// it against documents built with etree for random valid models of every
// element, attribute and SSML tag, including fuzzed Unicode strings.
//
// # Comparing and webhooks
//
// [Canonical] and [CanonicalEqual] compare documents from different
// writers, ignoring attribute order, quoting, escaping and indentation.
// [ParseWebhook] reads the parameters Vobiz sends to answer, action and
// redirect URLs into a typed [Webhook]. It requires none of them, and a
// number that does not parse is left zero and listed in [Webhook.Invalid]
// rather than failing the request.
//
// # Concurrency
//
// Builders are for one goroutine. A finished Response that is no longer
// modified may be validated and rendered from many goroutines at once.
package xml
