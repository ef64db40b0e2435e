package kicktest

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/kickflow/kickflow/xml"
)

// Answer is how a [Callee] reacts to being dialled.
type Answer int

// The ways a callee reacts.
const (
	// Answers picks up after Callee.RingFor.
	Answers Answer = iota
	// Busy rejects the call as busy after RingFor.
	Busy
	// NoAnswer rings until the Dial's timeout.
	NoAnswer
	// Fails cannot be reached (an invalid or unallocated number) after
	// RingFor.
	Fails
)

// Callee is how a <Dial> destination behaves; see [WithCallee].
type Callee struct {
	// Answer is what the destination does.
	Answer Answer
	// RingFor is how long it rings before it answers, is busy or fails.
	RingFor time.Duration
	// HangUpAfter hangs up that long after answering; 0 stays until the
	// caller leaves or the Dial's timeLimit.
	HangUpAfter time.Duration
	// ConfirmKeys are the keys the callee presses after hearing the Dial's
	// confirmSound; with a confirmKey, the call is bridged only if they
	// hold it.
	ConfirmKeys string
}

// check reports an invalid Callee.
func (c Callee) check() error {
	if c.Answer < Answers || c.Answer > Fails || c.RingFor < 0 || c.HangUpAfter < 0 {
		return fmt.Errorf("kicktest: invalid callee %+v", c)
	}
	return nil
}

// Defaults of a <Dial>.
const (
	defaultDialTimeout   = 120 * time.Second
	defaultDialTimeLimit = 14400 * time.Second
)

// LegStatus is what happened to one destination of a <Dial>.
type LegStatus string

// The destination outcomes.
const (
	LegAnswered      LegStatus = "answered"
	LegBusy          LegStatus = "busy"
	LegFailed        LegStatus = "failed"
	LegNoAnswer      LegStatus = "no-answer"
	LegLostRace      LegStatus = "lost-race"
	LegConfirmFailed LegStatus = "confirm-failed"
	LegHungUp        LegStatus = "hung-up"
)

// Dialing records the start of a <Dial>: its destinations (Number and User
// texts) in document order, all rung at once.
type Dialing struct {
	Targets []string
}

// DialRejected records a <Dial> the platform refused to place, such as a
// caller ID the account does not own; the document goes on.
type DialRejected struct {
	Reason string
}

// Leg records what a destination (the B-leg with UUID) did; Cause is its
// hangup cause when it ended.
type Leg struct {
	Target string
	UUID   string
	Status LegStatus
	Cause  string
}

// LegHeard records a step the destination heard (the Dial's confirmSound).
type LegHeard struct {
	Target string
	Step   Step
}

// LegDigits records the Number or User sendDigits sent to the destination,
// on early media with sendOnPreanswer.
type LegDigits struct {
	Target    string
	Digits    string
	Preanswer bool
}

// Bridged records that the caller was connected to the destination.
type Bridged struct {
	Target string
}

// DialEnded records the end of a <Dial>: its DialStatus and DialHangupCause.
type DialEnded struct {
	Status string
	Cause  string
}

func (Dialing) step()      {}
func (DialRejected) step() {}
func (Leg) step()          {}
func (LegHeard) step()     {}
func (LegDigits) step()    {}
func (Bridged) step()      {}
func (DialEnded) step()    {}

// String returns for example "dialing +14155550111, sip:alice@example.com".
func (d Dialing) String() string { return "dialing " + strings.Join(d.Targets, ", ") }

// String returns for example "dial rejected: caller ID +14155550100 is not owned by the account".
func (d DialRejected) String() string { return "dial rejected: " + d.Reason }

// String returns for example "b-leg +14155550111 busy (USER_BUSY)".
func (l Leg) String() string {
	s := "b-leg " + l.Target + " " + string(l.Status)
	if l.Cause != "" {
		s += " (" + l.Cause + ")"
	}
	return s
}

// String returns for example `b-leg +14155550111 heard: spoke "Press 1"`.
func (l LegHeard) String() string { return "b-leg " + l.Target + " heard: " + l.Step.String() }

// String returns for example "b-leg +14155550111 got DTMF 1w2 (preanswer)".
func (l LegDigits) String() string {
	s := "b-leg " + l.Target + " got DTMF " + l.Digits
	if l.Preanswer {
		s += " (preanswer)"
	}
	return s
}

// String returns for example "bridged to +14155550111".
func (b Bridged) String() string { return "bridged to " + b.Target }

// String returns for example "dial completed (NORMAL_CLEARING)".
func (d DialEnded) String() string { return "dial " + d.Status + " (" + d.Cause + ")" }

