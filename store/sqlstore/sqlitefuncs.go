package sqlstore

import (
	"database/sql/driver"
	"fmt"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/keyaccount/keyaccount/internal/civil"
	"github.com/keyaccount/keyaccount/segmentation"
	"github.com/shopspring/decimal"
	"modernc.org/sqlite"
)

// SQLite has neither an exact decimal type nor time zones, so the package
// registers two functions, written in Go, with the driver (for every
// SQLite connection of the program, when the package is initialised):
//
//	ka_decimal_sum(x)       an aggregate: the exact sum of the decimal texts x,
//	                        as text in plain notation (NULL if some x is not
//	                        a decimal as the store writes them: ErrCorrupt)
//	ka_period(at, f, zone)  the number of the day or period (of
//	                        segmentation.FrequencyBasis f) holding the instant
//	                        at (Unix microseconds) in the location zone names
//
// zone is a key that holdLocation gives a *time.Location for the time of
// one statement, so that any location, even one with no IANA name, is
// exact.
func init() {
	sqlite.MustRegisterFunction("ka_decimal_sum", &sqlite.FunctionImpl{
		NArgs:         1,
		Deterministic: true,
		MakeAggregate: func(sqlite.FunctionContext) (sqlite.AggregateFunction, error) { return &decimalSum{}, nil },
	})
	sqlite.MustRegisterDeterministicScalarFunction("ka_period", 3, period)
}

// decimalSum is one evaluation of ka_decimal_sum. Amounts with the same
// number of decimal places whose sum fits an int64 are added as integers;
// the rest as decimals.
type decimalSum struct {
	units  int64 // the sum so far of the amounts at scale, as integers
	scale  int   // their number of decimal places; -1 before the first
	exact  decimal.Decimal
	n      int
	broken bool // some input was not a decimal
}

// Step implements sqlite.AggregateFunction.
func (s *decimalSum) Step(_ *sqlite.FunctionContext, args []driver.Value) error {
	if s.broken || args[0] == nil { // NULL adds nothing, as in sum
		return nil
	}
	text, ok := args[0].(string)
	if !ok {
		s.broken = true
		return nil
	}
	if s.n == 0 {
		s.scale = -1
	}
	s.n++
	if u, scale, ok := unitsOf(text); ok && (s.scale < 0 || scale == s.scale) {
		if sum := s.units + u; (u >= 0) == (sum >= s.units) { // no overflow
			s.units, s.scale = sum, scale
			return nil
		}
	}
	d, err := parseDecimal(text)
	if err != nil {
		s.broken = true
		return nil
	}
	s.exact = s.exact.Add(d)
	return nil
}

// unitsOf reads a plain decimal text of at most 18 digits as an integer
// count of its last place, and the number of places.
func unitsOf(text string) (units int64, scale int, ok bool) {
	body, neg := text, false
	if len(body) > 0 && body[0] == '-' {
		body, neg = body[1:], true
	}
	if len(body) == 0 || len(body) > 19 {
		return 0, 0, false
	}
	scale = -1
	digits := 0
	for i := 0; i < len(body); i++ {
		c := body[i]
		switch {
		case c >= '0' && c <= '9':
			units = units*10 + int64(c-'0')
			digits++
		case c == '.' && scale < 0 && digits > 0 && i+1 < len(body):
			scale = len(body) - i - 1
		default:
			return 0, 0, false
		}
	}
	if digits > 18 {
		return 0, 0, false
	}
	if scale < 0 {
		scale = 0
	}
	if neg {
		units = -units
	}
	return units, scale, true
}

// WindowInverse implements sqlite.AggregateFunction; ka_decimal_sum is
// not a window function.
func (s *decimalSum) WindowInverse(*sqlite.FunctionContext, []driver.Value) error {
	return fmt.Errorf("ka_decimal_sum is not a window function")
}

// WindowValue implements sqlite.AggregateFunction: the sum's text, NULL
// for no rows or a broken input.
func (s *decimalSum) WindowValue(*sqlite.FunctionContext) (driver.Value, error) {
	if s.broken || s.n == 0 {
		return nil, nil
	}
	total := s.exact
	if s.scale >= 0 {
		total = total.Add(decimal.New(s.units, int32(-s.scale)))
	}
	return decimalText(total), nil
}

// Final implements sqlite.AggregateFunction.
func (s *decimalSum) Final(*sqlite.FunctionContext) {}

// locations holds the locations of the statements running ka_period, by
// key.
var (
	locations   sync.Map // string -> *time.Location
	locationKey atomic.Int64
)

// holdLocation gives loc (UTC for nil) a new key, stored in *key, for
// ka_period; release forgets it.
func holdLocation(loc *time.Location, key *string) (release func()) {
	if loc == nil {
		loc = time.UTC
	}
	k := "loc" + strconv.FormatInt(locationKey.Add(1), 10)
	locations.Store(k, loc)
	*key = k
	return func() { locations.Delete(k) }
}

// period implements ka_period(at, f, zone).
func period(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
	us, ok1 := args[0].(int64)
	f, ok2 := args[1].(int64)
	key, ok3 := args[2].(string)
	if !ok1 || !ok2 || !ok3 {
		return nil, fmt.Errorf("ka_period(%T, %T, %T): want an integer, an integer and a text", args[0], args[1], args[2])
	}
	v, ok := locations.Load(key)
	if !ok {
		return nil, fmt.Errorf("ka_period: no location %q", key)
	}
	y, m, d := time.UnixMicro(us).In(v.(*time.Location)).Date()
	day := civil.Days(y, int(m), d)
	switch segmentation.FrequencyBasis(f) {
	case segmentation.FrequencyDistinctDays:
		return day, nil
	case segmentation.FrequencyDistinctWeeks:
		return civil.FloorDiv(day+3, 7), nil // 1970-01-01 was a Thursday; weeks start on Monday
	case segmentation.FrequencyDistinctMonths:
		return int64(y)*12 + int64(m-1), nil
	case segmentation.FrequencyDistinctQuarters:
		return int64(y)*4 + int64(m-1)/3, nil
	case segmentation.FrequencyDistinctYears:
		return int64(y), nil
	}
	return nil, fmt.Errorf("ka_period: frequency basis %d has no periods", f)
}
