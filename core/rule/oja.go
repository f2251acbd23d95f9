package rule

import (
	"math/rand/v2"

	"plasticity/core/nn"
	"plasticity/core/probe"
)

func init() {
	Register(Info{
		Key:   "oja",
		Title: "Oja's rule",
		Cite:  "Oja (1982). Simplified neuron model as a principal component analyzer. Journal of Mathematical Biology 15, 267–273.",
		Summary: "Each hidden unit is a linear neuron y = w·(x − μ) whose weights grow with the product of its input " +
			"and its own output (Hebb) and decay in proportion to y²: the decay keeps ‖w‖ at 1 without any explicit " +
			"normalisation, and w turns to the input's first principal component. Every unit of a layer runs the rule " +
			"alone, so all of them find the same component (Sanger's rule orders them). The hidden layers never see a " +
			"label; the output layer is a readout trained by the delta rule on the units' activity f(y). Features that " +
			"are projections of the input keep the classes as (in)separable as the input was: a linear readout on them " +
			"cannot solve XOR or the spiral.",
		Plausibility: "Plausible: the update uses only the synapse's input, the neuron's output and its own weight, and needs no " +
			"label. Not plausible: the neuron is linear, and the readout's error still has to reach the output " +
			"synapses.",
		Equation: "y = w·(x − μ);  Δw = η y ((x − μ) − y w);  readout: ΔW_L = −η (ŷ − y) hᵀ",
		Params:   []Param{hebbianRate(1), centreParam},
		// The features are linear projections of the input (through the
		// activation), so only linearly separable classes are learned.
		Learns:    []string{"gauss"},
		Suggested: "opt=sgd&lr=0.05",
		New: func(net *nn.Net, h Hyper, _ *rand.Rand) Rule {
			return newOja(net, h)
		},
	})
}

// Oja is Oja's (1982) single-neuron rule, run by every hidden unit on its
// own (RULES.md §6.2), under a readout trained by the delta rule (§6.10):
//
//	y = W (x − μ),   ΔW = η (mean y (x − μ)ᵀ − diag(mean y²) W)
//
// μ is a running mean of the layer's input (Centre off: μ = 0, and the rows
// find the top eigenvector of E[x xᵀ] instead of the covariance's). Each
// row converges to ±the first principal component with ‖w‖ = 1 when η is
// small against 1/λ_max.
type Oja struct {
	*pcaFamily
}

func newOja(net *nn.Net, h Hyper) *Oja {
	r := &Oja{newPCAFamily(net, h, "Oja")}
	r.learn = r.update
	return r
}

// update writes g = −Rate·(mean y xᵀ − diag(mean y²) W).
func (r *Oja) update(l int, g, x, y []float64, N int) {
	ly := r.net.Layers[l]
	in, out := ly.In, ly.Out
	s := r.Rate / float64(N)
	nn.AddOuter(g, nil, y, x, N, in, out, -s)
	for i := 0; i < out; i++ {
		yy := 0.0
		for n := 0; n < N; n++ {
			v := y[n*out+i]
			yy += v * v
		}
		gr, wr := g[i*in:(i+1)*in], ly.W.Value[i*in:(i+1)*in]
		for k, w := range wr {
			gr[k] += s * yy * w
		}
	}
}

// Probe implements Prober: the row norms (→ 1) and pc_angle, the mean
// angle between every unit's weights and the first principal axis of the
// layer's recent inputs.
func (r *Oja) Probe(dst []probe.Metric) []probe.Metric {
	dst = r.probes(dst)
	return append(dst, pcAngleMetric(r.pcAngles(func(int) int { return 0 }),
		"Mean angle between each hidden unit's weights and the first principal component of the layer's recent inputs: Oja's rule drives it to 0°."))
}
