// Package clitest checks that an example program keeps the command-line
// rule of package cli: -h documents every flag and exits with status 0, a
// bad command line is one line of error and the usage with exit status 2.
// It is to package cli what net/http/httptest is to net/http: the tests'
// side of it.
//
// A program's test passes its run function:
//
//	func TestHelp(t *testing.T) {
//		clitest.Help(t, run, "usage: top [flags] FILE\n\nTop prints", "-n int", "-order revenue|name")
//	}
//
//	func TestBadCommandLine(t *testing.T) {
//		clitest.Refuses(t, run, "usage: top [flags] FILE",
//			clitest.Bad{Args: []string{"-n", "0", "f"}, Err: "top: invalid flag value: -n 0: must be from 1 to 1000"},
//			clitest.Bad{Args: []string{"f", "g"}, Err: `top: invalid command line: unexpected argument "g"`},
//		)
//	}
package clitest

import (
	"bytes"
	"io"
	"strings"
	"testing"
)

// A Main is a program's run function: it runs the program with args
// (without the program's name) and returns its exit status.
type Main func(args []string, stdout, stderr io.Writer) int

// Run runs main with args and returns its exit status and what it wrote
// to standard output and standard error.
func Run(main Main, args ...string) (code int, stdout, stderr string) {
	var o, e bytes.Buffer
	code = main(args, &o, &e)
	return code, o.String(), e.String()
}

// Help checks that -h, -help and --help each make main exit with status 0,
// write nothing to standard output, and write to standard error a help
// that begins with prefix and documents every one of flags, each given as
// the help's line for it: "-k int", "-json", "-ties ordinal|grouped".
func Help(t testing.TB, main Main, prefix string, flags ...string) {
	t.Helper()
	for _, arg := range []string{"-h", "-help", "--help"} {
		code, out, stderr := Run(main, arg)
		if code != 0 || out != "" || !strings.HasPrefix(stderr, prefix) {
			t.Errorf("%s: exit %d, stdout %q, stderr %q; want 0, nothing, a help beginning %q", arg, code, out, stderr, prefix)
			continue
		}
		for _, f := range flags {
			// A flag's line ends at its argument; its text follows on the
			// next line, or after a tab for a one-letter flag.
			if !strings.Contains(stderr, "\n  "+f+"\n    \t") && !strings.Contains(stderr, "\n  "+f+"\t") {
				t.Errorf("%s: the help does not document %s:\n%s", arg, f, stderr)
			}
		}
	}
}

// A Bad is a command line the program must refuse, and the first line of
// the error it must write: "rfm: invalid flag value: -k 0: must be from 1
// to 100".
type Bad struct {
	Args []string
	Err  string
}

// Refuses checks that main refuses each of bad: exit status 2, nothing on
// standard output, and on standard error exactly the Bad's error line,
// the usage line usage ("usage: rfm [flags] FILE|-") and the line saying
// how to get help.
func Refuses(t testing.TB, main Main, usage string, bad ...Bad) {
	t.Helper()
	name := ""
	if f := strings.Fields(usage); len(f) > 1 {
		name = f[1]
	}
	for _, b := range bad {
		want := b.Err + "\n" + usage + "\nRun " + name + " -h for help.\n"
		if code, out, stderr := Run(main, b.Args...); code != 2 || out != "" || stderr != want {
			t.Errorf("%q: exit %d, stdout %q, stderr %q; want 2, nothing, %q", b.Args, code, out, stderr, want)
		}
	}
}
