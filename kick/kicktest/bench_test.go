package kicktest_test

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kickflow/kickflow/kick"
	"github.com/kickflow/kickflow/kick/kicktest"
	"github.com/kickflow/kickflow/xml"
)

// BenchmarkCompleteCall measures complete simulated calls: the answer
// fetch, a Gather for a PIN (scripted keys), its action, the room, a kick
// through the kick client over loopback HTTP, the continuation fetched
// with a Redirect, and the hang-up. Calls run in parallel; calls/s is the
// rate over the whole run.
func BenchmarkCompleteCall(b *testing.B) {
	app := newApp(b)
	app.route("/answer", func(*xml.Webhook) *xml.Response {
		return xml.NewResponse().Gather(xml.GatherAttrs{Action: app.URL + "/pin", NumDigits: xml.Int(4)},
			func(g *xml.GatherBuilder) { g.Speak("PIN?") })
	})
	app.route("/pin", func(w *xml.Webhook) *xml.Response {
		return xml.NewResponse().
			Conference("Room-"+w.CallUUID, xml.ConferenceAttrs{StayAlone: xml.True}).
			Redirect(app.URL + "/continue")
	})
	app.route("/continue", fixed(xml.NewResponse().Speak("Goodbye").Hangup()))
	srv := kicktest.NewServer()
	b.Cleanup(srv.Close)
	kc, err := kick.New(srv.AuthID, srv.AuthToken, kick.WithBaseURL(srv.URL), kick.WithHTTPClient(srv.Client()))
	if err != nil {
		b.Fatal(err)
	}
	var seq atomic.Int64
	b.ResetTimer()
	start := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		ctx := context.Background()
		for pb.Next() {
			uuid := fmt.Sprintf("bench-%d", seq.Add(1))
			call := srv.StartCall(kicktest.CallSpec{AnswerURL: app.URL + "/answer", CallUUID: uuid,
				Input: []kicktest.Input{kicktest.Keys{Digits: "4321"}}})
			m, err := srv.WaitMember(ctx, "Room-"+uuid, uuid)
			if err != nil {
				b.Error(err)
				return
			}
			if _, err := kc.Kick(ctx, "Room-"+uuid, m.ID); err != nil {
				b.Error(err)
				return
			}
			if cause, err := call.Wait(ctx); err != nil || cause != kicktest.CauseNormalHangup {
				b.Errorf("call %s: %v %v", uuid, cause, err)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "calls/s")
}
