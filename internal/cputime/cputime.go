// Package cputime reads the CPU time the process has used, for benchmarks
// that report work done beside wall time, which is noisy on a shared
// machine.
//
// The package is internal: the module's benchmarks use it.
package cputime

import "time"

// Process returns the CPU time (user and system, on all threads) the
// process has used so far, and whether the platform reports it.
func Process() (time.Duration, bool) { return process() }
