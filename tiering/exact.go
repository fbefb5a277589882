package tiering

import (
	"math"
	"math/big"
)

// exactSum adds float64 values without rounding, in a fixed-point number
// wide enough for every finite float64 (units of 2^-1074, in 32-bit limbs
// held in int64s so that carries can wait). The sum, and the float64 it
// rounds to, therefore do not depend on the order of the additions: the
// mean and standard deviation of a portfolio are the same however its
// accounts are listed.
type exactSum struct {
	limbs   [68]int64
	pending int // additions since the carries were last propagated
}

const limbMask = 1<<32 - 1

// add adds x, which must be finite.
func (s *exactSum) add(x float64) {
	b := math.Float64bits(x)
	e := int(b >> 52 & 0x7ff)
	m := b & (1<<52 - 1)
	if e == 0 {
		e = 1 // subnormal: same scale as the smallest normal, no hidden bit
	} else {
		m |= 1 << 52
	}
	if m == 0 {
		return
	}
	o := uint(e - 1) // bit offset of m's lowest bit, in units of 2^-1074
	l, sh := o>>5, o&31
	p0 := int64(m << sh & limbMask)
	p1 := int64(m >> (32 - sh) & limbMask)
	p2 := int64(m >> (64 - sh))
	if b>>63 != 0 {
		p0, p1, p2 = -p0, -p1, -p2
	}
	s.limbs[l] += p0
	s.limbs[l+1] += p1
	s.limbs[l+2] += p2
	if s.pending++; s.pending == 1<<30 {
		s.carry()
	}
}

// carry propagates carries so that every limb but the last is in [0, 2^32).
func (s *exactSum) carry() {
	for i := range len(s.limbs) - 1 {
		c := s.limbs[i] >> 32
		s.limbs[i] -= c << 32
		s.limbs[i+1] += c
	}
	s.pending = 0
}

// merge adds the sum held by t into s.
func (s *exactSum) merge(t *exactSum) {
	s.carry()
	u := *t
	u.carry()
	for i := range s.limbs {
		s.limbs[i] += u.limbs[i]
	}
	s.pending = 1
	s.carry()
}

// quo returns the sum divided by n, rounded to a float64.
func (s *exactSum) quo(n int) float64 {
	f := s.big()
	f.Quo(f, new(big.Float).SetInt64(int64(n)))
	x, _ := f.Float64()
	return x
}

// float64 returns the sum rounded to the nearest float64 (ties to even).
func (s *exactSum) float64() float64 {
	x, _ := s.big().Float64()
	return x
}

// big returns the sum as a big.Float of at least 2200 bits of precision.
func (s *exactSum) big() *big.Float {
	s.carry()
	v := new(big.Int)
	var limb big.Int
	for i := len(s.limbs) - 1; i >= 0; i-- {
		v.Lsh(v, 32)
		v.Add(v, limb.SetInt64(s.limbs[i]))
	}
	f := new(big.Float).SetPrec(2200).SetInt(v)
	return f.SetMantExp(f, -1074)
}
