package main

import (
	"bytes"
	"context"
	"testing"

	"github.com/keyaccount/keyaccount/internal/cli/clitest"
)

// Without arguments the program prints the tour, and nothing on standard
// error.
func TestRunCommand(t *testing.T) {
	var want bytes.Buffer
	if err := tour(context.Background(), &want); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{nil, {}, {"--"}} {
		if code, out, stderr := clitest.Run(run, args...); code != 0 || out != want.String() || stderr != "" {
			t.Errorf("%q: exit %d, stdout %q, stderr %q; want 0, the tour, nothing", args, code, out, stderr)
		}
	}
}

// -h says what the program does, on standard error; it has no flags.
func TestHelp(t *testing.T) {
	clitest.Help(t, run, "usage: quickstart\n\nQuickstart is a first tour of keyaccount.")
}

// A flag or an argument is a bad command line: exit status 2, nothing
// done. (Before, they were ignored.)
func TestBadCommandLine(t *testing.T) {
	clitest.Refuses(t, run, "usage: quickstart",
		clitest.Bad{Args: []string{"extra"}, Err: `quickstart: invalid command line: unexpected argument "extra"`},
		clitest.Bad{Args: []string{"--", "-v"}, Err: `quickstart: invalid command line: unexpected argument "-v"`},
		clitest.Bad{Args: []string{"-v"}, Err: "quickstart: invalid command line: flag provided but not defined: -v"},
		clitest.Bad{Args: []string{"-json=true"}, Err: "quickstart: invalid command line: flag provided but not defined: -json"},
	)
}