// dialLeg is one destination of a running Dial.
type dialLeg struct {
	target     string
	position   int
	uuid       string
	callee     Callee
	sendDigits string
	preanswer  bool
	done       bool
}

// hangupCause is a B-leg's hangup cause as the Dial callbacks report it.
type hangupCause struct {
	name, code, text, source string
}

var (
	causeClearing     = hangupCause{"NORMAL_CLEARING", "4000", "Normal Hangup", "Callee"}
	causeCallerLeft   = hangupCause{"NORMAL_CLEARING", "4000", "Normal Hangup", "Caller"}
	causeBusy         = hangupCause{"USER_BUSY", "", "User Busy", "Callee"}
	causeUnallocated  = hangupCause{"UNALLOCATED_NUMBER", "", "Unallocated Number", "Callee"}
	causeRingTimeout  = hangupCause{"NO_ANSWER", "6010", "Ring Timeout Reached", "Vobiz"}
	causeLostRace     = hangupCause{"LOSE_RACE", "9000", "Lost Race", "Vobiz"}
	causeConfirmKey   = hangupCause{"CONFIRM_KEY_FAILED", "9110", "Confirm Key Challenge Failed", "Vobiz"}
	causeAllottedTime = hangupCause{"ALLOTTED_TIMEOUT", "6000", "Scheduled Hangup", "Vobiz"}
)

// calleeFor returns how target behaves for the call.
func (s *Server) calleeFor(c *Call, target string) Callee {
	if ce, ok := c.callees[target]; ok {
		return ce
	}
	if ce, ok := s.sim.callees[target]; ok {
		return ce
	}
	if s.sim.defaultCallee != nil {
		return *s.sim.defaultCallee
	}
	return Callee{}
}

// callerIDProblem says why the platform would refuse the Dial's caller ID
// on this inbound call, or "".
func (s *Server) callerIDProblem(c *Call, callerID string) string {
	owned := func(n string) bool { return n == c.to || slices.Contains(s.sim.numbers, n) }
	if callerID == "" {
		if owned(c.from) {
			return ""
		}
		return "from number " + c.from + " (the caller's, as no callerId is set) is not owned by this account"
	}
	if s.sim.numbers != nil && !owned(callerID) {
		return "from number " + callerID + " is not owned by this account"
	}
	return ""
}

