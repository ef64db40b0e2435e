package flow_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kickflow/kickflow/flow"
)

func TestNewNilOption(t *testing.T) {
	t.Parallel()
	fx := newFixture(t)
	tests := []struct {
		name     string
		giveOpts []flow.Option
		want     string
	}{
		{"only option", []flow.Option{nil}, "flow: invalid argument: option 1 is nil"},
		{"second option", []flow.Option{flow.WithGrace(1), nil}, "flow: invalid argument: option 2 is nil"},
		{"after a bad one is not reached", []flow.Option{flow.WithGrace(0), nil}, "grace window"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var f *flow.Flow
			var err error
			require.NotPanics(t, func() { f, err = flow.New(fx.client, publicBase, tt.giveOpts...) })
			require.ErrorIs(t, err, flow.ErrInvalidArgument)
			assert.Contains(t, err.Error(), tt.want)
			assert.Nil(t, f)
		})
	}
}
