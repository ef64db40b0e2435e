package main

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kickflow/kickflow/golden"
	"github.com/kickflow/kickflow/kick/kicktest"
	vxml "github.com/kickflow/kickflow/xml"
)

func TestRun(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	require.NoError(t, run(&out))
	title, doc, ok := strings.Cut(out.String(), "\n")
	require.True(t, ok, "no document after the title: %q", out.String())
	assert.Equal(t, "answer URL https://app.example.com/voicemail:", title)
	golden.AssertXML(t, "voicemail", []byte(doc))
}

// TestCall records a message through kicktest: the caller talks for 12
// seconds and presses #, the document goes on with the goodbye, and the
// app's callbackUrl gets RecordStop with a file it can download.
func TestCall(t *testing.T) {
	t.Parallel()
	var (
		mu    sync.Mutex
		stops []url.Values
	)
	mux := http.NewServeMux()
	ts := httptest.NewUnstartedServer(mux)
	base := "http://" + ts.Listener.Addr().String()
	mux.Handle("POST "+answerPath, vxml.HandlerFunc(func(*http.Request) (*vxml.Response, error) { return voicemail(base), nil }))
	mux.HandleFunc("POST "+recordedPath, func(_ http.ResponseWriter, r *http.Request) {
		if err := r.ParseForm(); err != nil {
			return
		}
		mu.Lock()
		defer mu.Unlock()
		stops = append(stops, r.PostForm)
	})
	ts.Start()
	t.Cleanup(ts.Close)
	srv := kicktest.NewServer()
	t.Cleanup(srv.Close)

	call := srv.StartCall(kicktest.CallSpec{
		AnswerURL: base + answerPath,
		Input:     []kicktest.Input{kicktest.Talk{Length: 12 * time.Second, Key: "#"}},
	})
	cause, err := call.Wait(t.Context())
	require.NoError(t, err)
	assert.Equal(t, kicktest.CauseNormalHangup, cause)
	steps := call.Transcript().Steps()
	require.Len(t, steps, 5, "%v", call.Transcript())
	started, ok := steps[1].(kicktest.RecordStarted)
	require.True(t, ok)
	assert.True(t, started.Beep)
	rec, ok := steps[2].(kicktest.Recorded)
	require.True(t, ok)
	assert.Equal(t, 12*time.Second, rec.Duration)
	assert.Equal(t, kicktest.EndKey, rec.EndReason)
	assert.Equal(t, kicktest.Spoke{Text: "Thank you, your message has been saved. Goodbye."}, steps[3])

	require.NoError(t, srv.WaitCallbacks(t.Context()))
	mu.Lock()
	defer mu.Unlock()
	require.Len(t, stops, 1)
	assert.Equal(t, "RecordStop", stops[0].Get("Event"))
	assert.Equal(t, "12", stops[0].Get("RecordingDuration"))
	assert.Equal(t, "FinishedOnKey", stops[0].Get("RecordingEndReason"))

	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, stops[0].Get("RecordUrl"), nil)
	require.NoError(t, err)
	resp, err := srv.Client().Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, "audio/wav", resp.Header.Get("Content-Type"))
}
