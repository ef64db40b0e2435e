package kicktest

import (
	"context"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/kickflow/kickflow/xml"
)

// How a Gather reads its unset or "auto" attributes; see the package
// documentation.
const (
	defaultExecutionTimeout = 15 * time.Second
	autoDigitEndTimeout     = 5 * time.Second
	autoSpeechEndTimeout    = 2 * time.Second
	defaultNumDigits        = 32
)

// Gathering records the start of a <Gather>: what it listens for, how many
// digits it takes, the key that ends them ("" for none) and its
// executionTimeout.
type Gathering struct {
	InputType   xml.InputType
	NumDigits   int
	FinishOnKey string
	Timeout     time.Duration
}

// Gathered records the input a <Gather> got: Digits (without the finish
// key) for dtmf, Speech and Confidence for speech.
type Gathered struct {
	InputType  xml.InputType
	Digits     string
	Speech     string
	Confidence float64
}

// GatherTimedOut records a <Gather> that got no input in time.
type GatherTimedOut struct{}

func (Gathering) step()      {}
func (Gathered) step()       {}
func (GatherTimedOut) step() {}

// String returns for example "gathering dtmf (4 digits, finish #, 10s)".
func (g Gathering) String() string {
	finish := "no finish key"
	if g.FinishOnKey != "" {
		finish = "finish " + g.FinishOnKey
	}
	return "gathering " + string(g.InputType) + " (" + strconv.Itoa(g.NumDigits) + " digits, " + finish + ", " + g.Timeout.String() + ")"
}

// String returns for example "gathered digits 1234" or
// `gathered speech "sales" (0.9)`.
func (g Gathered) String() string {
	if g.InputType == xml.InputSpeech {
		return "gathered speech " + strconv.Quote(g.Speech) + " (" + strconv.FormatFloat(g.Confidence, 'g', -1, 64) + ")"
	}
	return "gathered digits " + g.Digits
}

// String returns "gather timed out".
func (GatherTimedOut) String() string { return "gather timed out" }

// gatherSpec is a Gather's attributes with defaults applied.
type gatherSpec struct {
	dtmf, speech bool
	inputType    xml.InputType
	numDigits    int
	finishOnKey  string
	execTimeout  time.Duration
	digitEnd     time.Duration
	speechEnd    time.Duration
}

func newGatherSpec(a xml.GatherAttrs) gatherSpec {
	g := gatherSpec{
		inputType:   a.InputType,
		numDigits:   defaultNumDigits,
		finishOnKey: a.FinishOnKey,
		execTimeout: a.ExecutionTimeout,
		digitEnd:    endTimeout(a.DigitEndTimeout, autoDigitEndTimeout),
		speechEnd:   endTimeout(a.SpeechEndTimeout, autoSpeechEndTimeout),
	}
	if g.inputType == "" {
		g.inputType = xml.InputDTMF
	}
	g.dtmf = strings.Contains(string(g.inputType), "dtmf")
	g.speech = strings.Contains(string(g.inputType), "speech")
	if n := a.NumDigits; n != nil {
		g.numDigits = min(max(*n, 1), defaultNumDigits)
	}
	switch g.finishOnKey {
	case "":
		g.finishOnKey = "#"
	case "none":
		g.finishOnKey = ""
	}
	if g.execTimeout <= 0 {
		g.execTimeout = defaultExecutionTimeout
	}
	return g
}

// endTimeout reads a digitEndTimeout or speechEndTimeout: whole seconds,
// else auto.
func endTimeout(t xml.EndTimeout, auto time.Duration) time.Duration {
	if n, err := strconv.Atoi(string(t)); err == nil && n > 0 {
		return time.Duration(n) * time.Second
	}
	return auto
}

// event is one input at a virtual time of the call.
type event struct {
	at         time.Duration
	key        byte
	speech     string
	confidence float64
	isSpeech   bool
	hangUp     bool
}

// plan turns a scripted input into events for a Gather or Record that
// started listening at start and whose prompts end at promptsEnd.
func plan(in Input, start, promptsEnd time.Duration) []event {
	var evs []event
	switch in := in.(type) {
	case Keys:
		at := promptsEnd + in.Delay
		if in.BargeIn {
			at = start
		}
		for i := range len(in.Digits) {
			evs = append(evs, event{at: at + time.Duration(i)*in.Gap, key: in.Digits[i]})
		}
	case Speech:
		at := promptsEnd + in.Delay
		if in.BargeIn {
			at = start
		}
		evs = append(evs, event{at: at, speech: in.Text, confidence: in.Confidence, isSpeech: true})
	case HangUp:
		evs = append(evs, event{at: start + in.Delay, hangUp: true})
	}
	return evs
}

// nextEvent waits for the next input, planned or live, until deadline (a
// virtual time of the call). got is false when the deadline came first;
// alive is false when the call ended.
func (s *Server) nextEvent(ctx context.Context, c *Call, planned *[]event, deadline time.Duration) (ev event, got, alive bool) {
	for {
		target := deadline
		if len(*planned) > 0 && (*planned)[0].at <= deadline {
			target = (*planned)[0].at
		}
		woke, alive := s.waitUntil(ctx, c, target, true)
		if !alive {
			return event{}, false, false
		}
		if woke {
			in, ok := s.takeLive(c)
			if !ok {
				continue
			}
			now := in.at
			var evs []event
			if in.isSpeech {
				evs = []event{{at: now, speech: in.speech, confidence: in.confidence, isSpeech: true}}
			} else {
				for i := range len(in.keys) {
					evs = append(evs, event{at: now, key: in.keys[i]})
				}
			}
			i := 0
			for i < len(*planned) && (*planned)[i].at <= now {
				i++
			}
			*planned = slices.Insert(*planned, i, evs...)
			continue
		}
		if len(*planned) > 0 && (*planned)[0].at == target {
			ev := (*planned)[0]
			*planned = (*planned)[1:]
			return ev, true, true
		}
		return event{}, false, true
	}
}

