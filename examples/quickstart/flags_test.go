package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

func runCLI(args ...string) (code int, stdout, stderr string) {
	var o, e bytes.Buffer
	code = run(args, &o, &e)
	return code, o.String(), e.String()
}

// Without arguments the program prints the tour, and nothing on standard
// error.
func TestRunCommand(t *testing.T) {
	var want bytes.Buffer
	if err := tour(context.Background(), &want); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{nil, {}, {"--"}} {
		if code, out, stderr := runCLI(args...); code != 0 || out != want.String() || stderr != "" {
			t.Errorf("%q: exit %d, stdout %q, stderr %q; want 0, the tour, nothing", args, code, out, stderr)
		}
	}
}

// -h says what the program does, on standard error; it has no flags to
// document.
func TestHelp(t *testing.T) {
	for _, arg := range []string{"-h", "-help", "--help"} {
		code, out, stderr := runCLI(arg)
		if code != 0 || out != "" || !strings.HasPrefix(stderr, "usage: quickstart\n\nQuickstart is a first tour of keyaccount.") || strings.Contains(stderr, "Flags:") {
			t.Errorf("%s: exit %d, stdout %q, stderr %q; want 0, nothing, the usage without flags", arg, code, out, stderr)
		}
	}
}

// A flag or an argument is a bad command line: exit status 2, nothing
// done. (Before, they were ignored.)
func TestBadCommandLine(t *testing.T) {
	const usage = "usage: quickstart\nRun quickstart -h for help.\n"
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"extra"}, `quickstart: invalid command line: unexpected argument "extra"`},
		{[]string{"--", "-v"}, `quickstart: invalid command line: unexpected argument "-v"`},
		{[]string{"-v"}, "quickstart: invalid command line: flag provided but not defined: -v"},
		{[]string{"-json=true"}, "quickstart: invalid command line: flag provided but not defined: -json"},
	} {
		code, out, stderr := runCLI(c.args...)
		if code != 2 || out != "" || stderr != c.want+"\n"+usage {
			t.Errorf("%q: exit %d, stdout %q, stderr %q; want 2, nothing, %q and the usage", c.args, code, out, stderr, c.want)
		}
	}
}
