package tiering_test

import (
	"errors"
	"math"
	"testing"

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
		for _, d := range []tiering.Direction{tiering.HigherIsBetter, tiering.LowerIsBetter} {
			err := tiering.ValidateBands(bands, d)
			if err != nil {
				if !errors.Is(err, tiering.ErrConfig) {
					t.Fatalf("error %v does not wrap ErrConfig", err)
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
