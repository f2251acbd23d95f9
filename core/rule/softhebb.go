package rule

import (
	"math/rand/v2"

	"plasticity/core/data"
	"plasticity/core/nn"
	"plasticity/core/probe"
)

func init() {
	Register(Info{
		Key:   "softhebb",
		Title: "SoftHebb",
		Cite: "Moraitis, Toichkin, Journé, Chua & Guo (2022). SoftHebb: Bayesian inference in unsupervised Hebbian soft winner-take-all networks. Neuromorphic Computing and Engineering 2, 044017. " +
			"Journé, Rodriguez, Guo & Moraitis (2023). Hebbian deep learning without feedback. ICLR 2023.",
		Summary: "The hidden units of a layer compete through a softmax (soft winner-take-all, a stand-in for lateral " +
			"inhibition): y = softmax(u/T) with u = W x. Each unit moves its weights towards the inputs it wins, " +
			"Δw_i = y_i (x − u_i w_i), an Oja-like rule whose decay term drives ‖w_i‖ to 1, so the units spread out " +
			"over the directions the data come from; a per-unit rate that shrinks as ‖w_i‖ approaches 1 anneals the " +
			"learning. The layer passes on softmax(β u). The hidden layers never see a label; the output layer is a " +
			"readout trained by the delta rule. Units that point in a direction only: a readout on them learns XOR " +
			"(class by quadrant) but not the spiral (class by radius as well as angle).",
		Plausibility: "Plausible: local, unsupervised, competition by inhibition, and it can be read as Bayesian inference of " +
			"the input's hidden cause. Not plausible: an exact softmax across the layer, the update normalised by its " +
			"largest entry, and a learning rate set by the norm of the unit's whole weight vector.",
		Equation: "u = W x;  y = softmax(u/T);  ΔW ∝ Σ_n [y xᵀ − (y ⊙ u) W] / max|·|;  η_i = η |‖w_i‖ − 1|^0.2;  h = softmax(β u);  readout: ΔW_L = −η (ŷ − y) hᵀ",
		Params: []Param{
			hebbianRate(1),
			{Key: "tinv", Label: "Inverse temperature 1/T",
				Help:    "Sharpness of the competition that drives learning: large values make it winner-take-all. SoftHebb's MNIST MLP uses 12 for inputs of norm ≈ 9; 2-D inputs of norm ≈ 1 need about 50.",
				Default: 12, Min: 0.1, Max: 100, Log: true},
			{Key: "beta", Label: "Output sharpness β",
				Help:    "The layer passes softmax(β u) on to the next layer (SoftHebb's MNIST model: 5, for inputs of norm ≈ 9; 2-D inputs need about 50).",
				Default: 5, Min: 0.1, Max: 100, Log: true},
			{Key: "adaptive", Label: "Adaptive rate",
				Help:    "on: unit i learns at η |‖w_i‖ − 1|^0.2, which drives every norm to 1 and then anneals; off: at η.",
				Default: 1, Max: 1, Choices: []string{"off", "on"}},
			radiusParam, initParam,
		},
		// Units code for directions from the origin: see the Summary.
		Learns: []string{"gauss", "xor"},
		// 1/T and β scaled for 2-D inputs (‖x‖ ≈ 1 against ≈ 9 for MNIST,
		// whose SoftHebb preset is 1/T = 12, β = 5).
		Suggested: "opt=sgd&lr=0.05&batch=8&hidden=32&softhebb.tinv=50&softhebb.beta=50",
		New: func(net *nn.Net, h Hyper, rnd *rand.Rand) Rule {
			return newSoftHebb(net, h, rnd, "SoftHebb")
		},
	})
}

// SoftHebb is Moraitis et al.'s soft winner-take-all Hebbian rule (RULES.md
// §6.5; NeuromorphicComputing/SoftHebb, hebblinear.py HebbSoftLinear) in
// every hidden layer, under a readout trained by the delta rule (§6.10):
//
//	u = W x,   y = softmax(u / T),   ΔW = Σ_n [y xᵀ − (y ⊙ u) W],   ΔW ← ΔW / max|ΔW|
//	η_i = η (|‖w_i‖ − 1| + 10⁻¹⁰)^0.2     (Adaptive)
//	h = softmax(β u)                       (what the layer passes on)
//
// with the Lebesgue exponent p = 2 (W_p = W) and no bias. The hidden
// weights are drawn uniform with row norms about Radius (positive or
// symmetric), replacing the network's initialisation; RULES.md §6.5 notes
// that from large radii the norms need thousands of updates to reach 1.
type SoftHebb struct {
	hebbianFrame
	TInv float64 // 1/T of the learning competition
	Beta float64 // sharpness of the layer's output

	comp competitive
	y    []float64 // N×Out: the competition's outcome
}

func newSoftHebb(net *nn.Net, h Hyper, rnd *rand.Rand, name string) *SoftHebb {
	r := &SoftHebb{hebbianFrame: newHebbianFrame(net, h["rate"], name), TInv: h["tinv"], Beta: h["beta"]}
	r.comp.Adaptive = h["adaptive"] == 1
	initRadius(net, h["radius"], h["init"] == 0, rnd)
	r.trackWinners()
	r.hidden = func(l int, x []float64, N int) { r.learn(l, x, N, nil) }
	r.rep = func(l int, h, a []float64, N int) { softmaxRows(h, a, r.Beta, N, r.net.Layers[l].Out) }
	return r
}

// learn writes hidden layer l's update from its input x. If mod is not
// nil, it multiplies y element-wise (the third factor of a modulated rule).
func (r *SoftHebb) learn(l int, x []float64, N int, mod []float64) {
	ly := r.net.Layers[l]
	out := ly.Out
	u := r.net.A[l][:N*out] // W x: the bias stays 0
	r.y = grow(r.y, N*out)
	softmaxRows(r.y, u, r.TInv, N, out)
	if mod != nil {
		for i, m := range mod[:N*out] {
			r.y[i] *= m
		}
	}
	r.noteWinners(l, u, N, out)
	r.comp.update(ly.W.Grad, ly, x, r.y, u, N, r.Rate)
}

// Step implements Rule.
func (r *SoftHebb) Step(b *data.Batch) { r.step(b, true) }

// Adapt implements Adapter: the hidden layers go on learning, the readout
// is frozen.
func (r *SoftHebb) Adapt(b *data.Batch) { r.step(b, false) }

// Forward implements Forwarder: every hidden layer passes softmax(β u).
func (r *SoftHebb) Forward(x []float64, N int) { r.forward(x, N) }

// Probe implements Prober: row norms (→ 1) and dead units.
func (r *SoftHebb) Probe(dst []probe.Metric) []probe.Metric { return r.probes(dst) }
