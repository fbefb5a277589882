package cli

import (
	"bytes"
	"errors"
	"flag"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/calendar"
)

// flags is a command with one flag of every kind, and where their values
// are kept.
type flags struct {
	cmd    *Command
	n      *int
	seed   *uint64
	at     *calendar.Date
	asof   *calendar.Date
	ties   *string
	json   *bool
	q      *bool
	dump   *string
	stored []string
}

func newFlags() *flags {
	f := &flags{cmd: &Command{Name: "prog", Args: []string{"FILE|-"}, Doc: "Prog reads FILE and prints what it finds.\n\nIt saves nothing."}}
	c := f.cmd
	f.n = c.Int("n", 5, 1, 100, "scores per dimension")
	f.seed = c.Uint64("seed", 1, "seed of the sample")
	f.at = c.DateRange("at", calendar.Date{Year: 2026, Month: 10, Day: 1}, calendar.Date{Year: 1900, Month: 1, Day: 1}, calendar.Date{Year: 2100, Month: 12, Day: 31}, "analysis date")
	f.asof = c.Date("asof", calendar.Date{}, "as-of date (default: the day after the latest)")
	f.ties = c.Choice("ties", "ordinal", []string{"ordinal", "grouped"}, "tie handling")
	f.json = c.Bool("json", false, "print JSON")
	f.q = c.Bool("q", false, "quiet")
	f.dump = c.String("dump", "", "write the table to `FILE`")
	c.Func("store", "where the data is: memory or sqlite:`FILE`", func(s string) error {
		if s != "memory" && !strings.HasPrefix(s, "sqlite:") {
			return errors.New("want memory or sqlite:FILE")
		}
		f.stored = append(f.stored, s)
		return nil
	})
	return f
}

// badValue is the error of a bad value of flag with the value shown and
// the reason.
func badValue(flag string, shown any, reason string) account.FieldError {
	return account.FieldError{Field: flag, Value: shown, Reason: reason, Err: ErrValue}
}

func TestParseValues(t *testing.T) {
	type values struct {
		N      int
		Seed   uint64
		At     calendar.Date
		AsOf   calendar.Date
		Ties   string
		JSON   bool
		Q      bool
		Dump   string
		Stored []string
		File   string
	}
	defaults := values{N: 5, Seed: 1, At: calendar.Date{Year: 2026, Month: 10, Day: 1}, Ties: "ordinal", File: "in.csv"}
	with := func(change func(*values)) values {
		v := defaults
		change(&v)
		return v
	}
	for _, c := range []struct {
		name string
		args []string
		want values
	}{
		{"defaults", []string{"in.csv"}, defaults},
		{"int lowest", []string{"-n", "1", "in.csv"}, with(func(v *values) { v.N = 1 })},
		{"int highest", []string{"-n=100", "in.csv"}, with(func(v *values) { v.N = 100 })},
		{"int with sign", []string{"--n", "+7", "in.csv"}, with(func(v *values) { v.N = 7 })},
		{"last of two", []string{"-n", "9", "-n", "3", "in.csv"}, with(func(v *values) { v.N = 3 })},
		{"uint64 zero", []string{"-seed", "0", "in.csv"}, with(func(v *values) { v.Seed = 0 })},
		{"uint64 highest", []string{"-seed", "18446744073709551615", "in.csv"}, with(func(v *values) { v.Seed = math.MaxUint64 })},
		{"date range first", []string{"-at", "1900-01-01", "in.csv"}, with(func(v *values) { v.At = calendar.Date{Year: 1900, Month: 1, Day: 1} })},
		{"date range last", []string{"-at", "2100-12-31", "in.csv"}, with(func(v *values) { v.At = calendar.Date{Year: 2100, Month: 12, Day: 31} })},
		{"date first", []string{"-asof", "0001-01-01", "in.csv"}, with(func(v *values) { v.AsOf = calendar.Date{Year: 1, Month: 1, Day: 1} })},
		{"date last", []string{"-asof", "9999-12-31", "in.csv"}, with(func(v *values) { v.AsOf = calendar.Date{Year: 9999, Month: 12, Day: 31} })},
		{"leap day", []string{"-asof", "2024-02-29", "in.csv"}, with(func(v *values) { v.AsOf = calendar.Date{Year: 2024, Month: 2, Day: 29} })},
		{"choice", []string{"-ties", "grouped", "in.csv"}, with(func(v *values) { v.Ties = "grouped" })},
		{"bool alone", []string{"-json", "-q", "in.csv"}, with(func(v *values) { v.JSON, v.Q = true, true })},
		{"bool false", []string{"-json=false", "in.csv"}, defaults},
		{"bool T", []string{"-json=T", "in.csv"}, with(func(v *values) { v.JSON = true })},
		{"string", []string{"-dump", "out.csv", "in.csv"}, with(func(v *values) { v.Dump = "out.csv" })},
		{"string empty", []string{"-dump=", "in.csv"}, defaults},
		{"func twice", []string{"-store", "memory", "-store", "sqlite:x.db", "in.csv"}, with(func(v *values) { v.Stored = []string{"memory", "sqlite:x.db"} })},
		{"dash argument", []string{"-n", "2", "-"}, with(func(v *values) { v.N, v.File = 2, "-" })},
		{"after --", []string{"--", "-n"}, with(func(v *values) { v.File = "-n" })},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := newFlags()
			if err := f.cmd.Parse(c.args); err != nil {
				t.Fatalf("Parse(%q): %v", c.args, err)
			}
			got := values{*f.n, *f.seed, *f.at, *f.asof, *f.ties, *f.json, *f.q, *f.dump, f.stored, f.cmd.Arg(0)}
			if diff := cmp.Diff(got, c.want); diff != "" {
				t.Errorf("Parse(%q) (-got +want):\n%s", c.args, diff)
			}
		})
	}
}

func TestParseBadValues(t *testing.T) {
	for _, c := range []struct {
		name string
		args []string
		want account.FieldError
	}{
		{"int below", []string{"-n", "0", "f"}, badValue("-n", 0, "must be from 1 to 100")},
		{"int above", []string{"-n", "101", "f"}, badValue("-n", 101, "must be from 1 to 100")},
		{"int negative", []string{"-n=-1", "f"}, badValue("-n", -1, "must be from 1 to 100")},
		{"int overflow", []string{"-n", "99999999999999999999", "f"}, badValue("-n", "99999999999999999999", "must be from 1 to 100")},
		{"int not a number", []string{"-n", "x", "f"}, badValue("-n", "x", "want an integer")},
		{"int hex", []string{"-n", "0x10", "f"}, badValue("-n", "0x10", "want an integer")},
		{"int empty", []string{"-n=", "f"}, badValue("-n", "", "want an integer")},
		{"int space", []string{"-n", " 5", "f"}, badValue("-n", " 5", "want an integer")},
		{"uint64 overflow", []string{"-seed", "18446744073709551616", "f"}, badValue("-seed", "18446744073709551616", "want a whole number from 0 to 18446744073709551615")},
		{"uint64 negative", []string{"-seed", "-1", "f"}, badValue("-seed", "-1", "want a whole number from 0 to 18446744073709551615")},
		{"date before range", []string{"-at", "1899-12-31", "f"}, badValue("-at", calendar.Date{Year: 1899, Month: 12, Day: 31}, "must be from 1900-01-01 to 2100-12-31")},
		{"date after range", []string{"-at", "2101-01-01", "f"}, badValue("-at", calendar.Date{Year: 2101, Month: 1, Day: 1}, "must be from 1900-01-01 to 2100-12-31")},
		{"date no such day", []string{"-asof", "2025-02-29", "f"}, badValue("-asof", "2025-02-29", "no such day")},
		{"date month 13", []string{"-asof", "2025-13-01", "f"}, badValue("-asof", "2025-13-01", "no such day")},
		{"date year 0", []string{"-asof", "0000-12-31", "f"}, badValue("-asof", "0000-12-31", "no such day")},
		{"date form", []string{"-asof", "1/2/2025", "f"}, badValue("-asof", "1/2/2025", "want YYYY-MM-DD")},
		{"choice", []string{"-ties", "random", "f"}, badValue("-ties", "random", "want ordinal or grouped")},
		{"choice case", []string{"-ties", "Ordinal", "f"}, badValue("-ties", "Ordinal", "want ordinal or grouped")},
		{"bool", []string{"-json=maybe", "f"}, badValue("-json", "maybe", "want true or false")},
		{"func", []string{"-store", "postgres:x", "f"}, badValue("-store", "postgres:x", "want memory or sqlite:FILE")},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := newFlags()
			err := f.cmd.Parse(c.args)
			var fe *account.FieldError
			if !errors.As(err, &fe) || !errors.Is(err, ErrValue) || !errors.Is(err, ErrUsage) {
				t.Fatalf("Parse(%q) = %#v: want a FieldError wrapping ErrValue and ErrUsage", c.args, err)
			}
			if diff := cmp.Diff(*fe, c.want, cmpopts.EquateErrors()); diff != "" {
				t.Errorf("Parse(%q) = %v (-got +want):\n%s", c.args, err, diff)
			}
		})
	}
}

// A bad value leaves the flag's value as it was.
func TestBadValueKeepsValue(t *testing.T) {
	f := newFlags()
	if err := f.cmd.Parse([]string{"-n", "7", "-n", "700", "f"}); !errors.Is(err, ErrValue) {
		t.Fatalf("Parse: %v", err)
	}
	if *f.n != 7 {
		t.Errorf("-n is %d after a bad value, want 7", *f.n)
	}
}

func TestParseBadCommandLines(t *testing.T) {
	for _, c := range []struct {
		name string
		args []string
		want string // the error's text
	}{
		{"unknown flag", []string{"-zz", "f"}, "invalid command line: flag provided but not defined: -zz"},
		{"unknown flag with value", []string{"-zz=1", "f"}, "invalid command line: flag provided but not defined: -zz"},
		{"flag without its value", []string{"-n"}, "invalid command line: flag needs an argument: -n"},
		{"bad syntax", []string{"---n", "f"}, "invalid command line: bad flag syntax: ---n"},
		{"missing argument", nil, "invalid command line: missing FILE|-"},
		{"missing after flags", []string{"-n", "3"}, "invalid command line: missing FILE|-"},
		{"unexpected argument", []string{"a", "b"}, `invalid command line: unexpected argument "b"`},
		{"flag after the argument", []string{"a", "-json"}, `invalid command line: unexpected argument "-json"`},
		{"unknown flag with a line break", []string{"-a\nb", "f"}, `invalid command line: flag provided but not defined: -a\nb`},
		{"long argument", []string{"a", strings.Repeat("x", 1000)}, `invalid command line: unexpected argument "` + strings.Repeat("x", 64) + `"… (1000 bytes)`},
		{"long unknown flag", []string{"-" + strings.Repeat("y", 1000)}, "invalid command line: flag provided but not defined: -" + strings.Repeat("y", maxLine-len("flag provided but not defined: -")) + "…"},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := newFlags()
			err := f.cmd.Parse(c.args)
			if !errors.Is(err, ErrUsage) || errors.Is(err, ErrValue) {
				t.Fatalf("Parse(%q) = %v: want an error wrapping ErrUsage, not ErrValue", c.args, err)
			}
			if err.Error() != c.want {
				t.Errorf("Parse(%q) = %q\nwant %q", c.args, err, c.want)
			}
		})
	}
}

func TestParseHelp(t *testing.T) {
	for _, args := range [][]string{{"-h"}, {"-help"}, {"--help"}, {"-n", "3", "-h"}, {"-h", "-zz"}, {"-h=false"}} {
		f := newFlags()
		if err := f.cmd.Parse(args); err != flag.ErrHelp {
			t.Errorf("Parse(%q) = %v, want flag.ErrHelp", args, err)
		}
	}
	// After a bad flag, help is not reached: the error comes first.
	f := newFlags()
	if err := f.cmd.Parse([]string{"-n", "0", "-h"}); !errors.Is(err, ErrValue) {
		t.Errorf("Parse(-n 0 -h) = %v, want the bad value", err)
	}
}

