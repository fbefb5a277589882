package cli_test

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/calendar"
	"github.com/keyaccount/keyaccount/internal/cli"
)

// run is a program's run function: it parses args, does the work (here,
// it prints what it was asked for) and returns the exit status. The
// examples pass os.Stdout as its standard error, so that their output
// shows what a user would see.
func run(args []string, stdout, stderr io.Writer) int {
	cmd := &cli.Command{
		Name: "top",
		Args: []string{"FILE"},
		Doc:  "Top prints the accounts of FILE with the most revenue up to a date.",
	}
	n := cmd.Int("n", 10, 1, 1000, "how many accounts to print")
	at := cmd.DateRange("at", calendar.Date{Year: 2026, Month: 10, Day: 1},
		calendar.Date{Year: 1900, Month: 1, Day: 1}, calendar.Date{Year: 2100, Month: 12, Day: 31}, "the analysis date")
	order := cmd.Choice("order", "revenue", []string{"revenue", "name"}, "the order of the accounts")
	if err := cmd.Parse(args); err != nil {
		return cmd.ExitStatus(stderr, err)
	}
	if cmd.Arg(0) == "missing.csv" {
		return cmd.ExitStatus(stderr, errors.New("open missing.csv: no such file or directory"))
	}
	fmt.Fprintf(stdout, "the top %d accounts of %s by %s on %v\n", *n, cmd.Arg(0), *order, *at)
	return cmd.ExitStatus(stderr, nil)
}

// A program with three flags and one argument, run with good and bad
// command lines.
func Example() {
	for _, args := range [][]string{
		{"-n", "5", "accounts.csv"},
		{"-n", "0", "accounts.csv"},
		{"-at", "2026-02-30", "accounts.csv"},
		{"-order", "size", "accounts.csv"},
		{"-v", "accounts.csv"},
		{"accounts.csv", "more.csv"},
		{"missing.csv"},
	} {
		fmt.Printf("$ top %q\n", args)
		fmt.Println("exit status", run(args, os.Stdout, os.Stdout))
	}
	// Output:
	// $ top ["-n" "5" "accounts.csv"]
	// the top 5 accounts of accounts.csv by revenue on 2026-10-01
	// exit status 0
	// $ top ["-n" "0" "accounts.csv"]
	// top: invalid flag value: -n 0: must be from 1 to 1000
	// usage: top [flags] FILE
	// Run top -h for help.
	// exit status 2
	// $ top ["-at" "2026-02-30" "accounts.csv"]
	// top: invalid flag value: -at "2026-02-30": no such day
	// usage: top [flags] FILE
	// Run top -h for help.
	// exit status 2
	// $ top ["-order" "size" "accounts.csv"]
	// top: invalid flag value: -order "size": want revenue or name
	// usage: top [flags] FILE
	// Run top -h for help.
	// exit status 2
	// $ top ["-v" "accounts.csv"]
	// top: invalid command line: flag provided but not defined: -v
	// usage: top [flags] FILE
	// Run top -h for help.
	// exit status 2
	// $ top ["accounts.csv" "more.csv"]
	// top: invalid command line: unexpected argument "more.csv"
	// usage: top [flags] FILE
	// Run top -h for help.
	// exit status 2
	// $ top ["missing.csv"]
	// top: open missing.csv: no such file or directory
	// exit status 1
}

// -h prints the help: the usage line, the program's paragraph, and every
// flag with the values it takes and its default. The status is 0.
func Example_help() {
	fmt.Println("exit status", run([]string{"-h"}, os.Stdout, os.Stdout))
	// Output:
	// usage: top [flags] FILE
	//
	// Top prints the accounts of FILE with the most revenue up to a date.
	//
	// Flags:
	//   -at date
	//     	the analysis date (from 1900-01-01 to 2100-12-31, default 2026-10-01)
	//   -n int
	//     	how many accounts to print (from 1 to 1000, default 10)
	//   -order revenue|name
	//     	the order of the accounts (default revenue)
	// exit status 0
}

// A bad flag value is an *account.FieldError naming the flag, the value and
// the reason, wrapping ErrValue and ErrUsage.
func ExampleCommand_Parse() {
	cmd := &cli.Command{Name: "report"}
	cmd.Int("k", 5, 1, 100, "scores per dimension")
	err := cmd.Parse([]string{"-k", "500"})
	var fe *account.FieldError
	if errors.As(err, &fe) {
		fmt.Println(fe.Field, fe.Value, fe.Reason)
	}
	fmt.Println(errors.Is(err, cli.ErrValue), errors.Is(err, cli.ErrUsage))
	// Output:
	// -k 500 must be from 1 to 100
	// true true
}

// A flag whose values only the program can check, such as where the data
// is kept, uses Func: a value its function rejects is a bad flag value
// like any other.
func ExampleCommand_Func() {
	cmd := &cli.Command{Name: "pack"}
	store := "memory"
	cmd.Func("store", "keep the data in `memory` or sqlite:FILE", func(s string) error {
		if s != "memory" && (!strings.HasPrefix(s, "sqlite:") || s == "sqlite:") {
			return errors.New("want memory or sqlite:FILE")
		}
		store = s
		return nil
	})
	fmt.Println(cmd.Parse([]string{"-store", "sqlite:pack.db"}), store)
	fmt.Println(cmd.Parse([]string{"-store", "postgres:x"}))
	// Output:
	// <nil> sqlite:pack.db
	// invalid flag value: -store "postgres:x": want memory or sqlite:FILE
}
