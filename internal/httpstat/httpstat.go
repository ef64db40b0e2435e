// Package httpstat records what an HTTP handler answered, for the request
// logs and measurements of the example programs.
package httpstat

import "net/http"

// Recorder is an [http.ResponseWriter] that passes everything on to the
// writer it wraps and remembers the status code of the answer. Make one
// as &Recorder{ResponseWriter: w}. Like the writer it wraps, it is not
// safe for concurrent use.
type Recorder struct {
	http.ResponseWriter
	status int
}

// WriteHeader passes code on and remembers it, unless it is an
// informational (1xx) code, which precedes the real answer, or a status
// has been written already.
func (r *Recorder) WriteHeader(code int) {
	if r.status == 0 && code >= 200 {
		r.status = code
	}
	r.ResponseWriter.WriteHeader(code)
}

// Write passes p on; without an earlier WriteHeader, net/http answers
// 200, and so does [Recorder.Status].
func (r *Recorder) Write(p []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	return r.ResponseWriter.Write(p)
}

// Status returns the status code answered: 200 when the handler wrote
// nothing at all, since net/http then answers 200 too.
func (r *Recorder) Status() int {
	if r.status == 0 {
		return http.StatusOK
	}
	return r.status
}

// Unwrap returns the wrapped writer, so that [http.ResponseController]
// reaches its Flush, deadlines and the rest.
func (r *Recorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }
