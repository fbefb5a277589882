package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/keyaccount/keyaccount/internal/fixture/rfmgen"
	"github.com/shopspring/decimal"
)

func runCLI(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var o, e bytes.Buffer
	code = run(args, strings.NewReader(stdin), &o, &e)
	return code, o.String(), e.String()
}

// On the shared benchmark's small data set (generated here, byte for byte
// as the shared generator does), the figures equal the anchors' checksums
// (RESULTS.md) and the dump rows hash as the anchors' dump rows do.
func TestMatchesAnchorsOnSmallSet(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "small.csv")
	f, err := os.Create(in)
	if err != nil {
		t.Fatal(err)
	}
	if err := rfmgen.Write(f, rfmgen.Small); err != nil {
		t.Fatal(err)
	}
	f.Close()
	dump := filepath.Join(dir, "dump.csv")
	code, out, stderr := runCLI(t, "", "-json", "-dump", dump, in)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var rep report
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	got := []any{rep.Accounts, rep.Transactions, rep.AnalysisDate, rep.TotalMonetary, rep.Pareto80Count, rep.Top20Count, rep.Top20Monetary, rep.Top20Share, rep.Gini}
	want := []any{10000, int64(100000), "2026-01-01", "11165883.82", 3074, 2000, "7839192.57", "0.702066", "0.663490145"}
	if diff := cmp.Diff(got, want); diff != "" {
		t.Errorf("figures (-got +want):\n%s", diff)
	}
	b, err := os.ReadFile(dump)
	if err != nil {
		t.Fatal(err)
	}
	header, rows, _ := bytes.Cut(b, []byte("\n"))
	if string(header) != "account_id,recency,frequency,monetary,r_score,f_score,m_score" {
		t.Errorf("dump header %q", header)
	}
	sum := sha256.Sum256(rows)
	// sha256 of the rows (after the header) of every anchor's dump.
	if got, want := hex.EncodeToString(sum[:]), "75ef660384599540f9742bb9fabca4690de5239ad5d7c3ada70c9e8787746bcd"; got != want {
		t.Errorf("dump rows sha256 %s, want %s", got, want)
	}
}

func TestSample(t *testing.T) {
	dump := filepath.Join(t.TempDir(), "d.csv")
	code, out, stderr := runCLI(t, "", "-json", "-dump", dump, "testdata/sample.csv")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var rep report
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Accounts != 30 || rep.Transactions != 152 || rep.AnalysisDate != "2026-01-01" || len(rep.Segments) != 11 {
		t.Errorf("report %+v", rep)
	}
	b, _ := os.ReadFile(dump)
	// C0000007 has the sub-cent amount 4.125: its total is printed rounded
	// half away from zero to two decimals; the JSON total keeps every digit.
	if !strings.HasSuffix(rep.TotalMonetary, "5") || !bytes.Contains(b, []byte("\nC0000007,1,")) {
		t.Errorf("total %s; dump:\n%s", rep.TotalMonetary, b)
	}
	// Same input on standard input, with -asof, -k and -ties.
	data, _ := os.ReadFile("testdata/sample.csv")
	code, out, stderr = runCLI(t, string(data), "-asof", "2025-07-01", "-k", "3", "-ties", "grouped", "-json", "-")
	if code != 0 {
		t.Fatalf("stdin: exit %d: %s", code, stderr)
	}
	rep = report{}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	if rep.AnalysisDate != "2025-07-01" || rep.Excluded == 0 || len(rep.Segments) != 1 || rep.Segments[0].Segment != "(none)" {
		t.Errorf("stdin report: %+v", rep)
	}
}

func TestMalformedLines(t *testing.T) {
	input := "account_id,date,amount\n" +
		"A,2025-01-01,10.00\n" +
		"B,2025-02-30,1.00\n" + // line 3: no such date
		"C,2025-01-02,1e3\n" + // line 4: exponent
		"D,2025-01-03\n" + // line 5: two fields
		"\"E,1\",2025-01-04,5\n" // line 6: quoted ID with a comma: fine
	code, _, stderr := runCLI(t, input, "-")
	if code != 1 || !strings.Contains(stderr, "line 3:") {
		t.Errorf("exit %d, stderr %q; want 1 and line 3", code, stderr)
	}
	code, out, stderr := runCLI(t, input, "-skip-bad", "-json", "-dump", filepath.Join(t.TempDir(), "d.csv"), "-")
	if code != 0 || !strings.Contains(stderr, "skipped 3 malformed lines; the first: line 3:") {
		t.Fatalf("skip-bad: exit %d, stderr %q", code, stderr)
	}
	var rep report
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Accounts != 2 || rep.Skipped != 3 || rep.TotalMonetary != "15.00" {
		t.Errorf("report %+v", rep)
	}
	for _, c := range []struct {
		name, stdin string
		args        []string
		code        int
		stderr      string
	}{
		{"bad header", "id,date,amount\nA,2025-01-01,1\n", []string{"-"}, 1, "line 1:"},
		{"empty input", "", []string{"-"}, 1, "empty"},
		{"no file", "", []string{"/nonexistent/x.csv"}, 1, "no such file"},
		{"no argument", "", nil, 2, "usage"},
		{"bad ties", "", []string{"-ties", "random", "-"}, 2, "-ties"},
		{"bad k", "", []string{"-k", "0", "-"}, 2, "-k 0"},
		{"bad asof", "", []string{"-asof", "2025-13-01", "-"}, 2, "-asof"},
		{"crlf and BOM", "\xef\xbb\xbfcustomer_id,date,amount\r\nA,2025-01-01,1.5\r\n", []string{"-"}, 0, ""},
		{"line 4 of chunked input", "account_id,date,amount\nA,2025-01-01,1\nA,2025-01-01,1\nA,2025-01-01,x\n", []string{"-"}, 1, "line 4:"},
		{"blank last line", "account_id,date,amount\nA,2025-01-01,1\n\n", []string{"-"}, 1, "line 3: want 3 fields"},
		{"blank last line skipped", "account_id,date,amount\nA,2025-01-01,1\n\n", []string{"-skip-bad", "-"}, 0, "skipped 1 malformed lines; the first: line 3:"},
		{"no line break at the end", "account_id,date,amount\nA,2025-01-01,1", []string{"-"}, 0, ""},
	} {
		code, _, stderr := runCLI(t, c.stdin, c.args...)
		if code != c.code || !strings.Contains(stderr, c.stderr) {
			t.Errorf("%s: exit %d, stderr %q; want %d and %q", c.name, code, stderr, c.code, c.stderr)
		}
	}
}

