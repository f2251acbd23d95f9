package rule

import (
	"math/rand/v2"

	"plasticity/core/nn"
	"plasticity/core/probe"
)

func init() {
	Register(Info{
		Key:   "sanger",
		Title: "Sanger's rule (generalised Hebbian algorithm)",
		Cite:  "Sanger (1989). Optimal unsupervised learning in a single-layer linear feedforward neural network. Neural Networks 2, 459–473.",
		Summary: "Oja's rule with an ordering: unit i learns from what the units before it have not explained, " +
			"(x − μ) − Σ_{j≤i} y_j w_j, so that the rows of a layer become the first, second, third … principal " +
			"components of its input, in order, and orthonormal. Units beyond the input's dimension have nothing left " +
			"to learn and fade to zero. The hidden layers never see a label; the output layer is a readout trained by " +
			"the delta rule on the units' activity f(y). As with Oja's rule, projections keep XOR and the spiral out " +
			"of reach of a linear readout.",
		Plausibility: "Plausible: Hebbian growth with a local decay, and no label. Not plausible: unit i must receive the " +
			"reconstructions of all earlier units (a lateral, ordered circuit), and the neurons are linear.",
		Equation: "y = W (x − μ);  ΔW = η (y (x − μ)ᵀ − LT(y yᵀ) W);  readout: ΔW_L = −η (ŷ − y) hᵀ",
		Params:   []Param{hebbianRate(1), centreParam},
		// Principal components are linear features: see Oja.
		Learns:    []string{"gauss"},
		Suggested: "opt=sgd&lr=0.05",
		New: func(net *nn.Net, h Hyper, _ *rand.Rand) Rule {
			return newSanger(net, h)
		},
	})
}

// Sanger is Sanger's (1989) generalised Hebbian algorithm (RULES.md §6.3)
// in every hidden layer, under a readout trained by the delta rule:
//
//	y = W (x − μ),   ΔW = η (mean y (x − μ)ᵀ − LT(mean y yᵀ) W)
//
// with LT the lower triangle including the diagonal. Row i converges to
// ±the i-th principal component of the layer's input (μ and Centre as in
// Oja).
type Sanger struct {
	*pcaFamily
	c, ltw []float64 // LT(mean y yᵀ) (Out×Out) and LT(…)·W (Out×In)
}

func newSanger(net *nn.Net, h Hyper) *Sanger {
	r := &Sanger{pcaFamily: newPCAFamily(net, h, "Sanger")}
	r.learn = r.update
	return r
}

// update writes g = −Rate·(mean y xᵀ − LT(mean y yᵀ) W).
func (r *Sanger) update(l int, g, x, y []float64, N int) {
	ly := r.net.Layers[l]
	in, out := ly.In, ly.Out
	s := r.Rate / float64(N)
	nn.AddOuter(g, nil, y, x, N, in, out, -s)
	r.c = grow(r.c, out*out)
	r.ltw = grow(r.ltw, out*in)
	clear(r.c)
	nn.AddOuter(r.c, nil, y, y, N, out, out, 1/float64(N))
	for i := 0; i < out; i++ {
		clear(r.c[i*out+i+1 : (i+1)*out]) // keep j ≤ i
	}
	// LT(C)·W: nn.Affine multiplies the rows of C by its "Wᵀ" argument,
	// here W itself (Out×In).
	nn.Affine(r.ltw, r.c, ly.W.Value, r.zero[:in], out, out, in)
	for i, v := range r.ltw {
		g[i] += r.Rate * v
	}
}

// Probe implements Prober: the row norms and pc_angle, the mean angle
// between unit i's weights and the i-th principal axis of the layer's
// recent inputs, over the first min(units, inputs) units.
func (r *Sanger) Probe(dst []probe.Metric) []probe.Metric {
	dst = r.probes(dst)
	return append(dst, pcAngleMetric(r.pcAngles(func(i int) int { return i }),
		"Mean angle between hidden unit i's weights and the i-th principal component of the layer's recent inputs (i up to the input's dimension): Sanger's rule drives it to 0°."))
}
