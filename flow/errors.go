package flow

import (
	"errors"
	"fmt"
)

// Sentinel errors. Match them with errors.Is.
var (
	// ErrInvalidArgument reports input rejected before any state changed
	// or request was made: a bad option, an empty room or call UUID,
	// a template that does not parse or execute, a continuation that does
	// not render.
	ErrInvalidArgument = errors.New("flow: invalid argument")

	// ErrConflict reports Conference attributes given to [Flow.Join] that
	// contradict the ones the flow needs (callbackUrl, stayAlone, action).
	// The flow never overwrites a value the caller set.
	ErrConflict = errors.New("flow: conflicting conference attribute")

	// ErrNotFound reports a kick target the registry does not know: a call
	// that is in no room, a member ID not in the room, a room with no
	// members.
	ErrNotFound = errors.New("flow: not found")
)

func conflict(attr, why string) error {
	return fmt.Errorf("%w %s: %s", ErrConflict, attr, why)
}

// invalidErr wraps err, matching both ErrInvalidArgument and err.
func invalidErr(what string, err error) error {
	return fmt.Errorf("%w: %s: %w", ErrInvalidArgument, what, err)
}

// fromKick turns an argument error of package kick (whose message starts
// "invalid argument: ", without a package prefix) into one of flow's,
// matching both packages' ErrInvalidArgument; nil stays nil.
func fromKick(err error) error {
	if err == nil {
		return nil
	}
	return &kickArgError{err}
}

type kickArgError struct{ err error }

func (e *kickArgError) Error() string        { return "flow: " + e.err.Error() }
func (e *kickArgError) Unwrap() error        { return e.err }
func (e *kickArgError) Is(target error) bool { return target == ErrInvalidArgument }
