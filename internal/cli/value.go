package cli

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/calendar"
)

// A problem is why a flag's value is bad: the value as the error shows it
// (the string given, or the value read from it) and the reason.
type problem struct {
	shown  any
	reason string
}

// described is what the help asks of a flag's value.
type described interface {
	arg() string         // the argument's name when the usage text marks none
	defaultText() string // the default as the help shows it; "" for none
	bounds() string      // the values taken, as the help shows them; "" for any
}

// A value is a flag of one kind, holding a T at p.
type value[T any] struct {
	c      *Command
	name   string
	p      *T
	parse  func(string) (T, *problem)
	format func(T) string // the value as String and the help show it
	kind   string         // the argument's name in the help
	def    string         // the default as the help shows it
	rule   string         // the values taken, as the help shows them
	isBool bool
}

// define makes the value of flag name, holding def at first, and adds it to
// c's flags. It panics, as the flag package does, if c already has a flag
// of that name.
func define[T any](c *Command, name, usage string, def T, kind string, parse func(string) (T, *problem), format func(T) string) *value[T] {
	v := &value[T]{c: c, name: name, p: new(T), parse: parse, format: format, kind: kind}
	*v.p = def
	c.flags().Var(v, name, usage)
	return v
}

// String returns the value held, as the help shows it ("" for the zero
// value the flag package may make to test for a default).
func (v *value[T]) String() string {
	if v == nil || v.p == nil {
		return ""
	}
	return v.format(*v.p)
}

// Set parses s and holds the result, or records and returns the
// [*account.FieldError] saying why s is bad, leaving the value as it was.
func (v *value[T]) Set(s string) error {
	x, pr := v.parse(s)
	if pr != nil {
		err := &account.FieldError{Field: "-" + v.name, Value: pr.shown, Reason: pr.reason, Err: ErrValue}
		v.c.bad = err
		return err
	}
	*v.p = x
	return nil
}

// IsBoolFlag reports whether the flag stands alone, without a value
// (-json meaning -json=true), as the flag package asks.
func (v *value[T]) IsBoolFlag() bool { return v.isBool }

func (v *value[T]) arg() string         { return v.kind }
func (v *value[T]) defaultText() string { return v.def }
func (v *value[T]) bounds() string      { return v.rule }

// Int defines an int flag whose values are from lo to hi, and returns
// where its value is kept, def at first. A value is written in decimal,
// with an optional sign ("12", "-3", "+7"). It panics if def is not from
// lo to hi, or lo is greater than hi: a program's defaults are its own.
func (c *Command) Int(name string, def, lo, hi int, usage string) *int {
	if lo > hi || def < lo || def > hi {
		panic(fmt.Sprintf("cli: flag -%s: default %d not from %d to %d", name, def, lo, hi))
	}
	rule := rangeText(strconv.Itoa(lo), strconv.Itoa(hi), lo == math.MinInt, hi == math.MaxInt)
	want := "must be " + rule
	if rule == "" {
		want = "want an integer"
	}
	v := define(c, name, usage, def, "int", func(s string) (int, *problem) {
		n, err := strconv.Atoi(s)
		switch {
		case errors.Is(err, strconv.ErrRange):
			return 0, &problem{s, want}
		case err != nil:
			return 0, &problem{s, "want an integer"}
		case n < lo || n > hi:
			return 0, &problem{n, want}
		}
		return n, nil
	}, strconv.Itoa)
	v.rule = rule
	if def != 0 {
		v.def = strconv.Itoa(def)
	}
	return v.p
}

// rangeText says which values from lo to hi are taken ("from 1 to 100",
// "at least 1"), leaving out an end that is no bound (open); "" if neither
// is.
func rangeText(lo, hi string, loOpen, hiOpen bool) string {
	switch {
	case loOpen && hiOpen:
		return ""
	case hiOpen:
		return "at least " + lo
	case loOpen:
		return "at most " + hi
	}
	return "from " + lo + " to " + hi
}

// Uint64 defines a uint64 flag, written in decimal digits, and returns
// where its value is kept, def at first.
func (c *Command) Uint64(name string, def uint64, usage string) *uint64 {
	format := func(n uint64) string { return strconv.FormatUint(n, 10) }
	v := define(c, name, usage, def, "uint", func(s string) (uint64, *problem) {
		n, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			return 0, &problem{s, "want a whole number from 0 to " + format(math.MaxUint64)}
		}
		return n, nil
	}, format)
	if def != 0 {
		v.def = format(def)
	}
	return v.p
}

