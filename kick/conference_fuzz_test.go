package kick

import (
	"testing"
)

func FuzzDecodeConference(f *testing.F) {
	f.Add([]byte(`{"conference_name":"R","conference_run_time":"590","conference_member_count":"1",` +
		`"members":[{"muted":false,"member_id":"17","deaf":"true","join_time":"12.5"}],"api_id":"a"}`))
	f.Add([]byte(`{"error":"failed","api_id":"a"}`))
	f.Add([]byte(`{"conference_name":"R","conference_run_time":1e300,"members":[null]}`))
	f.Add([]byte(`{"conference_name":"R","conference_run_time":"-5","conference_member_count":"x"}`))
	f.Add([]byte(``))
	f.Fuzz(func(t *testing.T, body []byte) {
		conf, ok := decodeConference(body)
		if ok != (conf != nil) {
			t.Fatalf("ok %v with conference %v", ok, conf)
		}
		if !ok {
			return
		}
		if conf.RunTime < 0 {
			t.Fatalf("negative run time %v", conf.RunTime)
		}
		for _, m := range conf.Members {
			if m.JoinedFor < 0 {
				t.Fatalf("negative join time %v", m.JoinedFor)
			}
		}
		if conf.Members == nil {
			t.Fatal("nil members in a decoded conference")
		}
	})
}