// dial runs a <Dial>; results as for runDocument.
func (s *Server) dial(ctx context.Context, c *Call, e *xml.Dial) (*xml.Response, Cause) {
	a := e.Attrs
	var legs []*dialLeg
	add := func(target, digits string, preanswer xml.Bool) {
		legs = append(legs, &dialLeg{
			target: target, position: len(legs) + 1, uuid: newUUID(), callee: s.calleeFor(c, target),
			sendDigits: strings.TrimSpace(digits), preanswer: preanswer == xml.True,
		})
	}
	if p := strings.TrimSpace(e.Phone); p != "" {
		add(p, "", xml.Unset)
	}
	for _, el := range e.Elements {
		switch el := el.(type) {
		case *xml.Number:
			add(strings.TrimSpace(el.Phone), el.Attrs.SendDigits, el.Attrs.SendOnPreanswer)
		case *xml.User:
			add(strings.TrimSpace(el.URI), el.Attrs.SendDigits, el.Attrs.SendOnPreanswer)
		case *xml.Record:
			// Disputed placement; read as startOnDialAnswer (see the doc).
			rec := &recording{id: newUUID(), attrs: el.Attrs}
			s.record(c, RecordStarted{ID: rec.id, OnDialAnswer: true})
			c.armed = append(c.armed, rec)
		}
	}
	targets := make([]string, len(legs))
	for i, l := range legs {
		targets[i] = l.target
	}
	s.record(c, Dialing{Targets: targets})
	callerID := strings.TrimSpace(a.CallerID)
	if reason := s.callerIDProblem(c, callerID); reason != "" {
		s.record(c, DialRejected{Reason: reason})
		return nil, 0
	}
	if len(legs) == 0 {
		s.record(c, DialRejected{Reason: "no destination"})
		return nil, 0
	}
	if callerID == "" {
		callerID = c.from
	}
	timeout := a.Timeout
	if timeout <= 0 {
		timeout = defaultDialTimeout
	}
	timeLimit := a.TimeLimit
	if timeLimit <= 0 {
		timeLimit = defaultDialTimeLimit
	}
	start := s.callNow(c)
	legForm := func(l *dialLeg, event, action string) url.Values {
		return url.Values{
			"Event":            {event},
			"DialAction":       {action},
			"CallUUID":         {c.uuid},
			"DialALegUUID":     {c.uuid},
			"DialBLegUUID":     {l.uuid},
			"DialBLegFrom":     {callerID},
			"DialBLegTo":       {l.target},
			"DialBLegPosition": {strconv.Itoa(l.position)},
		}
	}
	legEnded := func(l *dialLeg, status LegStatus, hc hangupCause, answeredAt time.Duration) {
		l.done = true
		s.record(c, Leg{Target: l.target, UUID: l.uuid, Status: status, Cause: hc.name})
		f := legForm(l, "DialHangup", "hangup")
		dur := "0"
		if answeredAt >= 0 {
			dur = strconv.FormatInt(int64((s.callNow(c)-answeredAt)/time.Second), 10)
		}
		mergeValues(f, url.Values{
			"DialBLegStatus":          {"hangup"},
			"DialBLegDuration":        {dur},
			"DialBLegBillDuration":    {dur},
			"DialBLegHangupCause":     {hc.name},
			"DialBLegHangupCauseCode": {hc.code},
			"DialBLegHangupCauseName": {hc.text},
			"DialBLegHangupSource":    {hc.source},
		})
		s.notify(c, a.CallbackURL, a.CallbackMethod, f)
	}

	// Ringing.
	if m := strings.TrimSpace(a.DialMusic); m != "" && m != "real" {
		for _, el := range s.fetchSounds(ctx, c, m, "", nil) {
			s.record(c, promptStep(el))
		}
	}
	for _, l := range legs {
		if l.sendDigits != "" && l.preanswer {
			s.record(c, LegDigits{Target: l.target, Digits: l.sendDigits, Preanswer: true})
		}
	}
	order := slices.Clone(legs)
	slices.SortStableFunc(order, func(x, y *dialLeg) int {
		return cmpDuration(ringEnd(x, timeout), ringEnd(y, timeout))
	})
	var winner *dialLeg
	busy, failed := 0, 0
	for _, l := range order {
		at := ringEnd(l, timeout)
		if at > timeout {
			break
		}
		if !s.sleepUntil(ctx, c, start+at) {
			return s.dialCallerGone(ctx, c, a, legs, legEnded)
		}
		switch l.callee.Answer {
		case Busy:
			busy++
			legEnded(l, LegBusy, causeBusy, -1)
		case Fails:
			failed++
			legEnded(l, LegFailed, causeUnallocated, -1)
		default:
			winner = l
		}
		if winner != nil {
			break
		}
	}
	status, cause := "", ""
	var bridgedUUID string
	starLeft := false
	if winner == nil {
		if slices.ContainsFunc(legs, func(l *dialLeg) bool { return !l.done }) && !s.sleepUntil(ctx, c, start+timeout) {
			return s.dialCallerGone(ctx, c, a, legs, legEnded)
		}
		for _, l := range legs {
			if !l.done {
				legEnded(l, LegNoAnswer, causeRingTimeout, -1)
			}
		}
		switch {
		case busy+failed < len(legs):
			status, cause = "no-answer", causeRingTimeout.name
		case busy > 0:
			status, cause = "busy", causeBusy.name
		default:
			status, cause = "failed", causeUnallocated.name
		}
	} else {
		for _, l := range legs {
			if !l.done && l != winner {
				legEnded(l, LegLostRace, causeLostRace, -1)
			}
		}
		answeredAt := s.callNow(c)
		s.record(c, Leg{Target: winner.target, UUID: winner.uuid, Status: LegAnswered})
		f := legForm(winner, "DialAnswer", "answer")
		f.Set("DialBLegStatus", "answer")
		s.notify(c, a.CallbackURL, a.CallbackMethod, f)
		if u := strings.TrimSpace(a.ConfirmSound); u != "" {
			for _, el := range s.fetchSounds(ctx, c, u, "", url.Values{"DialBLegUUID": {winner.uuid}}) {
				s.record(c, LegHeard{Target: winner.target, Step: promptStep(el)})
			}
		}
		if k := strings.TrimSpace(a.ConfirmKey); k != "" && !strings.Contains(winner.callee.ConfirmKeys, k) {
			legEnded(winner, LegConfirmFailed, causeConfirmKey, answeredAt)
			status, cause = "failed", causeConfirmKey.name
		} else {
			if winner.sendDigits != "" && !winner.preanswer {
				s.record(c, LegDigits{Target: winner.target, Digits: winner.sendDigits})
			}
			bridgedUUID = winner.uuid
			s.record(c, Bridged{Target: winner.target})
			f := legForm(winner, "DialConnected", "connected")
			f.Set("DialBLegStatus", "connected")
			s.notify(c, a.CallbackURL, a.CallbackMethod, f)
			var hc hangupCause
			hc, starLeft = s.bridge(ctx, c, a, winner, answeredAt, timeLimit, legForm)
			for _, rec := range c.armedRunning {
				s.finishRecording(c, rec, s.callNow(c), EndHungUp)
			}
			c.armedRunning = nil
			legEnded(winner, LegHungUp, hc, answeredAt)
			status, cause = "completed", hc.name
		}
	}
	s.record(c, DialEnded{Status: status, Cause: cause})
	callerGone := ctx.Err() != nil
	follow := a.Redirect != xml.False && !callerGone
	var next *xml.Response
	if a.Action != "" {
		actx := ctx
		if callerGone { // the result is still posted, as notify-only
			actx = context.WithoutCancel(ctx)
		}
		var ac Cause
		next, ac = s.requestAction(actx, c, a.Action, a.Method, "DialAction", url.Values{
			"DialStatus":      {status},
			"DialRingStatus":  {strconv.FormatBool(failed < len(legs))},
			"DialHangupCause": {cause},
			"DialALegUUID":    {c.uuid},
			"DialBLegUUID":    {bridgedUUID},
		}, follow)
		if ac != 0 {
			return nil, ac
		}
	}
	switch {
	case callerGone:
		return nil, CauseNormalHangup
	case next != nil:
		return next, 0
	case bridgedUUID != "" && !starLeft:
		// After a bridge the elements after <Dial> do not run (see the doc).
		return nil, CauseNormalHangup
	}
	return nil, 0
}

