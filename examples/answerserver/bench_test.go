package main

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/require"

	vxml "github.com/kickflow/kickflow/xml"
)

// BenchmarkAnswer compares the answer URL under load on loopback (many
// connections, request logs written as text) with a bare net/http
// handler writing a constant document of the same shape.
func BenchmarkAnswer(b *testing.B) {
	b.Run("bare", func(b *testing.B) {
		doc, err := vxml.NewResponse().
			Conference("lobby", vxml.ConferenceAttrs{CallbackURL: "http://127.0.0.1:8080/vobiz/events?join=ABCDEFGHIJKLMNOP", StayAlone: vxml.True}).
			Redirect("http://127.0.0.1:8080/vobiz/continue").Render()
		require.NoError(b, err)
		benchServe(b, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if err := r.ParseForm(); err != nil {
				http.Error(w, "bad request", http.StatusBadRequest)
				return
			}
			w.Header().Set("Content-Type", vxml.MediaType)
			if _, err := w.Write(doc); err != nil {
				b.Error(err)
			}
		}))
	})
	b.Run("answerserver", func(b *testing.B) {
		h, err := newServer(config{publicURL: "http://127.0.0.1:8080", authID: "MA_TEST", authToken: "auth-token",
			apiURL: "http://127.0.0.1:1", moderatorToken: testToken,
			logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
		require.NoError(b, err)
		benchServe(b, h)
	})
}

func benchServe(b *testing.B, h http.Handler) {
	ts := httptest.NewServer(h)
	defer ts.Close()
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConnsPerHost = 256
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr}
	const form = "CallUUID=5c8f1a2e-0000-4000-8000-000000000001&From=%2B14155550100&To=%2B14155550199&Direction=inbound&CallStatus=ringing&Event=StartApp"
	var failed atomic.Int64
	b.SetParallelism(16)
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			resp, err := client.Post(ts.URL+"/answer?room=lobby", "application/x-www-form-urlencoded", strings.NewReader(form))
			if err != nil {
				failed.Add(1)
				continue
			}
			if _, err := io.Copy(io.Discard, resp.Body); err != nil || resp.StatusCode != http.StatusOK {
				failed.Add(1)
			}
			if err := resp.Body.Close(); err != nil {
				failed.Add(1)
			}
		}
	})
	b.StopTimer()
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "req/s")
	if n := failed.Load(); n > 0 {
		b.Errorf("%d failed requests", n)
	}
}