// The dates [Command.Date] takes: those [calendar.ParseDate] reads.
var (
	firstDate = calendar.Date{Year: 1, Month: 1, Day: 1}
	lastDate  = calendar.Date{Year: 9999, Month: 12, Day: 31}
)

// Date defines a flag whose value is a civil date, written YYYY-MM-DD as
// [calendar.ParseDate] reads it (the years 1 to 9999), and returns where
// its value is kept, def at first. The zero def means "not given": the
// program decides what that means, and the help shows no default.
func (c *Command) Date(name string, def calendar.Date, usage string) *calendar.Date {
	return c.DateRange(name, def, firstDate, lastDate, usage)
}

// DateRange is [Command.Date] for dates from lo to hi only, such as the
// years a business calendar answers for. It panics if lo or hi is not a
// valid date, lo is after hi, or def is neither zero nor from lo to hi.
func (c *Command) DateRange(name string, def, lo, hi calendar.Date, usage string) *calendar.Date {
	if !lo.IsValid() || !hi.IsValid() || lo.After(hi) || !def.IsZero() && (def.Before(lo) || def.After(hi)) {
		panic(fmt.Sprintf("cli: flag -%s: default %v not from %v to %v", name, def, lo, hi))
	}
	rule := "from " + lo.String() + " to " + hi.String()
	want := "must be " + rule
	if lo == firstDate && hi == lastDate {
		rule = "" // any date
	}
	v := define(c, name, usage, def, "date", func(s string) (calendar.Date, *problem) {
		d, err := calendar.ParseDate(s)
		if err != nil {
			reason := "want YYYY-MM-DD"
			if fe, ok := errors.AsType[*account.FieldError](err); ok {
				reason = fe.Reason
			}
			return calendar.Date{}, &problem{s, reason}
		}
		if d.Before(lo) || d.After(hi) {
			return calendar.Date{}, &problem{d, want}
		}
		return d, nil
	}, func(d calendar.Date) string {
		if d.IsZero() {
			return ""
		}
		return d.String()
	})
	v.def, v.rule = v.String(), rule
	return v.p
}

// Choice defines a flag whose value is one of choices, matched exactly,
// and returns where its value is kept, def at first. The help shows the
// choices as the flag's argument: ordinal|grouped. It panics if def is
// not one of choices.
func (c *Command) Choice(name, def string, choices []string, usage string) *string {
	if !slices.Contains(choices, def) {
		panic(fmt.Sprintf("cli: flag -%s: default %q not one of %q", name, def, choices))
	}
	choices = slices.Clone(choices)
	want := "want " + choices[0]
	if n := len(choices); n > 1 {
		want = "want " + strings.Join(choices[:n-1], ", ") + " or " + choices[n-1]
	}
	v := define(c, name, usage, def, strings.Join(choices, "|"), func(s string) (string, *problem) {
		if !slices.Contains(choices, s) {
			return "", &problem{s, want}
		}
		return s, nil
	}, func(s string) string { return s })
	v.def = def
	return v.p
}

// Bool defines a bool flag, and returns where its value is kept, def at
// first. The flag alone (-json) means true; -json=false (or any form
// [strconv.ParseBool] reads) gives a value.
func (c *Command) Bool(name string, def bool, usage string) *bool {
	v := define(c, name, usage, def, "", func(s string) (bool, *problem) {
		b, err := strconv.ParseBool(s)
		if err != nil {
			return false, &problem{s, "want true or false"}
		}
		return b, nil
	}, strconv.FormatBool)
	v.isBool = true
	if def {
		v.def = "true"
	}
	return v.p
}

// String defines a string flag, whose every value is good, and returns
// where its value is kept, def at first.
func (c *Command) String(name, def, usage string) *string {
	v := define(c, name, usage, def, "string", func(s string) (string, *problem) { return s, nil }, func(s string) string { return s })
	if def != "" {
		v.def = strconv.Quote(def)
	}
	return v.p
}

// Func defines a flag whose every value is passed to fn as it is given, in
// order; a value fn returns an error for is a bad flag value, whose Reason
// is the error's text (as one line of bounded length). The flag has no
// default.
func (c *Command) Func(name, usage string, fn func(string) error) {
	define(c, name, usage, struct{}{}, "value", func(s string) (struct{}, *problem) {
		if err := fn(s); err != nil {
			return struct{}{}, &problem{s, oneLine(err.Error())}
		}
		return struct{}{}, nil
	}, func(struct{}) string { return "" })
}
