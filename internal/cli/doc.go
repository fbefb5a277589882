// Package cli is the command line of the module's example programs: one
// rule, shared by every program under examples/, for their flags, their
// arguments, their help and their exit status. It is the rule Go's own
// tools follow:
//
//   - -h or -help (also --help) prints the usage line, a paragraph on what
//     the program does and every flag with its default, to standard error,
//     and the program exits with status 0;
//   - an unknown flag, a flag without its value, a bad flag value (out of
//     its range, not a date, not one of its choices), a missing argument or
//     one the program does not take prints one line naming the flag or the
//     argument and the reason, then the usage line, and the program exits
//     with status 2, having done nothing;
//   - a failure while running (a file that cannot be read, bad data in it)
//     prints one line and the program exits with status 1.
//
// A program declares its flags on a [Command], with the kinds it needs
// (each value is checked as the command line is parsed, so that a bad one
// is a usage error, never a failure half-way through the work), parses its
// arguments with [Command.Parse], and turns what happened into its exit
// status with [Command.ExitStatus]:
//
//	func run(args []string, stdout, stderr io.Writer) int {
//		cmd := &cli.Command{Name: "top", Args: []string{"FILE"}, Doc: "Top prints the largest accounts of FILE."}
//		n := cmd.Int("n", 10, 1, 1000, "how many accounts to print")
//		if err := cmd.Parse(args); err != nil {
//			return cmd.ExitStatus(stderr, err) // 0 for -h, 2 for a bad command line
//		}
//		return cmd.ExitStatus(stderr, top(stdout, cmd.Arg(0), *n)) // 0, or 1 for a failure
//	}
//
//	func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }
//
// Tests call run with their own arguments and buffers, without building or
// starting the program.
//
// # Kinds of flag
//
// [Command.Int] takes an integer within a range, [Command.Uint64] any
// unsigned integer, [Command.Date] and [Command.DateRange] a civil date
// (YYYY-MM-DD, as [calendar.ParseDate] reads it), [Command.Choice] one of
// a fixed set of words, [Command.Bool] and [Command.String] what the flag
// package's flags of those kinds take, and [Command.Func] whatever its
// function accepts. A flag given twice keeps its last value.
//
// # Errors
//
// A bad flag value is an [*account.FieldError] whose Field is the flag
// ("-k"), whose Value is the value as given (or, when it was read but is
// out of range, as read) and whose Reason says what the flag wants; it
// wraps [ErrValue], which wraps [ErrUsage]. Every other bad command line
// (an unknown flag, a flag without its value, a missing or an unexpected
// argument) is an error wrapping [ErrUsage]. Their text is written for the
// person at the command line, so the sentinels' texts carry no package
// prefix, and it is one line of bounded length whatever the arguments:
//
//	rfm: invalid flag value: -k 0: must be from 1 to 100
//	rfm: invalid flag value: -asof "2025-13-01": no such day
//	rfm: invalid command line: flag provided but not defined: -zz
//	quickstart: invalid command line: unexpected argument "extra"
//
// # Exit status of -h
//
// A program exits with status 0 after -h, as the flag package's
// ExitOnError mode has done since Go 1.15 and as gofmt does: help that was
// asked for is not an error. (go vet -h exits with 2 because the go
// command prints its own usage for every subcommand.) The help goes to
// standard error, where the flag package writes it, so that a program's
// standard output holds only its results.
//
// # Name and place
//
// The package is named for what it holds, the command-line interface of
// the examples. It lives in the module's internal/, beside internal/golden
// (the examples' golden files), rather than in examples/internal/: every
// directory under examples/ is a program whose package doc gives the
// command that runs it, and CI runs each of them. No library package
// imports it, as no library package reads a command line.
package cli
