// Command portfolio prints the quarterly account-management pack of a sample
// portfolio: how the book of business stands on an analysis date, and what
// should change. It is keyaccount's main example, the reference for how the
// packages fit together: it generates a realistic portfolio, stores it, and
// runs every part of the module over the store.
//
// Run it from the repository root:
//
//	go run ./examples/portfolio
//	go run ./examples/portfolio -html report.html -ics reviews.ics -json results.json
//
// Usage:
//
//	portfolio [-at YYYY-MM-DD] [-accounts N] [-seed N] [-store sqlite:FILE|postgres:URL]
//	          [-html FILE] [-ics FILE] [-json FILE] [-q]
//
// The portfolio is the sample of package internal/fixture/portfoliogen: by
// default 443 accounts (global accounts with subsidiaries, and departments
// served by IT, HR and Finance as internal customers), 12 account managers,
// three years of transactions in which the top 20 accounts hold 93% of the
// revenue (monthly invoices from the key accounts and internal customers,
// irregular orders from the rest, some of whom have stopped buying), a
// catalogue of offerings with what each buying centre holds, wallet
// estimates and a year of opportunities, stakeholders, interactions
// (a few by other divisions of the seller), surveys, feedback, planned changes,
// a year of support tickets on New Zealand business hours with an outage
// that hit many accounts in one week, and last year's tiers, owners, plans,
// reviews and budgets. The same flags always give the same portfolio and the
// same report, byte for byte: nothing depends on the clock.
//
// The report (package examples/portfolio/internal/pack), on stdout:
//
//   - the portfolio and its hierarchy roll-up; the top accounts' scores with
//     their explanations;
//   - the re-tiering against last year's tiers, with hysteresis, the share of
//     accounts that would move and the transition matrix;
//   - the balanced assignment of account managers, with the handovers;
//   - the RFM segments and the Pareto figures;
//   - the lifetime value of the accounts that buy without a contract: the
//     BG/NBD and Gamma-Gamma fits, the accounts probably lost, the value
//     over three years and the at-risk list with its reasons;
//   - growth: the white space of the top accounts with explained
//     suggestions, share of wallet and its falls, the pipeline by manager
//     with the stale and slipping opportunities, and the accounts several
//     divisions approached without their manager;
//   - service gaps and stakeholder coverage; satisfaction by tier with its
//     intervals and trend;
//   - SLA compliance by tier for the last quarter, the open breaches, the
//     escalations due now, and the early warning the outage raised;
//   - the changes ahead for the top accounts, their next 12 months of
//     reviews, the overdue action items, the budgets and the quarterly
//     results.
//
// Flags:
//
//	-at DATE      the analysis date: the report is as of 00:00 that day in
//	              Pacific/Auckland (default 2026-10-01). A generated portfolio
//	              ends there.
//	-accounts N   the accounts of the generated portfolio, 30 to 1,000,000
//	              (default 443).
//	-seed N       the generator's seed (default 1).
//	-store DSN    keep the portfolio in a SQL store instead of memory:
//	              sqlite:FILE (created if missing) or postgres:URL (a
//	              postgres:// URL may also be given alone). An empty store
//	              is loaded with the portfolio first, in one transaction; a
//	              store that holds it already (a second run) is only read.
//	-html FILE    also write the report as a self-contained HTML page with
//	              its charts.
//	-ics FILE     also write the top accounts' reviews as an iCalendar file.
//	-json FILE    also write the quarterly results as JSON.
//	-q            say nothing on standard error about progress.
//
// Any step that takes more than a second (generating a large portfolio,
// loading a store) reports its progress on standard error, unless -q is
// given. -h prints the usage and every flag and exits with status 0; a bad
// command line prints an error naming the flag and exits with status 2, as
// every example does (package internal/cli); a failure while running exits
// with status 1.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"github.com/keyaccount/keyaccount/calendar"
	"github.com/keyaccount/keyaccount/examples/portfolio/internal/pack"
	"github.com/keyaccount/keyaccount/internal/cli"
	"github.com/keyaccount/keyaccount/internal/fixture/portfoliogen"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// options are the command line's values.
type options struct {
	at       time.Time // the analysis instant: 00:00 of -at in Pacific/Auckland
	accounts int
	seed     uint64
	store    string // the data source name, "" for memory
	html     string // files to write, "" for none
	ics      string
	json     string
	quiet    bool
}

