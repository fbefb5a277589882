package clv

import (
	"slices"
	"strconv"
	"sync"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/internal/fault"
)

// data is a fit's input factored for speed: the distinct repeat counts and
// the distinct times (t_x and T together), and per group the index of its
// x, t_x and T in them. A likelihood evaluates its per-x and per-time
// pieces once per distinct value, and only a few additions per group.
type data struct {
	unit       Unit
	xs         []float64 // distinct x, ascending
	ts         []float64 // distinct times in units, ascending
	gx, gl, ga []int32   // per group: index of x, t_x, T
	w          []float64 // per group: weight
	n          float64   // total weight
	sumX, sumT float64   // weighted sums of x and T, for starting points

	pairsOnce sync.Once
	pairs     *pairIndex // for the Pareto/NBD, built on first use
}

// prepare validates groups and factors them. Groups with the same counts
// are merged, and the groups are put in their canonical order, so that
// neither the input's order nor its grouping changes a fit.
func prepare(groups []Group) (*data, error) {
	var l fault.List
	for i, g := range groups {
		g.check(&l, "["+strconv.Itoa(i)+"].")
		if g.Unit != groups[0].Unit && unitNames.Valid(g.Unit) && unitNames.Valid(groups[0].Unit) {
			l.Add(&account.FieldError{Record: "Group", Field: "[" + strconv.Itoa(i) + "].Unit", Value: g.Unit, Reason: "differs from the first group's unit", Err: ErrInvalid})
		}
	}
	if err := l.Err(); err != nil {
		return nil, err
	}
	gs := slices.Clone(groups)
	slices.SortFunc(gs, compareGroups)
	merged := gs[:0]
	var total int64
	for _, g := range gs {
		total += g.Weight
		if total > MaxWeight {
			return nil, &account.FieldError{Record: "Group", Field: "Weight", Reason: "the groups' total weight must be at most 2^40", Err: ErrInvalid}
		}
		if n := len(merged); n > 0 && compareGroups(merged[n-1], g) == 0 {
			merged[n-1].Weight += g.Weight
			continue
		}
		merged = append(merged, g)
	}
	if total < MinAccounts {
		return nil, &account.FieldError{Record: "Group", Field: "Weight", Value: total, Reason: "a fit needs at least 10 accounts", Err: ErrTooFew}
	}
	d := &data{unit: gs[0].Unit, n: float64(total)}
	unit := float64(d.unit.Duration())
	xs := make([]int, 0, len(merged))
	ts := make([]int64, 0, 2*len(merged))
	for _, g := range merged {
		xs = append(xs, g.Repeats)
		ts = append(ts, int64(g.Last), int64(g.Age))
	}
	slices.Sort(xs)
	xs = slices.Compact(xs)
	slices.Sort(ts)
	ts = slices.Compact(ts)
	for _, x := range xs {
		d.xs = append(d.xs, float64(x))
	}
	for _, t := range ts {
		d.ts = append(d.ts, float64(t)/unit)
	}
	d.gx = make([]int32, len(merged))
	d.gl = make([]int32, len(merged))
	d.ga = make([]int32, len(merged))
	d.w = make([]float64, len(merged))
	for i, g := range merged {
		ix, _ := slices.BinarySearch(xs, g.Repeats)
		il, _ := slices.BinarySearch(ts, int64(g.Last))
		ia, _ := slices.BinarySearch(ts, int64(g.Age))
		d.gx[i], d.gl[i], d.ga[i] = int32(ix), int32(il), int32(ia)
		d.w[i] = float64(g.Weight)
		d.sumX += d.w[i] * float64(g.Repeats)
		d.sumT += d.w[i] * d.ts[ia]
	}
	return d, nil
}

// result fills the counts of a FitResult.
func (d *data) result(r *FitResult) {
	r.Groups = len(d.w)
	r.Accounts = int64(d.n)
}
