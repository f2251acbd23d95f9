package rule_test

import (
	"fmt"
	"testing"

	"gonum.org/v1/gonum/floats"

	"plasticity/core/rule"
)

// TestPerturbationUnbiased checks that weight and node perturbation
// estimate the gradient without bias (RULES.md §9): on a 2-5-4-3 network
// the mean of many one-step estimates on one batch must point along
// backprop's gradient and come close to it in size. The number of
// estimates sets the remaining noise: the relative error of a mean of M
// estimates is about √(P/M) for weight perturbation (P = 54 parameters
// share one noise draw) and smaller for node perturbation.
func TestPerturbationUnbiased(t *testing.T) {
	for _, test := range []struct {
		rule, params string
		estimates    int
		minCos       float64 // cosine of the mean estimate to the gradient
		maxRel       float64 // ‖mean − g‖/‖g‖
	}{
		// The noise of a mean of M estimates falls as 1/√M (measured for
		// np with σ = 0.01: 0.13 at 5000, 0.045 at 40000), so what is left
		// is noise: √(54/20000) ≈ 0.05 for wp; measured 0.05 to 0.08 for
		// both rules, cosine above 0.99.
		{"wp", "", 20000, 0.99, 0.15},
		{"wp", "wp.antithetic=on", 20000, 0.99, 0.15},
		{"np", "", 20000, 0.99, 0.15},
		{"np", "np.antithetic=on", 20000, 0.99, 0.15},
		{"np", "np.samples=4", 5000, 0.99, 0.15},
	} {
		t.Run(fmt.Sprintf("%s/%s", test.rule, test.params), func(t *testing.T) {
			for _, act := range []string{"tanh", "sigmoid"} {
				r := newRun(t, "rule="+test.rule+"&data=gauss&classes=3&hidden=5,4&train=12&batch=12&act="+act+"&"+test.params)
				want := backpropGrad(r)
				b := dataBatch(r)
				mean := make([]float64, len(want))
				for range test.estimates {
					r.Rule.Step(b)
					floats.Add(mean, allGrads(r))
				}
				floats.Scale(1/float64(test.estimates), mean)
				cos := floats.Dot(mean, want) / (floats.Norm(mean, 2) * floats.Norm(want, 2))
				diff := make([]float64, len(want))
				floats.SubTo(diff, mean, want)
				rel := floats.Norm(diff, 2) / floats.Norm(want, 2)
				t.Logf("%s: cosine %.4f, relative error %.3f", act, cos, rel)
				if cos < test.minCos || rel > test.maxRel {
					t.Errorf("%s: cosine %.4f, relative error %.3f; want cosine ≥ %g, error ≤ %g", act, cos, rel, test.minCos, test.maxRel)
				}
			}
		})
	}
}

// TestNodePerturbationOutputSiteBias checks the tutorial's placement of the
// noise, after the nonlinearity: its mean estimate leaves f′ out of the
// hidden layers and so misses the gradient by far more than the unbiased
// placement on the summed input (measured relative errors for sigmoid
// units, whose f′ ≤ ¼: 0.99 against 0.13, the latter the noise of 5000
// estimates).
func TestNodePerturbationOutputSiteBias(t *testing.T) {
	rel := map[string]float64{}
	for _, site := range []string{"input", "output"} {
		r := newRun(t, "rule=np&data=gauss&classes=3&hidden=5,4&train=12&batch=12&act=sigmoid&np.site="+site)
		want := backpropGrad(r)
		b := dataBatch(r)
		mean := make([]float64, len(want))
		const estimates = 5000
		for range estimates {
			r.Rule.Step(b)
			floats.Add(mean, allGrads(r))
		}
		floats.Scale(1.0/estimates, mean)
		diff := make([]float64, len(want))
		floats.SubTo(diff, mean, want)
		rel[site] = floats.Norm(diff, 2) / floats.Norm(want, 2)
	}
	t.Logf("relative error: input %.3f, output %.3f", rel["input"], rel["output"])
	if !(rel["output"] > 3*rel["input"]) {
		t.Errorf("relative error with the noise after f %.3f, want above 3× that before f (%.3f)", rel["output"], rel["input"])
	}
}

// TestPerturbationProbes checks the probes against what they measure, on
// one network (the spiral's, after 20 steps) estimated with 1 and with 16
// noise draws per estimate: the noise power of a mean of K independent
// estimates is 1/K of one's, so step_snr grows about K-fold and the cosine
// to the gradient rises; the tutorial's snr lies between its floor for
// pure noise and 1.
func TestPerturbationProbes(t *testing.T) {
	for _, key := range []string{"wp", "np"} {
		t.Run(key, func(t *testing.T) {
			values := func(samples int) map[string]float64 {
				r := newRun(t, "rule="+key+"&data=spiral&hidden=16,16")
				for range 20 { // within the first epoch: no history point measures
					r.Step()
				}
				switch p := r.Rule.(type) {
				case *rule.WeightPerturbation:
					p.Samples = samples
				case *rule.NodePerturbation:
					p.Samples = samples
				}
				got := map[string]float64{}
				for _, m := range r.Probes() {
					if len(m.Values) == 1 {
						got[m.Key] = m.Values[0]
					}
				}
				return got
			}
			one, many := values(1), values(16)
			t.Logf("K = 1: %v; K = 16: %v", one, many)
			// 8 draws measure each noise power to about ±50%.
			if ratio := many["step_snr"] / one["step_snr"]; !(ratio > 5 && ratio < 50) {
				t.Errorf("step_snr grew %.3g-fold from 1 to 16 samples, want about 16", ratio)
			}
			if !(many["grad_cosine"] > one["grad_cosine"]) {
				t.Errorf("grad_cosine %.3g with 16 samples, want above %.3g with 1", many["grad_cosine"], one["grad_cosine"])
			}
			for _, v := range []float64{one["snr"], many["snr"]} {
				if !(v > 0.03 && v < 1) { // floor 0.8/√256 = 0.05
					t.Errorf("snr %.3g, want within (0.03, 1)", v)
				}
			}
		})
	}
}
