package main

import (
	"context"
	"errors"
	"net/http"
	"regexp"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kickflow/kickflow/flow"
)

// scrape reads /metrics with the moderator token and returns the value of
// every sample, by its name and labels as written (name{labels}).
func scrape(t *testing.T, a *app) map[string]float64 {
	t.Helper()
	status, body := a.do(http.MethodGet, "/metrics", "", testToken)
	require.Equal(t, http.StatusOK, status, "body %s", body)
	samples := map[string]float64{}
	line := regexp.MustCompile(`(?m)^([a-z_]+(?:\{(?:[^"}]|"[^"]*")*\})?) (\S+)$`)
	for _, m := range line.FindAllStringSubmatch(string(body), -1) {
		v, err := strconv.ParseFloat(m[2], 64)
		require.NoError(t, err, m[0])
		samples[m[1]] = v
	}
	return samples
}

// TestMetricsAfterKick kicks one caller and scrapes /metrics: the flow's
// counters and the HTTP counts by route moved.
func TestMetricsAfterKick(t *testing.T) {
	t.Parallel()
	a := newApp(t, config{moderatorToken: testToken})
	before := scrape(t, a)
	assert.Zero(t, before[`answerserver_kicks_total{outcome="done"}`])

	ca := a.call("call-a", "lobby", "+14155550101")
	a.call("call-b", "lobby", "+14155550102")
	var res kickResponse
	require.Equal(t, http.StatusOK, a.kick("lobby", `{"call_uuid":"call-a","announce":"Bye."}`, &res))
	_, heard := a.heard(ca)
	require.Equal(t, []string{"Bye."}, heard)
	require.NoError(t, a.srv.WaitCallbacks(a.ctx))

	got := scrape(t, a)
	for sample, want := range map[string]float64{
		`answerserver_kicks_total{outcome="done"}`:                                          1,
		`answerserver_kicks_total{outcome="failed"}`:                                        0,
		`answerserver_kicks_total{outcome="unknown"}`:                                       0,
		`answerserver_continuations_served_total`:                                           1,
		`answerserver_default_continuations_total`:                                          0,
		`answerserver_callbacks_total{action="enter"}`:                                      2,
		`answerserver_callbacks_total{action="exit"}`:                                       1,
		`answerserver_signature_rejections_total`:                                           0,
		`answerserver_http_requests_total{code="200",route="POST /rooms/{room}/kick"}`:      1,
		`answerserver_http_requests_total{code="200",route="POST /answer"}`:                 2,
		`answerserver_http_requests_total{code="200",route="/vobiz/continue"}`:              1,
		`answerserver_http_request_duration_seconds_count{route="POST /rooms/{room}/kick"}`: 1,
	} {
		assert.Equal(t, want, got[sample], sample)
	}
	assert.Positive(t, got[`answerserver_http_requests_total{code="204",route="/vobiz/events"}`]+
		got[`answerserver_http_requests_total{code="200",route="/vobiz/events"}`], "callbacks counted")
	assert.Positive(t, got[`go_goroutines`])
}

// TestMetricsProtected: /metrics takes the moderator token.
func TestMetricsProtected(t *testing.T) {
	t.Parallel()
	a := newApp(t, config{moderatorToken: testToken})
	status, body := a.do(http.MethodGet, "/metrics", "", "")
	assert.Equal(t, http.StatusUnauthorized, status, "body %s", body)
	status, _ = a.do(http.MethodGet, "/metrics", "", "wrong-token-0123456789")
	assert.Equal(t, http.StatusUnauthorized, status)
}

// failingStore fails every Members call.
type failingStore struct{ flow.MemoryStore }

func (*failingStore) Members(context.Context, string) ([]flow.Member, error) {
	return nil, errors.New("store down")
}

// TestMetricsStoreErrors counts the store's failures by operation.
func TestMetricsStoreErrors(t *testing.T) {
	t.Parallel()
	a := newApp(t, config{moderatorToken: testToken, store: &failingStore{}})
	for range 2 {
		status, body := a.do(http.MethodGet, "/rooms/lobby/members", "", testToken)
		require.Equal(t, http.StatusInternalServerError, status, "body %s", body)
	}
	got := scrape(t, a)
	assert.Equal(t, 2.0, got[`answerserver_store_errors_total{op="Members"}`])
	assert.Equal(t, 2.0, got[`answerserver_http_requests_total{code="500",route="GET /rooms/{room}/members"}`])
}

// TestRouteOf bounds the route label to the registered patterns.
func TestRouteOf(t *testing.T) {
	t.Parallel()
	tests := []struct {
		givePattern, givePath, want string
	}{
		{givePattern: "", givePath: "/anything", want: "unmatched"},
		{givePattern: "GET /rooms/{room}/members", givePath: "/rooms/x/members", want: "GET /rooms/{room}/members"},
		{givePattern: "/vobiz/", givePath: "/vobiz/events", want: "/vobiz/events"},
		{givePattern: "/vobiz/", givePath: "/vobiz/continue", want: "/vobiz/continue"},
		{givePattern: "/vobiz/", givePath: "/vobiz/events/j1", want: "/vobiz/events"},
		{givePattern: "/vobiz/", givePath: "/vobiz/continue/j1", want: "/vobiz/continue"},
		{givePattern: "/vobiz/", givePath: "/vobiz/eventsx", want: "/vobiz/"},
		{givePattern: "/vobiz/", givePath: "/vobiz/events/j1/more", want: "/vobiz/"},
		{givePattern: "/vobiz/", givePath: "/vobiz/x/y/z", want: "/vobiz/"},
	}
	for _, tt := range tests {
		t.Run(tt.givePath, func(t *testing.T) {
			t.Parallel()
			r, err := http.NewRequestWithContext(t.Context(), http.MethodGet, "http://localhost"+tt.givePath, nil)
			require.NoError(t, err)
			r.Pattern = tt.givePattern
			assert.Equal(t, tt.want, routeOf(r))
		})
	}
}
