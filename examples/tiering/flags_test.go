package main

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"github.com/keyaccount/keyaccount/internal/cli/clitest"
	"github.com/keyaccount/keyaccount/internal/fixture/sample"
	"github.com/keyaccount/keyaccount/internal/golden"
)

// Without flags, and with the defaults given, the program prints the
// golden report, and nothing on standard error.
func TestRunCommand(t *testing.T) {
	for _, args := range [][]string{nil, {"-seed", "1", "-accounts", "300"}, {"-seed=0"}} {
		code, out, stderr := clitest.Run(run, args...)
		if code != 0 || stderr != "" {
			t.Errorf("%q: exit %d, stderr %q; want 0, nothing", args, code, stderr)
		}
		golden.Check(t, []byte(out), filepath.Join("testdata", "default.golden"))
	}
}

// The smallest portfolio, and another seed, are what the flags ask for.
func TestRunFlags(t *testing.T) {
	for _, c := range []struct {
		args []string
		o    sample.Options
	}{
		{[]string{"-accounts", "1"}, sample.Options{Seed: 1, Accounts: 1, Managers: 1}},
		{[]string{"-seed", "18446744073709551615", "-accounts", "40"}, sample.Options{Seed: 18446744073709551615, Accounts: 40, Managers: 16}},
	} {
		var want bytes.Buffer
		if err := report(&want, sample.New(c.o)); err != nil {
			t.Fatal(err)
		}
		if code, out, stderr := clitest.Run(run, c.args...); code != 0 || out != want.String() || stderr != "" {
			t.Errorf("%q: exit %d, stderr %q, stdout as for %+v: %v; want 0", c.args, code, stderr, c.o, out == want.String())
		}
	}
}

// -h documents every flag, on standard error.
func TestHelp(t *testing.T) {
	clitest.Help(t, run, "usage: tiering [flags]\n\nTiering scores and tiers", "-accounts int", "-seed uint")
}

// A bad command line is an error naming the flag or the argument, then the
// usage, with exit status 2 and nothing done. (Before, arguments were
// ignored.)
func TestBadCommandLine(t *testing.T) {
	clitest.Refuses(t, run, "usage: tiering [flags]",
		clitest.Bad{Args: []string{"-accounts", "0"}, Err: "tiering: invalid flag value: -accounts 0: must be from 1 to 50000"},
		clitest.Bad{Args: []string{"-accounts", "50001"}, Err: "tiering: invalid flag value: -accounts 50001: must be from 1 to 50000"},
		clitest.Bad{Args: []string{"-accounts", "many"}, Err: `tiering: invalid flag value: -accounts "many": want an integer`},
		clitest.Bad{Args: []string{"-seed", "-1"}, Err: `tiering: invalid flag value: -seed "-1": want a whole number from 0 to 18446744073709551615`},
		clitest.Bad{Args: []string{"-seed", "18446744073709551616"}, Err: `tiering: invalid flag value: -seed "18446744073709551616": want a whole number from 0 to 18446744073709551615`},
		clitest.Bad{Args: []string{"-seed"}, Err: "tiering: invalid command line: flag needs an argument: -seed"},
		// The largest portfolio passes: the error is the next argument's.
		clitest.Bad{Args: []string{"-accounts", "50000", "-zz"}, Err: "tiering: invalid command line: flag provided but not defined: -zz"},
		clitest.Bad{Args: []string{"300"}, Err: `tiering: invalid command line: unexpected argument "300"`},
	)
}

// The help says what the flags take.
func TestHelpFlagText(t *testing.T) {
	_, _, stderr := clitest.Run(run, "-h")
	for _, f := range []string{
		"-accounts int\n    \tnumber of accounts in the sample portfolio (from 1 to 50000, default 300)\n",
		"-seed uint\n    \tseed of the sample portfolio; 0 means 1 (default 1)\n",
	} {
		if !strings.Contains(stderr, "\n  "+f) {
			t.Errorf("the help does not document %q:\n%s", f, stderr)
		}
	}
}
