package kicktest

import "time"

// Input is one thing a caller does, scripted ahead of time in
// [CallSpec.Input] so that a test need not race the call: [Keys],
// [Speech], [Silence], [Talk] or [HangUp]. Each <Gather> and each
// foreground <Record> takes the next item when it starts listening,
// whatever its type:
//
//   - a Gather understands Keys and Speech (an input the Gather's inputType
//     does not listen for is ignored, and the Gather times out), Silence
//     (it times out) and HangUp; a Talk counts as Silence;
//   - a Record understands Talk, Keys (the caller talks until the first key
//     and presses it), Silence (the recording ends on its timeout) and
//     HangUp; a Speech counts as a Talk of one second.
//
// Times in an item are virtual (see the package documentation).
type Input interface {
	input()
}

// Keys presses Digits on the keypad, one every Gap.
type Keys struct {
	// Digits are the keys pressed: 0-9, * and #.
	Digits string
	// Delay is the time from the end of a Gather's prompts, or the start of
	// a recording, to the first key.
	Delay time.Duration
	// Gap is the time between two keys; 0 presses them all at once.
	Gap time.Duration
	// BargeIn presses the first key as soon as a Gather's first prompt
	// starts, which stops the prompts; Delay is then not used.
	BargeIn bool
}

// Speech says Text, which the recogniser returns with Confidence (0 to 1).
type Speech struct {
	// Text is what the recogniser hears.
	Text string
	// Confidence is posted as SpeechConfidenceScore.
	Confidence float64
	// Delay is the time from the end of the prompts to the start of speech.
	Delay time.Duration
	// BargeIn starts speaking as soon as the first prompt starts, which
	// stops the prompts; Delay is then not used.
	BargeIn bool
}

// Silence is a caller who does nothing: a Gather times out, a Record ends
// after its timeout of silence.
type Silence struct{}

// Talk is a caller who leaves a message: Length of speech after the
// recording starts, then one of: Key pressed, a hang-up, or silence
// (neither set), which ends the recording after the Record's timeout.
type Talk struct {
	// Length is how long the caller talks.
	Length time.Duration
	// Key is pressed when the talk ends; "" presses nothing.
	Key string
	// HangUp hangs up when the talk ends.
	HangUp bool
}

// HangUp is a caller who hangs up after Delay instead of answering.
type HangUp struct {
	// Delay is the time from the start of the Gather or Record.
	Delay time.Duration
}

func (Keys) input()    {}
func (Speech) input()  {}
func (Silence) input() {}
func (Talk) input()    {}
func (HangUp) input()  {}

// listening is what live input a call takes at the moment.
type listening int

const (
	listenNone   listening = iota
	listenGather           // a Gather: keys and speech
	listenRecord           // a Record: keys
	listenBridge           // a bridged Dial: keys (hangupOnStar, digitsMatch)
)

// liveInput is input given during the call by [Call.Press] or [Call.Say].
type liveInput struct {
	at         time.Duration // the call's virtual time when it was given
	keys       string
	speech     string
	confidence float64
	isSpeech   bool
}

// Press sends digits from the caller's keypad as the call is now:
//
//   - in a room joined with hangupOnStar="true", a "*" removes the member as
//     a kick would (reason [ReasonKicked]) and the document goes on; keys
//     that end with a digitsMatch pattern raise a digits callback; other
//     keys have no effect;
//   - in a Gather or a Record (with the manual or real-time clock, where
//     they wait for input), the keys are input to it, as a scripted [Keys];
//   - in a Dial's bridge, a "*" ends the bridge when the Dial has
//     hangupOnStar="true", and the keys are matched against digitsMatch;
//   - otherwise the keys are lost, as on a line where nothing listens.
//
// Press reports whether the keys reached something: the room's
// hangupOnStar or digitsMatch, a Gather, a Record or a bridge.
func (c *Call) Press(digits string) bool {
	s := c.s
	s.mu.Lock()
	defer s.mu.Unlock()
	if j := c.member; j != nil {
		return s.pressInRoomLocked(c, j, digits)
	}
	if c.listen == listenNone || digits == "" {
		return false
	}
	c.live = append(c.live, liveInput{at: s.atLocked(c), keys: digits})
	c.signalLocked()
	return true
}

// Say speaks to a running Gather that listens for speech (with the manual
// or real-time clock), as a scripted [Speech] would. It reports whether a
// Gather took it.
func (c *Call) Say(text string, confidence float64) bool {
	s := c.s
	s.mu.Lock()
	defer s.mu.Unlock()
	if c.listen != listenGather {
		return false
	}
	c.live = append(c.live, liveInput{at: s.atLocked(c), speech: text, confidence: confidence, isSpeech: true})
	c.signalLocked()
	return true
}

// signalLocked wakes the call's goroutine if it waits for input.
func (c *Call) signalLocked() {
	select {
	case c.inputSig <- struct{}{}:
	default:
	}
}

// setListening sets what live input the call takes and, when it stops
// listening, forgets input it did not take.
func (s *Server) setListening(c *Call, l listening) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c.listen = l
	if l == listenNone {
		c.live = nil
		select {
		case <-c.inputSig:
		default:
		}
	}
}

// takeLive returns the oldest live input, if any.
func (s *Server) takeLive(c *Call) (liveInput, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(c.live) == 0 {
		return liveInput{}, false
	}
	in := c.live[0]
	c.live = c.live[1:]
	return in, true
}

// nextInput takes the next scripted input, or nil when none is left.
func (c *Call) nextInput() Input {
	if len(c.script) == 0 {
		return nil
	}
	in := c.script[0]
	c.script = c.script[1:]
	return in
}