// A Command parsed twice forgets the first parse's error and arguments.
func TestParseAgain(t *testing.T) {
	f := newFlags()
	if err := f.cmd.Parse([]string{"-n", "0", "x"}); err == nil {
		t.Fatal("no error for -n 0")
	}
	if err := f.cmd.Parse([]string{"y"}); err != nil || f.cmd.Arg(0) != "y" {
		t.Errorf("second Parse: %v, Arg(0) %q", err, f.cmd.Arg(0))
	}
	if err := f.cmd.Parse([]string{"-zz"}); !errors.Is(err, ErrUsage) || errors.Is(err, ErrValue) || f.cmd.Arg(0) != "" {
		t.Errorf("third Parse: %v, Arg(0) %q", err, f.cmd.Arg(0))
	}
}

func TestArg(t *testing.T) {
	c := &Command{Name: "two", Args: []string{"FROM", "TO"}}
	if got := c.Arg(0); got != "" {
		t.Errorf("Arg(0) before Parse = %q", got)
	}
	if err := c.Parse([]string{"a", "b"}); err != nil {
		t.Fatal(err)
	}
	for i, want := range map[int]string{-1: "", 0: "a", 1: "b", 2: ""} {
		if got := c.Arg(i); got != want {
			t.Errorf("Arg(%d) = %q, want %q", i, got, want)
		}
	}
	if err := c.Parse([]string{"a"}); err == nil || err.Error() != "invalid command line: missing TO" {
		t.Errorf("Parse(a) = %v, want missing TO", err)
	}
	if err := c.Parse(nil); err == nil || err.Error() != "invalid command line: missing FROM TO" {
		t.Errorf("Parse() = %v, want missing FROM TO", err)
	}
}

const wantHelp = `usage: prog [flags] FILE|-

Prog reads FILE and prints what it finds.

It saves nothing.

Flags:
  -asof date
    	as-of date (default: the day after the latest)
  -at date
    	analysis date (from 1900-01-01 to 2100-12-31, default 2026-10-01)
  -dump FILE
    	write the table to FILE
  -json
    	print JSON
  -n int
    	scores per dimension (from 1 to 100, default 5)
  -q	quiet
  -seed uint
    	seed of the sample (default 1)
  -store FILE
    	where the data is: memory or sqlite:FILE
  -ties ordinal|grouped
    	tie handling (default ordinal)
`

func TestHelp(t *testing.T) {
	var b bytes.Buffer
	newFlags().cmd.Help(&b)
	if diff := cmp.Diff(b.String(), wantHelp); diff != "" {
		t.Errorf("Help (-got +want):\n%s", diff)
	}
}

// Every flag defined is in the help, whatever its kind; defaults that are
// the zero value of their kind are not shown, others are.
func TestHelpNamesEveryFlag(t *testing.T) {
	c := &Command{Name: "p"}
	c.Int("int-zero", 0, -5, 5, "i")
	c.Int("int-neg", -3, -5, 5, "i")
	c.Uint64("uint-zero", 0, "u")
	c.Bool("bool-true", true, "b")
	c.String("string-set", "a b", "s")
	c.Func("func", "line one\nline two", func(string) error { return nil })
	c.Date("date-set", calendar.Date{Year: 2020, Month: 2, Day: 29}, "d")
	c.DateRange("date-to", calendar.Date{}, firstDate, calendar.Date{Year: 2100, Month: 12, Day: 31}, "t")
	c.Int("int-pos", 1, 1, math.MaxInt, "p")
	c.Int("int-any", 0, math.MinInt, math.MaxInt, "a")
	var b bytes.Buffer
	c.Help(&b)
	want := `usage: p [flags]

Flags:
  -bool-true
    	b (default true)
  -date-set date
    	d (default 2020-02-29)
  -date-to date
    	t (from 0001-01-01 to 2100-12-31)
  -func value
    	line one
    	line two
  -int-any int
    	a
  -int-neg int
    	i (from -5 to 5, default -3)
  -int-pos int
    	p (at least 1, default 1)
  -int-zero int
    	i (from -5 to 5)
  -string-set string
    	s (default "a b")
  -uint-zero uint
    	u
`
	if diff := cmp.Diff(b.String(), want); diff != "" {
		t.Errorf("Help (-got +want):\n%s", diff)
	}
}

