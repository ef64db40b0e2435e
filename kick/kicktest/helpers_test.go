package kicktest_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"testing"

	"github.com/kickflow/kickflow/kick/kicktest"
	"github.com/kickflow/kickflow/xml"
)

// testApp is a tiny app server: each path answers the document its
// function builds, and paths without a function (conference callbacks)
// answer 200 with no body. It records every webhook it receives.
type testApp struct {
	*httptest.Server
	mu       sync.Mutex
	docs     map[string]docFunc
	raw      map[string]func() string
	webhooks []*xml.Webhook
	headers  []http.Header
	paths    []string
}

type docFunc func(w *xml.Webhook) *xml.Response

func newApp(t testing.TB) *testApp {
	t.Helper()
	a := &testApp{docs: make(map[string]docFunc), raw: make(map[string]func() string)}
	a.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		wh, err := xml.ParseWebhook(r)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		a.mu.Lock()
		a.webhooks = append(a.webhooks, wh)
		a.headers = append(a.headers, r.Header.Clone())
		a.paths = append(a.paths, r.URL.Path)
		fn := a.docs[r.URL.Path]
		raw := a.raw[r.URL.Path]
		a.mu.Unlock()
		if raw != nil {
			w.Header().Set("Content-Type", "application/xml")
			writeBody(w, []byte(raw()))
			return
		}
		if fn == nil {
			return
		}
		out, err := fn(wh).Render()
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "application/xml; charset=utf-8")
		writeBody(w, out)
	}))
	t.Cleanup(a.Close)
	return a
}

// route makes path answer the documents fn builds.
func (a *testApp) route(path string, fn docFunc) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.docs[path] = fn
}

// writeBody writes an app's answer. A failed write means the platform
// gave up on the request, which the platform side of a test observes.
func writeBody(w http.ResponseWriter, b []byte) {
	if _, err := w.Write(b); err != nil {
		return
	}
}

// routeRaw makes path answer the XML text fn returns, unchecked.
func (a *testApp) routeRaw(path string, fn func() string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.raw[path] = fn
}

// events returns the webhooks received on path.
func (a *testApp) events(path string) []*xml.Webhook {
	a.mu.Lock()
	defer a.mu.Unlock()
	var out []*xml.Webhook
	for i, p := range a.paths {
		if p == path {
			out = append(out, a.webhooks[i])
		}
	}
	return out
}

// fixed returns a docFunc that always answers doc.
func fixed(doc *xml.Response) docFunc { return func(*xml.Webhook) *xml.Response { return doc } }

// newPlatform starts a kicktest server closed at the end of the test.
func newPlatform(t testing.TB, opts ...kicktest.Option) *kicktest.Server {
	t.Helper()
	srv := kicktest.NewServer(opts...)
	t.Cleanup(srv.Close)
	return srv
}

// form returns url.Values with the pairs given.
func form(kv ...string) url.Values {
	v := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Set(kv[i], kv[i+1])
	}
	return v
}
