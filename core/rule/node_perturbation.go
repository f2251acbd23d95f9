package rule

import (
	"math/rand/v2"

	"plasticity/core/data"
	"plasticity/core/nn"
	"plasticity/core/probe"
)

func init() {
	Register(Info{
		Key:   "np",
		Title: "Node perturbation",
		Cite:  nmaCite + "Fiete & Seung (2006). Gradient learning in spiking neural networks by dynamic perturbation of conductances. Physical Review Letters 97, 048104.",
		Summary: "Every unit adds its own small random noise ξ to its input on a second pass through the network; " +
			"the change of the example's loss is broadcast, and each synapse changes by that number times its unit's own " +
			"noise times its input activity: a three-factor rule (global reward signal × local noise × presynaptic " +
			"activity) whose average is the gradient. The noise comes from units, not weights, so the estimate is much " +
			"less noisy than weight perturbation's (its variance grows with the number of units rather than of weights), " +
			"though still far noisier than backprop.",
		Plausibility: "Plausible: neurons are noisy and a scalar reward-like signal can be broadcast; no error travels " +
			"backwards. Not plausible: each synapse must know how much of its neuron's activity was noise, and the " +
			"broadcast loss change must be compared with a clean baseline, a second pass on the same example.",
		Equation: "ã_l = W_l h̃_{l−1} + b_l + ξ_l,  ξ ~ N(0, σ²);  ΔW_l = −η mean_n (ℒ̃^{(n)} − ℒ^{(n)}) ξ_l^{(n)} h̃_{l−1}^{(n)ᵀ} / σ²",
		Params: append(perturbationParams("Size of each unit's noise (0.1 in the tutorial): too small and the loss change drowns in rounding, too large and it stops being linear."),
			Param{Key: "site", Label: "Noise enters",
				Help:    "input: added to each unit's summed input a_l (unbiased); output: added after the nonlinearity, as the tutorial does, which leaves f′ out of the hidden layers' estimate (exact only for linear units).",
				Default: npInput, Max: 1, Choices: []string{"input", "output"}}),
		// Four noise draws per step (five forward passes). Test accuracy
		// after 300 epochs, seeds 1, 2, 3: XOR 1, 1, 1; spiral 0.96, 0.915,
		// 0.815. With one draw (two passes) the spiral reaches 0.745 (Adam,
		// η = 0.01; 0.65 at η = 0.003); antithetic pairs, four of them,
		// 0.985.
		Suggested: "opt=adam&lr=0.01&np.samples=4",
		New: func(net *nn.Net, h Hyper, rnd *rand.Rand) Rule {
			return newNodePerturbation(net, h, rnd)
		},
	})
}

// Where node perturbation's noise enters a unit (indices into Choices).
const (
	npInput  = 0
	npOutput = 1
)

// NodePerturbation is node perturbation as the Neuromatch Academy tutorial
// teaches it (RULES.md §9.2; NeuroAI_Course, W2D3 Tutorial 1,
// NodePerturbMLP.node_perturb): each example gets its own noise ξ_l ~ N(0,
// σ²) on every unit of every layer (the output units too: their noise is
// on the logits), the noise of lower layers travelling up through the
// network, and in the descent convention
//
//	c_n = (ℒ̃_n − ℒ_n)/σ²                  plain: noisy against clean pass
//	c_n = (ℒ̃⁺_n − ℒ̃⁻_n)/(2σ²)             antithetic: +ξ against −ξ
//	g_{W_l} = mean_n c_n ξ_l^{(n)} h̃_{l−1}^{(n)ᵀ},   g_{b_l} = mean_n c_n ξ_l^{(n)}
//
// averaged over Samples draws, with h̃ the noisy pass's activities (the
// mean of the two noisy passes' for antithetic pairs) and ℒ_n example n's
// loss. With Site input the noise is added to the summed input a_l and
// E[g] = ∇ℒ to first order (TestPerturbationUnbiased). With Site output
// it is added after f, as in the tutorial; then ξ estimates ∂ℒ/∂h_l, and
// the hidden layers' estimate lacks the factor f′(a_l).
//
// Deviation: the tutorial multiplies by h̃_l − h_l, the unit's noisy minus
// its clean activity, which also contains the noise arriving from the
// layers below; whatever noise it does not own biases the estimate (by
// J Jᵀ ∂ℒ/∂h for the layer above the first), so each unit uses its own
// noise ξ_l, which equals h̃_l − h_l for the first layer.
type NodePerturbation struct {
	Sigma      float64
	Antithetic bool
	Samples    int
	Site       int // npInput or npOutput

	net    *nn.Net
	rnd    *rand.Rand
	wt     [][]float64 // W_lᵀ
	xi     [][]float64 // ξ_l, N×n_l
	hp, hm [][]float64 // activities of the +ξ and −ξ (or clean) passes, N×n_l
	lp, lm []float64   // their losses per example
	out    []float64   // scratch: outputs of one pass
	d      []float64   // scratch: c_n ξ_l
	probes *perturbationProbe
}

