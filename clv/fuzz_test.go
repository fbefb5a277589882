package clv

import (
	"encoding/binary"
	"errors"
	"math"
	"slices"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/keyaccount/keyaccount/account"
)

// groupsFromBytes reads groups of 4 little-endian fields each from data:
// repeats (int16), last and age (int32 hours), weight (uint8): arbitrary
// summaries, valid or not.
func groupsFromBytes(unit Unit, data []byte) []Group {
	var out []Group
	for len(data) >= 11 && len(out) < 200 {
		g := Group{
			Unit:    unit,
			Repeats: int(int16(binary.LittleEndian.Uint16(data))),
			Last:    time.Duration(int32(binary.LittleEndian.Uint32(data[2:]))) * time.Hour,
			Age:     time.Duration(int32(binary.LittleEndian.Uint32(data[6:]))) * time.Hour,
			Weight:  int64(data[10]),
		}
		out = append(out, g)
		data = data[11:]
	}
	return out
}

// FuzzFit fits both purchase models to arbitrary groups: every input ends
// in a fit with finite figures or a typed error, never a panic, a NaN or a
// hang (the iterations are bounded).
func FuzzFit(f *testing.F) {
	f.Add(uint8(1), []byte("\x00\x00\x00\x00\x00\x00\x10\x00\x00\x00\x0a\x02\x00\x10\x00\x00\x00\x20\x00\x00\x00\x05"))
	f.Add(uint8(2), make([]byte, 33))
	f.Add(uint8(0), []byte("\x01\x00\xff\xff\xff\xff\x00\x00\x00\x00\x01"))
	f.Fuzz(func(t *testing.T, unit uint8, data []byte) {
		groups := groupsFromBytes(Unit(unit%3), data)
		opts := FitOptions{MaxIterations: 50}
		bg, err := FitBGNBD(groups, opts)
		checkFit(t, "BG/NBD", bg.FitResult, err)
		pn, err := FitParetoNBD(groups, opts)
		checkFit(t, "Pareto/NBD", pn.FitResult, err)
	})
}

func checkFit(t *testing.T, model string, res FitResult, err error) {
	t.Helper()
	var fe *FitError
	switch {
	case err == nil:
		if math.IsNaN(res.LogLikelihood) || math.IsInf(res.LogLikelihood, 0) {
			t.Fatalf("%s: log-likelihood %v", model, res.LogLikelihood)
		}
		for _, e := range res.Estimates {
			for _, v := range []float64{e.Value, e.StdErr, e.Lower, e.Upper} {
				if math.IsNaN(v) || math.IsInf(v, 0) {
					t.Fatalf("%s: estimate %+v", model, e)
				}
			}
		}
	case errors.As(err, &fe):
		if !errors.Is(err, ErrNoFit) || fe.Reason == "" {
			t.Fatalf("%s: FitError %v", model, err)
		}
	case !errors.Is(err, ErrInvalid):
		t.Fatalf("%s: untyped error %v", model, err)
	}
}

// FuzzSummary validates arbitrary summaries and predicts with the valid
// ones: no panic, probabilities in [0, 1], expectations finite and ≥ 0.
func FuzzSummary(f *testing.F) {
	f.Add(uint8(1), int64(3), int64(100), int64(200), int64(50))
	f.Add(uint8(2), int64(0), int64(0), int64(0), int64(0))
	f.Add(uint8(0), int64(-1), int64(5), int64(1), int64(-3))
	f.Fuzz(func(t *testing.T, unit uint8, x, last, age, horizon int64) {
		s := Summary{Unit: Unit(unit % 3), Repeats: int(x % (2 * MaxRepeats)), Last: time.Duration(last), Age: time.Duration(age)}
		err := s.Validate()
		for _, m := range []Model{BGNBD{0.24, 4.41, 0.79, 2.43}, ParetoNBD{0.55, 10.58, 0.61, 11.67}} {
			p, perr := m.ProbabilityActive(s)
			e, eerr := m.ExpectedTransactions(s, time.Duration(horizon))
			if err != nil {
				if !errors.Is(perr, ErrInvalid) || !errors.Is(eerr, ErrInvalid) {
					t.Fatalf("invalid summary %+v predicted: %v %v", s, perr, eerr)
				}
				continue
			}
			if perr != nil || !(p >= 0 && p <= 1) {
				t.Fatalf("%+v: P(alive) %v, %v", s, p, perr)
			}
			if eerr == nil && !(e >= 0 && !math.IsInf(e, 0)) {
				t.Fatalf("%+v: expected %v", s, e)
			}
			if eerr != nil && !errors.Is(eerr, ErrInvalid) {
				t.Fatalf("%+v: %v", s, eerr)
			}
		}
	})
}

