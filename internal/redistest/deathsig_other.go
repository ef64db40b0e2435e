//go:build !linux

package redistest

import "os/exec"

// killWithParent does nothing outside Linux, which alone has a
// parent-death signal: there, a test binary that dies without running its
// cleanup leaves its servers running.
func killWithParent(*exec.Cmd) {}
