package xml

import (
	"strconv"
	"time"
)

// Bool is a tri-state boolean attribute value. The zero value, Unset, means
// the attribute is not written and Vobiz applies its own default; True and
// False are written as "true" and "false".
type Bool uint8

// The values of Bool.
const (
	// Unset leaves the attribute out of the document.
	Unset Bool = iota
	// True is written as "true".
	True
	// False is written as "false".
	False
)

// Int returns a pointer to n, for the optional integer attributes where 0 is
// meaningful, so call sites read Loop: xml.Int(0).
func Int(n int) *int { return &n }

// Attr is an extra attribute written verbatim by name after an element's
// typed attributes. Name must be a valid XML name that is not one of the
// element's typed attributes; Value is escaped like every other value.
type Attr struct {
	Name, Value string
}

// Method is the HTTP method Vobiz uses for a callback or action URL.
type Method string

// The methods Vobiz accepts.
const (
	MethodGet  Method = "GET"
	MethodPost Method = "POST"
)

// Voice is the text-to-speech voice of a Speak. It is a string so that
// provider voices such as "Polly.Amy" stay representable.
type Voice string

// The documented Speak voices.
const (
	VoiceWoman Voice = "WOMAN"
	VoiceMan   Voice = "MAN"
)

// HangupReason is the reason a Hangup signals to an unanswered call.
type HangupReason string

// The documented hangup reasons.
const (
	ReasonRejected HangupReason = "rejected"
	ReasonBusy     HangupReason = "busy"
)

// InputType selects what a Gather listens for.
type InputType string

// The documented Gather input types.
const (
	InputDTMF       InputType = "dtmf"
	InputSpeech     InputType = "speech"
	InputDTMFSpeech InputType = "dtmf speech"
)

// SpeechModel selects the speech recognition model of a Gather.
type SpeechModel string

// The documented speech models.
const (
	SpeechModelDefault          SpeechModel = "default"
	SpeechModelCommandAndSearch SpeechModel = "command_and_search"
	SpeechModelPhoneCall        SpeechModel = "phone_call"
)

// FileFormat is the audio file format of a recording.
type FileFormat string

// The documented recording formats.
const (
	FormatMP3 FileFormat = "mp3"
	FormatWAV FileFormat = "wav"
)

// TranscriptionType selects the transcription service of a Record.
type TranscriptionType string

// The documented transcription types.
const (
	TranscriptionAuto   TranscriptionType = "auto"
	TranscriptionHybrid TranscriptionType = "hybrid"
)

// AudioTrack selects which audio a Stream forks.
type AudioTrack string

// The documented Stream audio tracks.
const (
	TrackInbound  AudioTrack = "inbound"
	TrackOutbound AudioTrack = "outbound"
	TrackBoth     AudioTrack = "both"
)

// ContentType is the inbound audio format of a Stream.
type ContentType string

// The documented inbound Stream formats.
const (
	ContentL16Rate8000   ContentType = "audio/x-l16;rate=8000"
	ContentL16Rate16000  ContentType = "audio/x-l16;rate=16000"
	ContentMulawRate8000 ContentType = "audio/x-mulaw;rate=8000"
)

// EndTimeout is a Gather digitEndTimeout or speechEndTimeout: a whole number
// of seconds ("2" to "10") or EndTimeoutAuto. The zero value is unset.
type EndTimeout string

// EndTimeoutAuto lets Vobiz choose the end-of-input timeout.
const EndTimeoutAuto EndTimeout = "auto"

// EndAfter returns the EndTimeout for d. A d that is not a whole number of
// seconds is kept in Go duration syntax (for example "2.5s") so that
// validation reports it instead of rounding it.
func EndAfter(d time.Duration) EndTimeout {
	if d%time.Second != 0 {
		return EndTimeout(d.String())
	}
	return EndTimeout(strconv.FormatInt(int64(d/time.Second), 10))
}
