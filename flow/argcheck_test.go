package flow_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kickflow/kickflow/flow"
	"github.com/kickflow/kickflow/kick"
)

// TestControlArgumentsCheckedAsKickDoes: flow refuses the audio URLs and
// texts kick refuses, before looking the target up, with an error that
// matches both packages' ErrInvalidArgument and carries one prefix.
func TestControlArgumentsCheckedAsKickDoes(t *testing.T) {
	t.Parallel()
	fx := newFixture(t)
	for name, call := range map[string]func() error{
		"http audio": func() error {
			_, err := fx.flow.Play(t.Context(), flow.Call("call-unknown"), "http://cdn.example.com/a.mp3")
			return err
		},
		"empty speech": func() error {
			_, err := fx.flow.Speak(t.Context(), flow.Call("call-unknown"), kick.Speech{Text: " "})
			return err
		},
		"long speech": func() error {
			_, err := fx.flow.Speak(t.Context(), flow.Call("call-unknown"), kick.Speech{Text: strings.Repeat("a", kick.MaxSpeechText+1)})
			return err
		},
	} {
		err := call()
		require.Error(t, err, name)
		assert.ErrorIs(t, err, flow.ErrInvalidArgument, name)
		assert.ErrorIs(t, err, kick.ErrInvalidArgument, name)
		assert.False(t, errors.Is(err, flow.ErrNotFound), "%s: checked before the lookup", name)
		assert.Equal(t, 1, strings.Count(err.Error(), "invalid argument"), "%s: %v", name, err)
		assert.True(t, strings.HasPrefix(err.Error(), "flow: invalid argument: "), "%s: %v", name, err)
	}
	assert.Empty(t, fx.srv.Requests(), "nothing sent")
}
