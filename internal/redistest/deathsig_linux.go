package redistest

import (
	"os/exec"
	"syscall"
)

// killWithParent makes cmd's process get SIGKILL when the test binary
// dies, even without running its cleanup.
func killWithParent(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}
