package flow_test

import (
	"context"
	"fmt"
	"runtime"
	"testing"
	"time"

	"github.com/kickflow/kickflow/flow"
	"github.com/kickflow/kickflow/kick/kicktest"
)

// roomSizes are the room sizes the scaling benchmarks step through.
var roomSizes = []int{1, 10, 100, 1000}

// scaleMember returns the registry record of member i of room in its
// join number join, with the fields an enter callback fills in, each
// string its own allocation as if parsed from a callback.
func scaleMember(room string, i, join int) flow.Member {
	return flow.Member{
		CallUUID: fmt.Sprintf("%08x-5f1e-4c7a-9b3d-%012x", i, i), Room: room,
		MemberID: fmt.Sprint(i + 1), From: fmt.Sprintf("1415%07d", i), To: fmt.Sprint("1415555", 199),
		CallerName: fmt.Sprint("Caller ", i), JoinedAt: time.Now(), Join: fmt.Sprintf("j%08x%08x", join, i),
	}
}

// BenchmarkKickRoom measures kicking a whole room of 1 to 1,000 members
// with a templated continuation, against the kicktest REST fake on
// loopback with the memory store: the registry lookup, rendering and
// storing one continuation per member, and the kick API call. Refilling
// the room and taking the continuations between kicks is not timed. It
// reports ns per kicked member beside ns per kick.
func BenchmarkKickRoom(b *testing.B) {
	for _, n := range roomSizes {
		b.Run(fmt.Sprint("members=", n), func(b *testing.B) {
			store := &flow.MemoryStore{}
			fx := newFixture(b, flow.WithStore(store))
			ctx := b.Context()
			cont := flow.Continuation{Announce: "Goodbye {{.From}}, you have been removed from {{.Room}}."}
			members := make([]flow.Member, n)
			b.ReportAllocs()
			join := 0
			for b.Loop() {
				b.StopTimer()
				// A new join each time: the registry ignores a
				// re-enter of a join whose exit it has seen.
				join++
				for i := range members {
					members[i] = scaleMember("big-room", i, join)
				}
				fill(ctx, b, fx.srv, store, members)
				b.StartTimer()
				res, err := fx.flow.Kick(ctx, flow.Room("big-room"), cont)
				if err != nil {
					b.Fatal(err)
				}
				b.StopTimer()
				if len(res.Members) != n {
					b.Fatalf("kicked %d members, want %d", len(res.Members), n)
				}
				drain(ctx, b, store, members)
				b.StartTimer()
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/member")
		})
	}
}

// fill puts the members into the fake platform's room and the registry.
func fill(ctx context.Context, b *testing.B, srv *kicktest.Server, store flow.Store, members []flow.Member) {
	for _, m := range members {
		srv.AddMember(m.Room, kicktest.Member{ID: m.MemberID, CallUUID: m.CallUUID})
		if err := store.Enter(ctx, m, time.Hour); err != nil {
			b.Fatal(err)
		}
	}
}

// drain records the members' exits and takes their continuations, as
// the kicked calls would.
func drain(ctx context.Context, b *testing.B, store flow.Store, members []flow.Member) {
	for _, m := range members {
		if err := store.Exit(ctx, m, time.Hour); err != nil {
			b.Fatal(err)
		}
		if _, ok, err := store.TakeContinuation(ctx, m.CallUUID, 0); err != nil || !ok {
			b.Fatalf("continuation of %s: %v %v", m.CallUUID, ok, err)
		}
	}
}

// heapInUse returns the live heap after two collections (the second frees
// what sync.Pools set aside in the first).
func heapInUse() uint64 {
	runtime.GC()
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc
}

// BenchmarkRegistry measures recording the members of a room of 1 to
// 1,000 members in a fresh memory store, and reports the registry's heap
// per member (a room of that size, measured once) and the cost of listing
// the room, which every room kick does.
func BenchmarkRegistry(b *testing.B) {
	for _, n := range roomSizes {
		b.Run(fmt.Sprint("members=", n), func(b *testing.B) {
			ctx := b.Context()
			before := heapInUse()
			kept := &flow.MemoryStore{}
			for i := range n {
				if err := kept.Enter(ctx, scaleMember("big-room", i, 0), time.Hour); err != nil {
					b.Fatal(err)
				}
			}
			perMember := float64(heapInUse()-before) / float64(n)

			members := make([]flow.Member, n)
			for i := range members {
				members[i] = scaleMember("big-room", i, 0)
			}
			b.ReportAllocs()
			var list time.Duration
			for b.Loop() {
				s := &flow.MemoryStore{}
				for _, m := range members {
					if err := s.Enter(ctx, m, time.Hour); err != nil {
						b.Fatal(err)
					}
				}
				start := time.Now()
				got, err := s.Members(ctx, "big-room")
				list += time.Since(start)
				if err != nil || len(got) != n {
					b.Fatalf("members: %d, %v", len(got), err)
				}
			}
			runtime.KeepAlive(kept)
			b.ReportMetric(perMember, "B/member")
			b.ReportMetric(float64(list.Nanoseconds())/float64(b.N), "ns/list")
		})
	}
}

// BenchmarkPendingContinuations measures a continue request's
// TakeContinuation and a kick's PutContinuation with 1,000 to 100,000
// continuations pending in the memory store, and reports the heap per
// pending continuation (a rendered document of 140 bytes: an announcement
// and a hangup).
func BenchmarkPendingContinuations(b *testing.B) {
	doc := []byte(`<?xml version="1.0" encoding="UTF-8"?><Response><Speak>Goodbye 14155550100, you have been removed from big-room.</Speak><Hangup/></Response>`)
	for _, n := range []int{1000, 10_000, 100_000} {
		b.Run(fmt.Sprint("pending=", n), func(b *testing.B) {
			ctx := b.Context()
			before := heapInUse()
			s := &flow.MemoryStore{}
			for i := range n {
				// Each put has its own call UUID and document, as each
				// kick renders its own.
				c := fmt.Sprintf("%08x-5f1e-4c7a-9b3d-%012x", i, i)
				if err := s.PutContinuation(ctx, c, append([]byte(nil), doc...), time.Hour); err != nil {
					b.Fatal(err)
				}
			}
			perEntry := float64(heapInUse()-before) / float64(n)

			calls := make([]string, n)
			for i := range calls {
				calls[i] = fmt.Sprintf("%08x-5f1e-4c7a-9b3d-%012x", i, i)
			}
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				c := calls[i%n]
				i++
				if _, ok, err := s.TakeContinuation(ctx, c, 0); err != nil || !ok {
					b.Fatalf("take %s: %v %v", c, ok, err)
				}
				if err := s.PutContinuation(ctx, c, doc, time.Hour); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(perEntry, "B/entry")
		})
	}
}
