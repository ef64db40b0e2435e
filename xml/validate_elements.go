package xml

import (
	"strconv"
	"time"
)

// elementSize is the markup of an element around its attributes: "<",
// ">" and the end tag, with the name twice.
func elementSize(name string) int { return 2*len(name) + 5 }

// element checks the current element e, named name, which sits in parent,
// and its children.
func (v *validator) element(e Element, name, parent string) {
	v.size += elementSize(name)
	switch x := e.(type) {
	case *Speak:
		v.speak(x)
	case *Play:
		v.count("loop", x.Attrs.Loop, 0, noMax)
		v.extra(x.Attrs.Extra, isPlayAttr)
		if v.required(x.URL, "URL") {
			v.httpText(x.URL)
		}
	case *Wait:
		v.wait(&x.Attrs)
	case *Redirect:
		v.method("method", x.Attrs.Method)
		v.extra(x.Attrs.Extra, isRedirectAttr)
		if v.required(x.URL, "URL") {
			v.httpText(x.URL)
		}
	case *Hangup:
		v.hangupReason(x.Attrs.Reason)
		v.seconds("schedule", x.Attrs.Schedule)
		v.extra(x.Attrs.Extra, isHangupAttr)
	case *DTMF:
		v.boolean("async", x.Attrs.Async)
		v.extra(x.Attrs.Extra, isDTMFAttr)
		if v.required(x.Digits, "digits") {
			v.charset("", trimSpace(x.Digits), "0123456789*#wW", "0-9 * # w W")
		}
	case *PreAnswer:
		v.elements(x.Elements)
	case *Gather:
		v.gatherAttrs(&x.Attrs)
		v.elements(x.Elements)
	case *Dial:
		v.dial(x)
	case *Number:
		a := &x.Attrs
		v.sendDigits(a.SendDigits)
		v.boolean("sendOnPreanswer", a.SendOnPreanswer)
		v.extra(a.Extra, isNumberAttr)
		v.required(x.Phone, "phone number")
	case *User:
		a := &x.Attrs
		v.sendDigits(a.SendDigits)
		v.boolean("sendOnPreanswer", a.SendOnPreanswer)
		v.sipHeaders(a.SIPHeaders)
		v.extra(a.Extra, isUserAttr)
		v.required(x.URI, "URI")
	case *Record:
		v.recordAttrs(&x.Attrs)
		if parent == "Dial" && x.Attrs.StartOnDialAnswer != True {
			v.add("startOnDialAnswer", `must be "true" for a Record inside a Dial`)
		}
	case *Stream:
		v.streamAttrs(&x.Attrs)
		if v.required(x.URL, "URL") {
			v.wsText(x.URL)
		}
	case *Conference:
		v.conferenceAttrs(&x.Attrs)
		v.required(x.Room, "room name")
	}
}

func (v *validator) speak(x *Speak) {
	a := &x.Attrs
	v.voice(a.Voice)
	v.attr("language", a.Language)
	v.count("loop", a.Loop, 0, noMax)
	v.extra(a.Extra, isSpeakAttr)
	if len(x.Content) == 0 {
		v.add("", "text is empty")
	}
	v.nodes(x.Content)
}

func (v *validator) wait(a *WaitAttrs) {
	v.seconds("length", a.Length)
	v.boolean("silence", a.Silence)
	v.unit("minSilence", a.MinSilence, time.Millisecond, "milliseconds")
	v.boolean("beep", a.Beep)
	v.extra(a.Extra, isWaitAttr)
	if a.Beep == True && a.Silence == True {
		v.add("beep", `cannot be combined with silence="true"`)
	}
	if a.Silence == True && a.Length > 0 && a.MinSilence >= a.Length {
		v.add("minSilence", formatUnit(a.MinSilence, time.Millisecond)+" is not shorter than length "+formatUnit(a.Length, time.Second))
	}
}

