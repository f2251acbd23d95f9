package rule_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/diff/fd"
	"gonum.org/v1/gonum/floats"

	"plasticity/core/rule"
	"plasticity/core/run"
)

// epObjective returns the cost C at the free equilibrium, mean over the
// batch: the output state s_L is the drive the rule's Forward leaves in A
// (clipped for hard-sigmoid outputs), since s = clip(s − ε(s − d)) holds at
// the fixed point only if s = clip(d).
func epObjective(r *run.Run, x, y []float64, N int, linear bool) float64 {
	r.Rule.(rule.Forwarder).Forward(x, N)
	L, k := r.Net.NumLayers(), r.Net.Outputs()
	s := r.Net.A[L-1][:N*k]
	c := 0.0
	for n := range N {
		row := append([]float64(nil), s[n*k:n*k+k]...)
		t := y[n*k : n*k+k]
		if linear {
			c += crossEntropyOfLogits(row, t)
			continue
		}
		for j, v := range row {
			v = min(max(v, 0), 1)
			c += (v - t[j]) * (v - t[j])
		}
	}
	return c / float64(N)
}

// crossEntropyOfLogits returns −Σ t log softmax(z).
func crossEntropyOfLogits(z, t []float64) float64 {
	m := z[0]
	for _, v := range z {
		m = max(m, v)
	}
	s := 0.0
	for _, v := range z {
		s += math.Exp(v - m)
	}
	c := 0.0
	for j, v := range z {
		c -= t[j] * (v - m - math.Log(s))
	}
	return c
}

// TestEquilibriumPropagationGradient checks Scellier & Bengio's theorem:
// with both phases settled, EP's update tends, as β → 0, to the gradient of
// the cost at the free equilibrium, here by central finite differences of
// that cost (gonum's diff/fd) with long free phases. Symmetric nudging makes
// the estimate's error O(β²), plain nudging O(β).
func TestEquilibriumPropagationGradient(t *testing.T) {
	const seed = 1
	for _, test := range []struct {
		output, sign string
		betas        []float64
		tol          float64 // relative error at the smallest β (measured: 1.4e-3, 1.2e-3, 4.1e-3)
	}{
		{"linear", "symmetric", []float64{0.5, 0.1, 0.01}, 5e-3},
		{"hardsigmoid", "symmetric", []float64{0.5, 0.1, 0.01}, 5e-3},
		{"linear", "positive", []float64{0.1, 0.01, 0.001}, 1e-2},
	} {
		t.Run(test.output+"/"+test.sign, func(t *testing.T) {
			prev := math.Inf(1)
			var rel float64
			for _, beta := range test.betas {
				link := fmt.Sprintf("rule=ep&data=gauss&classes=3&hidden=5,4&train=12&batch=12&act=tanh&initscale=0.5"+
					"&ep.free=500&ep.nudged=500&ep.beta=%g&ep.output=%s&ep.sign=%s", beta, test.output, test.sign)
				r := newRun(t, link)
				// Biases away from zero: with zero biases an example that
				// silences the first hidden layer leaves every layer above
				// with zero drive, on the kink of ρ, where the cost has no
				// gradient (EP then measures a one-sided derivative).
				rnd := rand.New(rand.NewPCG(seed, seed))
				for _, ly := range r.Net.Layers {
					for i := range ly.B.Value {
						ly.B.Value[i] = rnd.Float64() - 0.5
					}
				}
				b := dataBatch(r)
				r.Rule.Step(b)
				got, want := []float64{}, []float64{}
				for _, p := range r.Net.Params() {
					got = append(got, p.Grad...)
					orig := append([]float64(nil), p.Value...)
					g := fd.Gradient(nil, func(v []float64) float64 {
						copy(p.Value, v)
						return epObjective(r, b.X, b.Y, b.N, test.output == "linear")
					}, orig, &fd.Settings{Formula: fd.Central})
					copy(p.Value, orig)
					want = append(want, g...)
				}
				diff := make([]float64, len(got))
				floats.SubTo(diff, got, want)
				rel = floats.Norm(diff, 2) / floats.Norm(want, 2)
				t.Logf("β %g: relative error %.3g (‖got‖ %.3g, ‖want‖ %.3g)", beta, rel, floats.Norm(got, 2), floats.Norm(want, 2))
				if !(rel < prev) {
					t.Errorf("β %g: relative error %.3g, want below %.3g (larger β)", beta, rel, prev)
				}
				prev = rel
			}
			if rel > test.tol {
				t.Errorf("relative error %.3g at the smallest β, want ≤ %g", rel, test.tol)
			}
		})
	}
}

// TestEquilibriumPropagationRandomSchedule checks the reconstruction of
// Williams et al.'s temporally local schedule (schedule=random): its
// update is noisy, but its mean over many steps on one batch must point
// the way of the periodic schedule's, the settling after every switch of
// phase only shrinking it. On a 2-5-4-3 network with long enough phases
// (up to 20 steps) for the states to settle within each.
func TestEquilibriumPropagationRandomSchedule(t *testing.T) {
	const seed = 1
	base := "rule=ep&data=gauss&classes=3&hidden=5,4&train=12&batch=12&act=tanh&initscale=0.5" +
		"&ep.free=200&ep.nudged=20&ep.beta=0.1&ep.sign=positive&ep.output=linear"
	grads := func(link string, steps int) []float64 {
		r := newRun(t, link)
		rnd := rand.New(rand.NewPCG(seed, seed))
		for _, ly := range r.Net.Layers {
			for i := range ly.B.Value {
				ly.B.Value[i] = rnd.Float64() - 0.5 // as in TestEquilibriumPropagationGradient
			}
		}
		b := dataBatch(r)
		var mean []float64
		for range steps {
			r.Rule.Step(b)
			g := allGrads(r)
			if mean == nil {
				mean = make([]float64, len(g))
			}
			floats.AddScaled(mean, 1/float64(steps), g)
		}
		return mean
	}
	periodic := grads(base, 1)
	random := grads(base+"&ep.schedule=random", 2000)
	one := grads(base+"&ep.schedule=random", 1)
	cos := func(a, b []float64) float64 { return floats.Dot(a, b) / (floats.Norm(a, 2) * floats.Norm(b, 2)) }
	t.Logf("cosine to the periodic update: one random step %.3f, mean of 2000 %.3f; size ratio %.3f",
		cos(one, periodic), cos(random, periodic), floats.Norm(random, 2)/floats.Norm(periodic, 2))
	if c := cos(random, periodic); c < 0.9 {
		t.Errorf("mean random-schedule update at cosine %.3f to the periodic one, want ≥ 0.9", c)
	}
}
