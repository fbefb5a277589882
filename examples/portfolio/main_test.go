package main

import (
	"bytes"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	_ "github.com/jackc/pgx/v5/stdlib" // the pgx driver, for the test schema

	"github.com/keyaccount/keyaccount/examples/portfolio/internal/browsertest"
	"github.com/keyaccount/keyaccount/examples/portfolio/internal/pack"
	"github.com/keyaccount/keyaccount/internal/cli/clitest"
	"github.com/keyaccount/keyaccount/internal/golden"
)

// outputs runs the program with args and the three file flags, and returns
// its standard output and the files' contents.
func outputs(t *testing.T, args ...string) (stdout string, files map[string][]byte) {
	t.Helper()
	dir := t.TempDir()
	names := []string{"reviews.ics", "results.json", "report.html"}
	args = append(args, "-ics", filepath.Join(dir, names[0]), "-json", filepath.Join(dir, names[1]), "-html", filepath.Join(dir, names[2]))
	code, stdout, stderr := clitest.Run(run, args...)
	if code != 0 {
		t.Fatalf("portfolio %s: exit status %d\n%s", strings.Join(args, " "), code, stderr)
	}
	files = map[string][]byte{}
	for _, n := range names {
		b, err := os.ReadFile(filepath.Join(dir, n))
		if err != nil {
			t.Fatal(err)
		}
		files[n] = b
	}
	return stdout, files
}

// The pack of the default portfolio on the default date: the text report,
// the quarterly results and the review schedule are the committed files
// (go test ./examples/portfolio -update rewrites them).
func TestGolden(t *testing.T) {
	stdout, files := outputs(t, "-q")
	golden.Check(t, []byte(stdout), "testdata/report.txt")
	golden.Check(t, files["results.json"], "testdata/results.json")
	golden.Check(t, files["reviews.ics"], "testdata/reviews.ics")
}

// The HTML report opens in a real headless Chromium from its file: URL:
// every chart renders, the page requests nothing but itself and the browser
// complains of nothing. The screenshot is kept in the test's temporary
// directory; KEYACCOUNT_SCREENSHOT=FILE copies it there. The README's
// docs/portfolio.png is the top 1,250 pixels of the page so made:
//
//	KEYACCOUNT_SCREENSHOT=/tmp/report.png go test ./examples/portfolio -run Browser
func TestBrowser(t *testing.T) {
	exe := browsertest.Chromium(t)
	_, files := outputs(t, "-q")
	html := files["report.html"]
	browsertest.Check(t, browsertest.Open(t, exe, t.TempDir(), html), bytes.Count(html, []byte("<svg")))
	if n := bytes.Count(html, []byte("<svg")); n != pack.Charts {
		t.Errorf("the report has %d charts, want %d", n, pack.Charts)
	}
}

// The pack over a SQLite store, loaded by the first run and only read by
// the second, is the pack over memory, byte for byte.
func TestSQLite(t *testing.T) {
	sameAsMemory(t, "sqlite:"+filepath.Join(t.TempDir(), "pack.db"))
}

// The pack over PostgreSQL is the pack over memory, byte for byte. The
// test runs in a schema of its own on the server KEYACCOUNT_TEST_POSTGRES
// names, and skips without it.
func TestPostgres(t *testing.T) {
	base := os.Getenv("KEYACCOUNT_TEST_POSTGRES")
	if base == "" {
		t.Skip("KEYACCOUNT_TEST_POSTGRES is not set: the pack over PostgreSQL is not tested. To run it, start a throw-away cluster " +
			"(Debian's postgresql package) and point the variable at it:\n" +
			"\texport KEYACCOUNT_TEST_POSTGRES=$(.ci/postgres.sh start)\n\tgo test ./examples/portfolio -run Postgres\n\t.ci/postgres.sh stop")
	}
	db, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() }) // after the schema is dropped: cleanups run last first
	var b [8]byte
	rand.Read(b[:])
	schema := "ka_portfolio_" + hex.EncodeToString(b[:])
	if _, err := db.Exec("CREATE SCHEMA " + schema); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if _, err := db.Exec("DROP SCHEMA " + schema + " CASCADE"); err != nil {
			t.Errorf("dropping %s: %v", schema, err)
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	sameAsMemory(t, "postgres:"+u.String())
}

// sameAsMemory runs the program twice over the store the -store value
// store names (empty at first: the first run loads it, the second only
// reads it), and checks that each run writes what the run over memory
// writes.
func sameAsMemory(t *testing.T, store string) {
	t.Helper()
	mem, memFiles := outputs(t, "-q")
	for run := range 2 {
		got, files := outputs(t, "-q", "-store", store)
		if diff := cmp.Diff(mem, got); diff != "" {
			t.Errorf("run %d over %s: the text report differs from memory's (-memory +store):\n%s", run+1, store, diff)
		}
		for n, b := range files {
			if !bytes.Equal(b, memFiles[n]) {
				t.Errorf("run %d over %s: %s differs from memory's", run+1, store, n)
			}
		}
	}
}

// The README's excerpt of the report is the report: each of its lines but
// the "..." that mark cuts is a line of testdata/report.txt, in order.
func TestREADMEExcerpt(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	report, err := os.ReadFile("testdata/report.txt")
	if err != nil {
		t.Fatal(err)
	}
	_, block, ok := strings.Cut(string(readme), "An excerpt of its report:\n\n```text\n")
	block, _, ok2 := strings.Cut(block, "```")
	if !ok || !ok2 {
		t.Fatal("README.md has no excerpt of the report (a text block after \"An excerpt of its report:\")")
	}
	lines := strings.Split(string(report), "\n")
	i := 0
	for line := range strings.Lines(block) {
		line = strings.TrimSuffix(line, "\n")
		if line == "..." {
			continue
		}
		for i < len(lines) && lines[i] != line {
			i++
		}
		if i == len(lines) {
			t.Errorf("README.md's excerpt has %q, which is not a line of the report in that order", line)
			return
		}
		i++
	}
}
