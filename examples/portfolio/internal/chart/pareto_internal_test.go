package chart

import (
	"testing"

	"pgregory.net/rapid"
)

// TestParetoPoints checks the curve's vertices: every rank up to MaxPoints
// accounts, at most MaxPoints+2 beyond, always both ends and the marked
// rank, in strictly increasing share of accounts, on the curve.
func TestParetoPoints(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		m := rapid.OneOf(rapid.IntRange(1, MaxPoints+1), rapid.IntRange(MaxPoints+2, 20*MaxPoints)).Draw(t, "accounts")
		top := rapid.IntRange(0, m).Draw(t, "top")
		cum := make([]float64, m+1)
		for i := range cum {
			cum[i] = float64(i) // any increasing curve
		}
		xys := paretoPoints(cum, top)
		if m <= MaxPoints && len(xys) != m+1 || len(xys) > MaxPoints+2 {
			t.Fatalf("%d vertices for %d accounts", len(xys), m)
		}
		if xys[0].X != 0 || xys[len(xys)-1].X != 100 || xys[len(xys)-1].Y != float64(m) {
			t.Fatalf("ends %v and %v", xys[0], xys[len(xys)-1])
		}
		marked := false
		for i, p := range xys {
			if i > 0 && !(p.X > xys[i-1].X) {
				t.Fatalf("vertex %d at %v after %v", i, p.X, xys[i-1].X)
			}
			// On the curve: the rank of a vertex is its share of m.
			rank := p.Y
			if p.X != share(int(rank), m) {
				t.Fatalf("vertex %v is not on the curve", p)
			}
			marked = marked || p.X == share(top, m)
		}
		if !marked {
			t.Fatalf("rank %d of %d not among the vertices", top, m)
		}
	})
}
