package xml

import "time"

// Record records the caller or the whole session.
// See https://www.vobiz.ai/docs/xml/record.
type Record struct {
	// Attrs are the attributes of the element.
	Attrs RecordAttrs
}

// RecordAttrs are the attributes of a Record, written in this order.
type RecordAttrs struct {
	// Action is notified when recording starts (action).
	Action string
	// Method is the HTTP method for Action (method); Vobiz's default is POST.
	Method Method
	// FileFormat is the file format (fileFormat); Vobiz's default is mp3.
	FileFormat FileFormat
	// Redirect runs the document Action returns (redirect); Vobiz's default
	// is false.
	Redirect Bool
	// Timeout is the silence that ends the recording (timeout), in whole
	// seconds; Vobiz's default is 60s.
	Timeout time.Duration
	// MaxLength caps the recording (maxLength), in whole seconds; Vobiz's
	// default is 60s.
	MaxLength time.Duration
	// PlayBeep beeps before recording (playBeep); Vobiz's default is true.
	PlayBeep Bool
	// FinishOnKey are the keys that end the recording (finishOnKey); Vobiz's
	// default is "1234567890*#".
	FinishOnKey string
	// RecordSession records the whole session in the background
	// (recordSession); Vobiz's default is false.
	RecordSession Bool
	// StartOnDialAnswer starts when a Dial is answered (startOnDialAnswer);
	// Vobiz's default is false.
	StartOnDialAnswer Bool
	// TranscriptionType selects the transcription service
	// (transcriptionType); Vobiz's default is auto.
	TranscriptionType TranscriptionType
	// TranscriptionURL receives the transcription (transcriptionUrl).
	TranscriptionURL string
	// TranscriptionMethod is its HTTP method (transcriptionMethod); Vobiz's
	// default is POST.
	TranscriptionMethod Method
	// CallbackURL receives the finished file (callbackUrl).
	CallbackURL string
	// CallbackMethod is its HTTP method (callbackMethod); Vobiz's default is POST.
	CallbackMethod Method
	// Extra are further attributes, written after the typed ones.
	Extra []Attr
}

func (*Record) elementName() string { return "Record" }

func isRecordAttr(name string) bool {
	switch name {
	case "action", "method", "fileFormat", "redirect", "timeout", "maxLength", "playBeep",
		"finishOnKey", "recordSession", "startOnDialAnswer", "transcriptionType",
		"transcriptionUrl", "transcriptionMethod", "callbackUrl", "callbackMethod":
		return true
	}
	return false
}
