//go:build unix || windows

package platform

import (
	"testing"
	"time"
)

func TestCPUTimeGrowsWithWork(t *testing.T) {
	c0 := CPUTime()
	x := 0
	for start := time.Now(); time.Since(start) < 200*time.Millisecond; {
		for i := range 1_000_000 {
			x ^= i * i
		}
	}
	c1 := CPUTime()
	if c1-c0 < 20*time.Millisecond || c1-c0 > time.Minute {
		t.Fatalf("CPU time went from %s to %s over 200 ms of work (x=%d)", c0, c1, x)
	}
}