// run runs the program with the arguments args (without the program's
// name) and returns its exit status: 0; 1 for a failure while running; 2
// for a bad command line.
func run(args []string, stdout, stderr io.Writer) int {
	cmd := &cli.Command{
		Name: "portfolio",
		Doc: `Portfolio prints the quarterly account-management pack of a sample portfolio
on an analysis date: hierarchy, scores, re-tiering, manager assignment, RFM and
Pareto, service gaps, satisfaction, SLA compliance, escalations, the early
warning, changes, the next 12 months of reviews, overdue actions, budgets and
the quarterly results.

The sample is generated from -seed and -accounts, the same every run, and kept
in memory, or in the SQL store -store names (loaded when it is empty).`,
	}
	def := calendar.DateOf(portfoliogen.DefaultAt)
	at := cmd.DateRange("at", def, calendar.Date{Year: portfoliogen.MinYear, Month: time.January, Day: 2},
		calendar.Date{Year: portfoliogen.MaxYear, Month: time.December, Day: 31},
		"the analysis `date`: the report is as of 00:00 that day in "+portfoliogen.Zone)
	accounts := cmd.Int("accounts", portfoliogen.DefaultAccounts, portfoliogen.MinAccounts, portfoliogen.MaxAccounts,
		"the `number` of accounts of the generated portfolio")
	seed := cmd.Uint64("seed", portfoliogen.DefaultSeed, "the generator's `seed`")
	var dsn string
	cmd.Func("store", "keep the portfolio in a SQL store: sqlite:FILE or postgres:URL (default: in memory)", func(v string) error {
		d, err := storeDSN(v)
		dsn = d
		return err
	})
	html := cmd.String("html", "", "also write the report as a self-contained HTML page to `FILE`")
	ics := cmd.String("ics", "", "also write the top accounts' reviews as an iCalendar file to `FILE`")
	json := cmd.String("json", "", "also write the quarterly results as JSON to `FILE`")
	quiet := cmd.Bool("q", false, "say nothing about progress on standard error")
	if err := cmd.Parse(args); err != nil {
		return cmd.ExitStatus(stderr, err)
	}
	o := options{
		at:       time.Date(at.Year, at.Month, at.Day, 0, 0, 0, 0, portfoliogen.DefaultAt.Location()),
		accounts: *accounts, seed: *seed, store: dsn,
		html: *html, ics: *ics, json: *json, quiet: *quiet,
	}
	return cmd.ExitStatus(stderr, portfolio(context.Background(), o, stdout, newProgress(stderr, o.quiet)))
}

// portfolio generates the sample portfolio, fills the store with it, runs
// the pack and writes the report to stdout and to the files o names.
func portfolio(ctx context.Context, o options, stdout io.Writer, pr *progress) error {
	pr.begin(fmt.Sprintf("generating %s accounts", count(o.accounts)))
	p, err := portfoliogen.New(portfoliogen.Options{Seed: o.seed, Accounts: o.accounts, At: o.at})
	pr.end()
	if err != nil {
		return err
	}
	s, closeStore, err := openStore(ctx, o.store)
	if err != nil {
		return err
	}
	closeOnce := sync.OnceValue(closeStore) // closed once: on the way out, or at the end to report its error
	defer closeOnce()
	if _, err := fill(ctx, s, p, pr); err != nil {
		return err
	}
	pr.begin("computing the pack")
	cfg := pack.DefaultConfig()
	cfg.Budgets = p.Budgets             // no store keeps budgets,
	cfg.Changes.Holdings = p.Holdings() // nor the services each account uses
	r, err := pack.Run(ctx, s, cfg, o.at)
	pr.end()
	if err != nil {
		return err
	}
	if err := r.WriteText(stdout); err != nil {
		return err
	}
	for _, f := range []struct {
		name  string
		write func(io.Writer) error
	}{
		{o.ics, r.WriteICS},
		{o.json, r.WriteResultsJSON},
		{o.html, r.WriteHTML},
	} {
		if f.name == "" {
			continue
		}
		if err := writeFile(f.name, f.write); err != nil {
			return err
		}
	}
	return closeOnce()
}

// writeFile writes a file with write, reporting the first error of write,
// of the file's writes or of its close.
func writeFile(name string, write func(io.Writer) error) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	if err := write(f); err != nil {
		f.Close()
		return fmt.Errorf("%s: %w", name, err)
	}
	return f.Close()
}
