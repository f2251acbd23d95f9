package rule

import (
	"fmt"
	"math/rand/v2"

	"plasticity/core/data"
	"plasticity/core/nn"
)

// kpDecayParam is the weight decay of Kolen–Pollack and of product feedback
// alignment, which need it to align (RULES.md §2.4, §2.6).
var kpDecayParam = Param{
	Key: "decay", Label: "Decay λ",
	Help:    "Every step the forward and the feedback weights both shrink by the factor 1 − λ, so their difference does too: the feedback aligns within about 1/λ steps.",
	Default: 1e-4, Min: 1e-6, Max: 0.1, Log: true,
}

func init() {
	Register(Info{
		Key:   "kp",
		Title: "Kolen–Pollack",
		Cite: "Akrout, Wilson, Humphreys, Lillicrap & Tweed (2019). Deep learning without weight transport. NeurIPS 32. " +
			"After Kolen & Pollack (1994). Backpropagation without weight transport. IEEE ICNN.",
		Summary: "Errors travel back through learned matrices B that start random. Each feedback synapse changes " +
			"by the same amount as its forward partner — the product of the same two activities, the forward " +
			"neuron's input and the error it receives — and both decay at the same rate, so their difference " +
			"shrinks every step and B becomes Wᵀ without ever being copied.",
		Plausibility: "Plausible: every update is a local pre×post product, with no weight transport. Not plausible: the two " +
			"synapses must receive exactly matching updates and decay, and errors still travel back in a separate " +
			"sweep.",
		Equation: "δ_{l−1} = (B_l δ_l) ⊙ f′(a_{l−1});  ΔW_l = −η δ_l h_{l−1}ᵀ − λ W_l;  ΔB_l = −η h_{l−1} δ_lᵀ − λ B_l",
		Params:   []Param{kpDecayParam, feedbackInitParam, feedbackScaleParam},
		New: func(net *nn.Net, h Hyper, rnd *rand.Rand) Rule {
			return newKolenPollack(net, h, rnd)
		},
	})
}

// KolenPollack is the Kolen–Pollack rule of Akrout et al. (2019,
// RULES.md §2.4): learned feedback matrices B_l, updated by the same
// increment as W_l (transposed) with the same weight decay,
//
//	δ_{l−1} = (B_l δ_l) ⊙ f′(a_{l−1}),
//	ΔW_l = −η δ_l h_{l−1}ᵀ − λ W_l,   ΔB_l = −η h_{l−1} δ_lᵀ − λ B_l.
//
// B_l is stored in W_l's shape (so its increment is the same δ_l h_{l−1}ᵀ,
// not transposed) and owned as a parameter: the run's one optimizer
// updates W_l and B_l together.
//
// Where the decay goes. RULES.md warns that the decay must hit W and B
// identically, including any transformation by the optimizer. Step writes
// the same pseudo-gradient g_l = mean δ_l h_{l−1}ᵀ into both Grad buffers;
// fed the same gradients from the same zero state, every optimizer (SGD,
// momentum, Adam) makes the same step for both. AfterStep then applies the
// decay to the values, outside the optimizer, as AdamW does:
//
//	W_l ← (1 − λ) W_l,   B_l ← (1 − λ) B_l   ⇒   W_l − B_l ← (1 − λ)(W_l − B_l)
//
// exactly, every step, whatever the optimizer and learning rate. (Adding
// λW and λB to the gradients instead would be exact only for SGD and
// momentum: Adam normalises g + λW and g + λB differently. It would also
// put the decay into Grad, and so into the run's update angle, which
// RULES.md defines on the error signals alone.) λ is thus a per-step
// factor, the decoupled form of the equation above; with plain SGD it is
// the coupled decay λ/η of the NMA tutorial. The run's L2 and L1 penalties,
// if set, apply to B_l as to W_l (B_l's Decay flag is set).
//
// The decay also hits layer 0, which has no B: RULES.md writes it for every
// W_l, and it keeps all layers under the same regulariser.
type KolenPollack struct {
	Decay float64 // λ
	Init  nn.Init // distribution of the initial B
	Scale float64 // multiplies the initial B

	net      *nn.Net
	b        []*nn.Param // b[l] stands in for W_l, in W_l's shape; b[0] is nil
	params   []*nn.Param // the non-nil b[l]
	feedback nn.Feedback
}

func newKolenPollack(net *nn.Net, h Hyper, rnd *rand.Rand) *KolenPollack {
	r := &KolenPollack{Decay: h["decay"], Init: nn.Init(h["init"]), Scale: h["scale"], net: net}
	init := randomFeedback(net, r.Init, r.Scale, rnd)
	r.b = make([]*nn.Param, net.NumLayers())
	for l := 1; l < len(r.b); l++ {
		ly := net.Layers[l]
		p := nn.NewParam(fmt.Sprintf("B%d", l+1), ly.Out, ly.In, true) // feedback of W%d
		copy(p.Value, init[l])
		r.b[l] = p
		r.params = append(r.params, p)
	}
	r.feedback = func(l int) []float64 { return r.b[l].Value }
	return r
}

// Step implements Rule.
func (r *KolenPollack) Step(b *data.Batch) {
	r.net.Forward(b.X, b.N)
	r.net.Backward(b.Y, r.feedback)
	for l, ly := range r.net.Layers {
		if fb := r.b[l]; fb != nil {
			// The feedback synapse sees the same h_{l−1} and δ_l: same increment.
			copy(fb.Grad, ly.W.Grad)
		}
	}
}

// AfterStep implements AfterStepper: the decay, W_l ← (1 − λ) W_l and
// B_l ← (1 − λ) B_l.
func (r *KolenPollack) AfterStep(*data.Batch) {
	for l, ly := range r.net.Layers {
		scale(ly.W.Value, 1-r.Decay)
		if fb := r.b[l]; fb != nil {
			scale(fb.Value, 1-r.Decay)
		}
	}
}

// Params implements ParamOwner: the feedback matrices B_l.
func (r *KolenPollack) Params() []*nn.Param { return r.params }

// Feedback implements Feedbacker: B_l next to W_l for every layer l ≥ 1.
func (r *KolenPollack) Feedback(l int) (feedback, forward []float64, ok bool) {
	if l < 1 || l >= len(r.b) {
		return nil, nil, false
	}
	return r.b[l].Value, r.net.Layers[l].W.Value, true
}
