package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/keyaccount/keyaccount/internal/fault"
)

var (
	// ErrUsage is wrapped by every error of [Command.Parse] other than
	// [flag.ErrHelp]: the command line is one the program cannot take.
	ErrUsage = errors.New("invalid command line")

	// ErrValue is wrapped by the [*account.FieldError] of a bad flag value;
	// it wraps [ErrUsage].
	ErrValue = fault.New("invalid flag value", ErrUsage)
)

// A Command is the command line of one program: its name, the arguments it
// takes after its flags, what it does, and its flags, defined with the
// methods of Command before [Command.Parse] is called. A Command must not
// be copied after its first flag is defined.
type Command struct {
	// Name is the program's name, as the usage line and every message
	// show it: "rfm".
	Name string

	// Args names the arguments the program takes after its flags, one
	// element each, in order, as the usage line shows them: {"FILE|-"}.
	// The program takes exactly these; nil means none.
	Args []string

	// Doc is what the program does, in a paragraph or two (separated by
	// a blank line) that the help prints after the usage line, filled to
	// 80 columns.
	Doc string

	fs   *flag.FlagSet
	bad  error    // the error of the flag value that failed to parse
	args []string // the arguments after the flags, once parsed
}

// flags returns the flag set, made on first use.
func (c *Command) flags() *flag.FlagSet {
	if c.fs == nil {
		c.fs = flag.NewFlagSet(c.Name, flag.ContinueOnError)
		// The flag package's own messages are replaced by Parse's errors,
		// and its usage by ExitStatus.
		c.fs.SetOutput(io.Discard)
		c.fs.Usage = func() {}
	}
	return c.fs
}

// Parse parses the command line args (without the program's name): the
// flags, then exactly the arguments Args names. It returns nil;
// [flag.ErrHelp] if -h or -help was given; an [*account.FieldError]
// wrapping [ErrValue] for a bad flag value; or another error wrapping
// [ErrUsage]. Parsing stops at the first argument that is not a flag (or
// after "--"), as with the flag package.
func (c *Command) Parse(args []string) error {
	fs := c.flags()
	c.bad, c.args = nil, nil
	if err := fs.Parse(args); err != nil {
		switch {
		case errors.Is(err, flag.ErrHelp):
			return flag.ErrHelp
		case c.bad != nil:
			return c.bad
		}
		return fmt.Errorf("%w: %s", ErrUsage, oneLine(err.Error()))
	}
	rest := fs.Args()
	if len(rest) < len(c.Args) {
		return fmt.Errorf("%w: missing %s", ErrUsage, strings.Join(c.Args[len(rest):], " "))
	}
	if len(rest) > len(c.Args) {
		return fmt.Errorf("%w: unexpected argument %s", ErrUsage, fault.Quote(rest[len(c.Args)]))
	}
	c.args = rest
	return nil
}

// Arg returns the i'th argument after the flags, counting from 0, once
// [Command.Parse] has succeeded; "" if there is no such argument.
func (c *Command) Arg(i int) string {
	if i < 0 || i >= len(c.args) {
		return ""
	}
	return c.args[i]
}

// ExitStatus writes to stderr what err calls for and returns the exit
// status the program should end with:
//
//   - nil: nothing, and 0;
//   - [flag.ErrHelp]: the help ([Command.Help]), and 0;
//   - an error wrapping [ErrUsage]: "NAME: " and the error, the usage line
//     and how to get help, and 2;
//   - any other error (a failure while running): "NAME: " and the error,
//     and 1.
func (c *Command) ExitStatus(stderr io.Writer, err error) int {
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		c.Help(stderr)
		return 0
	case errors.Is(err, ErrUsage):
		fmt.Fprintf(stderr, "%s: %v\n%s\nRun %s -h for help.\n", c.Name, err, c.usageLine(), c.Name)
		return 2
	}
	fmt.Fprintf(stderr, "%s: %v\n", c.Name, err)
	return 1
}

// Help writes the program's help to w: the usage line, Doc, and every flag
// in the order of their names, with its argument, what it does, the values
// it takes when they are bounded ("from 1 to 100") and its default, in the
// layout of [flag.PrintDefaults]. A flag's argument is the
// name its usage text marks with back quotes, as in "write the table to
// `FILE`", or else its kind: int, uint, date, its choices (ordinal|grouped),
// string or value; a flag of [Command.Bool] has none.
func (c *Command) Help(w io.Writer) {
	var b strings.Builder
	b.WriteString(c.usageLine())
	b.WriteByte('\n')
	for p := range strings.SplitSeq(c.Doc, "\n\n") {
		if p = fill(p, 80); p != "" {
			b.WriteString("\n" + p + "\n")
		}
	}
	first := true
	c.flags().VisitAll(func(f *flag.Flag) {
		if first {
			b.WriteString("\nFlags:\n")
			first = false
		}
		name, usage := flag.UnquoteUsage(f)
		v, ok := f.Value.(described)
		if ok && usage == f.Usage {
			name = v.arg()
		}
		line := "  -" + f.Name
		if name != "" {
			line += " " + name
		}
		b.WriteString(line)
		// A one-letter flag without an argument has its text on the same
		// line; four spaces before the tab align for tab stops of 4 and 8.
		if len(line) <= 4 {
			b.WriteByte('\t')
		} else {
			b.WriteString("\n    \t")
		}
		b.WriteString(strings.ReplaceAll(usage, "\n", "\n    \t"))
		if ok {
			var notes []string
			if r := v.bounds(); r != "" {
				notes = append(notes, r)
			}
			if d := v.defaultText(); d != "" {
				notes = append(notes, "default "+d)
			}
			if len(notes) > 0 {
				b.WriteString(" (" + strings.Join(notes, ", ") + ")")
			}
		}
		b.WriteByte('\n')
	})
	io.WriteString(w, b.String())
}

// usageLine returns "usage: NAME [flags] ARGS...", without "[flags]" when
// the program has none.
func (c *Command) usageLine() string {
	parts := []string{"usage:", c.Name}
	n := 0
	c.flags().VisitAll(func(*flag.Flag) { n++ })
	if n > 0 {
		parts = append(parts, "[flags]")
	}
	return strings.Join(append(parts, c.Args...), " ")
}

// fill returns the words of p in lines of at most width bytes (a longer
// word has a line of its own), with no line break at the end.
func fill(p string, width int) string {
	var b strings.Builder
	n := 0 // bytes on the current line
	for _, w := range strings.Fields(p) {
		switch {
		case n == 0:
		case n+1+len(w) > width:
			b.WriteByte('\n')
			n = 0
		default:
			b.WriteByte(' ')
			n++
		}
		b.WriteString(w)
		n += len(w)
	}
	return b.String()
}

// maxLine is the most bytes of the flag package's message an error keeps.
const maxLine = 200

// oneLine returns the flag package's message s as one line of at most
// maxLine bytes and "…": its characters that are not graphic or not UTF-8
// escaped as Go would write them, then cut if it is longer. The flag
// package's messages repeat an unknown flag's name whole, line breaks and
// all.
func oneLine(s string) string {
	if !utf8.ValidString(s) || strings.IndexFunc(s, func(r rune) bool { return !unicode.IsGraphic(r) }) >= 0 {
		q := strconv.QuoteToGraphic(s)
		s = q[1 : len(q)-1]
	}
	if len(s) > maxLine {
		s = strings.ToValidUTF8(s[:maxLine], "") + "…"
	}
	return s
}
