package rule

import (
	"math/rand/v2"

	"plasticity/core/data"
	"plasticity/core/nn"
)

func init() {
	Register(Info{
		Key:   "wm",
		Title: "Weight mirrors",
		Cite:  "Akrout, Wilson, Humphreys, Lillicrap & Tweed (2019). Deep learning without weight transport. NeurIPS 32.",
		Summary: "Feedback alignment whose feedback matrices learn in a second, \"mirror\" phase after every " +
			"batch: each layer's inputs are driven by private noise ξ, the layer answers with r = Wξ, and every " +
			"feedback synapse grows with the product of the two activities it connects. On average ξ rᵀ is σ²Wᵀ, " +
			"so B comes to mirror the forward weights.",
		Plausibility: "Plausible: all learning is local and Hebbian, and noise is abundant in the brain. Not plausible: the " +
			"network must alternate between learning and mirroring and keep the noise private to one layer at a time; " +
			"errors still travel back in a separate sweep.",
		Equation: "engaged: δ_l = (B_{l+1} δ_{l+1}) ⊙ f′(a_l), ΔW_l = −η δ_l h_{l−1}ᵀ;  mirror: ξ ~ N(0, σ²I), r = W_l ξ, ΔB_l = η_B mean_K(ξ rᵀ) − λ_B B_l",
		Params: []Param{
			{
				Key: "rate", Label: "Mirror rate η_B",
				Help:    "Learning rate of the feedback weights in the mirror phase.",
				Default: 0.05, Min: 1e-4, Max: 1, Log: true,
			},
			{
				Key: "noise", Label: "Noise σ",
				Help:    "Standard deviation of the mirror-phase noise; B settles at η_B σ²/λ_B times Wᵀ, so σ sets how large the feedback grows.",
				Default: 1, Min: 0.01, Max: 10, Log: true,
			},
			{
				Key: "decay", Label: "Mirror decay λ_B",
				Help:    "Decay of the feedback weights in the mirror phase: it forgets old forward weights and stops B growing without bound.",
				Default: 0.05, Min: 1e-4, Max: 1, Log: true,
			},
			{
				Key: "samples", Label: "Noise samples K",
				Help:    "Noise vectors per mirror phase: more samples give a less noisy estimate of Wᵀ.",
				Default: 16, Min: 1, Max: 256, Integer: true,
			},
			feedbackInitParam,
			feedbackScaleParam,
		},
		New: func(net *nn.Net, h Hyper, rnd *rand.Rand) Rule {
			return newWeightMirror(net, h, rnd)
		},
	})
}

// WeightMirror is weight mirroring (Akrout et al. 2019, RULES.md §2.5):
// feedback alignment (the engaged phase, Step) whose feedback B_l learns in
// a mirror phase after every batch (AfterStep). In the mirror phase the
// n_{l−1} cells below W_l fire private noise ξ, the n_l cells above answer
// with r = W_l ξ, and the feedback synapses from above to below learn
//
//	ΔB_l = η_B mean_K(ξ rᵀ) − λ_B B_l,   E[ξ rᵀ] = σ² W_lᵀ,
//
// so B_l settles at (η_B σ²/λ_B) W_lᵀ with time constant 1/λ_B steps.
//
// Choices, each a deviation from the official numpy code (fcnn/FCNN_WM.py)
// that RULES.md allows or asks for:
//   - the response r is linear, with no bias and no nonlinearity: the bias
//     only adds noise to the estimate, and a nonlinearity only rescales rows
//     of it (for Gaussian ξ, E[ξ f(wᵀξ + b)] = σ² w E[f′]);
//   - ξ is Gaussian rather than uniform in ±0.05 (the PEPITA variant), and
//     its σ with η_B and λ_B sets the size of B, because the official code's
//     growth control has no effect and RULES.md asks for a real decay;
//   - the mirror phase has its own rate and runs plain SGD after the
//     optimizer step, as the official code does, so B is not a parameter of
//     the run's optimizer (it is not a ParamOwner);
//   - there is no initial mirroring sweep, so the alignment angle starts
//     near 90°, where feedback alignment starts.
type WeightMirror struct {
	*FeedbackAlignment         // the engaged phase, with B = b
	Rate               float64 // η_B
	Noise              float64 // σ
	Decay              float64 // λ_B
	Samples            int     // K

	rnd  *rand.Rand
	xi   []float64   // K × n_{l−1} noise
	resp []float64   // K × n_l responses
	wt   [][]float64 // W_lᵀ for nn.Affine, l ≥ 1
	zero []float64   // zero bias
}

func newWeightMirror(net *nn.Net, h Hyper, rnd *rand.Rand) *WeightMirror {
	r := &WeightMirror{
		FeedbackAlignment: newFeedbackAlignment(net, h, rnd),
		Rate:              h["rate"], Noise: h["noise"], Decay: h["decay"], Samples: int(h["samples"]),
		rnd: rnd,
	}
	r.wt = make([][]float64, net.NumLayers())
	maxIn, maxOut := 0, 0
	for l := 1; l < len(r.wt); l++ {
		ly := net.Layers[l]
		r.wt[l] = make([]float64, ly.In*ly.Out)
		maxIn, maxOut = max(maxIn, ly.In), max(maxOut, ly.Out)
	}
	r.xi = make([]float64, r.Samples*maxIn)
	r.resp = make([]float64, r.Samples*maxOut)
	r.zero = make([]float64, maxOut)
	return r
}

// AfterStep implements AfterStepper: one mirror phase for every layer with
// feedback, on the forward weights the optimizer has just updated.
func (r *WeightMirror) AfterStep(*data.Batch) {
	K := r.Samples
	for l := 1; l < len(r.b); l++ {
		ly := r.net.Layers[l]
		xi := r.xi[:K*ly.In]
		for i := range xi {
			xi[i] = r.Noise * r.rnd.NormFloat64()
		}
		// r = W_l ξ for each of the K noise vectors.
		resp := r.resp[:K*ly.Out]
		nn.Transpose(r.wt[l], ly.W.Value, ly.Out, ly.In)
		nn.Affine(resp, xi, r.wt[l], r.zero, K, ly.In, ly.Out)
		// B ← (1 − λ_B) B + η_B mean_K(ξ rᵀ), in W_l's shape: r ξᵀ.
		b := r.b[l]
		for i := range b {
			b[i] *= 1 - r.Decay
		}
		nn.AddOuter(b, nil, resp, xi, K, ly.In, ly.Out, r.Rate/float64(K))
	}
}

// Passes implements PassCounter: the engaged phase costs a forward and a
// backward pass per example, the mirror phase one pass per noise vector.
func (r *WeightMirror) Passes(N int) float64 { return float64(2*N + r.Samples) }
