package flow

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"text/template"

	"github.com/kickflow/kickflow/kick"
)

// RoomMessage is what the members who stay in the room hear after a kick
// (see [Continuation].TellRoom): text spoken to them, audio played to them,
// or both. The zero value tells them nothing.
//
// It is sent only after a kick the platform accepted, never after a
// definite failure or an unknown outcome (the kicked caller may still be
// in the room). The members who stay are read from the registry right
// after the kick, the kicked calls left out, and are addressed by their
// member IDs (never [kick.All], which would reach a kicked caller whose
// leaving the platform has not finished). A failure to send it is logged
// and reported in [Result].TellRoom; it never turns a successful kick into
// an error. Input that cannot be sent (a template that does not parse or
// execute, a text over [kick.MaxSpeechText] characters, a Play URL that is
// not https) is rejected with [ErrInvalidArgument] before the kick.
type RoomMessage struct {
	// Speak is a template in the announcement language (see the package
	// doc; the same parser and limits as [Continuation].Announce),
	// executed for each kicked member with its [TemplateData] (for example
	// "{{.From}} has left the meeting"). The texts, joined by spaces, are
	// spoken through the platform's member Speak route, which Vobiz
	// documents only in its older pages: prefer Play where that matters.
	// An empty result speaks nothing. Empty: nothing spoken.
	Speak string
	// Voice and Language are the Speak's voice ("WOMAN" or "MAN") and
	// language (for example "en-US"); empty leaves them to the platform.
	Voice, Language string
	// Play is the absolute https URL of an audio file played to them
	// through the documented member Play route. Empty: none.
	Play string
}

// TellResult is what became of a [RoomMessage] after a successful kick.
type TellResult struct {
	// Members are the members who stayed and were sent the message; empty
	// when nobody stayed (then nothing was sent).
	Members []Member
	// Speak and Play are the platform's answers to the requests made; nil
	// for a request not made or that failed.
	Speak, Play *kick.Result
	// OutcomeUnknown reports that a request may or may not have reached
	// the members (a 5xx, or a timeout after sending).
	OutcomeUnknown bool
	// Err is the failure of the lookup or of a request, or nil. It has
	// been logged.
	Err error
}

// tell is a RoomMessage checked before the kick.
type tell struct {
	msg  *RoomMessage
	tmpl *template.Template
}

// prepareTell checks m; it returns nil for an empty message.
func (f *Flow) prepareTell(m *RoomMessage) (*tell, error) {
	if m.Speak == "" && m.Play == "" {
		return nil, nil
	}
	t := &tell{msg: m}
	if m.Speak != "" {
		var err error
		if t.tmpl, err = f.templates.get(m.Speak); err != nil {
			return nil, fmt.Errorf("%w (in TellRoom)", err)
		}
	}
	if m.Play != "" {
		if err := checkAudioURL(m.Play); err != nil {
			return nil, fmt.Errorf("%w (in TellRoom)", err)
		}
	}
	return t, nil
}

// text renders the spoken part of t for the kicked members; empty when
// there is none.
func (t *tell) text(c *Continuation, kicked []Member) (string, error) {
	if t == nil || t.tmpl == nil {
		return "", nil
	}
	parts := make([]string, 0, len(kicked))
	for _, m := range kicked {
		s, err := execute(t.tmpl, TemplateData{
			From: m.From, To: m.To, CallerName: m.CallerName,
			Room: m.Room, MemberID: m.MemberID, CallUUID: m.CallUUID,
			Fields: c.Fields,
		})
		if err != nil {
			return "", invalidErr("tell-the-room text for call "+m.CallUUID, err)
		}
		if s = strings.TrimSpace(s); s != "" {
			parts = append(parts, s)
		}
	}
	text := strings.Join(parts, " ")
	if text == "" {
		return "", nil
	}
	if err := checkSpeech(kick.Speech{Text: text}); err != nil {
		return "", fmt.Errorf("%w (in TellRoom)", err)
	}
	return text, nil
}

// tellRoom sends t to the members of room other than the kicked ones.
func (f *Flow) tellRoom(ctx context.Context, room string, kicked []Member, t *tell, text string) *TellResult {
	res := &TellResult{}
	fail := func(err error) *TellResult {
		res.Err = err
		res.OutcomeUnknown = res.OutcomeUnknown || errors.Is(err, kick.ErrOutcomeUnknown)
		f.o.logger.LogAttrs(ctx, slog.LevelWarn, "flow: tell the room failed",
			slog.String("room", room), slog.Int("members", len(res.Members)), slog.String("error", err.Error()))
		return res
	}
	all, err := f.o.store.Members(ctx, room)
	if err != nil {
		return fail(fmt.Errorf("flow: tell the room %q: members: %w", room, err))
	}
	gone := make(map[string]bool, len(kicked))
	for _, m := range kicked {
		gone[m.CallUUID] = true
	}
	for _, m := range all {
		if !gone[m.CallUUID] {
			res.Members = append(res.Members, m)
		}
	}
	if len(res.Members) == 0 {
		return res
	}
	ids := memberIDsOf(res.Members)
	var errs []error
	if text != "" {
		s := kick.Speech{Text: text, Voice: t.msg.Voice, Language: t.msg.Language}
		if res.Speak, err = f.client.Speak(ctx, room, s, ids...); err != nil {
			errs = append(errs, fmt.Errorf("flow: tell the room %q: %w", room, err))
		}
	}
	if t.msg.Play != "" {
		if res.Play, err = f.client.Play(ctx, room, t.msg.Play, ids...); err != nil {
			errs = append(errs, fmt.Errorf("flow: tell the room %q: %w", room, err))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return fail(err)
	}
	f.o.logger.LogAttrs(ctx, slog.LevelInfo, "flow: told the room",
		slog.String("room", room), slog.Int("members", len(res.Members)))
	return res
}

// checkAudioURL checks an audio URL as the platform's Play does, before
// the target is looked up, and reports a bad one as flow's invalid argument.
func checkAudioURL(raw string) error {
	return fromKick(kick.ValidateAudioURL(raw))
}

// checkSpeech checks a speech as the platform's Speak does; see
// checkAudioURL.
func checkSpeech(s kick.Speech) error {
	return fromKick(s.Validate())
}
