package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kickflow/kickflow/golden"
)

// sections splits the program's output into its titles and documents.
func sections(t *testing.T, out string) (titles []string, docs [][]byte) {
	t.Helper()
	for part := range strings.SplitSeq(out, "\n\n") {
		title, doc, ok := strings.Cut(part, "\n")
		require.True(t, ok, "section without a document: %q", part)
		titles = append(titles, title)
		docs = append(docs, []byte(doc))
	}
	return titles, docs
}

func TestRun(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	require.NoError(t, run(&out))
	titles, docs := sections(t, out.String())
	assert.Equal(t, []string{
		"answer URL https://app.example.com/ivr:",
		"https://app.example.com/ivr/choice with Digits=1:",
	}, titles)
	require.Len(t, docs, 2)
	golden.AssertXML(t, "menu", docs[0])
	golden.AssertXML(t, "choice", docs[1])
}

func TestChoice(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		giveDigits string
	}{
		{"sales", "1"},
		{"support", "2"},
		{"not on the menu", "9"},
		{"nothing pressed", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			golden.AssertResponse(t, "choice", choice(tt.giveDigits))
		})
	}
}
