package clitest

import (
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/keyaccount/keyaccount/internal/cli"
)

// recorder is a testing.TB that keeps the failures reported to it.
type recorder struct {
	testing.TB
	errs []string
}

func (r *recorder) Helper() {}
func (r *recorder) Errorf(format string, args ...any) {
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}

// good keeps the rule: a program with two flags and one argument.
func good(args []string, stdout, stderr io.Writer) int {
	cmd := &cli.Command{Name: "good", Args: []string{"FILE"}, Doc: "Good keeps the rule."}
	n := cmd.Int("n", 1, 1, 9, "how many")
	cmd.Bool("q", false, "quiet")
	if err := cmd.Parse(args); err != nil {
		return cmd.ExitStatus(stderr, err)
	}
	fmt.Fprintln(stdout, *n, cmd.Arg(0))
	return 0
}

func TestRun(t *testing.T) {
	code, out, stderr := Run(good, "-n", "3", "f")
	if code != 0 || out != "3 f\n" || stderr != "" {
		t.Errorf("Run = %d, %q, %q", code, out, stderr)
	}
}

func TestGoodProgramPasses(t *testing.T) {
	r := &recorder{TB: t}
	Help(r, good, "usage: good [flags] FILE\n\nGood keeps the rule.\n", "-n int", "-q")
	Refuses(r, good, "usage: good [flags] FILE",
		Bad{Args: []string{"-n", "0", "f"}, Err: "good: invalid flag value: -n 0: must be from 1 to 9"},
		Bad{Args: nil, Err: "good: invalid command line: missing FILE"},
	)
	if len(r.errs) > 0 {
		t.Errorf("failures reported for a program that keeps the rule:\n%s", strings.Join(r.errs, "\n"))
	}
}

func TestBadProgramsFail(t *testing.T) {
	// helpOnStdout prints its help to standard output.
	helpOnStdout := func(args []string, stdout, stderr io.Writer) int { return good(args, stdout, stdout) }
	// exitsOne exits with 1 where good exits with 2.
	exitsOne := func(args []string, stdout, stderr io.Writer) int {
		if code := good(args, stdout, stderr); code != 2 {
			return code
		}
		return 1
	}
	// helpFails exits with 2 after -h.
	helpFails := func(args []string, stdout, stderr io.Writer) int {
		code := good(args, stdout, stderr)
		if len(args) > 0 && strings.HasSuffix(args[0], "help") {
			return 2
		}
		return code
	}
	for _, c := range []struct {
		name  string
		check func(testing.TB)
		fails int
	}{
		{"help on stdout", func(r testing.TB) { Help(r, helpOnStdout, "usage: good") }, 3},
		{"help exits 2", func(r testing.TB) { Help(r, helpFails, "usage: good") }, 2},
		{"other help", func(r testing.TB) { Help(r, good, "usage: bad") }, 3},
		{"undocumented flag", func(r testing.TB) { Help(r, good, "usage: good", "-n int", "-k int") }, 3},
		{"flag with another argument", func(r testing.TB) { Help(r, good, "usage: good", "-q bool") }, 3},
		{"exit 1", func(r testing.TB) {
			Refuses(r, exitsOne, "usage: good [flags] FILE", Bad{Args: []string{"-n", "0", "f"}, Err: "good: invalid flag value: -n 0: must be from 1 to 9"})
		}, 1},
		{"other message", func(r testing.TB) {
			Refuses(r, good, "usage: good [flags] FILE", Bad{Args: []string{"-n", "0", "f"}, Err: "good: -n 0: must be from 1 to 9"})
		}, 1},
		{"other usage", func(r testing.TB) {
			Refuses(r, good, "usage: good FILE", Bad{Args: []string{"-n", "0", "f"}, Err: "good: invalid flag value: -n 0: must be from 1 to 9"})
		}, 1},
		{"accepted", func(r testing.TB) { Refuses(r, good, "usage: good [flags] FILE", Bad{Args: []string{"f"}}) }, 1},
		// A usage line without the program's name cannot match.
		{"no name", func(r testing.TB) {
			Refuses(r, good, "usage:", Bad{Args: []string{"-n", "0", "f"}, Err: "good: invalid flag value: -n 0: must be from 1 to 9"})
		}, 1},
	} {
		r := &recorder{TB: t}
		c.check(r)
		if len(r.errs) != c.fails {
			t.Errorf("%s: %d failures reported, want %d:\n%s", c.name, len(r.errs), c.fails, strings.Join(r.errs, "\n"))
		}
	}
}

// A one-letter flag's text follows on its line, after a tab.
func TestHelpOneLetterFlag(t *testing.T) {
	r := &recorder{TB: t}
	Help(r, good, "usage:", "-q")
	if len(r.errs) != 0 {
		t.Errorf("-q not found: %v", r.errs)
	}
}
