package golden

import (
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sebdah/goldie/v2"

	vxml "github.com/kickflow/kickflow/xml"
)

// AssertResponse renders r and compares the bytes with the golden file
// <fixture dir>/<TestName>/<name>.xml. An invalid r fails the test with its
// validation errors and is never compared or written. In update mode (goldie's
// -update flag or GOLDIE_UPDATE=1) the rendered bytes are written to the golden
// file first. A failure is reported with t.Errorf, so the test goes on; the
// result reports whether the assertion passed.
func AssertResponse(t testing.TB, name string, r *vxml.Response, opts ...Option) bool {
	t.Helper()
	out, err := r.Render()
	if err != nil {
		t.Errorf("golden: %s: invalid document, not compared or written:\n%v", name, err)
		return false
	}
	return AssertXML(t, name, out, opts...)
}

// AssertXML compares data, exactly as sent on the wire, with the golden file
// <fixture dir>/<TestName>/<name>.xml: byte for byte, or canonically with
// [WithCanonical]. Data that is not one well-formed XML document fails the
// test and is never written. In update mode (goldie's -update flag or
// GOLDIE_UPDATE=1) data is written to the golden file first. On a mismatch
// the failure shows the report of [Diff] (or [DiffCanonical]). A failure is
// reported with t.Errorf; the result reports whether the assertion passed.
//
// name must be a plain file name without a suffix: no path separators, not
// starting with a dot.
func AssertXML(t testing.TB, name string, data []byte, opts ...Option) bool {
	t.Helper()
	c, err := newConfig(opts)
	if err != nil {
		t.Errorf("%v", err)
		return false
	}
	return c.assert(t, name, data)
}

// assert is AssertXML with its options applied.
func (c *config) assert(t testing.TB, name string, data []byte) bool {
	t.Helper()
	if err := checkName(name); err != nil {
		t.Errorf("%v", err)
		return false
	}
	if _, err := parse(data); err != nil {
		t.Errorf("golden: %s: %v; not compared or written", name, err)
		return false
	}
	g := goldie.New(t,
		goldie.WithFixtureDir(c.dir),
		goldie.WithNameSuffix(".xml"),
		goldie.WithTestNameForDir(true),
		goldie.WithSubTestNameForDir(true),
	)
	file := g.GoldenFileName(t, name)
	if c.updating() {
		if err := g.Update(t, name, data); err != nil {
			t.Errorf("golden: update %s: %v", file, err)
			return false
		}
	}
	want, err := os.ReadFile(file)
	if errors.Is(err, fs.ErrNotExist) {
		t.Errorf("golden: %s does not exist; create it with GOLDIE_UPDATE=1 go test", file)
		return false
	}
	if err != nil {
		t.Errorf("golden: %v", err)
		return false
	}
	diff := Diff
	if c.canonical {
		diff = DiffCanonical
	}
	report, err := diff(want, data)
	if err != nil {
		t.Errorf("golden: %s does not match: %v", file, err)
		return false
	}
	if report == "" {
		return true
	}
	t.Errorf("golden: %s does not match (GOLDIE_UPDATE=1 go test rewrites it if the change is meant):\n%s", file, report)
	return false
}

// checkName rejects names that would not make one file in the test's folder.
func checkName(name string) error {
	if name == "" || strings.HasPrefix(name, ".") || strings.ContainsAny(name, `/\`) || !filepath.IsLocal(name) {
		return fmt.Errorf("golden: bad golden file name %q: want a plain file name", name)
	}
	return nil
}

// updating reports whether golden files are to be rewritten: goldie's
// -update flag, whose default comes from GOLDIE_UPDATE.
func (c *config) updating() bool {
	if c.update != nil {
		return *c.update
	}
	if f := flag.Lookup("update"); f != nil {
		if g, ok := f.Value.(flag.Getter); ok {
			if on, ok := g.Get().(bool); ok {
				return on
			}
		}
	}
	switch strings.ToLower(os.Getenv("GOLDIE_UPDATE")) {
	case "1", "true", "t":
		return true
	}
	return false
}
