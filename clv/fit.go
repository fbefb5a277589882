package clv

import (
	"errors"
	"math"
	"slices"
	"strconv"

	"gonum.org/v1/gonum/diff/fd"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/optimize"

	"github.com/keyaccount/keyaccount/account"
)

// FitOptions tune a fit. The zero FitOptions is the default: no penalty,
// 500 iterations per attempt.
type FitOptions struct {
	// Penalty is the weight λ of an L2 penalty on the log-parameters: the
	// fit maximises ℓ(θ) − λ·N·Σ(log θᵢ)², N the number of accounts, which
	// pulls every parameter towards 1 (Gamma-Gamma's γ towards the mean
	// spend, since that fit runs on values divided by their mean). It
	// steadies a fit on little or odd data; 0 (the default) is plain
	// maximum likelihood. 0 to 100. With a penalty, the standard errors
	// come from the Hessian of the penalised log-likelihood.
	Penalty float64
	// MaxIterations bounds the iterations of each attempt (each starting
	// point and the Nelder-Mead fallback): 0 means 500; at most 10000.
	MaxIterations int
}

// Validate reports whether o is usable: errors are [*account.FieldError]s
// with Record "FitOptions" wrapping [ErrInvalid].
func (o FitOptions) Validate() error {
	if !(o.Penalty >= 0 && o.Penalty <= 100) {
		return &account.FieldError{Record: "FitOptions", Field: "Penalty", Value: o.Penalty, Reason: "must be from 0 to 100", Err: ErrInvalid}
	}
	if o.MaxIterations < 0 || o.MaxIterations > 10000 {
		return &account.FieldError{Record: "FitOptions", Field: "MaxIterations", Value: o.MaxIterations, Reason: "must be from 0 to 10000", Err: ErrInvalid}
	}
	return nil
}

// Estimate is one fitted parameter: its value, its standard error (from
// the inverse Hessian of the log-likelihood on the log scale, carried to
// the natural scale by the delta method: SE = value · SE(log value)), and
// its 95% interval exp(log value ± 1.959964·SE(log value)), which is
// always positive and is not symmetric about the value.
type Estimate struct {
	Name   string
	Value  float64
	StdErr float64
	Lower  float64
	Upper  float64
}

// Covers reports whether v is inside the 95% interval of e.
func (e Estimate) Covers(v float64) bool { return e.Lower <= v && v <= e.Upper }

// FitResult is what every fit reports beside its model.
type FitResult struct {
	// Estimates lists the parameters in the model's order.
	Estimates []Estimate
	// LogLikelihood is the log-likelihood of the data at the estimates
	// (the penalty not subtracted).
	LogLikelihood float64
	// Iterations counts the optimiser's iterations over every attempt.
	Iterations int
	// Status says how the fit converged.
	Status Status
	// Groups is the number of distinct groups fitted; Accounts their
	// total weight.
	Groups   int
	Accounts int64
}

// maxLog bounds the log-parameters: e^±25 is about 1.4e-11 to 7.2e10.
const maxLog = 25

// problem is a model's log-likelihood on the log-parameter scale.
type problem struct {
	model  string
	names  []string
	weight float64 // total weight N
	// loglik returns the total log-likelihood at log-parameters y and,
	// when grad is not nil, writes its gradient with respect to y.
	loglik func(y, grad []float64) float64
	starts [][]float64 // natural-scale starting points, tried in order
	// cheapGrad says the gradient costs little beside the value (it is
	// analytic), so that every evaluation computes both.
	cheapGrad bool
}

// objective is the function the optimiser minimises: the mean negative
// penalised log-likelihood, with a soft wall beyond ±maxLog so that it is
// finite everywhere.
func (p *problem) objective(penalty float64) (f func([]float64) float64, g func(grad, y []float64)) {
	// The optimiser asks for the value and the gradient at the same point
	// in separate calls; one evaluation serves both.
	var lastY, lastGrad []float64
	var lastLL float64
	eval := func(y []float64, needGrad bool) (float64, []float64) {
		if lastY != nil && slices.Equal(y, lastY) && (lastGrad != nil || !needGrad) {
			return lastLL, lastGrad
		}
		lastGrad = nil
		if needGrad || p.cheapGrad {
			lastGrad = make([]float64, len(y))
		}
		lastLL = p.loglik(y, lastGrad)
		lastY = slices.Clone(y)
		return lastLL, lastGrad
	}
	f = func(y []float64) float64 {
		ll, _ := eval(y, false)
		v := -ll / p.weight
		for _, yi := range y {
			v += penalty*yi*yi + wall(yi)
		}
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return math.MaxFloat64
		}
		return v
	}
	g = func(grad, y []float64) {
		_, lg := eval(y, true)
		for i, yi := range y {
			grad[i] = -lg[i]/p.weight + 2*penalty*yi + wallSlope(yi)
			if math.IsNaN(grad[i]) || math.IsInf(grad[i], 0) {
				grad[i] = 0
			}
		}
	}
	return f, g
}

