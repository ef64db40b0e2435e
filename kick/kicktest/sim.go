package kicktest

import (
	"fmt"
	"slices"
)

// DefaultMaxDocuments is how many documents one call may fetch (answer,
// redirects and followed actions) when [WithMaxDocuments] is not used.
const DefaultMaxDocuments = 1000

// simConfig holds the settings of the call simulation.
type simConfig struct {
	gatherTimeoutAction bool
	callees             map[string]Callee
	defaultCallee       *Callee
	numbers             []string // the account's numbers; nil if not given
	maxDocuments        int
	memberCap           int
	conferenceAction    func(conference, callUUID string) bool
}

// WithRealClock makes virtual time follow the wall clock: a Speak takes a
// real second, a Gather waits for real for its executionTimeout, and a
// person can type digits with [Call.Press] while a prompt plays. Calls
// keep their own time since their start. If not set, the automatic clock
// is used (see the package documentation). It cannot be combined with
// [WithManualClock]; the last one given wins.
func WithRealClock() Option {
	return func(c *config) error {
		c.clock = clockReal
		return nil
	}
}

// WithGatherTimeoutAction makes a <Gather> that gets no input request its
// action URL with empty Digits and Speech, as the platform's documentation
// also says it may. If not set, a Gather that times out goes on with the
// next element and requests nothing; see the package documentation.
func WithGatherTimeoutAction() Option {
	return func(c *config) error {
		c.sim.gatherTimeoutAction = true
		return nil
	}
}

// WithCallee sets how the <Dial> destination target (a Number or User text
// as the document writes it) behaves, for every call of the server.
// [CallSpec.Callees] overrides it for one call.
func WithCallee(target string, callee Callee) Option {
	return func(c *config) error {
		if target == "" {
			return fmt.Errorf("kicktest: empty callee target")
		}
		if err := callee.check(); err != nil {
			return err
		}
		if c.sim.callees == nil {
			c.sim.callees = make(map[string]Callee)
		}
		c.sim.callees[target] = callee
		return nil
	}
}

// WithDefaultCallee sets how a <Dial> destination that has no [WithCallee]
// or [CallSpec.Callees] entry behaves. If not set, such a destination
// answers at once and stays until the caller leaves or the Dial's
// timeLimit ends the bridge.
func WithDefaultCallee(callee Callee) Option {
	return func(c *config) error {
		if err := callee.check(); err != nil {
			return err
		}
		c.sim.defaultCallee = &callee
		return nil
	}
}

// WithNumbers lists the phone numbers the account owns. A <Dial> callerId
// must be one of them or the number the call was made to ([CallSpec.To]);
// a Dial without callerId fails on an inbound call unless the caller's own
// number is listed. If not set, any explicit callerId is accepted, and a
// Dial without one still fails.
func WithNumbers(numbers ...string) Option {
	return func(c *config) error {
		c.sim.numbers = append(slices.Clone(numbers), c.sim.numbers...)
		if c.sim.numbers == nil {
			c.sim.numbers = []string{}
		}
		return nil
	}
}

// WithMaxDocuments bounds how many documents one call may fetch; the
// fetch after the last allowed one ends the call with
// [CauseRedirectURLError], as a platform that gives up on a redirect loop.
// If not set, [DefaultMaxDocuments].
func WithMaxDocuments(n int) Option {
	return func(c *config) error {
		if n < 1 {
			return fmt.Errorf("kicktest: max documents %d is not positive", n)
		}
		c.sim.maxDocuments = n
		return nil
	}
}
