package redisstore

import (
	"fmt"

	"github.com/kickflow/kickflow/flow"
)

// argError is input the store rejects. It matches
// [flow.ErrInvalidArgument], so callers branch on one sentinel whichever
// store they use, while the message carries this package's prefix once:
// "redisstore: invalid argument: …".
type argError struct{ err error }

// invalid returns an argError with the formatted text; %w in format wraps
// as in fmt.Errorf.
func invalid(format string, args ...any) error {
	return &argError{err: fmt.Errorf(format, args...)}
}

func (e *argError) Error() string        { return "redisstore: invalid argument: " + e.err.Error() }
func (e *argError) Is(target error) bool { return target == flow.ErrInvalidArgument }
func (e *argError) Unwrap() error        { return e.err }
