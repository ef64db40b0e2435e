package redisstore_test

import (
	"context"
	"log"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/kickflow/kickflow/flow"
	"github.com/kickflow/kickflow/kick"
	"github.com/kickflow/kickflow/kick/kicktest"
	vxml "github.com/kickflow/kickflow/xml"
)

// deployment is an app run as several instances behind a round-robin
// reverse proxy, each with its own Flow and store, and the fake platform
// calling the proxy. Every request to the proxy goes to the next instance,
// so a call's answer, callbacks and continue requests alternate between
// instances.
type deployment struct {
	t     *testing.T
	ctx   context.Context
	srv   *kicktest.Server
	kick  *kick.Client
	proxy *httptest.Server
	flows []*flow.Flow
	hits  []atomic.Int64 // requests each instance served
}

// newDeployment starts len(stores) instances, the i-th on stores[i].
func newDeployment(t *testing.T, stores []flow.Store, opts ...flow.Option) *deployment {
	t.Helper()
	d := &deployment{t: t, srv: kicktest.NewServer(), hits: make([]atomic.Int64, len(stores))}
	t.Cleanup(d.srv.Close)
	kc, err := kick.New(d.srv.AuthID, d.srv.AuthToken, kick.WithBaseURL(d.srv.URL), kick.WithHTTPClient(d.srv.Client()))
	require.NoError(t, err)
	d.kick = kc

	var backends []*url.URL
	var next atomic.Int64
	d.proxy = httptest.NewServer(&httputil.ReverseProxy{Rewrite: func(r *httputil.ProxyRequest) {
		r.SetURL(backends[int(next.Add(1))%len(backends)])
	}})
	t.Cleanup(d.proxy.Close)

	for i, store := range stores {
		f, err := flow.New(kc, d.proxy.URL+"/vobiz",
			append([]flow.Option{flow.WithAuthToken(d.srv.AuthToken), flow.WithStore(store)}, opts...)...)
		require.NoError(t, err)
		d.flows = append(d.flows, f)
		mux := http.NewServeMux()
		mux.Handle("/vobiz/", f)
		mux.HandleFunc("/answer", func(w http.ResponseWriter, r *http.Request) {
			wh, err := vxml.ParseWebhook(r)
			if err != nil {
				http.Error(w, "bad request", http.StatusBadRequest)
				return
			}
			resp, err := f.Join(wh.To)
			if err != nil {
				http.Error(w, err.Error(), http.StatusInternalServerError)
				return
			}
			w.Header().Set("Content-Type", "application/xml; charset=utf-8")
			if _, err := resp.WriteTo(w); err != nil {
				log.Print(err)
			}
		})
		app := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			d.hits[i].Add(1)
			mux.ServeHTTP(w, r)
		}))
		t.Cleanup(app.Close)
		u, err := url.Parse(app.URL)
		require.NoError(t, err)
		backends = append(backends, u)
	}
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	t.Cleanup(cancel)
	d.ctx = ctx
	return d
}

// start calls the app from from, into room, and waits until the registry
// (read through instance i) has the call in the room.
func (d *deployment) start(i int, call, room, from string) *kicktest.Call {
	d.t.Helper()
	c := d.srv.StartCall(kicktest.CallSpec{AnswerURL: d.proxy.URL + "/answer", CallUUID: call, To: room, From: from})
	require.NoError(d.t, d.srv.WaitUntil(d.ctx, func() bool {
		m, ok, err := d.flows[i].Member(d.ctx, call)
		return err == nil && ok && m.Room == room
	}), "call %s in room %s", call, room)
	return c
}

// spoken returns what the call heard.
func spoken(c *kicktest.Call) []string {
	var texts []string
	for _, s := range c.Transcript().Steps() {
		if sp, ok := s.(kicktest.Spoke); ok {
			texts = append(texts, sp.Text)
		}
	}
	return texts
}
