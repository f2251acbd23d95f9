package rule

import (
	"math/rand/v2"

	"plasticity/core/nn"
)

// Shared pieces of the feedback family (RULES.md §2: feedback alignment,
// direct feedback alignment, sign symmetry, Kolen–Pollack, weight mirrors,
// product feedback alignment). Every rule of the family keeps backprop's
// forward pass and output error e = ŷ − y and changes only the matrices
// through which e reaches the hidden layers.
//
// Storage convention. RULES.md writes a feedback matrix B_l as the stand-in
// for W_lᵀ (n_{l−1} × n_l). The rules here store it in W_l's own shape
// (n_l × n_{l−1}, row-major), which is what nn.Net.Backward and
// nn.SendBack take in place of W_l and what Feedbacker returns, so that
// angle(B_l, W_lᵀ) is simply the angle between two equally shaped slices.
// Layer indices in code are 0-based: weight layer l maps n_l inputs to
// n_{l+1} outputs (nn.Layer In, Out), and layer 0 has no feedback matrix
// because nothing lies below it.

// feedbackInitParam is the distribution of random feedback matrices.
var feedbackInitParam = Param{
	Key: "init", Label: "Feedback init",
	Help:    "Distribution of the random feedback B: auto draws it like the forward weights (He for ReLU, Glorot otherwise).",
	Default: float64(nn.Auto), Min: 0, Max: float64(len(nn.InitKeys()) - 1),
	Choices: nn.InitKeys(),
}

// feedbackScaleParam multiplies random feedback matrices.
var feedbackScaleParam = Param{
	Key: "scale", Label: "Feedback scale",
	Help:    "Multiplies the random feedback B: too small and hidden layers barely learn, too large and they learn wildly.",
	Default: 1, Min: 0.01, Max: 100, Log: true,
}

// hiddenActivation returns the activation the network was built with for
// its hidden layers (nn.Net.Reinit draws every layer's weights for it).
func hiddenActivation(net *nn.Net) nn.Activation {
	if net.NumLayers() < 2 {
		return nn.Linear
	}
	return net.Layers[0].Act
}

// feedbackRange returns the half-width of uniform feedback weights for
// weight layer l drawn from initialiser init, the way nn draws W_l.
func feedbackRange(net *nn.Net, l int, init nn.Init) float64 {
	ly := net.Layers[l]
	return nn.InitRange(init, hiddenActivation(net), ly.In, ly.Out)
}

// randomFeedback returns, for every weight layer l ≥ 1, a matrix shaped like
// W_l drawn from U(±scale·r_l), r_l the half-width of init for that layer;
// the entry for layer 0 is nil.
func randomFeedback(net *nn.Net, init nn.Init, scale float64, rnd *rand.Rand) [][]float64 {
	b := make([][]float64, net.NumLayers())
	for l := 1; l < len(b); l++ {
		ly := net.Layers[l]
		b[l] = make([]float64, ly.Out*ly.In)
		nn.InitUniform(b[l], scale*feedbackRange(net, l, init), rnd)
	}
	return b
}

// grow returns buf resliced to n elements, reallocated only when its
// capacity is too small (the first step, or a larger batch).
func grow(buf []float64, n int) []float64 {
	if cap(buf) < n {
		return make([]float64, n)
	}
	return buf[:n]
}

// scale sets x[i] *= s.
func scale(x []float64, s float64) {
	for i := range x {
		x[i] *= s
	}
}
