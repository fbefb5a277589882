package main

import (
	"bytes"
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestRun(t *testing.T) {
	var out bytes.Buffer
	if err := tour(context.Background(), &out); err != nil {
		t.Fatal(err)
	}
	const want = `Revenue from 2026-01-01 to 2026-06-30 (before 2026-07-01)

account                                 own        rolled up
Kauri Group                   NZD 12,000.00    NZD 49,130.50
  Kauri Australia             NZD 21,300.00    NZD 21,300.00
  Kauri New Zealand            NZD 8,450.00    NZD 15,830.50
    Kauri Auckland             NZD 5,620.50     NZD 5,620.50
    Kauri Christchurch         NZD 1,760.00     NZD 1,760.00

Kauri Christchurch rolls up to Kauri Group (kauri): NZD 49,130.50 in all.
`
	if diff := cmp.Diff(out.String(), want); diff != "" {
		t.Errorf("output (-got +want):\n%s", diff)
	}
}
