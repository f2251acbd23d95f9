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
		Key:   "dfa",
		Title: "Direct feedback alignment",
		Cite: "Nøkland (2016). Direct feedback alignment provides learning in deep neural networks. NeurIPS 29. " +
			"Launay, Poli, Boniface & Krzakala (2020). Direct feedback alignment scales to modern deep learning tasks and architectures. NeurIPS 33.",
		Summary: "The output error is broadcast straight to every hidden layer through its own fixed random " +
			"matrix D_l, instead of travelling back layer by layer. The forward weights come to align with the " +
			"broadcast, so that each layer's share of the error becomes useful.",
		Plausibility: "Plausible: no weight transport and no sequential backward sweep — all hidden layers can update at once as " +
			"soon as the error is known. Not plausible: every hidden neuron still receives a signed copy of the output " +
			"error vector through dedicated feedback wires, and with few outputs that signal is low-dimensional (rank " +
			"n_L).",
		Equation: "δ_L = e = ŷ − y;  δ_l = (D_l e) ⊙ f′(a_l), D_l fixed random;  ΔW_l = −η δ_l h_{l−1}ᵀ",
		Params: []Param{{
			Key: "scale", Label: "Feedback scale",
			Help:    "Multiplies the direct feedback D_l, drawn uniform in ±1/√n_l as in Nøkland's code.",
			Default: 1, Min: 0.01, Max: 100, Log: true,
		}},
		// With tanh hidden units DFA fits the spiral only to about 68 % in
		// 300 epochs (mean of seeds 1–5; backprop 89 %); with ReLU, 92 %.
		Suggested: "act=relu",
		New: func(net *nn.Net, h Hyper, rnd *rand.Rand) Rule {
			return newDirectFeedbackAlignment(net, h, rnd)
		},
	})
}

// DirectFeedbackAlignment is direct feedback alignment (Nøkland 2016,
// RULES.md §2.2): the output error e = ŷ − y reaches every hidden layer
// through a fixed random matrix of its own,
//
//	δ_L = e,   δ_l = (D_l e) ⊙ f′(a_l),   ΔW_l = −η δ_l h_{l−1}ᵀ,
//
// D_l uniform in ±Scale/√n_l, n_l the width of hidden layer l (Nøkland's
// ErrorFeedback.lua). Nothing of the forward weights above layer l enters
// its update except through e.
//
// DFA reports its alignment through Prober rather than Feedbacker, because
// its feedback matrices are not shaped like any one forward matrix; see
// Probe.
type DirectFeedbackAlignment struct {
	Scale float64 // multiplies D

	net *nn.Net
	// d[k] is D_kᵀ for hidden layer k (0-based weight layer k, k < L−1),
	// n_L × Out_k, the layout of Nøkland's code: δ_k = (e·d[k]) ⊙ f′(a_k)
	// for the row vector e, which is what nn.BackInput computes.
	d [][]float64
	// path[l] is the product W_{L−1}⋯W_l (n_L × In_l) for l ≥ 1, the linear
	// part of backprop's path that d[l−1] replaces; filled by Probe.
	path [][]float64
}

func newDirectFeedbackAlignment(net *nn.Net, h Hyper, rnd *rand.Rand) *DirectFeedbackAlignment {
	r := &DirectFeedbackAlignment{Scale: h["scale"], net: net}
	L, nL := net.NumLayers(), net.Outputs()
	r.d = make([][]float64, L-1)
	r.path = make([][]float64, L)
	for k := range r.d {
		n := net.Layers[k].Out
		r.d[k] = make([]float64, nL*n)
		nn.InitUniform(r.d[k], r.Scale/math.Sqrt(float64(n)), rnd)
	}
	for l := 1; l < L; l++ {
		r.path[l] = make([]float64, nL*net.Layers[l].In)
	}
	return r
}

// Step implements Rule.
func (r *DirectFeedbackAlignment) Step(b *data.Batch) {
	net := r.net
	net.Forward(b.X, b.N)
	net.OutputError(b.Y)
	L, N, nL := net.NumLayers(), b.N, net.Outputs()
	e := net.Delta[L-1][:N*nL]
	for k := 0; k < L-1; k++ {
		// δ_k = (D_k e) ⊙ f′(a_k): the same broadcast e for every layer.
		ly := net.Layers[k]
		d := net.Delta[k][:N*ly.Out]
		nn.BackInput(d, e, r.d[k], N, ly.Out, nL)
		ly.Act.MulDeriv(d, net.A[k][:N*ly.Out], net.H[k+1][:N*ly.Out])
	}
	net.Gradients()
}

// Probe implements Prober. It reports the alignment of the direct feedback
// with the forward pathway it replaces, under the keys the run uses for
// Feedbacker rules (alignment_angle, norm_ratio), so that charts treat DFA
// like feedback alignment. Entry l (l ≥ 1) compares the matrix that carries
// e to the layer below W_l, D_{l−1}, with the linear part of backprop's path
// from the output down to that layer, (W_{L−1}⋯W_l)ᵀ (the path without the
// f′ factors, which DFA applies too). For the last layer that product is
// W_{L−1} itself, so the last entry is the angle between D and W_Lᵀ, just
// as for feedback alignment; entry 0 is NaN.
func (r *DirectFeedbackAlignment) Probe(dst []probe.Metric) []probe.Metric {
	net := r.net
	L, nL := net.NumLayers(), net.Outputs()
	align := make([]float64, L)
	ratio := make([]float64, L)
	align[0], ratio[0] = math.NaN(), math.NaN()
	for l := L - 1; l >= 1; l-- {
		ly := net.Layers[l]
		if l == L-1 {
			copy(r.path[l], ly.W.Value)
		} else {
			// W_{L−1}⋯W_l = (W_{L−1}⋯W_{l+1})·W_l: the n_L unit errors sent
			// back through W_l.
			nn.BackInput(r.path[l], r.path[l+1], ly.W.Value, nL, ly.In, ly.Out)
		}
		align[l] = probe.Angle(r.d[l-1], r.path[l])
		ratio[l] = math.NaN()
		if n := probe.Norm(r.path[l]); n > 0 {
			ratio[l] = probe.Norm(r.d[l-1]) / n
		}
	}
	return append(dst,
		probe.Metric{Key: "alignment_angle", Label: "Alignment angle", Unit: "°", PerLayer: true, Values: align,
			Help: "Angle between the direct feedback D that carries the output error to the layer below W_l and the product of forward weights W_L⋯W_l it replaces: below 90° the network has aligned."},
		probe.Metric{Key: "norm_ratio", Label: "‖D‖/‖W_L⋯W_l‖", PerLayer: true, Values: ratio,
			Help: "Size of the direct feedback relative to the forward path it replaces."})
}
