package kick_test

import (
	"crypto/rand"
	"testing"

	"github.com/kickflow/kickflow/kick/kicktest"
)

// BenchmarkClient_Kick measures kick round trips against kicktest on
// loopback, one member seeded and kicked per iteration.
func BenchmarkClient_Kick(b *testing.B) {
	c, srv, _ := setup(b)
	m := kicktest.Member{ID: "10", CallUUID: "call-a"}
	b.ReportAllocs()
	for b.Loop() {
		srv.AddMember("MyConf", m)
		srv.ClearRequests()
		if _, err := c.Kick(b.Context(), "MyConf", "10"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkClient_Kick_parallel is BenchmarkClient_Kick from several
// goroutines, each kicking its own member.
func BenchmarkClient_Kick_parallel(b *testing.B) {
	c, srv, _ := setup(b)
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		room := "room-" + b.Name() + "-" + rand.Text()
		m := kicktest.Member{ID: "10", CallUUID: "call-" + room}
		for pb.Next() {
			srv.AddMember(room, m)
			srv.ClearRequests()
			if _, err := c.Kick(b.Context(), room, "10"); err != nil {
				b.Error(err)
				return
			}
		}
	})
}
