package account_test

import (
	"encoding/json"
	"testing"

	"github.com/keyaccount/keyaccount/account"
)

func FuzzParseMoney(f *testing.F) {
	for _, s := range []string{"NZD 1,234.50", "12.30", "-0.5", "JPY 1200", "NZD 1e3", "NZD ,1", " AUD  7 ", "XAU 0.000001", "NZD 1,,000"} {
		f.Add(s, "NZD")
	}
	f.Fuzz(func(t *testing.T, s, def string) {
		m, err := account.ParseMoney(s, account.Currency(def))
		if err != nil {
			return
		}
		if err := m.Validate(); err != nil {
			t.Fatalf("ParseMoney(%q) = %v, which fails Validate: %v", s, m, err)
		}
		back, err := account.ParseMoney(m.String(), "")
		if err != nil || !back.Equal(m) {
			t.Fatalf("ParseMoney(%q) = %v; its String %q reads back as %v, %v", s, m, m.String(), back, err)
		}
		b, err := json.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		var fromJSON account.Money
		if err := json.Unmarshal(b, &fromJSON); err != nil || !fromJSON.Equal(m) {
			t.Fatalf("JSON round trip of %v via %s = %v, %v", m, b, fromJSON, err)
		}
	})
}

func FuzzMoneyUnmarshalJSON(f *testing.F) {
	for _, s := range []string{
		`{"amount":"1234.50","currency":"NZD"}`, `null`, `{"amount":1.5,"currency":"JPY"}`,
		`{"amount":"x","currency":"NZD"}`, `{"currency":"NZD"}`, `[]`, `{"amount":"1","currency":"NZD","x":1}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var m account.Money
		if err := json.Unmarshal(data, &m); err != nil {
			return
		}
		if m.Currency() != "" {
			if err := m.Validate(); err != nil {
				t.Fatalf("Unmarshal(%q) gave invalid %v: %v", data, m, err)
			}
		}
		b, err := json.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		var again account.Money
		if err := json.Unmarshal(b, &again); err != nil || !again.Equal(m) {
			t.Fatalf("re-marshal of %v via %s = %v, %v", m, b, again, err)
		}
	})
}