func TestHelpWithoutFlags(t *testing.T) {
	var b bytes.Buffer
	(&Command{Name: "tour", Doc: strings.Repeat("word ", 20) + strings.Repeat("z", 90) + " end"}).Help(&b)
	want := "usage: tour\n\n" +
		strings.Repeat("word ", 15) + "word\n" + // 79 bytes: one more word would make 84
		strings.Repeat("word ", 3) + "word\n" +
		strings.Repeat("z", 90) + "\n" +
		"end\n"
	if diff := cmp.Diff(b.String(), want); diff != "" {
		t.Errorf("Help (-got +want):\n%s", diff)
	}
}

func TestFill(t *testing.T) {
	for _, c := range []struct {
		in    string
		width int
		want  string
	}{
		{"", 10, ""},
		{"  \n ", 10, ""},
		{"a b c", 5, "a b c"},
		{"a b c", 4, "a b\nc"},
		{"abcde fg", 5, "abcde\nfg"},
		{"abcdef g", 5, "abcdef\ng"},
		{" spaced\tout\nwords ", 80, "spaced out words"},
	} {
		if got := fill(c.in, c.width); got != c.want {
			t.Errorf("fill(%q, %d) = %q, want %q", c.in, c.width, got, c.want)
		}
	}
}

func TestExitStatus(t *testing.T) {
	c := &Command{Name: "prog", Args: []string{"FILE"}}
	c.Int("n", 1, 1, 9, "n")
	for _, tc := range []struct {
		name   string
		err    error
		code   int
		stderr string
	}{
		{"nil", nil, 0, ""},
		{"help", flag.ErrHelp, 0, "usage: prog [flags] FILE\n\nFlags:\n  -n int\n    \tn (from 1 to 9, default 1)\n"},
		{"bad value", &account.FieldError{Field: "-n", Value: 0, Reason: "must be from 1 to 9", Err: ErrValue}, 2, "prog: invalid flag value: -n 0: must be from 1 to 9\nusage: prog [flags] FILE\nRun prog -h for help.\n"},
		{"usage", c.Parse(nil), 2, "prog: invalid command line: missing FILE\nusage: prog [flags] FILE\nRun prog -h for help.\n"},
		{"failure", errors.New("open x: no such file"), 1, "prog: open x: no such file\n"},
	} {
		var b bytes.Buffer
		if got := c.ExitStatus(&b, tc.err); got != tc.code || b.String() != tc.stderr {
			t.Errorf("%s: ExitStatus = %d, wrote %q; want %d, %q", tc.name, got, b.String(), tc.code, tc.stderr)
		}
	}
}

func TestDefinitionPanics(t *testing.T) {
	date := func(y, m, day int) calendar.Date { return calendar.Date{Year: y, Month: time.Month(m), Day: day} }
	for _, c := range []struct {
		name   string
		define func(c *Command)
	}{
		{"int default below", func(c *Command) { c.Int("n", 0, 1, 9, "") }},
		{"int default above", func(c *Command) { c.Int("n", 10, 1, 9, "") }},
		{"int empty range", func(c *Command) { c.Int("n", 5, 6, 4, "") }},
		{"date default before", func(c *Command) { c.DateRange("d", date(1999, 12, 31), date(2000, 1, 1), date(2000, 12, 31), "") }},
		{"date default after", func(c *Command) { c.DateRange("d", date(2001, 1, 1), date(2000, 1, 1), date(2000, 12, 31), "") }},
		{"date bad low end", func(c *Command) { c.DateRange("d", calendar.Date{}, date(2000, 2, 30), date(2000, 12, 31), "") }},
		{"date bad high end", func(c *Command) { c.DateRange("d", calendar.Date{}, date(2000, 1, 1), calendar.Date{}, "") }},
		{"date ends crossed", func(c *Command) { c.DateRange("d", calendar.Date{}, date(2000, 1, 2), date(2000, 1, 1), "") }},
		{"choice default", func(c *Command) { c.Choice("c", "x", []string{"a", "b"}, "") }},
		{"choice none", func(c *Command) { c.Choice("c", "", nil, "") }},
		{"defined twice", func(c *Command) { c.Bool("b", false, ""); c.String("b", "", "") }},
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: no panic", c.name)
				}
			}()
			c.define(&Command{Name: "p"})
		}()
	}
	// The ends themselves are good defaults.
	c := &Command{Name: "p"}
	c.Int("lo", 1, 1, 9, "")
	c.Int("hi", 9, 1, 9, "")
	c.Int("one", 3, 3, 3, "")
	c.DateRange("first", date(2000, 1, 1), date(2000, 1, 1), date(2000, 12, 31), "")
	c.DateRange("last", date(2000, 12, 31), date(2000, 1, 1), date(2000, 12, 31), "")
	c.Choice("only", "a", []string{"a"}, "")
}

