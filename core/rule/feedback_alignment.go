package rule

import (
	"math/rand/v2"

	"plasticity/core/data"
	"plasticity/core/nn"
)

func init() {
	Register(Info{
		Key:   "fa",
		Title: "Feedback alignment",
		Cite:  "Lillicrap, Cownden, Tweed & Akerman (2016). Random synaptic feedback weights support error backpropagation for deep learning. Nature Communications 7, 13276.",
		Summary: "The output error travels back through fixed random matrices B instead of the transposes of the " +
			"forward weights. At first B's errors are nearly useless, but the forward weights come to align with B " +
			"(the alignment angle falls below 90°), and then the errors B delivers point downhill.",
		Plausibility: "Plausible: no synapse needs to know the strength of another, so there is no weight transport. Not " +
			"plausible: a dedicated feedback pathway still carries signed errors layer by layer in a separate backward " +
			"sweep, and learning waits for it (update locking).",
		Equation: "δ_L = ŷ − y;  δ_l = (B_{l+1} δ_{l+1}) ⊙ f′(a_l), B_{l+1} fixed random;  ΔW_l = −η δ_l h_{l−1}ᵀ",
		Params:   []Param{feedbackInitParam, feedbackScaleParam},
		New: func(net *nn.Net, h Hyper, rnd *rand.Rand) Rule {
			return newFeedbackAlignment(net, h, rnd)
		},
	})
}

// FeedbackAlignment is feedback alignment (Lillicrap et al. 2016,
// RULES.md §2.1): backprop with every Wᵀ of the backward sweep replaced by
// a fixed random matrix B,
//
//	δ_L = ŷ − y,   δ_l = (B_{l+1} δ_{l+1}) ⊙ f′(a_l),   ΔW_l = −η δ_l h_{l−1}ᵀ.
//
// B_l is drawn once, uniform like the forward weights (biotorch draws both
// Xavier-uniform), times Scale.
type FeedbackAlignment struct {
	Init  nn.Init // distribution of B
	Scale float64 // multiplies B

	net      *nn.Net
	b        [][]float64 // b[l] stands in for W_l, in W_l's shape; b[0] is nil
	feedback nn.Feedback // l ↦ b[l], made once so that Step does not allocate
}

func newFeedbackAlignment(net *nn.Net, h Hyper, rnd *rand.Rand) *FeedbackAlignment {
	r := &FeedbackAlignment{Init: nn.Init(h["init"]), Scale: h["scale"], net: net}
	r.b = randomFeedback(net, r.Init, r.Scale, rnd)
	r.feedback = func(l int) []float64 { return r.b[l] }
	return r
}

// Step implements Rule. The only difference from backprop is the last
// argument of Backward: the fixed B_l instead of W_l.
func (r *FeedbackAlignment) Step(b *data.Batch) {
	r.net.Forward(b.X, b.N)
	r.net.Backward(b.Y, r.feedback)
}

// Feedback implements Feedbacker: B_l next to W_l for every layer l ≥ 1.
func (r *FeedbackAlignment) Feedback(l int) (feedback, forward []float64, ok bool) {
	if l < 1 || l >= len(r.b) {
		return nil, nil, false
	}
	return r.b[l], r.net.Layers[l].W.Value, true
}
