//go:build !automation

package app

// startAutomation is the test-only automation hook of automation.go,
// absent from normal builds.
func startAutomation(*UI) {}
