package main

import (
	"testing"

	"github.com/keyaccount/keyaccount/internal/cli/clitest"
)

// -h prints the usage and documents every flag, on standard error, and
// exits with status 0 having done nothing.
func TestHelp(t *testing.T) {
	clitest.Help(t, run, "usage: portfolio [flags]\n\nPortfolio prints the quarterly account-management pack",
		"-accounts number", "-at date", "-html FILE", "-ics FILE", "-json FILE", "-q", "-seed seed", "-store value")
}

// A bad command line is an error naming the flag or the argument and the
// reason, then the usage, with exit status 2, before anything is generated
// or opened.
func TestBadCommandLine(t *testing.T) {
	clitest.Refuses(t, run, "usage: portfolio [flags]",
		clitest.Bad{Args: []string{"-accounts", "29"}, Err: "portfolio: invalid flag value: -accounts 29: must be from 30 to 1000000"},
		clitest.Bad{Args: []string{"-accounts", "1000001"}, Err: "portfolio: invalid flag value: -accounts 1000001: must be from 30 to 1000000"},
		clitest.Bad{Args: []string{"-accounts", "many"}, Err: `portfolio: invalid flag value: -accounts "many": want an integer`},
		clitest.Bad{Args: []string{"-at", "2000-01-01"}, Err: "portfolio: invalid flag value: -at 2000-01-01: must be from 2000-01-02 to 2050-12-31"},
		clitest.Bad{Args: []string{"-at", "2051-01-01"}, Err: "portfolio: invalid flag value: -at 2051-01-01: must be from 2000-01-02 to 2050-12-31"},
		clitest.Bad{Args: []string{"-at", "2026-02-29"}, Err: `portfolio: invalid flag value: -at "2026-02-29": no such day`},
		clitest.Bad{Args: []string{"-seed", "-1"}, Err: `portfolio: invalid flag value: -seed "-1": want a whole number from 0 to 18446744073709551615`},
		clitest.Bad{Args: []string{"-store", "mysql://db"}, Err: `portfolio: invalid flag value: -store "mysql://db": must be sqlite:FILE or postgres:URL`},
		clitest.Bad{Args: []string{"-store", "sqlite:"}, Err: `portfolio: invalid flag value: -store "sqlite:": sqlite: needs a file: sqlite:FILE`},
		clitest.Bad{Args: []string{"-store", "postgres:db.internal"}, Err: `portfolio: invalid flag value: -store "postgres:db.internal": postgres: needs a URL: postgres:postgres://USER@HOST:PORT/DATABASE`},
		clitest.Bad{Args: []string{"-q=perhaps"}, Err: `portfolio: invalid flag value: -q "perhaps": want true or false`},
		clitest.Bad{Args: []string{"-html"}, Err: "portfolio: invalid command line: flag needs an argument: -html"},
		clitest.Bad{Args: []string{"-zz"}, Err: "portfolio: invalid command line: flag provided but not defined: -zz"},
		clitest.Bad{Args: []string{"report"}, Err: `portfolio: invalid command line: unexpected argument "report"`},
	)
}