// FuzzSummaryBuilder builds summaries from arbitrary transactions (13
// bytes each: account, hours back from the calibration end, signed cents,
// currency, kind): every input ends in valid summaries that do not depend
// on the input's order, or a typed error wrapping ErrInvalid, never a panic.
func FuzzSummaryBuilder(f *testing.F) {
	f.Add(uint8(1), []byte("\x00\x10\x00\x00\x00\x64\x00\x00\x00\x00\x00\x00\x01\x01\x20\x00\x00\x00\x9c\xff\xff\xff\xff\xff\xff\x01"))
	f.Add(uint8(2), make([]byte, 26))
	f.Add(uint8(0), []byte("\x02\x00\x00\x00\x00\x01\x00\x00\x00\x00\x00\x00\x02"))
	end := time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, unit uint8, data []byte) {
		var txs []account.Transaction
		for len(data) >= 13 && len(txs) < 300 {
			cur := account.Currency("USD")
			if data[12]&1 == 1 {
				cur = "EUR"
			}
			kind := account.TransactionRevenue
			if data[12]&2 == 2 {
				kind = account.TransactionCost
			}
			m, _ := account.NewMoney(decimal.New(int64(binary.LittleEndian.Uint64(data[4:])), -2), cur)
			txs = append(txs, account.Transaction{ID: "T", Account: account.ID(string(rune('a' + data[0]%8))),
				At: end.Add(-time.Duration(int32(binary.LittleEndian.Uint32(data[0:]))>>8) * time.Hour), Amount: m, Kind: kind})
			data = data[13:]
		}
		o := SummaryOptions{Unit: Unit(unit % 3), CalibrationEnd: end, HoldoutEnd: end.Add(90 * 24 * time.Hour)}
		seq := func(txs []account.Transaction) func(func(account.Transaction, error) bool) {
			return func(yield func(account.Transaction, error) bool) {
				for _, tx := range txs {
					if !yield(tx, nil) {
						return
					}
				}
			}
		}
		got, err := BuildSummaries(seq(txs), o)
		if err != nil {
			if !errors.Is(err, ErrInvalid) {
				t.Fatalf("error %v does not wrap ErrInvalid", err)
			}
			return
		}
		for _, s := range got {
			if err := s.Validate(); err != nil {
				t.Fatalf("invalid summary %+v: %v", s, err)
			}
		}
		rev := slices.Clone(txs)
		slices.Reverse(rev)
		again, err := BuildSummaries(seq(rev), o)
		if err != nil {
			t.Fatalf("reversed input fails: %v", err)
		}
		if len(again) != len(got) {
			t.Fatalf("reversed input: %d summaries, want %d", len(again), len(got))
		}
		for i := range got {
			a, b := got[i], again[i]
			if a.ID != b.ID || a.Repeats != b.Repeats || a.Last != b.Last || a.Age != b.Age || a.HoldoutRepeats != b.HoldoutRepeats ||
				!a.MeanValue.Amount().Equal(b.MeanValue.Amount()) {
				t.Fatalf("reversed input: %+v, want %+v", b, a)
			}
		}
	})
}
