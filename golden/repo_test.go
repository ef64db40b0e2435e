package golden_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	vxml "github.com/kickflow/kickflow/xml"
)

// TestProjectGoldenFilesAreVobizXML re-reads every golden file of the module,
// in every package's testdata/golden, with xml.Parse: a golden file is what
// an app sends to Vobiz, so each must be a document Vobiz can run.
func TestProjectGoldenFilesAreVobizXML(t *testing.T) {
	t.Parallel()
	root := moduleRoot(t)
	n := 0
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if name := d.Name(); path != root && (strings.HasPrefix(name, ".") || name == "vendor") {
				return filepath.SkipDir
			}
			return nil
		}
		rel, err := filepath.Rel(root, path)
		if err != nil {
			return err
		}
		if !strings.Contains(filepath.ToSlash(rel), "/testdata/golden/") && !strings.HasPrefix(filepath.ToSlash(rel), "testdata/golden/") {
			return nil
		}
		n++
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		_, perr := vxml.Parse(data)
		assert.NoError(t, perr, "%s is not a valid Vobiz document", rel)
		return nil
	})
	require.NoError(t, err)
	assert.Positive(t, n, "no golden files found under %s", root)
}

// moduleRoot is the directory of the module's go.mod, above the test's
// working directory (the package directory).
func moduleRoot(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	require.NoError(t, err)
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		require.NotEqual(t, dir, parent, "no go.mod above the test's directory")
		dir = parent
	}
}
