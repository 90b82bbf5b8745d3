//go:build !unix && !windows

package platform

import "time"

// CPUTime is not measured on this platform (benchmarks show 0).
func CPUTime() time.Duration { return 0 }
