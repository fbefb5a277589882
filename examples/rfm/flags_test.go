package main

import (
	"io"
	"strings"
	"testing"

	"github.com/keyaccount/keyaccount/internal/cli/clitest"
)

// withInput is run with in as standard input.
func withInput(in string) clitest.Main {
	return func(args []string, stdout, stderr io.Writer) int {
		return run(args, strings.NewReader(in), stdout, stderr)
	}
}

// -h prints the usage and documents every flag, on standard error, and
// exits with status 0 having read nothing.
func TestHelp(t *testing.T) {
	clitest.Help(t, withInput("never read"), "usage: rfm [flags] FILE|-\n\nRfm scores the accounts",
		"-asof date", "-dump FILE", "-json", "-k int", "-max-accounts int", "-skip-bad", "-ties ordinal|grouped")
}

// A bad command line is an error naming the flag or the argument and the
// reason, then the usage, with exit status 2, before anything is read.
func TestBadCommandLine(t *testing.T) {
	clitest.Refuses(t, withInput("account_id,date,amount\nA,2025-01-01,1\n"), "usage: rfm [flags] FILE|-",
		clitest.Bad{Args: []string{"-k", "0", "-"}, Err: "rfm: invalid flag value: -k 0: must be from 1 to 100"},
		clitest.Bad{Args: []string{"-k", "101", "-"}, Err: "rfm: invalid flag value: -k 101: must be from 1 to 100"},
		clitest.Bad{Args: []string{"-k", "x", "-"}, Err: `rfm: invalid flag value: -k "x": want an integer`},
		clitest.Bad{Args: []string{"-k"}, Err: "rfm: invalid command line: flag needs an argument: -k"},
		clitest.Bad{Args: []string{"-ties", "random", "-"}, Err: `rfm: invalid flag value: -ties "random": want ordinal or grouped`},
		clitest.Bad{Args: []string{"-asof", "2025-02-29", "-"}, Err: `rfm: invalid flag value: -asof "2025-02-29": no such day`},
		clitest.Bad{Args: []string{"-asof", "29/02/2024", "-"}, Err: `rfm: invalid flag value: -asof "29/02/2024": want YYYY-MM-DD`},
		clitest.Bad{Args: []string{"-asof", "1677-09-21", "-"}, Err: "rfm: invalid flag value: -asof 1677-09-21: must be from 1677-09-22 to 2262-04-11"},
		clitest.Bad{Args: []string{"-asof", "2262-04-12", "-"}, Err: "rfm: invalid flag value: -asof 2262-04-12: must be from 1677-09-22 to 2262-04-11"},
		// Before, 0001-01-01 was read as the zero time: as if -asof were not given.
		clitest.Bad{Args: []string{"-asof", "0001-01-01", "-"}, Err: "rfm: invalid flag value: -asof 0001-01-01: must be from 1677-09-22 to 2262-04-11"},
		clitest.Bad{Args: []string{"-max-accounts", "0", "-"}, Err: "rfm: invalid flag value: -max-accounts 0: must be at least 1"},
		clitest.Bad{Args: []string{"-json=maybe", "-"}, Err: `rfm: invalid flag value: -json "maybe": want true or false`},
		clitest.Bad{Args: []string{"-zz", "-"}, Err: "rfm: invalid command line: flag provided but not defined: -zz"},
		clitest.Bad{Args: nil, Err: "rfm: invalid command line: missing FILE|-"},
		clitest.Bad{Args: []string{"-json"}, Err: "rfm: invalid command line: missing FILE|-"},
		clitest.Bad{Args: []string{"-", "extra.csv"}, Err: `rfm: invalid command line: unexpected argument "extra.csv"`},
		clitest.Bad{Args: []string{"-", "-json"}, Err: `rfm: invalid command line: unexpected argument "-json"`},
	)
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
