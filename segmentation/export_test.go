package segmentation

// SetParallelMin lowers the input size from which aggregation is split
// over goroutines, so that tests exercise the parallel paths on small
// inputs. It returns a function that restores the old value.
func SetParallelMin(n int) (restore func()) {
	old := parallelMin
	parallelMin = n
	return func() { parallelMin = old }
}
