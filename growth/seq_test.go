package growth_test

import "iter"

// listOf yields the records of xs with no error, as a store's list does.
func listOf[T any](xs []T) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		for _, x := range xs {
			if !yield(x, nil) {
				return
			}
		}
	}
}
