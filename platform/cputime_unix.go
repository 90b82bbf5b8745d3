//go:build unix

package platform

import (
	"syscall"
	"time"
)

// CPUTime is the process's user+system CPU time. Benchmarks report it next
// to wall time because the shared build machine is often busy: CPU seconds
// say what the work costs, wall time what a user waited.
func CPUTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
