package clv

import (
	"testing"
	"time"
)

func TestQuick(t *testing.T) {
	day := 24 * time.Hour
	s, err := SimulateBGNBD(BGNBD{0.24, 4.41, 0.79, 2.43}, Simulation{Accounts: 20000, Unit: UnitWeek, MinAge: 20 * 7 * day, MaxAge: 39 * 7 * day, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	g, _ := Groups(s)
	st := time.Now()
	f, err := FitBGNBD(g, FitOptions{})
	t.Log(len(g), time.Since(st), f, err)
	s2, err := SimulateParetoNBD(ParetoNBD{0.55, 10.6, 0.61, 11.7}, Simulation{Accounts: 20000, Unit: UnitWeek, MinAge: 20 * 7 * day, MaxAge: 39 * 7 * day, Seed: 1})
	g2, _ := Groups(s2)
	st = time.Now()
	f2, err := FitParetoNBD(g2, FitOptions{})
	t.Log(len(g2), time.Since(st), f2, err)
}