var (
	_ PassCounter = (*NodePerturbation)(nil)
	_ Prober      = (*NodePerturbation)(nil)
)

func newNodePerturbation(net *nn.Net, h Hyper, rnd *rand.Rand) *NodePerturbation {
	if net.IsSpiking() {
		panic("node perturbation trains rate units: set neuron=rate")
	}
	L := net.NumLayers()
	r := &NodePerturbation{Sigma: h["sigma"], Antithetic: h["antithetic"] == 1, Samples: int(h["samples"]),
		Site: int(h["site"]), net: net, rnd: rnd,
		wt: make([][]float64, L), xi: make([][]float64, L), hp: make([][]float64, L), hm: make([][]float64, L)}
	for l, ly := range net.Layers {
		r.wt[l] = make([]float64, ly.In*ly.Out)
	}
	r.probes = newPerturbationProbe(net, r, r.Samples, rnd)
	return r
}

// pass runs the N examples of x through net with noise c·ξ (c = 0: the
// clean pass), keeping every layer's activity in h and each example's loss
// in loss.
func (r *NodePerturbation) pass(net *nn.Net, x, y []float64, N int, c float64, h [][]float64, loss []float64) {
	L, k := net.NumLayers(), net.Outputs()
	in := x
	for l, ly := range net.Layers {
		a := h[l][:N*ly.Out]
		nn.Affine(a, in, r.wt[l], ly.B.Value, N, ly.In, ly.Out)
		xi := r.xi[l][:N*ly.Out]
		if r.Site == npInput || l == L-1 {
			for i, v := range xi {
				a[i] += c * v
			}
		}
		ly.Act.Apply(a, a) // in place: every activation reads a[i] before writing h[i]
		if r.Site == npOutput && l < L-1 {
			for i, v := range xi {
				a[i] += c * v
			}
		}
		in = a
	}
	out := r.out[:N*k]
	copy(out, h[L-1][:N*k])
	for n := range N {
		o := out[n*k : n*k+k]
		if net.Loss == nn.CrossEntropy {
			nn.Softmax(o)
		}
		loss[n] = nn.MeanLoss(net.Loss, o, y[n*k:n*k+k], 1)
	}
}

// estimate implements estimator.
func (r *NodePerturbation) estimate(net *nn.Net, _ []*nn.Param, x, y []float64, N int, rnd *rand.Rand) {
	for l, ly := range net.Layers {
		nn.Transpose(r.wt[l], ly.W.Value, ly.Out, ly.In)
		m := N * ly.Out
		r.xi[l], r.hp[l], r.hm[l] = grow(r.xi[l], m), grow(r.hp[l], m), grow(r.hm[l], m)
		clear(ly.W.Grad)
		clear(ly.B.Grad)
	}
	r.lp, r.lm = grow(r.lp, N), grow(r.lm, N)
	r.out = grow(r.out, N*net.Outputs())
	s2 := r.Sigma * r.Sigma
	if !r.Antithetic {
		r.pass(net, x, y, N, 0, r.hm, r.lm) // the clean baseline
	}
	for range r.Samples {
		for _, xi := range r.xi {
			for i := range xi {
				xi[i] = r.Sigma * rnd.NormFloat64()
			}
		}
		r.pass(net, x, y, N, 1, r.hp, r.lp)
		div := s2
		if r.Antithetic {
			r.pass(net, x, y, N, -1, r.hm, r.lm)
			div = 2 * s2
		}
		scale := 1 / (div * float64(N*r.Samples))
		for l, ly := range net.Layers {
			pre := x
			if l > 0 {
				pre = r.hp[l-1][:N*ly.In]
				if r.Antithetic {
					// The synapse's presynaptic activity: the mean of the two passes'.
					hm := r.hm[l-1]
					for i, v := range pre {
						pre[i] = (v + hm[i]) / 2
					}
				}
			}
			r.d = grow(r.d, N*ly.Out)
			for n := range N {
				c := r.lp[n] - r.lm[n]
				for j := n * ly.Out; j < (n+1)*ly.Out; j++ {
					r.d[j] = c * r.xi[l][j]
				}
			}
			nn.AddOuter(ly.W.Grad, ly.B.Grad, r.d, pre, N, ly.In, ly.Out, scale)
		}
	}
}

// Step implements Rule.
func (r *NodePerturbation) Step(b *data.Batch) {
	r.estimate(r.net, nil, b.X[:b.N*r.net.Inputs()], b.Y[:b.N*r.net.Outputs()], b.N, r.rnd)
	r.probes.noteStep(b)
}

// Passes implements PassCounter: one forward pass per noisy network, two
// per antithetic pair, and the clean one without pairs.
func (r *NodePerturbation) Passes(N int) float64 {
	if r.Antithetic {
		return float64(2 * r.Samples * N)
	}
	return float64((1 + r.Samples) * N)
}

// Probe implements Prober: grad_cosine, step_snr and snr (perturbationProbe).
func (r *NodePerturbation) Probe(dst []probe.Metric) []probe.Metric {
	return r.probes.probes(dst)
}
