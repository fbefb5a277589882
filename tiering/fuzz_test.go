package tiering_test

import (
	"errors"
	"math"
	"testing"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/tiering"
)

// FuzzValidateBands builds band tables from fuzzed edges and checks that a
// table ValidateBands accepts puts every value between its ends in exactly
// one band.
func FuzzValidateBands(f *testing.F) {
	f.Add(0.0, 10.0, 20.0, 30.0, uint8(0b0010), 0.0, 0.5, 1.0)
	f.Add(math.Inf(-1), 0.0, 0.0, math.Inf(1), uint8(0b1000), 0.0, 0.3, 0.3)
	f.Add(1.0, 2.0, 2.0, 2.0, uint8(0), 0.1, 0.2, 0.3)
	f.Fuzz(func(t *testing.T, e0, e1, e2, e3 float64, open uint8, v0, v1, v2 float64) {
		edges := []float64{e0, e1, e2, e3}
		vals := []float64{v0, v1, v2}
		var bands []tiering.Band
		for i := range 3 {
			bands = append(bands, tiering.Band{Lo: edges[i], Hi: edges[i+1], LoOpen: open>>(2*i)&1 == 1, HiOpen: open>>(2*i+1)&1 == 1, Value: vals[i]})
		}
		for _, d := range []tiering.Direction{tiering.DirectionHigherIsBetter, tiering.DirectionLowerIsBetter} {
			err := tiering.ValidateBands(bands, d)
			if err != nil {
				if !errors.Is(err, tiering.ErrInvalid) {
					t.Fatalf("error %v does not wrap ErrInvalid", err)
				}
				continue
			}
			probes := []float64{e0, e1, e2, e3, (e0 + e1) / 2, (e1 + e2) / 2, (e2 + e3) / 2, math.Nextafter(e1, math.Inf(-1)), math.Nextafter(e1, math.Inf(1)), math.Nextafter(e2, math.Inf(1))}
			for _, x := range probes {
				if math.IsNaN(x) || x < e0 || x > e3 || (x == e0 && bands[0].LoOpen) || (x == e3 && bands[2].HiOpen) {
					continue
				}
				in := 0
				for _, b := range bands {
					if (x > b.Lo || (x == b.Lo && !b.LoOpen)) && (x < b.Hi || (x == b.Hi && !b.HiOpen)) {
						in++
					}
				}
				if in != 1 {
					t.Fatalf("valid bands %v put %v in %d bands", bands, x, in)
				}
			}
		}
	})
}

// FuzzScore scores a small portfolio whose raw values are any float64 the
// fuzzer finds, under every normalisation but Banded and every
// missing-value policy. Score either returns an error wrapping one of the
// package's sentinels, or totals in [0, 100] whose explanations' points add
// up to them exactly with normalised values in [0, 1]: extreme values
// (-1e308 beside 1e308, subnormals) must not turn into NaN.
func FuzzScore(f *testing.F) {
	f.Add(-1e308, 1e308, 0.0, 5.0, math.NaN(), uint8(0), uint8(0))
	f.Add(-1e308, 1e308, 0.0, 5.0, math.NaN(), uint8(0), uint8(2))
	f.Add(math.MaxFloat64, -math.MaxFloat64, math.SmallestNonzeroFloat64, 1.0, 2.0, uint8(2), uint8(1))
	f.Add(1.0, 2.0, 3.0, 4.0, 5.0, uint8(3), uint8(3))
	f.Add(1.0, 1.0, 1.0, math.Inf(1), 1.0, uint8(1), uint8(0))
	f.Fuzz(func(t *testing.T, v0, v1, v2, v3, v4 float64, norm, missing uint8) {
		raw := map[account.ID]float64{"a": v0, "b": v1, "c": v2, "d": v3, "e": v4}
		var accounts []account.Account
		for _, id := range []account.ID{"a", "b", "c", "d", "e"} {
			accounts = append(accounts, account.Account{ID: id})
		}
		// A NaN raw value stands for a missing one here.
		src := tiering.Func("fuzz", func(a account.Account) (float64, bool) {
			v := raw[a.ID]
			return v, !math.IsNaN(v)
		})
		norms := []tiering.Normalisation{tiering.NormalisationMinMax, tiering.NormalisationPercentileRank, tiering.NormalisationZScore, tiering.NormalisationLogMinMax}
		policies := []tiering.MissingPolicy{tiering.MissingFail, tiering.MissingWorst, tiering.MissingMedian, tiering.MissingDrop}
		card := tiering.Scorecard{Name: "fuzz", Measures: []tiering.Measure{
			{Name: "x", Weight: 3, Source: src, Normalisation: norms[int(norm)%len(norms)], Missing: policies[int(missing)%len(policies)]},
			{Name: "y", Weight: 1, Source: src, Normalisation: norms[int(norm+1)%len(norms)], Direction: tiering.DirectionLowerIsBetter, Missing: tiering.MissingWorst},
		}}
		scores, err := tiering.Score(accounts, card)
		if err != nil {
			for _, sentinel := range []error{tiering.ErrBadValue, tiering.ErrMissingValue} {
				if errors.Is(err, sentinel) {
					return
				}
			}
			t.Fatalf("Score: error %v wraps none of the expected sentinels", err)
		}
		for i := range scores.Len() {
			total := scores.Total(i)
			if total < 0 || total > tiering.MaxPoints {
				t.Fatalf("%s: total %v outside [0, 100]", scores.ID(i), total)
			}
			e := scores.Explain(i)
			var sum tiering.Points
			for _, l := range e.Lines {
				if !(l.Normalised >= 0 && l.Normalised <= 1) {
					t.Fatalf("%s: measure %s normalised to %v", scores.ID(i), l.Measure, l.Normalised)
				}
				sum += l.Points
			}
			if sum != total || e.Total != total {
				t.Fatalf("%s: points add up to %v, explanation total %v, total %v\n%v", scores.ID(i), sum, e.Total, total, e)
			}
			if v := raw[scores.ID(i)]; !math.IsNaN(v) && (e.Lines[0].Handling != tiering.HandlingPresent || e.Lines[0].Raw != v) {
				t.Fatalf("%s: raw value %v explained as %v %v", scores.ID(i), v, e.Lines[0].Handling, e.Lines[0].Raw)
			}
		}
		// Measure x is higher-is-better: a larger raw value never
		// normalises lower, and under MinMax the extremes map to 0 and 1.
		var lo, hi float64 = math.Inf(1), math.Inf(-1)
		for _, v := range raw {
			if !math.IsNaN(v) {
				lo, hi = min(lo, v), max(hi, v)
			}
		}
		for i := range scores.Len() {
			vi, ni := raw[scores.ID(i)], scores.Explain(i).Lines[0].Normalised
			if math.IsNaN(vi) {
				continue
			}
			for j := range scores.Len() {
				vj, nj := raw[scores.ID(j)], scores.Explain(j).Lines[0].Normalised
				if !math.IsNaN(vj) && vi < vj && ni > nj {
					t.Fatalf("x: raw %v normalised %v, above raw %v normalised %v", vi, ni, vj, nj)
				}
			}
			if card.Measures[0].Normalisation == tiering.NormalisationMinMax && lo < hi && ((vi == lo && ni != 0) || (vi == hi && ni != 1)) {
				t.Fatalf("x: min-max of %v over [%v, %v] is %v", vi, lo, hi, ni)
			}
		}
	})
}
