package rfmgen

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"testing"
)

// The shared benchmark generator's small set has this sha256 (RESULTS.md):
// Write must produce the same bytes.
func TestWriteMatchesSharedGenerator(t *testing.T) {
	var b bytes.Buffer
	if err := Write(&b, Small); err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(b.Bytes())
	if got, want := hex.EncodeToString(sum[:]), "72acb6bb597231a141b873aecdca6e4923f08e0bd4f6645b00192ae47b30047c"; got != want {
		t.Fatalf("sha256 %s, want %s (size %d, want 2623454)", got, want, b.Len())
	}
}

func TestGenerateIsDeterministic(t *testing.T) {
	c := Config{Accounts: 50, Transactions: 500, Seed: 7}
	var a, b bytes.Buffer
	if err := Write(&a, c); err != nil {
		t.Fatal(err)
	}
	if err := Write(&b, c); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Fatal("two runs with the same Config differ")
	}
	lines := bytes.Count(a.Bytes(), []byte("\n"))
	if lines != 501 {
		t.Fatalf("%d lines, want 501", lines)
	}
}
