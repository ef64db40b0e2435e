package flow

import (
	"context"
	"errors"
	"fmt"
	"log/slog"

	"github.com/kickflow/kickflow/kick"
)

// ControlResult is the outcome of a moderator control: [Flow.Mute],
// [Flow.Unmute], [Flow.Deaf], [Flow.Undeaf], [Flow.Play] or [Flow.Speak].
type ControlResult struct {
	// Room is the room of the members reached.
	Room string
	// Members are the members the request was sent for, with the member
	// IDs they held when it was sent. After success they were reached;
	// with OutcomeUnknown they may have been.
	Members []Member
	// OutcomeUnknown reports that the platform may or may not have acted
	// (a 5xx, or a timeout after sending). The request is not retried:
	// member IDs are reused, a late retry could reach another call.
	OutcomeUnknown bool
	// Response is the platform's answer; nil for Unmute and Undeaf, whose
	// 204 carries none, and unless the request succeeded.
	Response *kick.Result
}

// Mute mutes the target's calls: the rest of the room no longer hears
// them. The target is resolved as for [Flow.Kick] (call UUIDs are looked up
// in the registry right before the request, so a caller who rejoined under
// a reused member ID is reached under the ID it holds now).
//
// Errors are as for Kick: a target the registry does not know matches
// [ErrNotFound], bad input [ErrInvalidArgument]; a definite failure wraps
// the kick package's error; an unknown outcome returns both a
// ControlResult with OutcomeUnknown set and an error matching
// kick.ErrOutcomeUnknown.
func (f *Flow) Mute(ctx context.Context, t Target) (*ControlResult, error) {
	return f.control(ctx, "mute", t, func(room string, ids []string) (*kick.Result, error) {
		return f.client.Mute(ctx, room, ids...)
	})
}

// Unmute lets the target's calls be heard again. See [Flow.Mute].
func (f *Flow) Unmute(ctx context.Context, t Target) (*ControlResult, error) {
	return f.control(ctx, "unmute", t, func(room string, ids []string) (*kick.Result, error) {
		return nil, f.client.Unmute(ctx, room, ids...)
	})
}

// Deaf makes the target's calls deaf: they no longer hear the room. See
// [Flow.Mute].
func (f *Flow) Deaf(ctx context.Context, t Target) (*ControlResult, error) {
	return f.control(ctx, "deaf", t, func(room string, ids []string) (*kick.Result, error) {
		return f.client.Deaf(ctx, room, ids...)
	})
}

// Undeaf lets the target's calls hear the room again. See [Flow.Mute].
func (f *Flow) Undeaf(ctx context.Context, t Target) (*ControlResult, error) {
	return f.control(ctx, "undeaf", t, func(room string, ids []string) (*kick.Result, error) {
		return nil, f.client.Undeaf(ctx, room, ids...)
	})
}

// Play plays the audio file at audioURL (an absolute https URL) to the
// target's calls; only they hear it. See [Flow.Mute]. The URL is checked
// before the target is looked up.
func (f *Flow) Play(ctx context.Context, t Target, audioURL string) (*ControlResult, error) {
	if err := checkAudioURL(audioURL); err != nil {
		return nil, err
	}
	return f.control(ctx, "play", t, func(room string, ids []string) (*kick.Result, error) {
		return f.client.Play(ctx, room, audioURL, ids...)
	})
}

// Speak says s to the target's calls in a synthesised voice; only they
// hear it. The text is checked (not empty, at most [kick.MaxSpeechText]
// characters) before the target is looked up. The platform's member Speak
// route appears only in Vobiz's older documentation pages; [Flow.Play] is
// the documented way to reach members with audio. See [Flow.Mute].
func (f *Flow) Speak(ctx context.Context, t Target, s kick.Speech) (*ControlResult, error) {
	if err := checkSpeech(s); err != nil {
		return nil, err
	}
	return f.control(ctx, "speak", t, func(room string, ids []string) (*kick.Result, error) {
		return f.client.Speak(ctx, room, s, ids...)
	})
}

// control resolves t and sends one request for all its members.
func (f *Flow) control(ctx context.Context, verb string, t Target,
	send func(room string, ids []string) (*kick.Result, error)) (*ControlResult, error) {
	members, err := f.resolve(ctx, t)
	if err != nil {
		return nil, err
	}
	room := members[0].Room
	kres, kerr := send(room, memberIDsOf(members))
	res := &ControlResult{Room: room, Members: members, Response: kres}
	switch {
	case kerr == nil:
		f.o.logger.LogAttrs(ctx, slog.LevelInfo, "flow: "+verb, slog.String("room", room), slog.Int("members", len(members)))
		return res, nil
	case errors.Is(kerr, kick.ErrOutcomeUnknown):
		res.OutcomeUnknown = true
		f.o.logger.LogAttrs(ctx, slog.LevelWarn, "flow: "+verb+" outcome unknown",
			slog.String("room", room), slog.Int("members", len(members)), slog.String("error", kerr.Error()))
		return res, fmt.Errorf("flow: %s in room %q: %w", verb, room, kerr)
	default:
		return nil, fmt.Errorf("flow: %s in room %q: %w", verb, room, kerr)
	}
}

// memberIDsOf returns the member IDs of ms, in order.
func memberIDsOf(ms []Member) []string {
	ids := make([]string, len(ms))
	for i, m := range ms {
		ids[i] = m.MemberID
	}
	return ids
}
