package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/keyaccount/keyaccount/examples/internal/cli/clitest"
)

// Without arguments the program prints the report of the golden file, and
// nothing on standard error.
func TestRunCommand(t *testing.T) {
	want, err := os.ReadFile(filepath.Join("testdata", "output.golden"))
	if err != nil {
		t.Fatal(err)
	}
	if code, out, stderr := clitest.Run(run); code != 0 || out != string(want) || stderr != "" {
		t.Errorf("exit %d, stdout %q, stderr %q; want 0, the golden report, nothing", code, out, stderr)
	}
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
