package rule

import (
	"math"
	"math/rand/v2"

	"plasticity/core/data"
	"plasticity/core/nn"
	"plasticity/core/probe"
)

func init() {
	Register(Info{
		Key:   "nhl",
		Title: "Neuro-modulated Hebbian learning",
		Cite:  "Tang, Zhang, Xu, Chen, Cheng, Leng, Guo & He (2023). Neuro-modulated Hebbian learning for fully test-time adaptation. CVPR 2023, 3728–3738.",
		Summary: "A three-factor rule: a SoftHebb layer's Hebbian eligibility y_i (x − u_i w_i) (pre-synaptic input × " +
			"post-synaptic competition) is multiplied by a neuromodulatory signal M_i that comes from the layers above: " +
			"the output's error sent back to unit i, ĝ_i (normalised by its batch RMS), turned into M_i = 1 − κ ĝ_i. " +
			"Where more activity of unit i would lower the loss, M_i > 1 (stronger Hebbian learning); where it would " +
			"raise it, M_i < 1, and below 0 the update turns anti-Hebbian (a soft learning-vector quantisation). With " +
			"labels the error is that of the supervised loss; after an input shift (the link's shift key) no labels " +
			"are given, the readout is frozen, and the signal is the gradient of the prediction's entropy, so the " +
			"hidden layers adapt at test time, as in Tang et al. The paper fixes little of this (RULES.md §6.8): this " +
			"is the general three-factor form, not a reproduction.",
		Plausibility: "Plausible: a local Hebbian eligibility gated by a broadcast-like modulator, as dopamine or acetylcholine " +
			"gate plasticity. Not plausible: the modulator here is per-unit and computed by backpropagation through " +
			"the layers above (weight transport), as the paper's neuro-modulator is trained, and the competition is an " +
			"exact softmax across the layer.",
		Equation: "u = W x;  y = softmax(u/T);  g = ∂ℒ/∂h (ℒ = CE with labels, entropy H(ŷ) without);  M = 1 − κ g/rms(g);  ΔW ∝ Σ_n [(M⊙y) xᵀ − (M⊙y⊙u) W] / max|·|;  readout: ΔW_L = −η (ŷ − y) hᵀ (frozen without labels)",
		Params: []Param{
			hebbianRate(1),
			{Key: "gain", Label: "Modulation gain κ",
				Help:    "How strongly the feedback modulates the Hebbian update: 0 is plain SoftHebb; above about 0.5 the update of units that hurt the prediction turns anti-Hebbian.",
				Default: 1, Min: 0, Max: 10},
			{Key: "tinv", Label: "Inverse temperature 1/T",
				Help:    "Sharpness of the competition that drives learning (as SoftHebb's).",
				Default: 12, Min: 0.1, Max: 100, Log: true},
			{Key: "beta", Label: "Output sharpness β",
				Help:    "The layer passes softmax(β u) on to the next layer.",
				Default: 5, Min: 0.1, Max: 100, Log: true},
			{Key: "adaptive", Label: "Adaptive rate",
				Help:    "on: unit i learns at η |‖w_i‖ − 1|^0.2 (as SoftHebb's); off: at η.",
				Default: 1, Max: 1, Choices: []string{"off", "on"}},
			radiusParam, initParam,
		},
		// Units code for directions, as SoftHebb's.
		Learns: []string{"gauss", "xor"},
		// 1/T and β scaled for 2-D inputs (‖x‖ ≈ 1 against ≈ 9 for MNIST,
		// whose SoftHebb preset is 1/T = 12, β = 5).
		Suggested: "opt=sgd&lr=0.05&batch=8&hidden=32&nhl.tinv=50&nhl.beta=50",
		New: func(net *nn.Net, h Hyper, rnd *rand.Rand) Rule {
			return newNeuroModulatedHebbian(net, h, rnd)
		},
	})
}

// NeuroModulatedHebbian is a three-factor version of SoftHebb after Tang et
// al. (2023; RULES.md §6.8, which records how little the paper fixes):
//
//	eligibility   e_ij = y_i (x_j − u_i w_ij),   y = softmax(u/T), u = W x
//	feedback      g = ∂ℒ/∂h, sent down from the output through the layers above
//	              (ℒ = cross-entropy with labels; the prediction's entropy
//	              H = −Σ_k ŷ_k log ŷ_k in Adapt, where labels are withheld)
//	modulator     M_i = 1 − κ g_i / rms(g)   (rms over the batch and the layer)
//	update        ΔW = Σ_n M ⊙ e, normalised and per-unit rated as SoftHebb's
//
// For h = softmax(β u), the feedback passes a layer as
// ∂ℒ/∂u = β h ⊙ (g − ⟨g, h⟩). The readout learns by the delta rule with
// labels and is frozen in Adapt.
type NeuroModulatedHebbian struct {
	*SoftHebb
	Gain float64

	gh  [][]float64 // ∂ℒ/∂h per hidden layer, N×n
	mod []float64   // M for one layer, N×n
	mag runningMean // mean |M − 1| per layer
	neg runningMean // share of M < 0 (anti-Hebbian) per layer
}

