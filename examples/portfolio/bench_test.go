package main

import (
	"bytes"
	"io"
	"path/filepath"
	"testing"
)

// BenchmarkCommand runs the whole program as `go run ./examples/portfolio`
// does once built: generate the default portfolio, load it into memory, run
// the pack and write the text report. The target is under 10 s.
func BenchmarkCommand(b *testing.B) {
	var out bytes.Buffer
	for b.Loop() {
		out.Reset()
		if code := run([]string{"-q"}, &out, io.Discard); code != 0 {
			b.Fatalf("exit status %d", code)
		}
	}
	b.ReportMetric(float64(out.Len()), "bytes-of-report")
}

// BenchmarkCommandFiles adds the three files: the HTML page with its five
// charts, the iCalendar file and the JSON results.
func BenchmarkCommandFiles(b *testing.B) {
	dir := b.TempDir()
	args := []string{"-q", "-html", filepath.Join(dir, "r.html"), "-ics", filepath.Join(dir, "r.ics"), "-json", filepath.Join(dir, "r.json")}
	for b.Loop() {
		if code := run(args, io.Discard, io.Discard); code != 0 {
			b.Fatalf("exit status %d", code)
		}
	}
}

// BenchmarkCommandSQLite runs the program over a SQLite file: the first
// run (outside the timer) loads it, each timed run reads it.
func BenchmarkCommandSQLite(b *testing.B) {
	store := "sqlite:" + filepath.Join(b.TempDir(), "pack.db")
	if code := run([]string{"-q", "-store", store}, io.Discard, io.Discard); code != 0 {
		b.Fatalf("loading: exit status %d", code)
	}
	for b.Loop() {
		if code := run([]string{"-q", "-store", store}, io.Discard, io.Discard); code != 0 {
			b.Fatalf("exit status %d", code)
		}
	}
}
