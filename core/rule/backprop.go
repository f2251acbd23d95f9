package rule

import (
	"math/rand/v2"

	"plasticity/core/data"
	"plasticity/core/nn"
)

func init() {
	Register(Info{
		Key:   "bp",
		Title: "Backpropagation",
		Cite:  "Rumelhart, Hinton & Williams (1986). Learning representations by back-propagating errors. Nature 323, 533–536.",
		Summary: "The output error is sent backwards through the transposes of the forward weights, " +
			"giving every weight the exact gradient of the loss. It is the reference every other rule is " +
			"measured against.",
		Plausibility: "Biologically the least plausible rule here. Each hidden synapse would need to know the strength of a " +
			"synapse elsewhere, its partner in the layer above (weight transport), and signed errors travel back in a " +
			"separate backward sweep that must wait for the forward pass (update locking), while every neuron holds " +
			"its activity and slope f′ until its error arrives. Only the last step is local: each weight changes by " +
			"its input activity times the error its neuron receives.",
		Equation:        "δ_L = ŷ − y;  δ_l = (W_{l+1}ᵀ δ_{l+1}) ⊙ f′(a_l);  ΔW_l = −η δ_l h_{l−1}ᵀ",
		FollowsGradient: true,
		New: func(net *nn.Net, _ Hyper, _ *rand.Rand) Rule {
			return &Backprop{net: net}
		},
	})
}

// Backprop is backpropagation of errors (Rumelhart, Hinton & Williams 1986):
//
//	δ_L = ŷ − y,   δ_l = (W_{l+1}ᵀ δ_{l+1}) ⊙ f'(a_l),   g_{W_l} = mean δ_l h_{l−1}ᵀ
type Backprop struct {
	net *nn.Net
}

// Step implements Rule.
func (r *Backprop) Step(b *data.Batch) {
	r.net.Forward(b.X, b.N)
	r.net.Backward(b.Y, nil)
}
