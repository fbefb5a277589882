//go:build !unix

package segmentation_test

func cpuTime() int64 { return 0 }
