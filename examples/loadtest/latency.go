package main

import (
	"math/bits"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/kickflow/kickflow/flow"
	"github.com/kickflow/kickflow/internal/httpstat"
)

// subBuckets is how many buckets split each power of two of a histogram:
// a recorded duration is known to within 1/32 (about 3 %).
const subBuckets = 32

// histogram counts durations in log-linear buckets, so that its memory does
// not grow with the number of samples (a soak records millions). It is safe
// for concurrent use.
type histogram struct {
	mu     sync.Mutex
	counts [64 * subBuckets]int64
	n      int64
	max    time.Duration
	sum    time.Duration
}

// bucket returns the index of the bucket d falls into.
func bucket(d time.Duration) int {
	v := uint64(max(d, 0))
	if v < subBuckets {
		return int(v)
	}
	exp := bits.Len64(v) - 6 // keep the top six bits: 32 sub-buckets
	return (exp+1)*subBuckets + int(v>>uint(exp)) - subBuckets
}

// lower returns the smallest duration that falls into bucket i.
func lower(i int) time.Duration {
	if i < subBuckets {
		return time.Duration(i)
	}
	exp := i/subBuckets - 1
	sub := i%subBuckets + subBuckets
	return time.Duration(uint64(sub) << uint(exp))
}

// record adds one sample.
func (h *histogram) record(d time.Duration) {
	i := bucket(d)
	h.mu.Lock()
	h.counts[i]++
	h.n++
	h.sum += d
	h.max = max(h.max, d)
	h.mu.Unlock()
}

// summary is what a histogram reports.
type summary struct {
	N             int64
	P50, P99, Max time.Duration
	Mean          time.Duration
}

// quantile returns the lower bound of the bucket holding the q-quantile.
func (h *histogram) quantile(q float64) time.Duration {
	rank := int64(q*float64(h.n-1)) + 1
	var seen int64
	for i, c := range h.counts {
		seen += c
		if seen >= rank {
			return min(lower(i), h.max)
		}
	}
	return h.max
}

// summary returns the count, median, 99th percentile, maximum and mean.
func (h *histogram) summary() summary {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.n == 0 {
		return summary{}
	}
	return summary{
		N: h.n, P50: h.quantile(0.50), P99: h.quantile(0.99), Max: h.max,
		Mean: h.sum / time.Duration(h.n),
	}
}

// The endpoints whose latency is measured: the app's three, measured where
// the app serves them, and the kick API as the app calls it.
const (
	epAnswer   = "answer"
	epEvents   = "events"
	epContinue = "continue"
	epKick     = "kick"
)

// endpoints are the measured endpoints in report order.
var endpoints = []string{epAnswer, epEvents, epContinue, epKick}

// meter keeps a histogram and a count of server errors per endpoint.
type meter struct {
	hist   map[string]*histogram
	mu     sync.Mutex
	errors map[string]int64
}

// newMeter returns a meter with an empty histogram per endpoint.
func newMeter() *meter {
	m := &meter{hist: map[string]*histogram{}, errors: map[string]int64{}}
	for _, ep := range endpoints {
		m.hist[ep] = &histogram{}
	}
	return m
}

// fail counts a failed request to the endpoint.
func (m *meter) fail(ep string) {
	m.mu.Lock()
	m.errors[ep]++
	m.mu.Unlock()
}

// failures returns the failures counted for the endpoint.
func (m *meter) failures(ep string) int64 {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.errors[ep]
}

// endpointOf names the app endpoint a request path belongs to, or "".
func endpointOf(path string) string {
	switch {
	case strings.HasSuffix(path, flow.EventsPath):
		return epEvents
	case strings.HasSuffix(path, flow.ContinuePath):
		return epContinue
	case strings.HasSuffix(path, answerPath):
		return epAnswer
	}
	return ""
}

// measure wraps an app handler: it times every request to a known endpoint
// and counts answers of 500 and above as failures.
func (m *meter) measure(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ep := endpointOf(r.URL.Path)
		if ep == "" {
			next.ServeHTTP(w, r)
			return
		}
		sw := &httpstat.Recorder{ResponseWriter: w}
		start := time.Now()
		next.ServeHTTP(sw, r)
		m.hist[ep].record(time.Since(start))
		if sw.Status() >= http.StatusInternalServerError {
			m.fail(ep)
		}
	})
}
