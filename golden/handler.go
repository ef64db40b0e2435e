package golden

import (
	"errors"
	"mime"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	vxml "github.com/kickflow/kickflow/xml"
)

// AssertHandler sends the webhook w to h, as Vobiz would, and checks the
// answer: the status (200 unless [WithStatus]), the Content-Type as net/http
// would send it (one Vobiz accepts, or exactly the one given with
// [WithContentType]) and the body,
// which is compared with the golden file as by [AssertXML]. A response with
// the wrong status or Content-Type fails the test and is never written to a
// golden file. The body must also be a document Vobiz can run: it is read
// back with [vxml.Parse] in lenient mode (unknown attributes are allowed,
// unknown elements and invalid values are not), because a document that
// does not parse drops the live call. A failure is reported with t.Errorf;
// the result reports whether the assertion passed.
func AssertHandler(t testing.TB, name string, h http.Handler, w Webhook, opts ...Option) bool {
	t.Helper()
	c, err := newConfig(opts)
	if err != nil {
		t.Errorf("%v", err)
		return false
	}
	req, err := w.NewRequest(t.Context())
	if err != nil {
		t.Errorf("%v", err)
		return false
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	res := rec.Result()
	body := rec.Body.Bytes()
	ok := true
	if res.StatusCode != c.status {
		t.Errorf("golden: %s: %s %s answered status %d, want %d; body %s",
			name, req.Method, req.URL, res.StatusCode, c.status, excerpt(body, 0))
		ok = false
	}
	if ct := contentType(res.Header, body); !c.contentTypeOK(ct) {
		want := c.contentType
		if want == "" {
			want = "application/xml or text/xml, charset utf-8"
		}
		t.Errorf("golden: %s: %s %s answered Content-Type %q, want %s", name, req.Method, req.URL, ct, want)
		ok = false
	}
	if ok && len(body) > 0 {
		if _, err := vxml.Parse(body, vxml.Lenient()); err != nil && !errors.Is(err, vxml.ErrSyntax) {
			// Syntax errors are left to c.assert, which reports them the
			// same way for every kind of assertion.
			t.Errorf("golden: %s: %s %s answered a document Vobiz cannot run:\n%v", name, req.Method, req.URL, err)
			ok = false
		}
	}
	if !ok {
		return false
	}
	return c.assert(t, name, body)
}

// contentType is the Content-Type net/http sends with body: the handler's,
// or when the handler set none (not even an empty one) and wrote something,
// the sniffed one. ResponseRecorder sniffs only when Write comes before
// WriteHeader; a server always does.
func contentType(h http.Header, body []byte) string {
	if v, ok := h["Content-Type"]; ok || len(body) == 0 {
		if len(v) == 0 {
			return ""
		}
		return v[0]
	}
	return http.DetectContentType(body)
}

// contentTypeOK reports whether ct is the expected Content-Type.
func (c *config) contentTypeOK(ct string) bool {
	if c.contentType != "" {
		return ct == c.contentType
	}
	media, params, err := mime.ParseMediaType(ct)
	if err != nil || (media != "application/xml" && media != "text/xml") {
		return false
	}
	charset, ok := params["charset"]
	return !ok || strings.EqualFold(charset, "utf-8")
}
