package main

import (
	"strings"
	"testing"
)

// -h prints the usage and documents every flag, on standard error, and
// exits with status 0 having read nothing.
func TestHelp(t *testing.T) {
	for _, arg := range []string{"-h", "-help", "--help"} {
		code, out, stderr := runCLI(t, "never read", arg)
		if code != 0 || out != "" || !strings.HasPrefix(stderr, "usage: rfm [flags] FILE|-\n\nRfm scores the accounts") {
			t.Errorf("%s: exit %d, stdout %q, stderr %q; want 0, nothing, the usage", arg, code, out, stderr)
		}
		for _, f := range []string{"-asof date", "-dump FILE", "-json", "-k int", "-max-accounts int", "-skip-bad", "-ties ordinal|grouped"} {
			if !strings.Contains(stderr, "\n  "+f+"\n    \t") {
				t.Errorf("%s: the help does not document %s:\n%s", arg, f, stderr)
			}
		}
	}
}

// A bad command line is an error naming the flag or the argument and the
// reason, then the usage, with exit status 2, before anything is read.
func TestBadCommandLine(t *testing.T) {
	const usage = "usage: rfm [flags] FILE|-\nRun rfm -h for help.\n"
	for _, c := range []struct {
		args []string
		want string // the first line of standard error
	}{
		{[]string{"-k", "0", "-"}, "rfm: invalid flag value: -k 0: must be from 1 to 100"},
		{[]string{"-k", "101", "-"}, "rfm: invalid flag value: -k 101: must be from 1 to 100"},
		{[]string{"-k", "x", "-"}, `rfm: invalid flag value: -k "x": want an integer`},
		{[]string{"-k"}, "rfm: invalid command line: flag needs an argument: -k"},
		{[]string{"-ties", "random", "-"}, `rfm: invalid flag value: -ties "random": want ordinal or grouped`},
		{[]string{"-asof", "2025-02-29", "-"}, `rfm: invalid flag value: -asof "2025-02-29": no such day`},
		{[]string{"-asof", "29/02/2024", "-"}, `rfm: invalid flag value: -asof "29/02/2024": want YYYY-MM-DD`},
		{[]string{"-asof", "1677-09-21", "-"}, "rfm: invalid flag value: -asof 1677-09-21: must be from 1677-09-22 to 2262-04-11"},
		{[]string{"-asof", "2262-04-12", "-"}, "rfm: invalid flag value: -asof 2262-04-12: must be from 1677-09-22 to 2262-04-11"},
		// Before, 0001-01-01 was read as the zero time: as if -asof were not given.
		{[]string{"-asof", "0001-01-01", "-"}, "rfm: invalid flag value: -asof 0001-01-01: must be from 1677-09-22 to 2262-04-11"},
		{[]string{"-max-accounts", "0", "-"}, "rfm: invalid flag value: -max-accounts 0: must be at least 1"},
		{[]string{"-json=maybe", "-"}, `rfm: invalid flag value: -json "maybe": want true or false`},
		{[]string{"-zz", "-"}, "rfm: invalid command line: flag provided but not defined: -zz"},
		{nil, "rfm: invalid command line: missing FILE|-"},
		{[]string{"-json"}, "rfm: invalid command line: missing FILE|-"},
		{[]string{"-", "extra.csv"}, `rfm: invalid command line: unexpected argument "extra.csv"`},
		{[]string{"-", "-json"}, `rfm: invalid command line: unexpected argument "-json"`},
	} {
		code, out, stderr := runCLI(t, "account_id,date,amount\nA,2025-01-01,1\n", c.args...)
		if code != 2 || out != "" || stderr != c.want+"\n"+usage {
			t.Errorf("%q: exit %d, stdout %q, stderr %q; want 2, nothing, %q and the usage", c.args, code, out, stderr, c.want)
		}
	}
}

// The ends of each range are taken.
func TestFlagEdges(t *testing.T) {
	for _, args := range [][]string{
		{"-k", "1", "testdata/sample.csv"},
		{"-k", "100", "testdata/sample.csv"},
		{"-max-accounts", "30", "testdata/sample.csv"},
		{"-asof", "1677-09-22", "testdata/sample.csv"},
		{"-asof", "2262-04-11", "testdata/sample.csv"},
		{"-json=false", "-ties=grouped", "--", "testdata/sample.csv"},
	} {
		if code, _, stderr := runCLI(t, "", args...); code != 0 {
			t.Errorf("%q: exit %d, stderr %q", args, code, stderr)
		}
	}
}
