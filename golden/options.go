package golden

import (
	"errors"
	"fmt"
	"net/http"
)

// DefaultFixtureDir is where golden files live unless [WithFixtureDir] says
// otherwise, relative to the package directory the test runs in. Each test
// gets its own folder below it, named after the test and subtest.
const DefaultFixtureDir = "testdata/golden"

// Option changes how an assertion compares or what it expects.
type Option func(*config) error

// config is the settings of one assertion.
type config struct {
	dir         string
	canonical   bool
	status      int
	contentType string
	update      *bool // nil: follow goldie's -update flag and GOLDIE_UPDATE
}

func newConfig(opts []Option) (*config, error) {
	c := &config{dir: DefaultFixtureDir, status: http.StatusOK}
	for i, opt := range opts {
		if opt == nil {
			return nil, fmt.Errorf("golden: option %d is nil", i+1)
		}
		if err := opt(c); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// WithFixtureDir keeps the golden files under dir instead of
// [DefaultFixtureDir]. Keep the folder for golden files only: goldie's
// -clean removes whole folders.
func WithFixtureDir(dir string) Option {
	return func(c *config) error {
		if dir == "" {
			return errors.New("golden: empty fixture directory")
		}
		c.dir = dir
		return nil
	}
}

// WithCanonical compares canonical forms (see [DiffCanonical]) instead of
// bytes, for XML that comes from elsewhere: attribute order, whitespace
// between elements, the empty-element form, quoting, escaping and the XML
// declaration are ignored. Golden files still hold the bytes as received.
// Without it the comparison is byte for byte.
func WithCanonical() Option {
	return func(c *config) error {
		c.canonical = true
		return nil
	}
}

// WithStatus sets the HTTP status [AssertHandler] expects; without it, 200.
func WithStatus(code int) Option {
	return func(c *config) error {
		if code < 100 || code > 999 {
			return fmt.Errorf("golden: status %d out of range", code)
		}
		c.status = code
		return nil
	}
}

// WithContentType makes [AssertHandler] expect exactly this Content-Type
// header. Without it, any header Vobiz accepts passes: media type
// application/xml or text/xml, with no charset or charset utf-8.
func WithContentType(contentType string) Option {
	return func(c *config) error {
		if contentType == "" {
			return errors.New("golden: empty content type")
		}
		c.contentType = contentType
		return nil
	}
}
