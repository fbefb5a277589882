package account_test

import (
	"strings"
	"testing"

	"github.com/keyaccount/keyaccount/account"
)

func BenchmarkParseMoney(b *testing.B) {
	for b.Loop() {
		if _, err := account.ParseMoney("NZD -1,234,567.89", ""); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkMoneyUnmarshalJSON(b *testing.B) {
	data := []byte(`{"amount":"-1234567.89","currency":"NZD"}`)
	for b.Loop() {
		var m account.Money
		if err := m.UnmarshalJSON(data); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkParseMoneyOversize reads amounts of 4,000,000 digits (before
// and after the point), which are refused before they are parsed: the
// cost is a scan of the text.
func BenchmarkParseMoneyOversize(b *testing.B) {
	for _, tt := range []struct{ name, text string }{
		{"integer", "NZD " + strings.Repeat("9", 4_000_000)},
		{"fraction", "NZD 0." + strings.Repeat("0", 4_000_000)},
	} {
		b.Run(tt.name, func(b *testing.B) {
			b.SetBytes(int64(len(tt.text)))
			for b.Loop() {
				if _, err := account.ParseMoney(tt.text, ""); err == nil {
					b.Fatal("accepted")
				}
			}
		})
	}
}
