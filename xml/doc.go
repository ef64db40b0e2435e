// Package xml builds, validates and renders Vobiz XML documents
// (https://www.vobiz.ai/docs/xml/response).
//
// Import it under another name next to encoding/xml:
//
//	import vxml "github.com/kickflow/kickflow/xml"
//
// Quick start:
//
//	resp := vxml.NewResponse().
//		Conference("MyConference", vxml.ConferenceAttrs{EnterSound: "beep:1"}).
//		Speak("You have been disconnected from the conference")
//	out, err := resp.Render()
//
// A document is a *Response holding Elements; every element has a typed
// attributes struct. Unset attributes are not written, so Vobiz applies its
// own defaults: Bool is tri-state, counts where 0 means something are *int
// (Int), and durations are time.Duration written in whole seconds.
//
// Builder mistakes are kept in the Response and reported by Validate and
// Render, never panicked on or fixed silently. Render fails on an invalid
// document.
//
// Rendering is deterministic: attributes are written in the order of their
// struct fields (the order of Vobiz's attribute tables), then Extra in slice
// order. In text and attribute values &, <, >, " and ' are escaped. Strings
// must be valid UTF-8 of XML characters; attribute values must not contain
// tab, newline or carriage return and text must not contain carriage return,
// since an XML parser would change them.
//
// Builders are for one goroutine. A finished Response that is no longer
// modified may be validated and rendered from many goroutines at once.
package xml