func TestReasons(t *testing.T) {
	c := &Command{Name: "p"}
	c.Int("pos", 1, 1, math.MaxInt, "")
	c.Int("neg", -1, math.MinInt, -1, "")
	c.Int("any", 0, math.MinInt, math.MaxInt, "")
	c.Choice("one", "a", []string{"a"}, "")
	c.Choice("three", "a", []string{"a", "b", "c"}, "")
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-pos", "0"}, "invalid flag value: -pos 0: must be at least 1"},
		{[]string{"-neg", "0"}, "invalid flag value: -neg 0: must be at most -1"},
		{[]string{"-pos", "99999999999999999999"}, `invalid flag value: -pos "99999999999999999999": must be at least 1`},
		{[]string{"-any", "99999999999999999999"}, `invalid flag value: -any "99999999999999999999": want an integer`},
		{[]string{"-one", "b"}, `invalid flag value: -one "b": want a`},
		{[]string{"-three", "d"}, `invalid flag value: -three "d": want a, b or c`},
	} {
		if err := c.Parse(tc.args); err == nil || err.Error() != tc.want {
			t.Errorf("Parse(%q) = %v, want %q", tc.args, err, tc.want)
		}
	}
	for _, args := range [][]string{{"-pos", "9223372036854775807"}, {"-neg", "-9223372036854775808"}, {"-any", "-9223372036854775808"}} {
		if err := c.Parse(args); err != nil {
			t.Errorf("Parse(%q): %v", args, err)
		}
	}
}

// The choices are the Command's own: changing the caller's slice later
// changes nothing.
func TestChoiceCopiesChoices(t *testing.T) {
	choices := []string{"a", "b"}
	c := &Command{Name: "p"}
	v := c.Choice("c", "a", choices, "")
	choices[1] = "z"
	if err := c.Parse([]string{"-c", "b"}); err != nil || *v != "b" {
		t.Errorf("Parse(-c b) = %v, value %q", err, *v)
	}
}

func TestOneLine(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"plain text", "plain text"},
		{"tab\there", `tab\there`},
		{"\tfirst", `\tfirst`},
		{"\xfffirst", `\xfffirst`},
		{"bad \xff byte", `bad \xff byte`},
		{"quote \" stays", `quote " stays`},
		{"ünïcödé", "ünïcödé"},
		{strings.Repeat("é", 150), strings.Repeat("é", 100) + "…"},
		{strings.Repeat("a", 199) + "é", strings.Repeat("a", 199) + "…"},
		{strings.Repeat("a", 200), strings.Repeat("a", 200)},
		{strings.Repeat("a", 201), strings.Repeat("a", 200) + "…"},
	} {
		if got := oneLine(c.in); got != c.want {
			t.Errorf("oneLine(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// The flag package may call String on a zero value it makes itself.
func TestZeroValueString(t *testing.T) {
	var v *value[int]
	if v.String() != "" || (&value[int]{}).String() != "" {
		t.Error("String of a zero value is not empty")
	}
}