func wall(y float64) float64 {
	if d := math.Abs(y) - maxLog; d > 0 {
		return d * d
	}
	return 0
}

func wallSlope(y float64) float64 {
	switch {
	case y > maxLog:
		return 2 * (y - maxLog)
	case y < -maxLog:
		return 2 * (y + maxLog)
	}
	return 0
}

// gradTol is the largest gradient norm (of the mean objective) a
// converged fit may have.
const gradTol = 1e-5

// run fits p: BFGS from each starting point in turn, then Nelder-Mead from
// the best point found, and accepts the first result whose gradient is
// small, whose parameters are inside the bounds and whose Hessian is
// positive definite.
func (p *problem) run(opts FitOptions) ([]float64, FitResult, error) {
	iters := opts.MaxIterations
	if iters == 0 {
		iters = 500
	}
	f, g := p.objective(opts.Penalty)
	prob := optimize.Problem{Func: f, Grad: g}
	// Nelder-Mead asks for values only: its own objective, which computes
	// no gradient even when the gradient is cheap (the value is the same
	// to the bit).
	vp := *p
	vp.cheapGrad = false
	fv, _ := vp.objective(opts.Penalty)
	total := 0
	var best []float64
	bestF := math.Inf(1)
	reason := ""
	try := func(y0 []float64, method optimize.Method) (y []float64, ok bool) {
		settings := &optimize.Settings{
			GradientThreshold: gradTol / 10,
			MajorIterations:   iters,
			FuncEvaluations:   20 * iters,
			Converger:         &optimize.FunctionConverge{Absolute: 1e-13, Relative: 1e-13, Iterations: 20},
		}
		pr := prob
		if _, ok := method.(*optimize.NelderMead); ok {
			pr = optimize.Problem{Func: fv}
		}
		res, err := optimize.Minimize(pr, y0, settings, method)
		if res == nil {
			reason = "optimiser: " + err.Error()
			return nil, false
		}
		total += res.MajorIterations
		y = res.X
		fy := f(y)
		if fy < bestF {
			bestF, best = fy, slices.Clone(y)
		}
		grad := make([]float64, len(y))
		g(grad, y)
		switch {
		case err != nil && res.Status != optimize.IterationLimit:
			reason = "optimiser: " + err.Error()
		case res.Status == optimize.IterationLimit:
			reason = "iteration limit reached"
		case !inBounds(y):
			reason = "a parameter ran off to 0 or infinity"
		case norm(grad) > gradTol:
			reason = "gradient not small at the end (" + strconv.FormatFloat(norm(grad), 'g', 3, 64) + ")"
		default:
			return y, true
		}
		return y, false
	}
	var status Status
	var y, se []float64 // the accepted point and its standard errors
	for i, s := range p.starts {
		y0 := make([]float64, len(s))
		for j, v := range s {
			y0[j] = math.Log(v)
		}
		yy, ok := try(y0, &optimize.BFGS{})
		if ok {
			sey, _, err := p.covariance(yy, opts.Penalty)
			if err == nil {
				y, se, status = yy, sey, StatusConverged
				if i > 0 {
					status = StatusRestarted
				}
				break
			}
			reason = covReason(err)
		}
	}
	if y == nil && best != nil {
		yy, ok := try(slices.Clone(best), &optimize.NelderMead{})
		if ok {
			// Polish with BFGS from the simplex's point.
			if y2, ok2 := try(slices.Clone(yy), &optimize.BFGS{}); ok2 {
				yy = y2
			}
			if sey, _, err := p.covariance(yy, opts.Penalty); err == nil {
				y, se, status = yy, sey, StatusNelderMead
			} else {
				reason = covReason(err)
			}
		}
	}
	if y == nil {
		fe := &FitError{Model: p.model, Reason: reason, Iterations: total, LogLikelihood: math.Inf(-1)}
		if best != nil {
			fe.Last = natural(best)
			if ll := p.loglik(best, nil); !math.IsNaN(ll) {
				fe.LogLikelihood = ll
			}
		}
		return nil, FitResult{}, fe
	}
	// se is that of the acceptance test: the Hessian is not worked out
	// twice.
	res := FitResult{LogLikelihood: p.loglik(y, nil), Iterations: total, Status: status}
	for i, yi := range y {
		v := math.Exp(yi)
		res.Estimates = append(res.Estimates, Estimate{
			Name: p.names[i], Value: v, StdErr: v * se[i],
			Lower: math.Exp(yi - z95*se[i]), Upper: math.Exp(yi + z95*se[i]),
		})
	}
	return natural(y), res, nil
}

