package emulator

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kickflow/kickflow/kick/kicktest"
)

func TestParseScript(t *testing.T) {
	t.Parallel()
	got, err := ParseScript([]byte(`# a PIN, wrong then right
keys 1111
keys 4321# after 1.5s

speech yes please after 2s
silence
hangup after 3s
`))
	require.NoError(t, err)
	assert.Equal(t, []Input{
		{Keys: "1111"},
		{Keys: "4321#", DelayMS: 1500},
		{Speech: "yes please", DelayMS: 2000},
		{Silence: true},
		{HangUp: true, DelayMS: 3000},
	}, got)
	in, err := toKicktest(got)
	require.NoError(t, err)
	assert.Equal(t, kicktest.Speech{Text: "yes please", Confidence: 0.9, Delay: 2e9}, in[2])
	assert.Equal(t, kicktest.HangUp{Delay: 3e9}, in[4])
}

func TestParseScriptErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		give string
		want string
	}{
		{give: "press 1", want: `line 1: unknown input "press"`},
		{give: "\nkeys 12a", want: "line 2: keys must be"},
		{give: "keys", want: "line 1: keys must be"},
		{give: "speech", want: "line 1: speech needs a text"},
		{give: "keys 1 after soon", want: `line 1: bad duration "soon"`},
		{give: "keys 1 after -1s", want: "bad duration"},
		{give: "silence now", want: "silence takes nothing"},
	}
	for _, tt := range tests {
		_, err := ParseScript([]byte(tt.give))
		require.Error(t, err, tt.give)
		assert.ErrorIs(t, err, errInput)
		assert.Contains(t, err.Error(), tt.want)
	}
}

func FuzzParseScript(f *testing.F) {
	f.Add([]byte("keys 1234#\nspeech hi after 1s\nsilence\nhangup"))
	f.Fuzz(func(t *testing.T, data []byte) {
		in, err := ParseScript(data)
		if err != nil {
			return
		}
		_, err = toKicktest(in)
		assert.NoError(t, err, "a parsed script converts")
	})
}
