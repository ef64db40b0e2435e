package kicktest_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/kickflow/kickflow/kick/kicktest"
)

// TestNewServerNilOption checks that a nil option panics with a message
// naming it, as httptest panics on misuse, rather than with a nil
// dereference.
func TestNewServerNilOption(t *testing.T) {
	t.Parallel()
	assert.PanicsWithValue(t, "kicktest: option 1 is nil", func() {
		s := kicktest.NewServer(nil)
		s.Close()
	})
}
