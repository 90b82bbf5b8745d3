//go:build unix || windows

package platform

import (
	"runtime"
	"testing"
	"time"
)

// Busy work must show up as CPU time, and no more of it than the wall time
// on all cores allows. Work until 50 ms of CPU time are counted rather than
// for a fixed wall time: on a loaded machine 200 ms of wall time can be
// 20 ms of CPU.
func TestCPUTimeGrowsWithWork(t *testing.T) {
	c0, start := CPUTime(), time.Now()
	x := 0
	for CPUTime()-c0 < 50*time.Millisecond {
		if time.Since(start) > 30*time.Second {
			t.Fatalf("CPU time stayed at %s-%s over 30 s of busy work", c0, CPUTime())
		}
		for i := range 1_000_000 {
			x ^= i * i
		}
	}
	used, wall := CPUTime()-c0, time.Since(start)
	if limit := wall*time.Duration(runtime.NumCPU()) + 20*time.Millisecond; used > limit {
		t.Fatalf("%s of CPU time in %s of wall time on %d cores (x=%d)", used, wall, runtime.NumCPU(), x)
	}
}
