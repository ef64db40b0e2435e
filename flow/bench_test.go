package flow_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kickflow/kickflow/flow"
	"github.com/kickflow/kickflow/kick/kicktest"
)

// BenchmarkKickCycle measures kick + continuation cycles against the
// kicktest REST fake on loopback with the memory store: a member joins
// (seeded in the fake and recorded in the registry), Flow.Kick stores a
// templated continuation and calls the kick API over HTTP, the exit is
// recorded, and a signed continue request is served through the handler.
// Sixteen goroutines per core run cycles, as concurrent webhooks would. It reports cycles/s.
func BenchmarkKickCycle(b *testing.B) {
	store := &flow.MemoryStore{}
	fx := newFixture(b, flow.WithStore(store))
	var seq atomic.Int64
	cont := flow.Continuation{Announce: "Goodbye {{.From}}, you have been removed from {{.Room}}."}
	b.SetParallelism(16)
	b.ReportAllocs()
	b.ResetTimer()
	start := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			n := seq.Add(1)
			call, room, id := fmt.Sprint("call-", n), fmt.Sprint("room-", n%64), fmt.Sprint(n)
			fx.srv.AddMember(room, kicktest.Member{ID: id, CallUUID: call})
			if err := store.Enter(b.Context(), flow.Member{CallUUID: call, Room: room, MemberID: id, From: "14155550100"}, time.Hour); err != nil {
				b.Fatal(err)
			}
			res, err := fx.flow.Kick(b.Context(), flow.Call(call), cont)
			if err != nil {
				b.Fatal(err)
			}
			// The platform's exit callback.
			if err := store.Exit(b.Context(), res.Members[0], time.Hour); err != nil {
				b.Fatal(err)
			}
			r := request(flow.ContinuePath, "", url.Values{"CallUUID": {call}})
			fx.sign(r, flow.ContinuePath)
			w := fx.serve(r)
			if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), "Goodbye") {
				b.Fatalf("continue: %d %s", w.Code, w.Body)
			}
		}
	})
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "cycles/s")
}
