package xml

import "time"

// Gather collects digits or speech from the caller while its prompts play.
// See https://www.vobiz.ai/docs/xml/gather.
type Gather struct {
	// Attrs are the attributes of the element.
	Attrs GatherAttrs
	// Elements are the prompts in order: *Speak or *Play.
	Elements []Element
}

// GatherAttrs are the attributes of a Gather, written in this order.
type GatherAttrs struct {
	// Action receives the input (action); required by Vobiz.
	Action string
	// Method is the HTTP method for Action (method); Vobiz's default is POST.
	Method Method
	// InputType is what to listen for (inputType); Vobiz documents no default.
	InputType InputType
	// ExecutionTimeout is how long to wait for input after the prompts
	// (executionTimeout), in whole seconds from 5s to 60s; Vobiz's default is 15s.
	ExecutionTimeout time.Duration
	// DigitEndTimeout is the gap that ends digit input (digitEndTimeout);
	// Vobiz's default is auto.
	DigitEndTimeout EndTimeout
	// SpeechEndTimeout is the silence that ends speech input
	// (speechEndTimeout); Vobiz's default is auto.
	SpeechEndTimeout EndTimeout
	// FinishOnKey is the key that ends digit input (finishOnKey); "none"
	// disables it. Vobiz's default is "#".
	FinishOnKey string
	// NumDigits is the number of digits to collect (numDigits), 1 to 32;
	// Vobiz's default is 32.
	NumDigits *int
	// SpeechModel is the recognition model (speechModel); Vobiz's default is
	// default.
	SpeechModel SpeechModel
	// Hints are comma-separated phrases that bias recognition (hints).
	Hints string
	// Language is the recognition language (language); Vobiz's default is en-US.
	Language string
	// InterimSpeechResultsCallback receives partial transcripts
	// (interimSpeechResultsCallback).
	InterimSpeechResultsCallback string
	// InterimSpeechResultsCallbackMethod is its HTTP method
	// (interimSpeechResultsCallbackMethod); Vobiz's default is POST.
	InterimSpeechResultsCallbackMethod Method
	// Log records the input in Vobiz's logs (log); Vobiz's default is true.
	Log Bool
	// Redirect hands the call to the document Action returns (redirect);
	// Vobiz's default is true.
	Redirect Bool
	// ProfanityFilter masks profane words (profanityFilter); Vobiz's default
	// is false.
	ProfanityFilter Bool
	// Extra are further attributes, written after the typed ones.
	Extra []Attr
}

func (*Gather) elementName() string { return "Gather" }

func isGatherAttr(name string) bool {
	switch name {
	case "action", "method", "inputType", "executionTimeout", "digitEndTimeout",
		"speechEndTimeout", "finishOnKey", "numDigits", "speechModel", "hints",
		"language", "interimSpeechResultsCallback", "interimSpeechResultsCallbackMethod",
		"log", "redirect", "profanityFilter":
		return true
	}
	return false
}
