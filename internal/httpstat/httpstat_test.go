package httpstat_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kickflow/kickflow/internal/httpstat"
)

func TestRecorderStatus(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		giveServe  func(w http.ResponseWriter)
		wantStatus int
		wantBody   string
		skipClient bool // httptest.ResponseRecorder keeps a 1xx code as the answer's
	}{
		{name: "nothing written", giveServe: func(http.ResponseWriter) {}, wantStatus: http.StatusOK},
		{name: "body only", giveServe: func(w http.ResponseWriter) { _, _ = io.WriteString(w, "ok") },
			wantStatus: http.StatusOK, wantBody: "ok"},
		{name: "status", giveServe: func(w http.ResponseWriter) { w.WriteHeader(http.StatusNotFound) },
			wantStatus: http.StatusNotFound},
		{name: "second status ignored", giveServe: func(w http.ResponseWriter) {
			w.WriteHeader(http.StatusServiceUnavailable)
			w.WriteHeader(http.StatusOK)
		}, wantStatus: http.StatusServiceUnavailable},
		{name: "status after body ignored", giveServe: func(w http.ResponseWriter) {
			_, _ = io.WriteString(w, "x")
			w.WriteHeader(http.StatusInternalServerError)
		}, wantStatus: http.StatusOK, wantBody: "x"},
		{name: "informational first", giveServe: func(w http.ResponseWriter) {
			w.WriteHeader(http.StatusEarlyHints)
			w.WriteHeader(http.StatusCreated)
		}, wantStatus: http.StatusCreated, skipClient: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rec := httptest.NewRecorder()
			r := &httpstat.Recorder{ResponseWriter: rec}
			tt.giveServe(r)
			assert.Equal(t, tt.wantStatus, r.Status())
			if !tt.skipClient {
				assert.Equal(t, tt.wantStatus, rec.Result().StatusCode, "what the client got")
			}
			assert.Equal(t, tt.wantBody, rec.Body.String())
		})
	}
}

// TestRecorderUnwrap checks that http.ResponseController reaches the
// real writer through a Recorder.
func TestRecorderUnwrap(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := &httpstat.Recorder{ResponseWriter: w}
		rc := http.NewResponseController(rec)
		if err := rc.SetWriteDeadline(time.Now().Add(time.Minute)); err != nil {
			http.Error(rec, err.Error(), http.StatusInternalServerError)
			return
		}
		_, _ = io.WriteString(rec, "a")
		if err := rc.Flush(); err != nil {
			http.Error(rec, err.Error(), http.StatusInternalServerError)
		}
	}))
	defer srv.Close()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, srv.URL, nil)
	require.NoError(t, err)
	resp, err := srv.Client().Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, "a", string(body))
}

func ExampleRecorder() {
	logged := func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			rec := &httpstat.Recorder{ResponseWriter: w}
			next.ServeHTTP(rec, r)
			fmt.Println(r.Method, r.URL.Path, rec.Status())
		})
	}
	h := logged(http.NotFoundHandler())
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/nothing", nil))
	// Output: GET /nothing 404
}
