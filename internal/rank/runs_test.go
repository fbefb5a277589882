package rank

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestRuns(t *testing.T) {
	tests := []struct {
		name string
		keys []string
		want [][2]int
	}{
		{"empty", nil, nil},
		{"one", []string{"a"}, [][2]int{{0, 1}}},
		{"all distinct", []string{"a", "b", "c"}, [][2]int{{0, 1}, {1, 2}, {2, 3}}},
		{"ties", []string{"a", "a", "b", "c", "c", "c"}, [][2]int{{0, 2}, {2, 3}, {3, 6}}},
		{"all equal", []string{"x", "x", "x"}, [][2]int{{0, 3}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got [][2]int
			for s, e := range Runs(len(tt.keys), func(i int) string { return tt.keys[i] }) {
				got = append(got, [2]int{s, e})
			}
			if diff := cmp.Diff(got, tt.want); diff != "" {
				t.Errorf("Runs (-got +want):\n%s", diff)
			}
		})
	}
}

// Runs stops when the loop body breaks.
func TestRunsStops(t *testing.T) {
	keys := []int{1, 1, 2, 3}
	n := 0
	for range Runs(len(keys), func(i int) int { return keys[i] }) {
		n++
		break
	}
	if n != 1 {
		t.Errorf("Runs yielded %d runs after break, want 1", n)
	}
}
