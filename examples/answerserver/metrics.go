package main

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/kickflow/kickflow/flow"
)

// metrics are what GET /metrics serves, in the Prometheus text format,
// from a registry of the server's own (no global state): the flow's
// counters, store errors, HTTP requests and their latency by route, and
// the Go runtime's and the process's collectors.
type metrics struct {
	registry    *prometheus.Registry
	requests    *prometheus.CounterVec
	duration    *prometheus.HistogramVec
	storeErrors *prometheus.CounterVec
}

func newMetrics() *metrics {
	m := &metrics{
		registry: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "answerserver_http_requests_total",
			Help: "HTTP requests answered, by route (the pattern that served them) and status code.",
		}, []string{"route", "code"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "answerserver_http_request_duration_seconds",
			Help:    "Time to answer an HTTP request, by route.",
			Buckets: prometheus.DefBuckets,
		}, []string{"route"}),
		storeErrors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "answerserver_store_errors_total",
			Help: "Calls of the flow's store that failed, by store operation.",
		}, []string{"op"}),
	}
	m.registry.MustRegister(m.requests, m.duration, m.storeErrors,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// handler serves the registry.
func (m *metrics) handler() http.Handler {
	return promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{})
}

// observe counts a request answered with status after d, on route.
func (m *metrics) observe(route string, status int, d time.Duration) {
	m.requests.WithLabelValues(route, strconv.Itoa(status)).Inc()
	m.duration.WithLabelValues(route).Observe(d.Seconds())
}

// routeOf names the route that served r, from the pattern the mux matched
// (set on r once it has served it): the flow's subtree is split into its
// two endpoints, and a request no pattern matched is "unmatched". The
// label's values are thus bounded by the routes registered.
func routeOf(r *http.Request) string {
	switch p := r.Pattern; {
	case p == "":
		return "unmatched"
	case p == vobizPrefix+"/":
		// The flow's endpoints, with or without the join token that
		// follows them in the path (/vobiz/events/TOKEN).
		rest := strings.TrimPrefix(r.URL.Path, vobizPrefix)
		for _, ep := range []string{flow.EventsPath, flow.ContinuePath} {
			if rest == ep || strings.HasPrefix(rest, ep+"/") && !strings.Contains(rest[len(ep)+1:], "/") {
				return vobizPrefix + ep
			}
		}
		return p
	default:
		return p
	}
}

// flowCollector exports a flow's Stats as counters, read at each scrape.
type flowCollector struct {
	f                                                              *flow.Flow
	kicks, continuations, defaults, callbacks, signatureRejections *prometheus.Desc
}

func newFlowCollector(f *flow.Flow) *flowCollector {
	return &flowCollector{
		f: f,
		kicks: prometheus.NewDesc("answerserver_kicks_total",
			"Kicks that reached the kick API, by outcome: done (the platform accepted), failed (definitely not done; "+
				"the continuation was removed) or unknown (the continuation was kept).", []string{"outcome"}, nil),
		continuations: prometheus.NewDesc("answerserver_continuations_served_total",
			"Stored continuations served to kicked callers, retried fetches within the grace window included.", nil, nil),
		defaults: prometheus.NewDesc("answerserver_default_continuations_total",
			"Continuation requests answered with the default document (a caller who left without a kick).", nil, nil),
		callbacks: prometheus.NewDesc("answerserver_callbacks_total",
			"Conference callbacks recorded in the registry, by action.", []string{"action"}, nil),
		signatureRejections: prometheus.NewDesc("answerserver_signature_rejections_total",
			"Callback and continuation requests rejected for their signature.", nil, nil),
	}
}

// Describe implements prometheus.Collector.
func (c *flowCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{c.kicks, c.continuations, c.defaults, c.callbacks, c.signatureRejections} {
		ch <- d
	}
}

// Collect implements prometheus.Collector.
func (c *flowCollector) Collect(ch chan<- prometheus.Metric) {
	st := c.f.Stats()
	counter := func(d *prometheus.Desc, v int64, labels ...string) {
		ch <- prometheus.MustNewConstMetric(d, prometheus.CounterValue, float64(v), labels...)
	}
	counter(c.kicks, st.Kicks, "done")
	counter(c.kicks, st.KicksFailed, "failed")
	counter(c.kicks, st.KicksUnknown, "unknown")
	counter(c.continuations, st.Continuations)
	counter(c.defaults, st.Defaults)
	counter(c.callbacks, st.Enters, "enter")
	counter(c.callbacks, st.Exits, "exit")
	counter(c.signatureRejections, st.SignatureFailures)
}

// storeFailed counts a failed call to the flow's store by the name of
// the method that failed; it is the flow's Hooks.StoreFailed.
func (m *metrics) storeFailed(op string, _ error) {
	m.storeErrors.WithLabelValues(op).Inc()
}
