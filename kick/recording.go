package kick

import (
	"context"
	"fmt"
	"net/http"
)

// RecordingOptions configures [Client.StartRecording]; the zero value
// leaves everything to the platform.
type RecordingOptions struct {
	// FileFormat is "mp3" or "wav"; empty leaves it to the platform.
	FileFormat string
	// CallbackURL, if set, is an absolute http(s) URL the platform is to
	// notify when the recording is ready.
	CallbackURL string
}

// StartRecording starts recording the room conference. The body carries
// "file_format" and "callback_url" when they are set ({} otherwise). The
// platform answers 200 {"message":"async api spawned"} with no recording ID
// or URL; any 2xx is success. A room nobody has joined yet is a 404
// matching [ErrNotFound]. Errors and retries are as for [Client.Kick].
//
// Recordings started this way have produced no file on the live platform,
// and the callback is documented as not guaranteed; to keep what is said,
// record each call leg with <Record recordSession="true"> instead.
//
//	POST .../Conference/{conference}/Record/
func (c *Client) StartRecording(ctx context.Context, conference string, o RecordingOptions) (*Result, error) {
	op := fmt.Sprintf("start recording %q", conference)
	path, err := c.conferencePath(conference)
	if err == nil {
		err = o.check()
	}
	if err != nil {
		return nil, fmt.Errorf("kick: %s: %w", op, err)
	}
	body, err := jsonBody(struct {
		FileFormat  string `json:"file_format,omitempty"`
		CallbackURL string `json:"callback_url,omitempty"`
	}{o.FileFormat, o.CallbackURL})
	if err != nil {
		return nil, fmt.Errorf("kick: %s: %w", op, err)
	}
	return c.result(ctx, call{op: op, method: http.MethodPost, path: path + "Record/", body: body})
}

// StopRecording stops recording the room conference. The platform answers
// 204; any 2xx is success. Errors and retries are as for [Client.Kick].
//
//	DELETE .../Conference/{conference}/Record/
func (c *Client) StopRecording(ctx context.Context, conference string) error {
	op := fmt.Sprintf("stop recording %q", conference)
	path, err := c.conferencePath(conference)
	if err != nil {
		return fmt.Errorf("kick: %s: %w", op, err)
	}
	_, _, err = c.do(ctx, call{op: op, method: http.MethodDelete, path: path + "Record/"})
	return err
}

// check validates the options before they are sent.
func (o RecordingOptions) check() error {
	switch o.FileFormat {
	case "", "mp3", "wav":
	default:
		return invalid("file format %q: want mp3 or wav", o.FileFormat)
	}
	if o.CallbackURL != "" {
		return checkCallbackURL(o.CallbackURL)
	}
	return nil
}
