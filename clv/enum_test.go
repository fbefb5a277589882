package clv

import (
	"errors"
	"testing"
	"time"
)

func TestEnumText(t *testing.T) {
	for _, u := range []Unit{UnitDay, UnitWeek} {
		b, err := u.MarshalText()
		var back Unit
		if err != nil || back.UnmarshalText(b) != nil || back != u {
			t.Errorf("Unit %v: %q, %v, back %v", u, b, err, back)
		}
	}
	for _, s := range []Status{StatusConverged, StatusRestarted, StatusNelderMead} {
		b, err := s.MarshalText()
		var back Status
		if err != nil || back.UnmarshalText(b) != nil || back != s {
			t.Errorf("Status %v: %q, %v, back %v", s, b, err, back)
		}
	}
	// The zero Unit, unset, is the empty text; another unnamed value is
	// an error.
	if b, err := Unit(0).MarshalText(); err != nil || len(b) != 0 {
		t.Errorf("Unit(0).MarshalText() = %q, %v; want the empty text", b, err)
	}
	if _, err := Unit(9).MarshalText(); !errors.Is(err, ErrInvalid) {
		t.Errorf("Unit(9).MarshalText() = %v", err)
	}
	var u Unit
	if err := u.UnmarshalText([]byte("month")); !errors.Is(err, ErrInvalid) || u != 0 {
		t.Errorf("UnmarshalText(month) = %v, %v", err, u)
	}
	var s Status
	if err := s.UnmarshalText([]byte("x")); !errors.Is(err, ErrInvalid) || s != 0 {
		t.Errorf("Status UnmarshalText(x) = %v, %v", err, s)
	}
	if UnitDay.Duration() != 24*time.Hour || UnitWeek.Duration() != 7*24*time.Hour || Unit(9).Duration() != 0 {
		t.Error("Duration")
	}
	if UnitWeek.String() != "week" || StatusNelderMead.String() != "nelder-mead" {
		t.Error("String")
	}
}

func TestFitErrorText(t *testing.T) {
	err := error(&FitError{Model: "BG/NBD", Reason: "iteration limit reached", Last: []float64{1, 2}, Iterations: 7})
	want := "clv: BG/NBD fit did not converge: iteration limit reached (after 7 iterations, last [1 2])"
	if err.Error() != want || !errors.Is(err, ErrNoFit) || errors.Is(err, ErrInvalid) {
		t.Errorf("%q", err)
	}
}

// A fit given one iteration stops short on every attempt and reports a
// FitError with its last state.
func TestFitErrorCarriesLastState(t *testing.T) {
	s, _ := SimulateBGNBD(BGNBD{R: 0.24, Alpha: 4.41, A: 0.79, B: 2.43}, Simulation{Accounts: 500, Unit: UnitWeek, MinAge: 20 * week, MaxAge: 30 * week, Seed: 3})
	g, _ := Groups(s)
	_, err := FitBGNBD(g, FitOptions{MaxIterations: 1})
	var fe *FitError
	if !errors.As(err, &fe) || len(fe.Last) != 4 || fe.Iterations < 1 || fe.Reason == "" || fe.Model != "BG/NBD" {
		t.Fatalf("%#v", err)
	}
	fit, err := FitBGNBD(g, FitOptions{})
	if err != nil || fit.Status != StatusConverged || fit.Accounts != 500 || fit.Groups != len(g) {
		t.Fatalf("%+v %v", fit.FitResult, err)
	}
}