// Lines that straddle chunks, in many small chunks over two workers, read
// as in one chunk; and the first bad line is still the one reported.
func TestSmallChunks(t *testing.T) {
	data, err := os.ReadFile("testdata/sample.csv")
	if err != nil {
		t.Fatal(err)
	}
	_, want, _ := runCLI(t, string(data), "-json", "-")
	defer func(old int) { chunkSize = old }(chunkSize)
	for _, size := range []int{1, 7, 64, 333} {
		chunkSize = size
		if code, got, stderr := runCLI(t, string(data), "-json", "-"); code != 0 || got != want {
			t.Errorf("chunks of %d bytes: exit %d (%s), output differs: %v", size, code, stderr, got != want)
		}
		bad := strings.Replace(string(data), "2024-03-", "2024-3-", 1) // first such line becomes malformed
		n := strings.Count(string(data)[:strings.Index(string(data), "2024-03-")], "\n") + 1
		if code, _, stderr := runCLI(t, bad, "-"); code != 1 || !strings.Contains(stderr, "line "+strconv.Itoa(n)+":") {
			t.Errorf("chunks of %d bytes: exit %d, stderr %q; want line %d", size, code, stderr, n)
		}
	}
}

// An account whose refunds exceed its purchases is scored and dumped, and
// left out of the Pareto figures, by name.
func TestNegativeNet(t *testing.T) {
	input := "account_id,date,amount\nA,2025-01-01,10.00\nB,2025-01-02,5.00\nB,2025-01-03,-8.00\nC,2025-01-04,30.00\n"
	dump := filepath.Join(t.TempDir(), "d.csv")
	code, out, stderr := runCLI(t, input, "-json", "-dump", dump, "-")
	if code != 0 || !strings.Contains(stderr, "1 accounts have a negative net") || !strings.Contains(stderr, "[B]") {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	var rep report
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Negative != 1 || rep.Accounts != 3 || rep.TotalMonetary != "40.00" || rep.Pareto80Count != 2 {
		t.Errorf("report %+v", rep)
	}
	// The segments include B: their monetary totals add up to
	// total_monetary plus B's net, as the package doc says.
	sum := decimal.Zero
	for _, s := range rep.Segments {
		sum = sum.Add(decimal.RequireFromString(s.Monetary))
	}
	if !sum.Equal(decimal.RequireFromString("37")) {
		t.Errorf("segments' monetary totals add up to %v, want 37 (40.00 less B's 3.00)", sum)
	}
	b, _ := os.ReadFile(dump)
	if !bytes.Contains(b, []byte("\nB,2,2,-3.00,")) {
		t.Errorf("dump:\n%s", b)
	}
}

// The dump is the same whether its rows are formatted in one block or in
// many, on one core or on several.
func TestDumpBlocks(t *testing.T) {
	dir := t.TempDir()
	one := filepath.Join(dir, "one.csv")
	if code, _, stderr := runCLI(t, "", "-dump", one, "testdata/sample.csv"); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	want, err := os.ReadFile(one)
	if err != nil {
		t.Fatal(err)
	}
	defer func(old int) { dumpBlock = old }(dumpBlock)
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(4))
	for _, size := range []int{1, 2, 7} {
		dumpBlock = size
		name := filepath.Join(dir, strconv.Itoa(size)+".csv")
		if code, _, stderr := runCLI(t, "", "-dump", name, "testdata/sample.csv"); code != 0 {
			t.Fatalf("blocks of %d: exit %d: %s", size, code, stderr)
		}
		got, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(string(got), string(want)); diff != "" {
			t.Errorf("blocks of %d rows (-got +want):\n%s", size, diff)
		}
	}
}
