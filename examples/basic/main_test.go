package main

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The seed's example from the Kick API page, compact.
func TestRun(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	require.NoError(t, run(&out))
	assert.Equal(t, `<?xml version="1.0" encoding="UTF-8"?><Response><Conference enterSound="beep:1">MyConference</Conference><Speak>You have been disconnected from the conference</Speak></Response>`+"\n", out.String())
}
