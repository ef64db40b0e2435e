package xml

import "time"

// Stream forks the call audio to a WebSocket server.
// See https://www.vobiz.ai/docs/xml/stream.
type Stream struct {
	// Attrs are the attributes of the element.
	Attrs StreamAttrs
	// URL is the wss:// URL of the server; required.
	URL string
}

// StreamAttrs are the attributes of a Stream, written in this order.
type StreamAttrs struct {
	// Bidirectional lets the server play audio back (bidirectional); Vobiz
	// documents no default.
	Bidirectional Bool
	// AudioTrack selects the audio sent (audioTrack); Vobiz's default is inbound.
	AudioTrack AudioTrack
	// StreamTimeout caps the stream (streamTimeout), in whole seconds;
	// Vobiz's default is 86400s.
	StreamTimeout time.Duration
	// StatusCallbackURL receives stream events (statusCallbackUrl).
	StatusCallbackURL string
	// StatusCallbackMethod is its HTTP method (statusCallbackMethod); Vobiz's
	// default is POST.
	StatusCallbackMethod Method
	// ContentType is the inbound audio format (contentType); Vobiz's default
	// is audio/x-l16;rate=8000.
	ContentType ContentType
	// ExtraHeaders are k=v pairs passed to the server (extraHeaders).
	ExtraHeaders string
	// MaxRetries is the number of reconnect attempts (maxRetries), 0 to 10;
	// Vobiz's default is 0.
	MaxRetries *int
	// KeepCallAlive blocks the document until the socket closes
	// (keepCallAlive); Vobiz's default is false.
	KeepCallAlive Bool
	// Extra are further attributes, written after the typed ones.
	Extra []Attr
}

func (*Stream) elementName() string { return "Stream" }

func isStreamAttr(name string) bool {
	switch name {
	case "bidirectional", "audioTrack", "streamTimeout", "statusCallbackUrl",
		"statusCallbackMethod", "contentType", "extraHeaders", "maxRetries", "keepCallAlive":
		return true
	}
	return false
}
