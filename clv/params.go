package clv

import (
	"math"

	"github.com/keyaccount/keyaccount/account"
)

// checkParams reports the first parameter of a model that is not a finite
// number above 0.
func checkParams(record string, names []string, values ...float64) error {
	for i, v := range values {
		if !(v > 0) || math.IsInf(v, 0) {
			return &account.FieldError{Record: record, Field: names[i], Value: v, Reason: "must be a finite number above 0", Err: ErrInvalid}
		}
	}
	return nil
}

// Validate reports whether every parameter is a finite number above 0; an
// error is an [*account.FieldError] with Record "BGNBD" wrapping
// [ErrInvalid].
func (m BGNBD) Validate() error {
	return checkParams("BGNBD", []string{"R", "Alpha", "A", "B"}, m.R, m.Alpha, m.A, m.B)
}

// Validate reports whether every parameter is a finite number above 0; an
// error is an [*account.FieldError] with Record "ParetoNBD" wrapping
// [ErrInvalid].
func (m ParetoNBD) Validate() error {
	return checkParams("ParetoNBD", []string{"R", "Alpha", "S", "Beta"}, m.R, m.Alpha, m.S, m.Beta)
}

// Validate reports whether every parameter is a finite number above 0; an
// error is an [*account.FieldError] with Record "GammaGamma" wrapping
// [ErrInvalid].
func (m GammaGamma) Validate() error {
	return checkParams("GammaGamma", []string{"P", "Q", "Gamma"}, m.P, m.Q, m.Gamma)
}
