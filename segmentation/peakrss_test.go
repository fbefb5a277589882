package segmentation_test

import (
	"bytes"
	"os"
	"strconv"
)

// resetPeakRSS resets the process's peak resident set size (Linux) and
// returns the current resident size in bytes.
func resetPeakRSS() (int64, bool) {
	if err := os.WriteFile("/proc/self/clear_refs", []byte("5"), 0); err != nil {
		return 0, false
	}
	return procStatus("VmRSS:"), true
}

// peakRSS returns the peak resident set size since the last reset, in bytes.
func peakRSS() int64 { return procStatus("VmHWM:") }

func procStatus(key string) int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range bytes.Split(b, []byte("\n")) {
		if v, ok := bytes.CutPrefix(line, []byte(key)); ok {
			f := bytes.Fields(v)
			if len(f) > 0 {
				kb, _ := strconv.ParseInt(string(f[0]), 10, 64)
				return kb << 10
			}
		}
	}
	return 0
}
