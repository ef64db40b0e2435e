package kicktest_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kickflow/kickflow/kick/kicktest"
	"github.com/kickflow/kickflow/xml"
)

func TestStep_String(t *testing.T) {
	t.Parallel()
	tests := []struct {
		give kicktest.Step
		want string
	}{
		{kicktest.Spoke{Text: `Say "hi"`}, `spoke "Say \"hi\""`},
		{kicktest.Spoke{Text: "Hi", Voice: xml.VoiceWoman}, `spoke "Hi" (WOMAN)`},
		{kicktest.Spoke{Text: "Hi", Language: "de-DE"}, `spoke "Hi" (de-DE)`},
		{kicktest.Played{URL: "https://a.example/x.mp3"}, "played https://a.example/x.mp3"},
		{kicktest.Waited{Length: 1500 * time.Millisecond}, "waited 1.5s"},
		{kicktest.SentDTMF{Digits: "1w2"}, "sent DTMF 1w2"},
		{kicktest.Redirected{URL: "https://a.example/n", Method: xml.MethodGet}, "redirected GET https://a.example/n"},
		{kicktest.Joined{Conference: "R", MemberID: "3"}, "joined R as member 3"},
		{kicktest.Left{Conference: "R", MemberID: "3", Reason: kicktest.ReasonAlone}, "left R as member 3 (alone)"},
		{kicktest.RoomFull{Conference: "R"}, "room R full"},
		{kicktest.Skipped{Element: "Dial"}, "skipped Dial"},
		{kicktest.Ended{Cause: kicktest.CauseInvalidAnswerXML}, "hung up: Invalid Answer XML (8011)"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tt.want, tt.give.String())
		})
	}
}

func TestCause_String(t *testing.T) {
	t.Parallel()
	tests := []struct {
		give kicktest.Cause
		want string
	}{
		{kicktest.CauseNormalHangup, "Normal Hangup (4000)"},
		{kicktest.CauseEndOfXML, "End Of XML Instructions (4010)"},
		{kicktest.CauseAnswerURLError, "Error Reaching Answer URL (7011)"},
		{kicktest.CauseRedirectURLError, "Error Reaching Redirect URL (7014)"},
		{kicktest.CauseInvalidRedirectURL, "Invalid Redirect URL (7024)"},
		{kicktest.CauseInvalidRedirectMethod, "Invalid Method For Redirect URL (7034)"},
		{kicktest.CauseInvalidAnswerXML, "Invalid Answer XML (8011)"},
		{kicktest.CauseInvalidRedirectXML, "Invalid Redirect XML (8014)"},
		{kicktest.Cause(1), "Cause(1)"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tt.want, tt.give.String())
		})
	}
}

func TestCall_getAnswerAndTrimmedText(t *testing.T) {
	t.Parallel()
	var appURL string
	appURL = rawApp(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/xml; charset=utf-8")
		if r.URL.Path == "/next" {
			writeBody(w, []byte("<Response>\n  <Conference stayAlone=\"true\">\n    Room\n  </Conference>\n</Response>\n"))
			return
		}
		writeBody(w, []byte(`<?xml version="1.0" encoding="UTF-8"?>`+"\n<Response>\n"+
			"  <Speak>Hello <break time=\"1s\"/>\n   <emphasis>world</emphasis></Speak>\n"+
			"  <Play>\n    https://cdn.example.com/a.mp3\n  </Play>\n"+
			"  <Redirect>\n    "+appURL+"/next\n  </Redirect>\n</Response>\n"))
	})
	srv := newPlatform(t)
	call := srv.StartCall(kicktest.CallSpec{AnswerURL: appURL + "/answer?x=1", AnswerMethod: xml.MethodGet, CallUUID: "a"})
	_, err := srv.WaitMember(t.Context(), "Room", "a")
	require.NoError(t, err)
	assert.Equal(t, []kicktest.Step{
		kicktest.Spoke{Text: "Hello world"},
		kicktest.Played{URL: "https://cdn.example.com/a.mp3"},
		kicktest.Redirected{URL: appURL + "/next", Method: xml.MethodPost},
		kicktest.Joined{Conference: "Room", MemberID: "1"},
	}, call.Transcript().Steps())
	ex := srv.Exchanges()
	require.Len(t, ex, 2)
	assert.Equal(t, http.MethodGet, ex[0].Method)
	assert.Contains(t, ex[0].URL, "/answer?x=1&")
	assert.Equal(t, "a", ex[0].Form.Get("CallUUID"))
	assert.Equal(t, http.MethodPost, ex[1].Method)
}
