package tiering

import (
	"github.com/keyaccount/keyaccount/internal/fixed"

	"github.com/shopspring/decimal"
)

// Points is an amount of score in hundredths of a point: 7345 Points is
// 73.45 points. A total runs from 0 to [MaxPoints] (100 points), and the
// points of an explanation's lines are Points too, so that they add up to
// the total exactly, in integers.
//
// Write constants with [Point]: 80*tiering.Point is 80 points. The zero
// Points is no score.
type Points int32

// Point is one point of score: 100 Points.
const Point Points = 100

// MaxPoints is the highest total: 100 points.
const MaxPoints = 100 * Point

// String returns p in points with two decimals, such as "73.45" or "-0.05".
func (p Points) String() string { return fixed.Hundredths(int64(p)) }

// Decimal returns p in points as an exact decimal: 7345 Points is 73.45.
func (p Points) Decimal() decimal.Decimal { return decimal.New(int64(p), -2) }
