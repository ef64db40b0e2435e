package readme

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// mirrors maps the heading of each README section holding a Go snippet to
// the test file that holds that snippet between the markers below.
var mirrors = map[string]string{
	"### `xml`":           "xml/readme_example_test.go",
	"### `kick`":          "kick/readme_example_test.go",
	"### `kick/kicktest`": "kick/kicktest/readme_example_test.go",
	"### `flow`":          "flow/readme_example_test.go",
	"### `golden`":        "golden/readme_example_test.go",
}

const (
	startMarker = "// README snippet starts."
	endMarker   = "// README snippet ends."
)

type snippet struct {
	section string
	lines   []string
}

// readmeSnippets returns the ```go blocks of README.md with the heading of
// the section each is in.
func readmeSnippets(t *testing.T, path string) []snippet {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	var (
		out     []snippet
		section string
		cur     *snippet
	)
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case cur != nil && line == "```":
			out = append(out, *cur)
			cur = nil
		case cur != nil:
			cur.lines = append(cur.lines, line)
		case line == "```go":
			cur = &snippet{section: section}
		case strings.HasPrefix(line, "#"):
			section = line
		}
	}
	require.NoError(t, sc.Err())
	require.Nil(t, cur, "unterminated ```go block")
	return out
}

// normalize drops indentation and collapses runs of spaces and tabs, so
// gofmt's alignment of comments does not count as a difference.
func normalize(line string) string {
	return strings.Join(strings.Fields(line), " ")
}

// mirrored returns the normalized lines of path between the markers.
func mirrored(t *testing.T, path string) []string {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	text := string(data)
	start := strings.Index(text, startMarker)
	end := strings.Index(text, endMarker)
	require.True(t, start >= 0 && end > start, "%s: no %q … %q", path, startMarker, endMarker)
	var lines []string
	for _, l := range strings.Split(text[start+len(startMarker):end], "\n") {
		if n := normalize(l); n != "" {
			lines = append(lines, n)
		}
	}
	return lines
}

// TestSnippetsMirrored checks that each README line of a Go snippet
// appears, in order, in its mirror (which may add checks between lines).
// Import lines are skipped: a test file holds them at its top.
func TestSnippetsMirrored(t *testing.T) {
	root := filepath.Join("..", "..")
	snippets := readmeSnippets(t, filepath.Join(root, "README.md"))
	require.NotEmpty(t, snippets)
	for _, s := range snippets {
		var mirror string
		for prefix, path := range mirrors {
			if strings.HasPrefix(s.section, prefix+" ") {
				mirror = path
			}
		}
		if !assert.NotEmpty(t, mirror, "README section %q has a Go snippet that no test holds", s.section) {
			continue
		}
		got := mirrored(t, filepath.Join(root, mirror))
		i := 0
		for _, l := range s.lines {
			want := normalize(l)
			if want == "" || strings.HasPrefix(want, "import ") {
				continue
			}
			for i < len(got) && got[i] != want {
				i++
			}
			if !assert.Less(t, i, len(got), "%s: README line %q of section %q is not in the mirror (in order)", mirror, want, s.section) {
				break
			}
			i++
		}
	}
}

func TestNormalize(t *testing.T) {
	tests := []struct{ give, want string }{
		{"\tx := 1   // a", "x := 1 // a"},
		{"   ", ""},
		{"a\t\tb", "a b"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, normalize(tt.give))
	}
}