func newNeuroModulatedHebbian(net *nn.Net, h Hyper, rnd *rand.Rand) *NeuroModulatedHebbian {
	r := &NeuroModulatedHebbian{SoftHebb: newSoftHebb(net, h, rnd, "SoftHebb × neuromodulator"), Gain: h["gain"]}
	r.gh = make([][]float64, net.NumLayers()-1)
	r.mag = newRunningMean(net.NumLayers())
	r.neg = newRunningMean(net.NumLayers())
	return r
}

// Step implements Rule.
func (r *NeuroModulatedHebbian) Step(b *data.Batch) { r.modulatedStep(b, true) }

// Adapt implements Adapter: entropy feedback, frozen readout.
func (r *NeuroModulatedHebbian) Adapt(b *data.Batch) { r.modulatedStep(b, false) }

func (r *NeuroModulatedHebbian) modulatedStep(b *data.Batch, labels bool) {
	net := r.net
	N, L, K := b.N, net.NumLayers(), net.Outputs()
	r.forward(b.X, N)
	// The output's error, ∂ℒ/∂z for the logits z.
	e := net.Delta[L-1][:N*K]
	out := net.Output()
	if labels {
		net.OutputError(b.Y)
	} else {
		// ∂H/∂z_k = −ŷ_k (log ŷ_k + H) for H = −Σ_k ŷ_k log ŷ_k.
		for n := 0; n < N; n++ {
			p, d := out[n*K:(n+1)*K], e[n*K:(n+1)*K]
			H := 0.0
			for _, v := range p {
				H -= v * nn.Log(max(v, 1e-300))
			}
			for k, v := range p {
				d[k] = -v * (nn.Log(max(v, 1e-300)) + H)
			}
		}
	}
	// Send it down: g_l = ∂ℒ/∂h_l, then through softmax(β u) to ∂ℒ/∂u_l.
	for l := L - 2; l >= 0; l-- {
		ly, up := net.Layers[l], net.Layers[l+1]
		n := ly.Out
		r.gh[l] = grow(r.gh[l], N*n)
		nn.BackInput(r.gh[l], net.Delta[l+1][:N*up.Out], up.W.Value, N, n, up.Out)
		h, d := net.H[l+1][:N*n], net.Delta[l][:N*n]
		for i := 0; i < N; i++ {
			gr, hr, dr := r.gh[l][i*n:(i+1)*n], h[i*n:(i+1)*n], d[i*n:(i+1)*n]
			dot := 0.0
			for j, g := range gr {
				dot += g * hr[j]
			}
			for j, g := range gr {
				dr[j] = r.Beta * hr[j] * (g - dot)
			}
		}
	}
	for l := 0; l < L-1; l++ {
		ly := net.Layers[l]
		clear(ly.W.Grad)
		clear(ly.B.Grad)
		r.learn(l, net.H[l], N, r.modulator(l, N))
	}
	if labels {
		net.LayerGradient(L-1, e, net.H[L-1])
	} else {
		clear(net.Layers[L-1].W.Grad)
		clear(net.Layers[L-1].B.Grad)
	}
	r.seen += N
}

// modulator sets M = 1 − κ g/rms(g) for hidden layer l and records its
// size.
func (r *NeuroModulatedHebbian) modulator(l, N int) []float64 {
	g := r.gh[l][:N*r.net.Layers[l].Out]
	r.mod = grow(r.mod, len(g))
	ss := 0.0
	for _, v := range g {
		ss += v * v
	}
	rms := math.Sqrt(ss / float64(len(g)))
	var dev float64
	neg := 0
	for i, v := range g {
		m := 1.0
		if rms > 0 {
			m = 1 - r.Gain*v/rms
		}
		r.mod[i] = m
		dev += math.Abs(m - 1)
		if m < 0 {
			neg++
		}
	}
	r.mag.add(l, dev/float64(len(g)))
	r.neg.add(l, float64(neg)/float64(len(g)))
	return r.mod
}

// Probe implements Prober: SoftHebb's probes and the size of the
// modulation.
func (r *NeuroModulatedHebbian) Probe(dst []probe.Metric) []probe.Metric {
	dst = r.probes(dst)
	return append(dst,
		probe.Metric{Key: "modulation", Label: "Modulation |M − 1|", PerLayer: true, Values: r.mag.values(),
			Help: "Mean size of the neuromodulatory factor's departure from 1 over recent steps: 0 is plain SoftHebb."},
		probe.Metric{Key: "anti_hebbian", Label: "Anti-Hebbian share", PerLayer: true, Values: r.neg.values(),
			Help: "Share of unit-and-example pairs whose modulator was negative over recent steps: there the feedback turned the Hebbian update around."})
}