// maxLogSE is the largest standard error of a log-parameter a fit
// accepts: beyond it the 95% interval spans more than e^±19 and the data
// do not determine the parameter (a penalty may help).
const maxLogSE = 10

var errNotIdentified = errors.New("a parameter is not determined by the data (try a penalty)")

// z95 is the 97.5% quantile of the standard normal distribution.
const z95 = 1.959963984540054

// covariance returns the standard errors of the log-parameters at y, from
// the inverse of the Hessian of the total negative penalised
// log-likelihood: central differences of the analytic gradient, or
// central second differences of the value when the gradient is numerical.
// It fails when the Hessian is not positive definite.
func (p *problem) covariance(y []float64, penalty float64) (se []float64, cov *mat.SymDense, err error) {
	f, g := p.objective(penalty)
	n := len(y)
	h := mat.NewSymDense(n, nil)
	if !p.cheapGrad {
		// The gradient is itself numerical: differences of it would
		// compound two errors, so the Hessian comes from central second
		// differences of the value (gonum/diff/fd), with a step of 1e-4
		// on the log scale.
		fd.Hessian(h, f, y, &fd.Settings{Formula: fd.Central, Step: 1e-4})
		h.ScaleSym(p.weight, h)
	} else {
		gp, gm := make([]float64, n), make([]float64, n)
		cols := make([][]float64, n)
		for j := range n {
			step := 1e-5 * max(1, math.Abs(y[j]))
			yp, ym := slices.Clone(y), slices.Clone(y)
			yp[j] += step
			ym[j] -= step
			g(gp, yp)
			g(gm, ym)
			cols[j] = make([]float64, n)
			for i := range n {
				cols[j][i] = (gp[i] - gm[i]) / (2 * step) * p.weight
			}
		}
		for i := range n {
			for j := i; j < n; j++ {
				h.SetSym(i, j, (cols[i][j]+cols[j][i])/2)
			}
		}
	}
	var ch mat.Cholesky
	if !ch.Factorize(h) {
		return nil, nil, ErrNoFit
	}
	cov = mat.NewSymDense(n, nil)
	if err := ch.InverseTo(cov); err != nil {
		return nil, nil, ErrNoFit
	}
	se = make([]float64, n)
	for i := range n {
		v := cov.At(i, i)
		if !(v > 0) || v > maxLogSE*maxLogSE {
			return nil, nil, errNotIdentified
		}
		se[i] = math.Sqrt(v)
	}
	return se, cov, nil
}

func covReason(err error) string {
	if err == errNotIdentified {
		return err.Error()
	}
	return "Hessian not positive definite"
}

func inBounds(y []float64) bool {
	for _, v := range y {
		if !(math.Abs(v) < maxLog) {
			return false
		}
	}
	return true
}

func norm(v []float64) float64 {
	s := 0.0
	for _, x := range v {
		s += x * x
	}
	return math.Sqrt(s)
}

func natural(y []float64) []float64 {
	out := make([]float64, len(y))
	for i, v := range y {
		out[i] = math.Exp(v)
	}
	return out
}

// logSumExp returns log(e^a + e^b) without overflow.
func logSumExp(a, b float64) float64 {
	if a < b {
		a, b = b, a
	}
	if math.IsInf(a, -1) {
		return a
	}
	return a + math.Log1p(math.Exp(b-a))
}

// logDiffExp returns log(e^a − e^b) for a ≥ b, -Inf when a == b.
func logDiffExp(a, b float64) float64 {
	if b >= a {
		return math.Inf(-1)
	}
	return a + math.Log1p(-math.Exp(b-a))
}
