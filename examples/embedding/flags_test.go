package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func runCLI(args ...string) (code int, stdout, stderr string) {
	var o, e bytes.Buffer
	code = run(args, &o, &e)
	return code, o.String(), e.String()
}

// Without arguments the program prints the report of the golden file, and
// nothing on standard error.
func TestRunCommand(t *testing.T) {
	want, err := os.ReadFile(filepath.Join("testdata", "output.golden"))
	if err != nil {
		t.Fatal(err)
	}
	if code, out, stderr := runCLI(); code != 0 || out != string(want) || stderr != "" {
		t.Errorf("exit %d, stdout %q, stderr %q; want 0, the golden report, nothing", code, out, stderr)
	}
}

// -h says what the program does, on standard error; it has no flags to
// document.
func TestHelp(t *testing.T) {
	for _, arg := range []string{"-h", "-help", "--help"} {
		code, out, stderr := runCLI(arg)
		if code != 0 || out != "" || !strings.HasPrefix(stderr, "usage: embedding\n\nEmbedding is the shape of a program") || strings.Contains(stderr, "Flags:") {
			t.Errorf("%s: exit %d, stdout %q, stderr %q; want 0, nothing, the usage without flags", arg, code, out, stderr)
		}
	}
}

// A flag or an argument is a bad command line: exit status 2, nothing
// done.
func TestBadCommandLine(t *testing.T) {
	const usage = "usage: embedding\nRun embedding -h for help.\n"
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"extra"}, `embedding: invalid command line: unexpected argument "extra"`},
		{[]string{"-asof", "2026-07-01"}, "embedding: invalid command line: flag provided but not defined: -asof"},
	} {
		code, out, stderr := runCLI(c.args...)
		if code != 2 || out != "" || stderr != c.want+"\n"+usage {
			t.Errorf("%q: exit %d, stdout %q, stderr %q; want 2, nothing, %q and the usage", c.args, code, out, stderr, c.want)
		}
	}
}
