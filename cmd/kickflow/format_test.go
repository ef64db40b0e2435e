package main_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kickflow/kickflow/xml"
)

// copyFiles copies files into a new temporary directory, each under a
// name made from its path, and returns the directory and the copies by
// original path.
func copyFiles(t *testing.T, files []string) (string, map[string]string) {
	t.Helper()
	dir := t.TempDir()
	copies := make(map[string]string, len(files))
	for _, f := range files {
		data, err := os.ReadFile(f)
		require.NoError(t, err)
		dst := filepath.Join(dir, strings.NewReplacer("/", "_", `\`, "_", "..", "").Replace(f))
		require.NoError(t, os.WriteFile(dst, data, 0o644))
		copies[f] = dst
	}
	return dir, copies
}

func TestFmtGolden(t *testing.T) {
	t.Parallel()
	files := goldenFiles(t)
	dir, copies := copyFiles(t, files)

	first := kickflow(t, "", nil, "fmt", "-w", dir)
	require.Equal(t, 0, first.code, "stderr: %s", first.stderr)
	assert.Empty(t, first.stdout)
	formatted := make(map[string][]byte, len(files))
	for _, f := range files {
		orig, err := os.ReadFile(f)
		require.NoError(t, err)
		got, err := os.ReadFile(copies[f])
		require.NoError(t, err)
		same, err := xml.CanonicalEqual(orig, got)
		require.NoError(t, err, "%s", f)
		assert.True(t, same, "fmt -w changed the meaning of %s:\n%s", f, got)
		formatted[f] = got
	}

	again := kickflow(t, "", nil, "fmt", "-w", dir)
	require.Equal(t, 0, again.code, "stderr: %s", again.stderr)
	for _, f := range files {
		got, err := os.ReadFile(copies[f])
		require.NoError(t, err)
		assert.Equal(t, string(formatted[f]), string(got), "fmt -w is not idempotent on %s", f)
	}
	diff := kickflow(t, "", nil, "fmt", "-d", dir)
	assert.Equal(t, 0, diff.code)
	assert.Empty(t, diff.stdout, "formatted files still differ")
}

// commented is a document with comments in every place fmt keeps them.
const commented = `<?xml version="1.0" encoding="UTF-8"?>
<!-- answer for the support line -->
<Response><!-- put callers in the room -->
<Conference stayAlone="true" beep="true">Support</Conference>  <!-- after a kick -->
<Speak>Goodbye</Speak><Hangup/>
</Response>
`

const commentedFormatted = `<?xml version="1.0" encoding="UTF-8"?>
<!-- answer for the support line -->
<Response>
  <!-- put callers in the room -->
  <Conference beep="true" stayAlone="true">Support</Conference>
  <!-- after a kick -->
  <Speak>Goodbye</Speak>
  <Hangup/>
</Response>
`

func TestFmtKeepsComments(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "answer.xml")
	require.NoError(t, os.WriteFile(path, []byte(commented), 0o600))

	got := kickflow(t, "", nil, "fmt", "-w", path)
	require.Equal(t, 0, got.code, "stderr: %s", got.stderr)
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, commentedFormatted, string(data))
	info, err := os.Stat(path)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), info.Mode().Perm(), "fmt -w keeps the file's permissions")
	entries, err := os.ReadDir(filepath.Dir(path))
	require.NoError(t, err)
	assert.Len(t, entries, 1, "fmt -w leaves no temporary file")
}

func TestFmtOutput(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "answer.xml")
	require.NoError(t, os.WriteFile(path, []byte(commented), 0o644))

	t.Run("stdout", func(t *testing.T) {
		t.Parallel()
		got := kickflow(t, "", nil, "fmt", path)
		assert.Equal(t, 0, got.code)
		assert.Equal(t, commentedFormatted, got.stdout)
	})
	t.Run("stdin", func(t *testing.T) {
		t.Parallel()
		got := kickflow(t, commented, nil, "fmt")
		assert.Equal(t, 0, got.code)
		assert.Equal(t, commentedFormatted, got.stdout)
		dash := kickflow(t, commented, nil, "fmt", "-")
		assert.Equal(t, got, dash)
	})
	t.Run("diff", func(t *testing.T) {
		t.Parallel()
		got := kickflow(t, "", nil, "fmt", "-d", path)
		assert.Equal(t, 0, got.code, "stderr: %s", got.stderr)
		assert.Contains(t, got.stdout, "--- "+path+".orig\n+++ "+path+"\n")
		assert.Contains(t, got.stdout, "\n-<Conference stayAlone=\"true\" beep=\"true\">Support</Conference>  <!-- after a kick -->\n")
		assert.Contains(t, got.stdout, "\n+  <Conference beep=\"true\" stayAlone=\"true\">Support</Conference>\n")
		data, err := os.ReadFile(path)
		require.NoError(t, err)
		assert.Equal(t, commented, string(data), "-d alone leaves the file alone")
	})
}

func TestFmtRefuses(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		give       string
		wantStderr string
	}{
		{name: "comment in Speak", give: "<Response>\n  <Speak>Hello <!-- pause --> there</Speak>\n</Response>\n",
			wantStderr: "line 2, column 16: comment inside <Speak>"},
		{name: "comment in Play", give: "<Response><Play>https://a.example/a.mp3<!-- x --></Play></Response>",
			wantStderr: "comment inside <Play>"},
		{name: "processing instruction", give: "<Response><?app keep?><Hangup/></Response>",
			wantStderr: "processing instruction <?app?>"},
		{name: "invalid", give: "<Response><Wait length=\"-1\"/></Response>", wantStderr: "Response/Wait[1]@length"},
		{name: "not XML", give: "hello", wantStderr: "line 1, column 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			path := filepath.Join(t.TempDir(), "doc.xml")
			require.NoError(t, os.WriteFile(path, []byte(tt.give), 0o644))
			got := kickflow(t, "", nil, "fmt", "-w", path)
			assert.Equal(t, 2, got.code)
			assert.Contains(t, got.stderr, path)
			assert.Contains(t, got.stderr, tt.wantStderr)
			data, err := os.ReadFile(path)
			require.NoError(t, err)
			assert.Equal(t, tt.give, string(data), "a refused file is left alone")
		})
	}
	t.Run("others still formatted", func(t *testing.T) {
		t.Parallel()
		dir := t.TempDir()
		bad := filepath.Join(dir, "a.xml")
		good := filepath.Join(dir, "b.xml")
		require.NoError(t, os.WriteFile(bad, []byte("<Response><Speak>x<!-- y --></Speak></Response>"), 0o644))
		require.NoError(t, os.WriteFile(good, []byte("<Response><Hangup/></Response>"), 0o644))
		got := kickflow(t, "", nil, "fmt", "-w", dir)
		assert.Equal(t, 2, got.code)
		data, err := os.ReadFile(good)
		require.NoError(t, err)
		assert.Equal(t, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response>\n  <Hangup/>\n</Response>\n", string(data))
	})
	t.Run("usage", func(t *testing.T) {
		t.Parallel()
		for _, args := range [][]string{{"fmt", "-w", "-"}, {"fmt", "testdata/nosuch.xml"}, {"fmt", "https://a.example/"}} {
			got := kickflow(t, "<Response/>", nil, args...)
			assert.Equal(t, 2, got.code, "kickflow %q", args)
			assert.NotEmpty(t, got.stderr, "kickflow %q", args)
		}
	})
}
