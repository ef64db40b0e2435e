package kicktest

import (
	"fmt"
	"time"
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
