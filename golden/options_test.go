package golden_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/kickflow/kickflow/golden"
)

func TestNilOption(t *testing.T) {
	t.Parallel()
	r, passed := record(t, func(tb testing.TB) bool {
		return golden.AssertXML(tb, "doc", []byte("<Response/>"), golden.WithCanonical(), nil)
	})
	assert.False(t, passed)
	assert.True(t, r.Failed())
	assert.Equal(t, "golden: option 2 is nil", r.output())
}
