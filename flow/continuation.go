package flow

import (
	"text/template"

	vxml "github.com/kickflow/kickflow/xml"
)

// Continuation is what a kicked caller hears next, in this order: the
// announcement, the audio file, then Then (hang up, redirect, or move to
// another room). The zero value hangs up at once.
type Continuation struct {
	// Announce is spoken first. It is a template executed for each
	// kicked member with a [TemplateData] (for example "Goodbye
	// {{.From}}"), in the small language of the package doc (fields,
	// if/else, with; no loops, functions or variables); source longer
	// than [MaxTemplateBytes] or output longer than [MaxAnnounceBytes] is
	// an error. The
	// result is spoken as it is (the XML renderer escapes it); an empty
	// result speaks nothing. Empty: no announcement.
	Announce string
	// AnnounceAttrs are the attributes of the announcement's Speak.
	AnnounceAttrs vxml.SpeakAttrs
	// Play is the URL of an audio file played after the announcement.
	// Empty: none.
	Play string
	// Then is what happens last; the zero value hangs up.
	Then Next
	// Fields are extra values for the template, as .Fields.name.
	Fields map[string]string
	// TellRoom is what the members who stay hear after a successful kick;
	// the zero value tells them nothing. See [RoomMessage].
	TellRoom RoomMessage
}

// TemplateData is what an announcement template sees for each member.
type TemplateData struct {
	// From, To and CallerName are the caller's details as the enter callback
	// reported them; empty when it did not.
	From, To, CallerName string
	// Room and MemberID are the room the call is kicked from and its member
	// ID there.
	Room, MemberID string
	// CallUUID is the kicked call.
	CallUUID string
	// Fields are the continuation's Fields.
	Fields map[string]string
}

type nextKind uint8

const (
	nextHangup nextKind = iota
	nextRedirect
	nextMove
)

// Next is the last step of a [Continuation]: make it with [Hangup],
// [Redirect] or [MoveTo]. The zero value hangs up.
type Next struct {
	kind  nextKind
	url   string
	room  string
	attrs []vxml.ConferenceAttrs
}

// Hangup ends the call.
func Hangup() Next { return Next{} }

// Redirect hands the call to the document at url, an absolute URL.
func Redirect(url string) Next { return Next{kind: nextRedirect, url: url} }

// MoveTo puts the caller into another room, with a new join document of
// the same flow (see [Flow.Join]), so the moved caller is tracked and can
// be kicked with a continuation there too. attrs are as for Join.
func MoveTo(room string, attrs ...vxml.ConferenceAttrs) Next {
	return Next{kind: nextMove, room: room, attrs: attrs}
}

// render builds and renders the continuation for m.
func (f *Flow) render(c *Continuation, tmpl *template.Template, m Member) ([]byte, error) {
	r := vxml.NewResponse()
	if tmpl != nil {
		text, err := execute(tmpl, TemplateData{
			From: m.From, To: m.To, CallerName: m.CallerName,
			Room: m.Room, MemberID: m.MemberID, CallUUID: m.CallUUID,
			Fields: c.Fields,
		})
		if err != nil {
			return nil, invalidErr("announcement for call "+m.CallUUID, err)
		}
		if text != "" {
			r.Speak(text, c.AnnounceAttrs)
		}
	}
	if c.Play != "" {
		r.Play(c.Play)
	}
	switch c.Then.kind {
	case nextHangup:
		r.Hangup()
	case nextRedirect:
		r.Redirect(c.Then.url)
	case nextMove:
		elems, err := f.joinElements(c.Then.room, c.Then.attrs)
		if err != nil {
			return nil, err
		}
		r.Add(elems...)
	}
	doc, err := r.Render()
	if err != nil {
		return nil, invalidErr("continuation for call "+m.CallUUID, err)
	}
	return doc, nil
}