func (v *validator) gatherAttrs(a *GatherAttrs) {
	if a.Action == "" {
		v.add("action", "is required")
	}
	v.httpURL("action", a.Action)
	v.method("method", a.Method)
	v.inputType(a.InputType)
	v.secondsIn("executionTimeout", a.ExecutionTimeout, 5, 60)
	v.endTimeout("digitEndTimeout", a.DigitEndTimeout)
	v.endTimeout("speechEndTimeout", a.SpeechEndTimeout)
	v.gatherFinishOnKey(a.FinishOnKey)
	v.count("numDigits", a.NumDigits, 1, 32)
	v.speechModel(a.SpeechModel)
	v.hints(a.Hints)
	v.attr("language", a.Language)
	v.httpURL("interimSpeechResultsCallback", a.InterimSpeechResultsCallback)
	v.method("interimSpeechResultsCallbackMethod", a.InterimSpeechResultsCallbackMethod)
	v.boolean("log", a.Log)
	v.boolean("redirect", a.Redirect)
	v.boolean("profanityFilter", a.ProfanityFilter)
	v.extra(a.Extra, isGatherAttr)
}

func (v *validator) dial(x *Dial) {
	a := &x.Attrs
	v.httpURL("action", a.Action)
	v.method("method", a.Method)
	v.httpURL("callbackUrl", a.CallbackURL)
	v.method("callbackMethod", a.CallbackMethod)
	v.boolean("redirect", a.Redirect)
	v.attr("callerId", a.CallerID)
	v.attr("callerName", a.CallerName)
	v.seconds("timeout", a.Timeout)
	v.seconds("timeLimit", a.TimeLimit)
	v.boolean("hangupOnStar", a.HangupOnStar)
	if a.DialMusic != "real" {
		v.httpURL("dialMusic", a.DialMusic)
	} else {
		v.attr("dialMusic", a.DialMusic)
	}
	v.httpURL("confirmSound", a.ConfirmSound)
	v.confirmKey(a.ConfirmKey)
	v.seconds("confirmTimeout", a.ConfirmTimeout)
	v.attr("digitsMatch", a.DigitsMatch)
	v.attr("digitsMatchBLeg", a.DigitsMatchBLeg)
	v.sipHeaders(a.SIPHeaders)
	v.extra(a.Extra, isDialAttr)
	if x.Phone != "" {
		v.text(x.Phone)
		if len(x.Elements) > 0 {
			v.add("", "has both a shorthand phone number and Number/User children")
		} else if trimSpace(x.Phone) == "" {
			v.add("", "shorthand phone number"+blank)
		}
	} else if !hasDestination(x.Elements) {
		v.add("", "has no Number or User to dial")
	}
	v.elements(x.Elements)
}

// hasDestination reports whether elems hold a Number or a User.
func hasDestination(elems []Element) bool {
	for _, e := range elems {
		switch e.(type) {
		case *Number, *User:
			return true
		}
	}
	return false
}

func (v *validator) recordAttrs(a *RecordAttrs) {
	v.httpURL("action", a.Action)
	v.method("method", a.Method)
	v.fileFormat("fileFormat", a.FileFormat)
	v.boolean("redirect", a.Redirect)
	v.seconds("timeout", a.Timeout)
	v.seconds("maxLength", a.MaxLength)
	v.boolean("playBeep", a.PlayBeep)
	if a.FinishOnKey != "" {
		v.charset("finishOnKey", a.FinishOnKey, "0123456789*#", "0-9 * #")
	}
	v.boolean("recordSession", a.RecordSession)
	v.boolean("startOnDialAnswer", a.StartOnDialAnswer)
	v.transcriptionType(a.TranscriptionType)
	v.httpURL("transcriptionUrl", a.TranscriptionURL)
	v.method("transcriptionMethod", a.TranscriptionMethod)
	v.httpURL("callbackUrl", a.CallbackURL)
	v.method("callbackMethod", a.CallbackMethod)
	v.extra(a.Extra, isRecordAttr)
}

func (v *validator) streamAttrs(a *StreamAttrs) {
	v.boolean("bidirectional", a.Bidirectional)
	v.audioTrack(a.AudioTrack)
	v.seconds("streamTimeout", a.StreamTimeout)
	v.httpURL("statusCallbackUrl", a.StatusCallbackURL)
	v.method("statusCallbackMethod", a.StatusCallbackMethod)
	v.contentType(a.ContentType)
	v.attr("extraHeaders", a.ExtraHeaders)
	if n := len(a.ExtraHeaders); n > 512 {
		v.add("extraHeaders", "is "+strconv.Itoa(n)+" bytes, more than 512")
	}
	v.count("maxRetries", a.MaxRetries, minInt, noMax)
	v.boolean("keepCallAlive", a.KeepCallAlive)
	v.extra(a.Extra, isStreamAttr)
	if a.Bidirectional == True && a.AudioTrack != "" && a.AudioTrack != TrackInbound {
		v.add("audioTrack", strconv.Quote(string(a.AudioTrack))+` with bidirectional="true"; use inbound or leave it unset`)
	}
	if a.KeepCallAlive == True && a.Bidirectional != True {
		v.add("keepCallAlive", `needs bidirectional="true"`)
	}
}

