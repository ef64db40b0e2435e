package xml

import "time"

// The emit methods write each element's attributes in the documented order:
// the order of the struct fields, then Extra. Each attribute is named by its
// key, the bytes before the value: a space, the name, '=' and '"'.

func (a *SpeakAttrs) emit(e *emitter) {
	e.str(` voice="`, string(a.Voice))
	e.str(` language="`, a.Language)
	e.integer(` loop="`, a.Loop)
	e.extra(a.Extra)
}

func (a *PlayAttrs) emit(e *emitter) {
	e.integer(` loop="`, a.Loop)
	e.extra(a.Extra)
}

func (a *WaitAttrs) emit(e *emitter) {
	e.duration(` length="`, a.Length, time.Second)
	e.boolean(` silence="`, a.Silence)
	e.duration(` minSilence="`, a.MinSilence, time.Millisecond)
	e.boolean(` beep="`, a.Beep)
	e.extra(a.Extra)
}

func (a *RedirectAttrs) emit(e *emitter) {
	e.str(` method="`, string(a.Method))
	e.extra(a.Extra)
}

func (a *HangupAttrs) emit(e *emitter) {
	e.str(` reason="`, string(a.Reason))
	e.duration(` schedule="`, a.Schedule, time.Second)
	e.extra(a.Extra)
}

func (a *DTMFAttrs) emit(e *emitter) {
	e.boolean(` async="`, a.Async)
	e.extra(a.Extra)
}

func (a *GatherAttrs) emit(e *emitter) {
	e.str(` action="`, a.Action)
	e.str(` method="`, string(a.Method))
	e.str(` inputType="`, string(a.InputType))
	e.duration(` executionTimeout="`, a.ExecutionTimeout, time.Second)
	e.str(` digitEndTimeout="`, string(a.DigitEndTimeout))
	e.str(` speechEndTimeout="`, string(a.SpeechEndTimeout))
	e.str(` finishOnKey="`, a.FinishOnKey)
	e.integer(` numDigits="`, a.NumDigits)
	e.str(` speechModel="`, string(a.SpeechModel))
	e.str(` hints="`, a.Hints)
	e.str(` language="`, a.Language)
	e.str(` interimSpeechResultsCallback="`, a.InterimSpeechResultsCallback)
	e.str(` interimSpeechResultsCallbackMethod="`, string(a.InterimSpeechResultsCallbackMethod))
	e.boolean(` log="`, a.Log)
	e.boolean(` redirect="`, a.Redirect)
	e.boolean(` profanityFilter="`, a.ProfanityFilter)
	e.extra(a.Extra)
}

func (a *DialAttrs) emit(e *emitter) {
	e.str(` action="`, a.Action)
	e.str(` method="`, string(a.Method))
	e.str(` callbackUrl="`, a.CallbackURL)
	e.str(` callbackMethod="`, string(a.CallbackMethod))
	e.boolean(` redirect="`, a.Redirect)
	e.str(` callerId="`, a.CallerID)
	e.str(` callerName="`, a.CallerName)
	e.duration(` timeout="`, a.Timeout, time.Second)
	e.duration(` timeLimit="`, a.TimeLimit, time.Second)
	e.boolean(` hangupOnStar="`, a.HangupOnStar)
	e.str(` dialMusic="`, a.DialMusic)
	e.str(` confirmSound="`, a.ConfirmSound)
	e.str(` confirmKey="`, a.ConfirmKey)
	e.duration(` confirmTimeout="`, a.ConfirmTimeout, time.Second)
	e.str(` digitsMatch="`, a.DigitsMatch)
	e.str(` digitsMatchBLeg="`, a.DigitsMatchBLeg)
	e.str(` sipHeaders="`, a.SIPHeaders)
	e.extra(a.Extra)
}

func (a *NumberAttrs) emit(e *emitter) {
	e.str(` sendDigits="`, a.SendDigits)
	e.boolean(` sendOnPreanswer="`, a.SendOnPreanswer)
	e.extra(a.Extra)
}

func (a *UserAttrs) emit(e *emitter) {
	e.str(` sendDigits="`, a.SendDigits)
	e.boolean(` sendOnPreanswer="`, a.SendOnPreanswer)
	e.str(` sipHeaders="`, a.SIPHeaders)
	e.extra(a.Extra)
}

func (a *RecordAttrs) emit(e *emitter) {
	e.str(` action="`, a.Action)
	e.str(` method="`, string(a.Method))
	e.str(` fileFormat="`, string(a.FileFormat))
	e.boolean(` redirect="`, a.Redirect)
	e.duration(` timeout="`, a.Timeout, time.Second)
	e.duration(` maxLength="`, a.MaxLength, time.Second)
	e.boolean(` playBeep="`, a.PlayBeep)
	e.str(` finishOnKey="`, a.FinishOnKey)
	e.boolean(` recordSession="`, a.RecordSession)
	e.boolean(` startOnDialAnswer="`, a.StartOnDialAnswer)
	e.str(` transcriptionType="`, string(a.TranscriptionType))
	e.str(` transcriptionUrl="`, a.TranscriptionURL)
	e.str(` transcriptionMethod="`, string(a.TranscriptionMethod))
	e.str(` callbackUrl="`, a.CallbackURL)
	e.str(` callbackMethod="`, string(a.CallbackMethod))
	e.extra(a.Extra)
}

func (a *StreamAttrs) emit(e *emitter) {
	e.boolean(` bidirectional="`, a.Bidirectional)
	e.str(` audioTrack="`, string(a.AudioTrack))
	e.duration(` streamTimeout="`, a.StreamTimeout, time.Second)
	e.str(` statusCallbackUrl="`, a.StatusCallbackURL)
	e.str(` statusCallbackMethod="`, string(a.StatusCallbackMethod))
	e.str(` contentType="`, string(a.ContentType))
	e.str(` extraHeaders="`, a.ExtraHeaders)
	e.integer(` maxRetries="`, a.MaxRetries)
	e.boolean(` keepCallAlive="`, a.KeepCallAlive)
	e.extra(a.Extra)
}

func (a *ConferenceAttrs) emit(e *emitter) {
	e.boolean(` muted="`, a.Muted)
	e.boolean(` beep="`, a.Beep)
	e.boolean(` startConferenceOnEnter="`, a.StartConferenceOnEnter)
	e.boolean(` endConferenceOnExit="`, a.EndConferenceOnExit)
	e.integer(` maxParticipants="`, a.MaxParticipants)
	e.boolean(` stayAlone="`, a.StayAlone)
	e.str(` enterSound="`, a.EnterSound)
	e.str(` exitSound="`, a.ExitSound)
	e.boolean(` relayDTMF="`, a.RelayDTMF)
	e.str(` digitsMatch="`, a.DigitsMatch)
	e.boolean(` hangupOnStar="`, a.HangupOnStar)
	e.str(` waitSound="`, a.WaitSound)
	e.str(` waitMethod="`, string(a.WaitMethod))
	e.str(` callbackUrl="`, a.CallbackURL)
	e.str(` callbackMethod="`, string(a.CallbackMethod))
	e.boolean(` record="`, a.Record)
	e.str(` recordFileFormat="`, string(a.RecordFileFormat))
	e.duration(` timeLimit="`, a.TimeLimit, time.Second)
	e.str(` action="`, a.Action)
	e.str(` method="`, string(a.Method))
	e.extra(a.Extra)
}
