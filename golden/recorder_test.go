package golden_test

import (
	"fmt"
	"runtime"
	"strings"
	"sync"
	"testing"
)

// recorder stands in for the test's testing.TB and keeps the failures an
// assertion reports instead of failing the test, so tests can check them.
// Everything else (Name, TempDir, Context, …) is the real test's.
type recorder struct {
	testing.TB

	mu     sync.Mutex
	failed bool
	msgs   []string
}

func (r *recorder) Helper() {}

func (r *recorder) Error(args ...any) { r.record(fmt.Sprint(args...)) }

func (r *recorder) Errorf(format string, args ...any) { r.record(fmt.Sprintf(format, args...)) }

func (r *recorder) Fatal(args ...any) {
	r.record(fmt.Sprint(args...))
	r.FailNow()
}

func (r *recorder) Fatalf(format string, args ...any) {
	r.record(fmt.Sprintf(format, args...))
	r.FailNow()
}

func (r *recorder) Fail() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.failed = true
}

// FailNow ends the goroutine that run started, as testing.T's does.
func (r *recorder) FailNow() {
	r.Fail()
	runtime.Goexit()
}

func (r *recorder) Failed() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.failed
}

func (r *recorder) record(msg string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.failed = true
	r.msgs = append(r.msgs, msg)
}

// output is every failure message, one after another.
func (r *recorder) output() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return strings.Join(r.msgs, "\n")
}

// record runs fn with a recorder for t in its own goroutine, so that a
// FailNow inside ends only fn, and returns the recorder and fn's result.
func record(t *testing.T, fn func(tb testing.TB) bool) (*recorder, bool) {
	t.Helper()
	r := &recorder{TB: t}
	var ok bool
	done := make(chan struct{})
	go func() {
		defer close(done)
		ok = fn(r)
	}()
	<-done
	return r, ok
}