func (v *validator) conferenceAttrs(a *ConferenceAttrs) {
	v.boolean("muted", a.Muted)
	v.boolean("beep", a.Beep)
	v.boolean("startConferenceOnEnter", a.StartConferenceOnEnter)
	v.boolean("endConferenceOnExit", a.EndConferenceOnExit)
	v.count("maxParticipants", a.MaxParticipants, 1, noMax)
	v.boolean("stayAlone", a.StayAlone)
	v.attr("enterSound", a.EnterSound)
	v.attr("exitSound", a.ExitSound)
	v.boolean("relayDTMF", a.RelayDTMF)
	v.attr("digitsMatch", a.DigitsMatch)
	v.boolean("hangupOnStar", a.HangupOnStar)
	v.httpURL("waitSound", a.WaitSound)
	v.method("waitMethod", a.WaitMethod)
	v.httpURL("callbackUrl", a.CallbackURL)
	v.method("callbackMethod", a.CallbackMethod)
	v.boolean("record", a.Record)
	v.fileFormat("recordFileFormat", a.RecordFileFormat)
	v.seconds("timeLimit", a.TimeLimit)
	v.httpURL("action", a.Action)
	v.method("method", a.Method)
	v.extra(a.Extra, isConferenceAttr)
}

// nodes checks the SSML content of the current Speak or tag.
func (v *validator) nodes(nodes []Node) {
	prevText := false
	for i, n := range nodes {
		switch x := n.(type) {
		case Text:
			switch {
			case x == "":
				v.add("", "text node is empty")
			case prevText:
				v.add("", "adjacent text nodes (join them)")
			}
			v.text(string(x))
			prevText = true
		case *Tag:
			prevText = false
			v.push(step{nodes: nodes, pos: i})
			v.tag(x)
			v.pop()
		default:
			prevText = false
			v.hasNil = true
			v.add("", "SSML node is nil")
		}
	}
}

// tag checks the current SSML tag t and its content.
func (v *validator) tag(t *Tag) {
	if t == nil {
		v.hasNil = true
		v.add("", "tag is nil")
		return
	}
	v.size += elementSize(t.Name)
	if !ssmlAttrAllowed(t.Name, "") {
		v.add("", "unknown SSML tag "+strconv.Quote(t.Name))
		return
	}
	for j, a := range t.Attrs {
		if !ssmlAttrAllowed(t.Name, a.Name) {
			v.add(a.Name, "not an attribute of <"+t.Name+">")
			continue
		}
		for _, b := range t.Attrs[:j] {
			if b.Name == a.Name {
				v.add(a.Name, "repeated attribute")
			}
		}
		v.rawAttr(a.Name, a.Value)
	}
	if t.Name == "break" && len(t.Content) > 0 {
		v.add("", "break has no content")
	}
	v.nodes(t.Content)
}

// extra checks Extra attributes: valid XML names, not typed attributes of
// the element, not repeated, values of XML characters.
func (v *validator) extra(extra []Attr, typed func(string) bool) {
	if len(extra) > 0 {
		v.setExtra(extra, typed)
	}
}

func (v *validator) setExtra(extra []Attr, typed func(string) bool) {
	for i, a := range extra {
		switch {
		case a.Name == "":
			v.add("", "extra attribute has an empty name")
			continue
		case !isName(a.Name):
			v.add(a.Name, "not a valid XML attribute name")
			continue
		case typed(a.Name):
			v.add(a.Name, "is a typed attribute; set it in the attrs struct")
		}
		for _, b := range extra[:i] {
			if b.Name == a.Name {
				v.add(a.Name, "repeated attribute")
			}
		}
		v.rawAttr(a.Name, a.Value)
	}
}
