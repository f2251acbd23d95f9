package rule

import (
	"math/rand/v2"

	"plasticity/core/nn"
)

func init() {
	params := append(ffParams(), Param{
		Key: "others", Label: "Collaborating layers",
		Help:    "all: each layer's decision adds the (frozen) goodness of every other layer; below: only of the layers beneath it.",
		Default: 0, Max: 1, Choices: []string{"all", "below"},
	})
	Register(Info{
		Key:   "cff",
		Title: "Collaborative forward-forward",
		Cite:  "Lorberbom, Gat, Adi, Schwing & Hazan (2024). Layer collaboration in the forward-forward algorithm. AAAI 38, 14141–14148. arXiv:2305.12393.",
		Summary: "Forward-forward in which every layer decides \"positive or negative\" from the goodness of the whole " +
			"network, its own plus the others' taken as fixed numbers, instead of from its own alone. Each layer still " +
			"changes only its own weights from its own input and output, but now learns what the other layers miss, so " +
			"that deeper layers stop being idle once the first has solved the task.",
		Plausibility: "Plausible as forward-forward is: each layer changes its weights from its own input and output, over two " +
			"forward passes, and no error travels between layers. What it adds is one broadcast number per example, " +
			"the network's total goodness, which every layer must receive. Not plausible, as for forward-forward: the " +
			"label has to enter at the input, a phase signal switches the sign of plasticity between positive and " +
			"negative passes, and each layer's input is normalised exactly.",
		Equation: "p_l = σ((G_l + γ_l − Σ_t θ_t)/T),  γ_l = Σ_{t≠l} Ĝ_t (Ĝ: no gradient);  " +
			"ΔW_l = (η/T)[(1 − p_l⁺)(h_l⁺ ⊙ f′) z̃⁺ᵀ − p_l⁻ (h_l⁻ ⊙ f′) z̃⁻ᵀ];  ŷ = argmax_k Σ_l G_l(x, k)",
		Params: params,
		Inputs: labelInputs,
		// Test accuracy after 300 epochs, seeds 1–5, 2-16-16-2: spiral
		// 0.85 (0.88 on seed 1), XOR 0.99. With every layer sharing one
		// decision, a sharper σ (T = 0.3) helps and peer normalisation
		// hurts (spiral 0.72 with the defaults).
		Suggested: "act=relu&opt=adam&lr=0.01&cff.peer=0&cff.temp=0.3",
		New: func(net *nn.Net, h Hyper, rnd *rand.Rand) Rule {
			return newCollaborativeForwardForward(net, h, rnd)
		},
	})
}

// newCollaborativeForwardForward returns collaborative forward-forward
// (Lorberbom et al. 2024; RULES.md §3.2): a ForwardForward with one
// change, layer l's probability of "positive" sees the goodness of the
// other layers as a constant γ_l,
//
//	p_l = σ((G_l + γ_l − θ)/T),   γ_l = Σ_{t≠l} Ĝ_t   (others = all)
//	                          or   γ_l = Σ_{t<l} Ĝ_t   (others = below),
//
// where Ĝ_t is computed with the current weights but carries no gradient,
// and θ is the sum of the thresholds of the layers in the sum (RULES.md's
// implementation note: with θ = θ_l alone σ saturates at 1 for positives).
// The gradient into W_l keeps forward-forward's form, since ∂(G_l + γ_l)/∂G_l
// = 1; only p_l changes, and with others = all it is the same for every
// layer. Every layer updates on every step ("alternating over layers every
// step"). Prediction is forward-forward's: the label of highest total
// goodness, now exactly the quantity the layers learn together.
//
// There is no official code; the equations follow a secondary summary of
// the paper (RULES.md §3.2).
func newCollaborativeForwardForward(net *nn.Net, h Hyper, rnd *rand.Rand) *ForwardForward {
	collab := cffAll
	if h["others"] == 1 {
		collab = cffBelow
	}
	return newForwardForward(net, h, rnd, collab)
}