// gather runs a <Gather>. It returns the document that replaces the rest
// of the current one (the action's, with redirect), or the cause the call
// ends with; nil and 0 go on with the next element.
func (s *Server) gather(ctx context.Context, c *Call, e *xml.Gather) (*xml.Response, Cause) {
	g := newGatherSpec(e.Attrs)
	s.record(c, Gathering{InputType: g.inputType, NumDigits: g.numDigits, FinishOnKey: g.finishOnKey, Timeout: g.execTimeout})
	start := s.callNow(c)
	promptsEnd := start
	for _, p := range e.Elements {
		promptsEnd += promptCost(p)
	}
	planned := plan(c.nextInput(), start, promptsEnd)
	s.setListening(c, listenGather)
	defer s.setListening(c, listenNone)

	var (
		digits   []byte
		result   *Gathered
		lastKey  time.Duration
		finished bool
	)
	// take handles one input and reports whether it counted.
	take := func(ev event) bool {
		switch {
		case ev.isSpeech:
			if !g.speech || len(digits) > 0 {
				return false
			}
			result = &Gathered{InputType: xml.InputSpeech, Speech: ev.speech, Confidence: ev.confidence}
			finished = true
		case g.dtmf:
			if g.finishOnKey != "" && string(ev.key) == g.finishOnKey {
				finished = true
				return true
			}
			digits = append(digits, ev.key)
			lastKey = ev.at
			finished = len(digits) >= g.numDigits
		default:
			return false
		}
		return true
	}
	interrupted := false
	t := start
	for _, p := range e.Elements {
		s.record(c, promptStep(p))
		t += promptCost(p)
		for !interrupted {
			ev, got, alive := s.nextEvent(ctx, c, &planned, t)
			if !alive {
				return nil, CauseNormalHangup
			}
			if !got {
				break
			}
			if ev.hangUp {
				c.HangUp()
				return nil, CauseNormalHangup
			}
			interrupted = take(ev)
		}
		if interrupted {
			break
		}
	}
	execEnd := s.callNow(c) + g.execTimeout
	if !interrupted {
		execEnd = promptsEnd + g.execTimeout
	}
	for !finished {
		deadline := execEnd
		if len(digits) > 0 {
			deadline = min(execEnd, lastKey+g.digitEnd)
		}
		ev, got, alive := s.nextEvent(ctx, c, &planned, deadline)
		if !alive {
			return nil, CauseNormalHangup
		}
		if !got {
			break
		}
		if ev.hangUp {
			c.HangUp()
			return nil, CauseNormalHangup
		}
		take(ev)
	}
	if result != nil && result.InputType == xml.InputSpeech {
		if !s.sleep(ctx, c, g.speechEnd) {
			return nil, CauseNormalHangup
		}
	}
	if result == nil && (len(digits) > 0 || finished) {
		result = &Gathered{InputType: xml.InputDTMF, Digits: string(digits)}
	}
	s.setListening(c, listenNone)
	follow := e.Attrs.Redirect != xml.False
	if result == nil {
		s.record(c, GatherTimedOut{})
		if !s.sim.gatherTimeoutAction {
			return nil, 0
		}
		it := xml.InputDTMF
		if !g.dtmf {
			it = xml.InputSpeech
		}
		result = &Gathered{InputType: it}
	} else {
		s.record(c, *result)
	}
	params := url.Values{
		"InputType":             {string(result.InputType)},
		"Digits":                {result.Digits},
		"Speech":                {result.Speech},
		"SpeechConfidenceScore": {strconv.FormatFloat(result.Confidence, 'f', -1, 64)},
		"BilledAmount":          {"0.00000"},
	}
	if result.InputType == xml.InputDTMF {
		params.Set("SpeechConfidenceScore", "0")
	}
	return s.requestAction(ctx, c, e.Attrs.Action, e.Attrs.Method, "", params, follow)
}

// promptCost is the virtual time a Speak or Play takes.
func promptCost(e xml.Element) time.Duration {
	switch e := e.(type) {
	case *xml.Speak:
		return loops(e.Attrs.Loop) * speakCost
	case *xml.Play:
		return loops(e.Attrs.Loop) * playCost
	case *xml.Wait:
		return waitLength(e)
	}
	return 0
}

// promptStep is the transcript step of a Speak, Play or Wait.
func promptStep(e xml.Element) Step {
	switch e := e.(type) {
	case *xml.Speak:
		return Spoke{Text: speakText(e.Content), Voice: e.Attrs.Voice, Language: e.Attrs.Language}
	case *xml.Play:
		return Played{URL: strings.TrimSpace(e.URL)}
	case *xml.Wait:
		return Waited{Length: waitLength(e)}
	}
	return Skipped{Element: elementName(e)}
}
