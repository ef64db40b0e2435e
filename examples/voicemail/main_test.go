package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kickflow/kickflow/golden"
)

func TestRun(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	require.NoError(t, run(&out))
	title, doc, ok := strings.Cut(out.String(), "\n")
	require.True(t, ok, "no document after the title: %q", out.String())
	assert.Equal(t, "answer URL https://app.example.com/voicemail:", title)
	golden.AssertXML(t, "voicemail", []byte(doc))
}
