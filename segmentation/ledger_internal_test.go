package segmentation

import (
	"testing"
	"time"

	"github.com/keyaccount/keyaccount/account"
)

// Ledger.Append keeps an amount of whole minor units in the units column
// and only a finer one on the exact side.
func TestLedgerAppendKeepsUnits(t *testing.T) {
	l, err := NewLedger("USD", account.TransactionRevenue)
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, amount := range []string{"USD 12.34", "USD 0.125"} {
		if err := l.Append(account.Transaction{ID: "t", Account: "A", At: at, Amount: account.MustParseMoney(amount), Kind: account.TransactionRevenue}); err != nil {
			t.Fatal(err)
		}
	}
	if l.units[0] != 1234 || l.units[1] != exactMark || len(l.exact) != 1 || l.exact[1].String() != "0.125" {
		t.Errorf("units %v, exact %v; want [1234 exactMark] and row 1 = 0.125", l.units, l.exact)
	}
}
