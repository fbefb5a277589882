package cli

import (
	"bytes"
	"errors"
	"flag"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/calendar"
)

// maxMessage is the most bytes the first line of a bad command line's
// message may have, whatever the arguments: the program's name, the
// sentinel, and a value quoted to 64 bytes (each escaped to at most 4) or
// the flag package's message cut to maxLine.
const maxMessage = 400

// checkBad checks that err is the field error of a bad value of flag, and
// that its text is one bounded line.
func checkBad(t *testing.T, err error, flag string) {
	t.Helper()
	var fe *account.FieldError
	if !errors.As(err, &fe) || !errors.Is(err, ErrValue) || !errors.Is(err, ErrUsage) || fe.Field != flag || fe.Reason == "" {
		t.Fatalf("error %#v: want a field error of %s wrapping ErrValue", err, flag)
	}
	if msg := err.Error(); strings.Contains(msg, "\n") || len(msg) > maxMessage {
		t.Fatalf("error text %q: want one line of at most %d bytes", msg, maxMessage)
	}
}

// An int flag takes exactly the decimal integers from lo to hi, as
// strconv.Atoi reads them; anything else is a bad value, and the flag
// keeps its value.
func FuzzInt(f *testing.F) {
	for _, s := range []string{"0", "1", "100", "101", "-1", "+5", "x", "", " 1", "1_000", "0x10", "99999999999999999999", "9223372036854775807", "-9223372036854775808"} {
		f.Add(s, 1, 100)
	}
	f.Add("-5", -10, -5)
	f.Fuzz(func(t *testing.T, s string, lo, hi int) {
		lo, hi = min(lo, hi), max(lo, hi)
		c := &Command{Name: "p"}
		v := c.Int("n", lo, lo, hi, "")
		err := c.Parse([]string{"-n", s})
		n, aerr := strconv.Atoi(s)
		if aerr == nil && n >= lo && n <= hi {
			if err != nil || *v != n {
				t.Fatalf("-n %q (from %d to %d): %v, value %d; want %d", s, lo, hi, err, *v, n)
			}
			return
		}
		checkBad(t, err, "-n")
		if *v != lo {
			t.Fatalf("-n %q: value %d after a bad value, want %d", s, *v, lo)
		}
	})
}

// A uint64 flag takes exactly the unsigned decimal integers
// strconv.ParseUint reads.
func FuzzUint64(f *testing.F) {
	for _, s := range []string{"0", "1", "18446744073709551615", "18446744073709551616", "-1", "+1", "x", "", "1e3"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c := &Command{Name: "p"}
		v := c.Uint64("seed", 7, "")
		err := c.Parse([]string{"-seed", s})
		if n, perr := strconv.ParseUint(s, 10, 64); perr == nil {
			if err != nil || *v != n {
				t.Fatalf("-seed %q: %v, value %d; want %d", s, err, *v, n)
			}
			return
		}
		checkBad(t, err, "-seed")
		if *v != 7 {
			t.Fatalf("-seed %q: value %d after a bad value, want 7", s, *v)
		}
	})
}

// A date flag takes exactly the dates calendar.ParseDate reads that are in
// its range, and holds the date written as given.
func FuzzDate(f *testing.F) {
	for _, s := range []string{"2026-10-01", "1900-01-01", "1899-12-31", "2100-12-31", "2101-01-01", "2024-02-29", "2025-02-29", "2025-13-01", "0000-01-01", "2025-1-01", "２０２５-01-01", ""} {
		f.Add(s)
	}
	lo, hi := calendar.Date{Year: 1900, Month: 1, Day: 1}, calendar.Date{Year: 2100, Month: 12, Day: 31}
	f.Fuzz(func(t *testing.T, s string) {
		c := &Command{Name: "p"}
		v := c.DateRange("at", calendar.Date{}, lo, hi, "")
		err := c.Parse([]string{"-at", s})
		if d, perr := calendar.ParseDate(s); perr == nil && !d.Before(lo) && !d.After(hi) {
			if err != nil || *v != d || v.String() != s {
				t.Fatalf("-at %q: %v, value %v; want %v", s, err, *v, d)
			}
			return
		}
		checkBad(t, err, "-at")
		if !v.IsZero() {
			t.Fatalf("-at %q: value %v after a bad value, want none", s, *v)
		}
	})
}

// A choice flag takes exactly its choices.
func FuzzChoice(f *testing.F) {
	for _, s := range []string{"ordinal", "grouped", "Ordinal", "ordinal ", "", "ordinal|grouped"} {
		f.Add(s)
	}
	choices := []string{"ordinal", "grouped"}
	f.Fuzz(func(t *testing.T, s string) {
		c := &Command{Name: "p"}
		v := c.Choice("ties", "ordinal", choices, "")
		err := c.Parse([]string{"-ties=" + s})
		if slices.Contains(choices, s) {
			if err != nil || *v != s {
				t.Fatalf("-ties %q: %v, value %q", s, err, *v)
			}
			return
		}
		checkBad(t, err, "-ties")
		if *v != "ordinal" {
			t.Fatalf("-ties %q: value %q after a bad value", s, *v)
		}
	})
}

// Any command line, split at NUL bytes into arguments, parses without a
// panic to nil, flag.ErrHelp or an error wrapping ErrUsage, and the exit
// status and message agree: 0 and nothing (or the help), or 2 and one
// bounded line of error, the usage line and the hint.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"in.csv", "-n\x005\x00in.csv", "-n=0\x00x", "-h", "--help", "-zz", "-n", "---n",
		"-json=maybe\x00x", "a\x00b", "-at\x002026-02-30\x00x", "--\x00-n", "-ties\x00\n\x00x",
		"-store\x00postgres:\xff\x00x", "-\x00", "-=1", "-a\nb\x00x",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) {
		var args []string
		if line != "" {
			args = strings.Split(line, "\x00")
		}
		fl := newFlags()
		err := fl.cmd.Parse(args)
		var out bytes.Buffer
		code := fl.cmd.ExitStatus(&out, err)
		switch {
		case err == nil:
			if code != 0 || out.Len() != 0 || fl.cmd.Arg(0) == "" && !slices.Contains(args, "") {
				t.Fatalf("%q: parsed, but exit %d, %q, argument %q", args, code, out.String(), fl.cmd.Arg(0))
			}
		case errors.Is(err, flag.ErrHelp):
			if code != 0 || out.String() != wantHelp {
				t.Fatalf("%q: help, but exit %d, %q", args, code, out.String())
			}
		case errors.Is(err, ErrUsage):
			lines := strings.Split(out.String(), "\n")
			if code != 2 || len(lines) != 4 || lines[1] != "usage: prog [flags] FILE|-" || lines[2] != "Run prog -h for help." || lines[3] != "" {
				t.Fatalf("%q: %v, but exit %d, %q", args, err, code, out.String())
			}
			if !strings.HasPrefix(lines[0], "prog: invalid ") || len(lines[0]) > maxMessage || !utf8.ValidString(lines[0]) {
				t.Fatalf("%q: first line %q: want prog's one valid line of at most %d bytes", args, lines[0], maxMessage)
			}
		default:
			t.Fatalf("%q: error %v wraps neither ErrUsage nor flag.ErrHelp", args, err)
		}
	})
}
