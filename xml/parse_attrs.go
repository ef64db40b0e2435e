package xml

import (
	"encoding/xml"
	"errors"
	"math"
	"strconv"
	"time"
)

// attrSetter is an element's attributes struct as Parse fills it.
type attrSetter interface {
	// set stores the attribute name with value v. It returns
	// errUnknownAttr when the struct has no field for name, or a value
	// error whose text is the message.
	set(name, v string) error
	// extra returns the struct's Extra, where Lenient keeps unknown
	// attributes.
	extra() *[]Attr
}

// errUnknownAttr tells attrs that an attributes struct has no field for a
// name.
var errUnknownAttr = errors.New("unknown attribute")

// The value errors; their text is the message of the ParseError.
var (
	errEmpty     = errors.New("value is empty; the model writes an empty value as no attribute, so leave it out")
	errFinishKey = errors.New(`value is empty; write finishOnKey="none" for no finish key`)
	errBool      = errors.New("value is not true or false")
	errInteger   = errors.New("value is not a whole number (digits, an optional leading -, no leading zeros)")
	errCount     = errors.New("value is not a whole number of seconds or milliseconds (digits, no sign, no leading zeros)")
	errZero      = errors.New("value is 0; it must be at least 1, and the model uses 0 for unset")
	errRange     = errors.New("value is out of range")
)

// attrs reads the attributes of t, whose frame is on the stack, into a.
func (p *parser) attrs(t xml.StartElement, pos position, a attrSetter) error {
	if len(t.Attr) == 0 {
		return nil
	}
	if err := p.checkAttrs(t, pos); err != nil {
		return err
	}
	for _, at := range t.Attr {
		name := qname(at.Name)
		err := errUnknownAttr
		if at.Name.Space == "" {
			err = a.set(name, at.Value)
		}
		switch {
		case err == nil:
		case err == errUnknownAttr && p.lenient:
			x := a.extra()
			*x = append(*x, Attr{Name: name, Value: at.Value})
		case err == errUnknownAttr:
			return p.fail(pos, ErrInvalid, name, "unknown attribute of <"+t.Name.Local+"> (Lenient keeps it in Extra)")
		default:
			return p.fail(pos, ErrInvalid, name, strconv.Quote(at.Value)+": "+err.Error())
		}
	}
	return nil
}

// setString stores a non-empty string value.
func setString[S ~string](dst *S, v string) error {
	if v == "" {
		return errEmpty
	}
	*dst = S(v)
	return nil
}

// setBool stores "true" or "false".
func setBool(dst *Bool, v string) error {
	switch v {
	case "true":
		*dst = True
	case "false":
		*dst = False
	default:
		return errBool
	}
	return nil
}

// digits reports whether v is a canonical unsigned decimal: digits without
// leading zeros.
func digits(v string) bool {
	if v == "" || (v[0] == '0' && len(v) > 1) {
		return false
	}
	for i := 0; i < len(v); i++ {
		if v[i] < '0' || v[i] > '9' {
			return false
		}
	}
	return true
}

// setInt stores a canonical decimal integer, which may be negative.
func setInt(dst **int, v string) error {
	u := v
	if len(u) > 1 && u[0] == '-' && u != "-0" {
		u = u[1:]
	}
	if !digits(u) {
		return errInteger
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return errRange
	}
	*dst = &n
	return nil
}

