package flow

import (
	vxml "github.com/kickflow/kickflow/xml"
)

// Join returns the join document for a caller entering room: a
// <Conference> whose callbackUrl points at the flow's events endpoint and
// whose stayAlone is the flow's (see [WithStayAlone]), followed by the
// continuation hook, a <Redirect> to the continue endpoint. The hook runs
// only when the caller leaves the room while the call is up: a kick, a
// hangupOnStar, a lone member without stayAlone, a room ended by another
// member's endConferenceOnExit.
//
// attrs, at most one, are the caller's own Conference attributes. The flow
// sets callbackUrl and stayAlone; a value the caller set for either that
// differs from the flow's, or any action (whose document would replace the
// continuation hook), gives an error matching [ErrConflict]; nothing the
// caller set is overwritten. An empty room, a room the kick API cannot
// address ("." or "..": a caller there could never be kicked) or an
// invalid document gives an error matching [ErrInvalidArgument] (and
// xml.ErrInvalid for the latter).
//
// Each call makes a new join token and puts it into the path of both URLs
// the document names: the callbackUrl is the events URL + "/" + token and
// the Redirect the continue URL + "/" + token. The platform's signatures
// cover the path, so a signature captured from one join's requests is
// never valid for another join's URLs; the first callback under the token
// binds it to its call (see the package doc). The token also lets the
// registry tell this join from earlier and later joins of the same call.
func (f *Flow) Join(room string, attrs ...vxml.ConferenceAttrs) (*vxml.Response, error) {
	elems, err := f.joinElements(room, attrs)
	if err != nil {
		return nil, err
	}
	return &vxml.Response{Elements: elems}, nil
}

func (f *Flow) joinElements(room string, attrs []vxml.ConferenceAttrs) ([]vxml.Element, error) {
	if err := checkRoom(room); err != nil {
		return nil, err
	}
	if len(attrs) > 1 {
		return nil, invalid("%d sets of conference attributes, want at most one", len(attrs))
	}
	var a vxml.ConferenceAttrs
	if len(attrs) == 1 {
		a = attrs[0]
	}
	token := f.newJoinToken()
	if !validToken(token) {
		return nil, invalid("join token %q is not 1 to %d letters, digits, '-' or '_'", token, maxTokenLen)
	}
	callback := f.eventsURL + "/" + token
	stay := vxml.False
	if f.o.stayAlone {
		stay = vxml.True
	}
	switch {
	case a.CallbackURL != "":
		return nil, conflict("callbackUrl", "the flow sets it to its events endpoint")
	case a.StayAlone != vxml.Unset && a.StayAlone != stay:
		return nil, conflict("stayAlone", "the flow is configured with the other value")
	case a.Action != "":
		return nil, conflict("action", "its document would replace the continuation hook")
	}
	a.CallbackURL = callback
	a.StayAlone = stay
	elems := []vxml.Element{
		&vxml.Conference{Attrs: a, Room: room},
		&vxml.Redirect{URL: f.continueURL + "/" + token},
	}
	if err := (&vxml.Response{Elements: elems}).Validate(); err != nil {
		return nil, invalidErr("join document for room "+room, err)
	}
	return elems, nil
}
