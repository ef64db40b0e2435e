package redisstore_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kickflow/kickflow/flow"
	"github.com/kickflow/kickflow/kick"
	"github.com/kickflow/kickflow/kick/kicktest"
)

// BenchmarkKickCycle measures kick + continuation cycles per second, with
// the memory store and with this store on the test server, in one run: a
// member joins (seeded in the kicktest REST fake and recorded in the
// store), Flow.Kick looks it up, stores a templated continuation and calls
// the kick API over loopback HTTP, the exit is recorded, and a signed
// continue request is served through the handler. Sixteen goroutines per
// core run cycles, as concurrent webhooks would. Against Redis a cycle
// makes five round trips: Enter, Member, PutContinuation, Exit and
// TakeContinuation.
func BenchmarkKickCycle(b *testing.B) {
	b.Run("store=memory", func(b *testing.B) { benchKickCycle(b, &flow.MemoryStore{}) })
	b.Run("store=redis", func(b *testing.B) { benchKickCycle(b, newStore(b)) })
}

func benchKickCycle(b *testing.B, store flow.Store) {
	const base, token = "https://app.example.com/vobiz", "bench-auth-token"
	srv := kicktest.NewServer()
	b.Cleanup(srv.Close)
	kc, err := kick.New(srv.AuthID, srv.AuthToken, kick.WithBaseURL(srv.URL), kick.WithHTTPClient(srv.Client()))
	if err != nil {
		b.Fatal(err)
	}
	f, err := flow.New(kc, base, flow.WithAuthToken(token), flow.WithStore(store))
	if err != nil {
		b.Fatal(err)
	}
	ctx := b.Context()
	var seq, nonce atomic.Int64
	cont := flow.Continuation{Announce: "Goodbye {{.From}}, you have been removed from {{.Room}}."}
	b.SetParallelism(16)
	b.ReportAllocs()
	b.ResetTimer()
	start := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			n := seq.Add(1)
			call, room, id := fmt.Sprint("call-", n), fmt.Sprint("room-", n%64), fmt.Sprint(n)
			srv.AddMember(room, kicktest.Member{ID: id, CallUUID: call})
			if err := store.Enter(ctx, flow.Member{CallUUID: call, Room: room, MemberID: id, From: "14155550100"}, time.Hour); err != nil {
				b.Fatal(err)
			}
			res, err := f.Kick(ctx, flow.Call(call), cont)
			if err != nil {
				b.Fatal(err)
			}
			// The platform's exit callback.
			if err := store.Exit(ctx, res.Members[0], time.Hour); err != nil {
				b.Fatal(err)
			}
			r := httptest.NewRequest(http.MethodPost, base+flow.ContinuePath, strings.NewReader(url.Values{"CallUUID": {call}}.Encode()))
			r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			nc := fmt.Sprintf("%020d", nonce.Add(1))
			r.Header.Set(flow.HeaderSignatureV3, kicktest.Sign(token, base+flow.ContinuePath, nc, true))
			r.Header.Set(flow.HeaderSignatureV3Nonce, nc)
			w := httptest.NewRecorder()
			f.ServeHTTP(w, r)
			if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), "Goodbye") {
				b.Fatalf("continue: %d %s", w.Code, w.Body)
			}
		}
	})
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "cycles/s")
}
