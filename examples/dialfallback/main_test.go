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
	var titles []string
	var docs [][]byte
	for part := range strings.SplitSeq(out.String(), "\n\n") {
		title, doc, ok := strings.Cut(part, "\n")
		require.True(t, ok, "section without a document: %q", part)
		titles = append(titles, title)
		docs = append(docs, []byte(doc))
	}
	assert.Equal(t, []string{
		"answer URL https://app.example.com/dial:",
		"https://app.example.com/dial/result?try=0 with DialStatus=no-answer:",
		"https://app.example.com/dial/result?try=1 with DialStatus=busy:",
	}, titles)
	require.Len(t, docs, 3)
	golden.AssertXML(t, "answer", docs[0])
	golden.AssertXML(t, "second_try", docs[1])
	golden.AssertXML(t, "voicemail", docs[2])
}

func TestResult(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name           string
		giveTry        int
		giveDialStatus string
	}{
		{"first answered", 0, "completed"},
		{"first busy", 0, "busy"},
		{"first failed", 0, "failed"},
		{"last answered", 1, "completed"},
		{"last timed out", 1, "timeout"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			golden.AssertResponse(t, "result", result(tt.giveTry, tt.giveDialStatus))
		})
	}
}
