package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// constantDoc is what the bare baseline handler serves: a join document of
// the same shape and size as the app's.
const constantDoc = `<?xml version="1.0" encoding="UTF-8"?><Response><Conference callbackUrl="http://127.0.0.1:40000/vobiz/events?join=3f2a9c0d8e7b6a5f4c3d2e1f" stayAlone="true">room-0</Conference><Redirect method="POST">http://127.0.0.1:40000/vobiz/continue</Redirect></Response>`

// bareHandler is the baseline: net/http writing a constant document.
func bareHandler() http.Handler {
	body := []byte(constantDoc)
	return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/xml; charset=utf-8")
		if _, err := w.Write(body); err != nil {
			return // the client has gone; it sees a short body
		}
	})
}

// rate is the result of one throughput round.
type rate struct {
	Requests int64
	Errors   int64
	Elapsed  time.Duration
}

// perSecond returns the successful requests per second.
func (r rate) perSecond() float64 {
	if r.Elapsed <= 0 {
		return 0
	}
	return float64(r.Requests-r.Errors) / r.Elapsed.Seconds()
}

// hammer posts answer webhooks to target from conc goroutines for d, each
// with its own call UUID, and counts answers that are not 200 with a body.
func hammer(ctx context.Context, hc *http.Client, target string, conc int, d time.Duration, lat *histogram) rate {
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	var n, errs atomic.Int64
	var wg sync.WaitGroup
	start := time.Now()
	for g := range conc {
		wg.Go(func() {
			for i := 0; ctx.Err() == nil; i++ {
				form := url.Values{
					"CallUUID": {fmt.Sprintf("tp-%d-%d", g, i)}, "From": {"14155550100"},
					"To": {fmt.Sprint("room-", g)}, "Direction": {"inbound"},
					"CallStatus": {"ringing"}, "Event": {"StartApp"},
				}.Encode()
				t0 := time.Now()
				ok, counted := post(ctx, hc, target, form)
				if !counted {
					return // the round ended mid-request
				}
				lat.record(time.Since(t0))
				n.Add(1)
				if !ok {
					errs.Add(1)
				}
			}
		})
	}
	wg.Wait()
	return rate{Requests: n.Load(), Errors: errs.Load(), Elapsed: time.Since(start)}
}

// post sends one webhook and reports whether it got a 200 with a body, and
// whether the request counts (it does not when the round ended during it).
func post(ctx context.Context, hc *http.Client, target, form string) (ok, counted bool) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, target, strings.NewReader(form))
	if err != nil {
		return false, true
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := hc.Do(req)
	if err != nil {
		return false, ctx.Err() == nil
	}
	defer resp.Body.Close()
	n, err := io.Copy(io.Discard, resp.Body)
	if err != nil {
		return false, ctx.Err() == nil
	}
	return resp.StatusCode == http.StatusOK && n > 0, true
}

// comparison is the answer endpoint's throughput against the bare
// baseline, measured in alternating rounds of the same run.
type comparison struct {
	App, Bare []rate
	// Ratios holds app/bare of each pair of rounds; Median is their
	// median.
	Ratios []float64
	Median float64
	// AppLatency and BareLatency are client-side latencies over all rounds.
	AppLatency, BareLatency summary
}

// compare runs rounds pairs of throughput rounds, bare then app, each of
// length d with conc concurrent clients. The bare handler runs in this
// process, or in its own when the app does (sameProcess false), so that
// both sides pay the same.
func compare(ctx context.Context, appURL string, sameProcess bool, conc, rounds int, d time.Duration) (_ *comparison, err error) {
	start := startBare
	if sameProcess {
		start = func(context.Context) (string, func(context.Context) error, error) { return serve(bareHandler()) }
	}
	bareURL, stop, err := start(ctx)
	if err != nil {
		return nil, err
	}
	defer func() { err = errors.Join(err, stop(context.Background())) }()
	tr := &http.Transport{MaxIdleConns: conc * 2, MaxIdleConnsPerHost: conc, MaxConnsPerHost: conc}
	defer tr.CloseIdleConnections()
	hc := &http.Client{Transport: tr, Timeout: 10 * time.Second}
	var c comparison
	var appLat, bareLat histogram
	for range rounds {
		b := hammer(ctx, hc, bareURL+answerPath, conc, d, &bareLat)
		a := hammer(ctx, hc, appURL, conc, d, &appLat)
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("loadtest: throughput: %w", err)
		}
		c.Bare, c.App = append(c.Bare, b), append(c.App, a)
		if b.perSecond() > 0 {
			c.Ratios = append(c.Ratios, a.perSecond()/b.perSecond())
		}
	}
	c.Median = median(c.Ratios)
	c.AppLatency, c.BareLatency = appLat.summary(), bareLat.summary()
	return &c, nil
}

// median returns the median of xs, 0 if empty.
func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}
