// Package fixed formats integers that count hundredths (points of score,
// hundredths of a percent) as exact decimals with two places.
//
// The package is internal: it serves the module's domain packages.
package fixed

import "strconv"

// Hundredths returns v/100 with exactly two decimals, such as "73.45",
// "-0.05" or "0.00", for every int64 including math.MinInt64.
func Hundredths(v int64) string {
	return string(AppendHundredths(nil, v))
}

// AppendHundredths appends the form of [Hundredths] to b.
func AppendHundredths(b []byte, v int64) []byte {
	u := uint64(v)
	if v < 0 {
		b = append(b, '-')
		u = -u
	}
	b = strconv.AppendUint(b, u/100, 10)
	f := u % 100
	return append(b, '.', byte('0'+f/10), byte('0'+f%10))
}
