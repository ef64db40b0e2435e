package kick

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"
)

// MaxSpeechText is the longest text, in characters, that [Client.Speak]
// accepts, the platform's documented limit.
const MaxSpeechText = 1000

// Speech is what [Client.Speak] says.
type Speech struct {
	// Text is what is said; required, at most [MaxSpeechText] characters.
	Text string
	// Voice is "WOMAN" or "MAN"; empty leaves the choice to the platform.
	Voice string
	// Language is a language code such as "en-US"; empty leaves the choice
	// to the platform.
	Language string
}

// Play plays the audio file at audioURL to members; only they hear it. The
// URL must be an absolute https URL of an MP3 or WAV file (the type is left
// to the platform to check). The platform answers 202 {"message":"play
// queued into conference"}; any 2xx is success. Arguments, errors and
// retries are as for [Client.Kick]. There is no room-wide play: target
// [All] instead.
//
//	POST .../Conference/{conference}/Member/{ids}/Play/ with the body {"url": audioURL}
func (c *Client) Play(ctx context.Context, conference, audioURL string, memberIDs ...string) (*Result, error) {
	op := memberOp("play", conference, memberIDs)
	path, err := c.memberPath(conference, memberIDs)
	if err == nil {
		err = ValidateAudioURL(audioURL)
	}
	if err != nil {
		return nil, fmt.Errorf("kick: %s: %w", op, err)
	}
	body, err := jsonBody(struct {
		URL string `json:"url"`
	}{audioURL})
	if err != nil {
		return nil, fmt.Errorf("kick: %s: %w", op, err)
	}
	return c.result(ctx, call{op: op, method: http.MethodPost, path: path + "Play/", body: body})
}

// StopPlay stops what [Client.Play] plays to members. The platform answers
// 204, also when nothing was playing; any 2xx is success.
//
//	DELETE .../Conference/{conference}/Member/{ids}/Play/
func (c *Client) StopPlay(ctx context.Context, conference string, memberIDs ...string) error {
	return c.memberNoResult(ctx, "stop play", conference, memberIDs, "Play/")
}

// Speak says s.Text to members in a synthesised voice; only they hear it.
// The body carries "text" and, when set, "voice" and "language". The route
// appears only in Vobiz's older documentation pages (it is absent from the
// current ones and from the OpenAPI description), although the live
// platform was seen to answer it with 202. Any 2xx is success. Arguments,
// errors and retries are as for [Client.Kick]; an empty text or one longer
// than [MaxSpeechText] characters is an invalid argument.
//
//	POST .../Conference/{conference}/Member/{ids}/Speak/ with the body {"text": …, "voice": …, "language": …}
func (c *Client) Speak(ctx context.Context, conference string, s Speech, memberIDs ...string) (*Result, error) {
	op := memberOp("speak", conference, memberIDs)
	path, err := c.memberPath(conference, memberIDs)
	if err == nil {
		err = s.Validate()
	}
	if err != nil {
		return nil, fmt.Errorf("kick: %s: %w", op, err)
	}
	body, err := jsonBody(struct {
		Text     string `json:"text"`
		Voice    string `json:"voice,omitempty"`
		Language string `json:"language,omitempty"`
	}{s.Text, s.Voice, s.Language})
	if err != nil {
		return nil, fmt.Errorf("kick: %s: %w", op, err)
	}
	return c.result(ctx, call{op: op, method: http.MethodPost, path: path + "Speak/", body: body})
}

// StopSpeak stops what [Client.Speak] says to members. Like Speak, the
// route is documented only in older pages. Any 2xx is success.
//
//	DELETE .../Conference/{conference}/Member/{ids}/Speak/
func (c *Client) StopSpeak(ctx context.Context, conference string, memberIDs ...string) error {
	return c.memberNoResult(ctx, "stop speak", conference, memberIDs, "Speak/")
}

// Validate reports whether the platform's Speak takes s: a text that is
// not empty, is valid UTF-8 and has at most [MaxSpeechText] characters.
// [Client.Speak] calls it before sending; callers can call it earlier, to
// refuse bad input before any other work. The error matches
// [ErrInvalidArgument].
func (s Speech) Validate() error {
	switch n := utf8.RuneCountInString(s.Text); {
	case strings.TrimSpace(s.Text) == "":
		return invalid("empty speech text")
	case n > MaxSpeechText:
		return invalid("speech text of %d characters: at most %d", n, MaxSpeechText)
	case !utf8.ValidString(s.Text):
		return invalid("speech text is not valid UTF-8")
	}
	return nil
}

// ValidateAudioURL reports whether the platform's Play takes raw: an
// absolute https URL with a host (the file type is not checked).
// [Client.Play] calls it before sending; callers can call it earlier. The
// error matches [ErrInvalidArgument] and never quotes the URL's user info.
func ValidateAudioURL(raw string) error {
	if raw == "" {
		return invalid("empty audio URL")
	}
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "https" || u.Host == "" {
		return invalid("audio URL %q: want an absolute https URL", redactURL(raw))
	}
	return nil
}

// checkCallbackURL accepts an absolute http or https URL with a host.
func checkCallbackURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return invalid("callback URL %q: want an absolute http(s) URL", redactURL(raw))
	}
	return nil
}

// redactURL hides the password of a URL quoted in an error.
func redactURL(raw string) string {
	if u, err := url.Parse(raw); err == nil {
		return u.Redacted()
	}
	if strings.Contains(raw, "@") {
		return "(unparsable URL)"
	}
	return raw
}

// jsonBody encodes v without HTML escaping (so "&" in a URL stays "&") and
// without the encoder's trailing newline.
func jsonBody(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}
