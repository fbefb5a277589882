package main

import (
	"path/filepath"
	"testing"

	"github.com/keyaccount/keyaccount/internal/cli/clitest"
	"github.com/keyaccount/keyaccount/internal/golden"
)

// Without arguments the program prints the report of the golden file, and
// nothing on standard error.
func TestRunCommand(t *testing.T) {
	code, out, stderr := clitest.Run(run)
	if code != 0 || stderr != "" {
		t.Errorf("exit %d, stderr %q; want 0, nothing", code, stderr)
	}
	golden.Check(t, []byte(out), filepath.Join("testdata", "output.golden"))
}

// -h says what the program does, on standard error; it has no flags.
func TestHelp(t *testing.T) {
	clitest.Help(t, run, "usage: embedding\n\nEmbedding is the shape of a program")
}

// A flag or an argument is a bad command line: exit status 2, nothing
// done. (Before, they were ignored.)
func TestBadCommandLine(t *testing.T) {
	clitest.Refuses(t, run, "usage: embedding",
		clitest.Bad{Args: []string{"extra"}, Err: `embedding: invalid command line: unexpected argument "extra"`},
		clitest.Bad{Args: []string{"-asof", "2026-07-01"}, Err: "embedding: invalid command line: flag provided but not defined: -asof"},
	)
}