// bridge holds the caller and the destination together until one leaves or
// timeLimit passes. It returns the B-leg's hangup cause and whether the
// caller left with hangupOnStar.
func (s *Server) bridge(ctx context.Context, c *Call, a xml.DialAttrs, l *dialLeg, answeredAt, timeLimit time.Duration, legForm func(*dialLeg, string, string) url.Values) (hangupCause, bool) {
	c.armedRunning = s.startArmed(c)
	end, hc := answeredAt+timeLimit, causeAllottedTime
	if d := l.callee.HangUpAfter; d > 0 && d < timeLimit {
		end, hc = answeredAt+d, causeClearing
	}
	var patterns []string
	for p := range strings.SplitSeq(a.DigitsMatch, ",") {
		if p = strings.TrimSpace(p); p != "" {
			patterns = append(patterns, p)
		}
	}
	s.setListening(c, listenBridge)
	defer s.setListening(c, listenNone)
	var pressed string
	for {
		woke, alive := s.waitUntil(ctx, c, end, true)
		switch {
		case !alive:
			return causeCallerLeft, false
		case !woke:
			return hc, false
		}
		in, ok := s.takeLive(c)
		if !ok {
			continue
		}
		if a.HangupOnStar == xml.True && strings.Contains(in.keys, "*") {
			return causeCallerLeft, true
		}
		pressed += in.keys
		for _, p := range patterns {
			if strings.HasSuffix(pressed, p) {
				f := legForm(l, "DialDigitsMatch", "digits")
				f.Set("DialDigitsMatch", p)
				f.Set("DialDigitsPressedBy", "aleg")
				s.notify(c, a.CallbackURL, a.CallbackMethod, f)
				pressed = ""
				break
			}
		}
	}
}

// dialCallerGone ends a Dial whose caller hung up while it rang: the legs
// still ringing are cancelled and the action is requested but not
// followed.
func (s *Server) dialCallerGone(ctx context.Context, c *Call, a xml.DialAttrs, legs []*dialLeg, legEnded func(*dialLeg, LegStatus, hangupCause, time.Duration)) (*xml.Response, Cause) {
	for _, l := range legs {
		if !l.done {
			legEnded(l, LegHungUp, hangupCause{"ORIGINATOR_CANCEL", "", "Originator Cancel", "Caller"}, -1)
		}
	}
	s.record(c, DialEnded{Status: "cancel", Cause: "ORIGINATOR_CANCEL"})
	return nil, CauseNormalHangup
}

// ringEnd is when a destination stops ringing by itself, counted from the
// start of the Dial; past timeout for one that never answers.
func ringEnd(l *dialLeg, timeout time.Duration) time.Duration {
	if l.callee.Answer == NoAnswer {
		return timeout + 1
	}
	return l.callee.RingFor
}

// sleepUntil lets the call's virtual time run to at; false if it ended.
func (s *Server) sleepUntil(ctx context.Context, c *Call, at time.Duration) bool {
	_, alive := s.waitUntil(ctx, c, at, false)
	return alive
}

func cmpDuration(a, b time.Duration) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
