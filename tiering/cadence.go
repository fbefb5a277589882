package tiering

import (
	"strconv"
	"time"

	"github.com/keyaccount/keyaccount/account"
)

// A Cadence is a calendar interval: whole months, then whole days, such as
// the 90 days or 3 months between two reviews of an account. Unlike a
// [time.Duration] it counts on the calendar of a time zone, so 3 months
// from 15 January is 15 April whatever the length of the months between,
// and a day is a calendar day, 23 or 25 hours long across a change of
// daylight saving time.
//
// A month is added first, with the day clamped to the end of a shorter
// month: 30 November plus 3 months is 28 February (29 in a leap year), not
// 2 March; 31 January plus 1 month is 28 or 29 February. The days are then
// counted from that date. See [Cadence.AddTo].
//
// The zero Cadence is no interval: in a [ServiceModel] it means the tier
// has no scheduled reviews. Its text form is "90d", "3m" or "1m15d" (see
// [Cadence.String] and [ParseCadence]), so it reads and writes in JSON and
// other text configurations as a string.
type Cadence struct {
	Months int // whole months, from 0 to MaxCadenceMonths
	Days   int // whole days after the months, from 0 to MaxCadenceDays
}

// The bounds of a valid [Cadence]: ten years either way. Both fields are at
// least 0.
const (
	MaxCadenceMonths = 120
	MaxCadenceDays   = 3660
)

// Days returns the cadence of n days: Cadence{Days: n}.
func Days(n int) Cadence { return Cadence{Days: n} }

// Months returns the cadence of n months: Cadence{Months: n}.
func Months(n int) Cadence { return Cadence{Months: n} }

// IsZero reports whether c is the zero Cadence, no interval at all.
func (c Cadence) IsZero() bool { return c == Cadence{} }

// Validate reports whether c is a valid cadence: an
// [*account.FieldError] with Record "Cadence" and Field "Months" or
// "Days" wrapping [ErrInvalid] for a negative field or one above its
// maximum ([MaxCadenceMonths], [MaxCadenceDays]); the first such problem
// only. The zero Cadence is valid: where a cadence is required, the
// caller reports it as missing.
func (c Cadence) Validate() error {
	var f fieldErrors
	c.validate(where{record: "Cadence"}, &f)
	if f.list.Len() == 0 {
		return nil
	}
	return f.list.Err()
}

// validate adds to f the problems of c, located by w.
func (c Cadence) validate(w where, f *fieldErrors) {
	if c.Months < 0 || c.Months > MaxCadenceMonths {
		f.add(w, "Months", c.Months, "must be from 0 to "+strconv.Itoa(MaxCadenceMonths))
	}
	if c.Days < 0 || c.Days > MaxCadenceDays {
		f.add(w, "Days", c.Days, "must be from 0 to "+strconv.Itoa(MaxCadenceDays))
	}
}

// AddTo returns t plus c on the calendar of t's location: the same wall
// clock time, c.Months later with the day clamped to the end of the month
// (31 January plus 1 month is 28 or 29 February), then c.Days later. The
// result is in t's location. A wall clock time that does not exist on the
// day reached (it falls in the hour skipped when daylight saving time
// starts) is normalised as [time.Date] does; one that exists twice is the
// first.
//
// To add a cadence to a date with no time of day, pass midnight UTC of the
// date and read the date of the result. AddTo works for any c, valid or
// not: a negative field counts backwards.
func (c Cadence) AddTo(t time.Time) time.Time {
	y, m, d := t.Date()
	hh, mm, ss := t.Clock()
	y, m, d = c.addDate(y, m, d)
	return time.Date(y, m, d, hh, mm, ss, t.Nanosecond(), t.Location())
}

// addDate returns y-m-d plus c: the months with clamping, then the days.
// The month and day may fall outside their ranges (month 14, day 40):
// time.Date and daysIn normalise them, so no division is needed.
func (c Cadence) addDate(y int, m time.Month, d int) (int, time.Month, int) {
	m += time.Month(c.Months)
	return y, m, min(d, daysIn(y, m)) + c.Days
}

// Times returns c repeated n times: Cadence{c.Months * n, c.Days * n}.
// Counting the k-th occurrence from one anchor, as AddTo(c.Times(k)),
// keeps an anchor at the end of a month: 31 January plus 2 × 1 month is
// 31 March, where stepping month by month gives 28 March.
func (c Cadence) Times(n int) Cadence { return Cadence{Months: c.Months * n, Days: c.Days * n} }

func daysIn(y int, m time.Month) int {
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// String returns c in its text form: the months with "m", then the days
// with "d", omitting a zero part: "90d", "3m", "1m15d"; the zero Cadence is
// "0d". A negative field is written with its sign ("-3m"), though
// [ParseCadence] rejects it.
func (c Cadence) String() string {
	switch {
	case c.IsZero():
		return "0d"
	case c.Months == 0:
		return strconv.Itoa(c.Days) + "d"
	case c.Days == 0:
		return strconv.Itoa(c.Months) + "m"
	}
	return strconv.Itoa(c.Months) + "m" + strconv.Itoa(c.Days) + "d"
}

// MarshalText implements [encoding.TextMarshaler] with the form of
// [Cadence.String].
func (c Cadence) MarshalText() ([]byte, error) { return []byte(c.String()), nil }

// UnmarshalText implements [encoding.TextUnmarshaler] with [ParseCadence].
func (c *Cadence) UnmarshalText(b []byte) error {
	v, err := ParseCadence(string(b))
	if err != nil {
		return err
	}
	*c = v
	return nil
}

// ParseCadence parses a cadence in the form of [Cadence.String]: a number
// of months followed by "m", a number of days followed by "d", or both in
// that order ("1m15d"); "0d" and "0m" are the zero Cadence. The numbers are
// decimal digits, with no sign or space, within the bounds of
// [Cadence.Validate]. Anything else is an [*account.FieldError] with
// Record "Cadence" wrapping [ErrInvalid].
func ParseCadence(s string) (Cadence, error) {
	var c Cadence
	rest := s
	n, unit, rest, ok := cadencePart(rest)
	if ok && unit == 'm' {
		c.Months = n
		if rest != "" {
			n, unit, rest, ok = cadencePart(rest)
			ok = ok && unit == 'd'
		} else {
			unit = 0
		}
	}
	if ok && unit == 'd' {
		c.Days = n
	}
	if !ok || rest != "" {
		return Cadence{}, &account.FieldError{Record: "Cadence", Value: s, Reason: `is not a cadence such as "90d", "3m" or "1m15d"`, Err: ErrInvalid}
	}
	if err := c.Validate(); err != nil {
		return Cadence{}, err
	}
	return c, nil
}

// cadencePart reads digits and a unit letter ('m' or 'd') from the start
// of s. A number too long to be valid is not ok, so it cannot overflow.
func cadencePart(s string) (n int, unit byte, rest string, ok bool) {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		if i == 6 {
			return 0, 0, s, false
		}
		n = n*10 + int(s[i]-'0')
		i++
	}
	if i == 0 || i == len(s) || (s[i] != 'm' && s[i] != 'd') {
		return 0, 0, s, false
	}
	return n, s[i], s[i+1:], true
}