// setDuration stores a canonical positive whole number of unit.
func setDuration(dst *time.Duration, v string, unit time.Duration) error {
	if !digits(v) {
		return errCount
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n > math.MaxInt64/int64(unit) {
		return errRange
	}
	if n == 0 {
		return errZero
	}
	*dst = time.Duration(n) * unit
	return nil
}

func (a *SpeakAttrs) extra() *[]Attr { return &a.Extra }

func (a *SpeakAttrs) set(name, v string) error {
	switch name {
	case "voice":
		return setString(&a.Voice, v)
	case "language":
		return setString(&a.Language, v)
	case "loop":
		return setInt(&a.Loop, v)
	}
	return errUnknownAttr
}

func (a *PlayAttrs) extra() *[]Attr { return &a.Extra }

func (a *PlayAttrs) set(name, v string) error {
	if name == "loop" {
		return setInt(&a.Loop, v)
	}
	return errUnknownAttr
}

func (a *WaitAttrs) extra() *[]Attr { return &a.Extra }

func (a *WaitAttrs) set(name, v string) error {
	switch name {
	case "length":
		return setDuration(&a.Length, v, time.Second)
	case "silence":
		return setBool(&a.Silence, v)
	case "minSilence":
		return setDuration(&a.MinSilence, v, time.Millisecond)
	case "beep":
		return setBool(&a.Beep, v)
	}
	return errUnknownAttr
}

func (a *RedirectAttrs) extra() *[]Attr { return &a.Extra }

func (a *RedirectAttrs) set(name, v string) error {
	if name == "method" {
		return setString(&a.Method, v)
	}
	return errUnknownAttr
}

func (a *HangupAttrs) extra() *[]Attr { return &a.Extra }

func (a *HangupAttrs) set(name, v string) error {
	switch name {
	case "reason":
		return setString(&a.Reason, v)
	case "schedule":
		return setDuration(&a.Schedule, v, time.Second)
	}
	return errUnknownAttr
}

func (a *DTMFAttrs) extra() *[]Attr { return &a.Extra }

func (a *DTMFAttrs) set(name, v string) error {
	if name == "async" {
		return setBool(&a.Async, v)
	}
	return errUnknownAttr
}

func (a *GatherAttrs) extra() *[]Attr { return &a.Extra }

func (a *GatherAttrs) set(name, v string) error {
	switch name {
	case "action":
		return setString(&a.Action, v)
	case "method":
		return setString(&a.Method, v)
	case "inputType":
		return setString(&a.InputType, v)
	case "executionTimeout":
		return setDuration(&a.ExecutionTimeout, v, time.Second)
	case "digitEndTimeout":
		return setString(&a.DigitEndTimeout, v)
	case "speechEndTimeout":
		return setString(&a.SpeechEndTimeout, v)
	case "finishOnKey":
		if v == "" {
			return errFinishKey
		}
		return setString(&a.FinishOnKey, v)
	case "numDigits":
		return setInt(&a.NumDigits, v)
	case "speechModel":
		return setString(&a.SpeechModel, v)
	case "hints":
		return setString(&a.Hints, v)
	case "language":
		return setString(&a.Language, v)
	case "interimSpeechResultsCallback":
		return setString(&a.InterimSpeechResultsCallback, v)
	case "interimSpeechResultsCallbackMethod":
		return setString(&a.InterimSpeechResultsCallbackMethod, v)
	case "log":
		return setBool(&a.Log, v)
	case "redirect":
		return setBool(&a.Redirect, v)
	case "profanityFilter":
		return setBool(&a.ProfanityFilter, v)
	}
	return errUnknownAttr
}

func (a *DialAttrs) extra() *[]Attr { return &a.Extra }

func (a *DialAttrs) set(name, v string) error {
	switch name {
	case "action":
		return setString(&a.Action, v)
	case "method":
		return setString(&a.Method, v)
	case "callbackUrl":
		return setString(&a.CallbackURL, v)
	case "callbackMethod":
		return setString(&a.CallbackMethod, v)
	case "redirect":
		return setBool(&a.Redirect, v)
	case "callerId":
		return setString(&a.CallerID, v)
	case "callerName":
		return setString(&a.CallerName, v)
	case "timeout":
		return setDuration(&a.Timeout, v, time.Second)
	case "timeLimit":
		return setDuration(&a.TimeLimit, v, time.Second)
	case "hangupOnStar":
		return setBool(&a.HangupOnStar, v)
	case "dialMusic":
		return setString(&a.DialMusic, v)
	case "confirmSound":
		return setString(&a.ConfirmSound, v)
	case "confirmKey":
		return setString(&a.ConfirmKey, v)
	case "confirmTimeout":
		return setDuration(&a.ConfirmTimeout, v, time.Second)
	case "digitsMatch":
		return setString(&a.DigitsMatch, v)
	case "digitsMatchBLeg":
		return setString(&a.DigitsMatchBLeg, v)
	case "sipHeaders":
		return setString(&a.SIPHeaders, v)
	}
	return errUnknownAttr
}

func (a *NumberAttrs) extra() *[]Attr { return &a.Extra }

func (a *NumberAttrs) set(name, v string) error {
	switch name {
	case "sendDigits":
		return setString(&a.SendDigits, v)
	case "sendOnPreanswer":
		return setBool(&a.SendOnPreanswer, v)
	}
	return errUnknownAttr
}

func (a *UserAttrs) extra() *[]Attr { return &a.Extra }

func (a *UserAttrs) set(name, v string) error {
	switch name {
	case "sendDigits":
		return setString(&a.SendDigits, v)
	case "sendOnPreanswer":
		return setBool(&a.SendOnPreanswer, v)
	case "sipHeaders":
		return setString(&a.SIPHeaders, v)
	}
	return errUnknownAttr
}

func (a *RecordAttrs) extra() *[]Attr { return &a.Extra }

func (a *RecordAttrs) set(name, v string) error {
	switch name {
	case "action":
		return setString(&a.Action, v)
	case "method":
		return setString(&a.Method, v)
	case "fileFormat":
		return setString(&a.FileFormat, v)
	case "redirect":
		return setBool(&a.Redirect, v)
	case "timeout":
		return setDuration(&a.Timeout, v, time.Second)
	case "maxLength":
		return setDuration(&a.MaxLength, v, time.Second)
	case "playBeep":
		return setBool(&a.PlayBeep, v)
	case "finishOnKey":
		return setString(&a.FinishOnKey, v)
	case "recordSession":
		return setBool(&a.RecordSession, v)
	case "startOnDialAnswer":
		return setBool(&a.StartOnDialAnswer, v)
	case "transcriptionType":
		return setString(&a.TranscriptionType, v)
	case "transcriptionUrl":
		return setString(&a.TranscriptionURL, v)
	case "transcriptionMethod":
		return setString(&a.TranscriptionMethod, v)
	case "callbackUrl":
		return setString(&a.CallbackURL, v)
	case "callbackMethod":
		return setString(&a.CallbackMethod, v)
	}
	return errUnknownAttr
}

func (a *StreamAttrs) extra() *[]Attr { return &a.Extra }

func (a *StreamAttrs) set(name, v string) error {
	switch name {
	case "bidirectional":
		return setBool(&a.Bidirectional, v)
	case "audioTrack":
		return setString(&a.AudioTrack, v)
	case "streamTimeout":
		return setDuration(&a.StreamTimeout, v, time.Second)
	case "statusCallbackUrl":
		return setString(&a.StatusCallbackURL, v)
	case "statusCallbackMethod":
		return setString(&a.StatusCallbackMethod, v)
	case "contentType":
		return setString(&a.ContentType, v)
	case "extraHeaders":
		return setString(&a.ExtraHeaders, v)
	case "maxRetries":
		return setInt(&a.MaxRetries, v)
	case "keepCallAlive":
		return setBool(&a.KeepCallAlive, v)
	}
	return errUnknownAttr
}

func (a *ConferenceAttrs) extra() *[]Attr { return &a.Extra }

func (a *ConferenceAttrs) set(name, v string) error {
	switch name {
	case "muted":
		return setBool(&a.Muted, v)
	case "beep":
		return setBool(&a.Beep, v)
	case "startConferenceOnEnter":
		return setBool(&a.StartConferenceOnEnter, v)
	case "endConferenceOnExit":
		return setBool(&a.EndConferenceOnExit, v)
	case "maxParticipants":
		return setInt(&a.MaxParticipants, v)
	case "stayAlone":
		return setBool(&a.StayAlone, v)
	case "enterSound":
		return setString(&a.EnterSound, v)
	case "exitSound":
		return setString(&a.ExitSound, v)
	case "relayDTMF":
		return setBool(&a.RelayDTMF, v)
	case "digitsMatch":
		return setString(&a.DigitsMatch, v)
	case "hangupOnStar":
		return setBool(&a.HangupOnStar, v)
	case "waitSound":
		return setString(&a.WaitSound, v)
	case "waitMethod":
		return setString(&a.WaitMethod, v)
	case "callbackUrl":
		return setString(&a.CallbackURL, v)
	case "callbackMethod":
		return setString(&a.CallbackMethod, v)
	case "record":
		return setBool(&a.Record, v)
	case "recordFileFormat":
		return setString(&a.RecordFileFormat, v)
	case "timeLimit":
		return setDuration(&a.TimeLimit, v, time.Second)
	case "action":
		return setString(&a.Action, v)
	case "method":
		return setString(&a.Method, v)
	}
	return errUnknownAttr
}
