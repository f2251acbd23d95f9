package rule

import (
	"math/rand/v2"

	"plasticity/core/data"
	"plasticity/core/nn"
)

func init() {
	Register(Info{
		Key:   "bptt",
		Title: "Surrogate-gradient BPTT (spiking)",
		Cite: "Neftci, Mostafa & Zenke (2019). Surrogate gradient learning in spiking neural networks. IEEE Signal Processing Magazine 36(6), 51–63. " +
			"Wu, Deng, Li, Zhu & Shi (2018). Spatio-temporal backpropagation for training high-performance spiking neural networks. Frontiers in Neuroscience 12, 331. " +
			"Guo, Chen, Zhang, Wang, Liu, Tong, Ou, Huang & Ma (2022). Reducing information loss for spiking neural networks. ECCV 2022.",
		Summary: "The hidden layers are leaky integrate-and-fire neurons: each integrates its input current " +
			"over T time steps, leaks, emits a binary spike when its potential crosses the threshold, and resets " +
			"(to zero, or by subtracting the threshold so that the overshoot is kept). A spike has no useful " +
			"derivative, so the network is trained by backpropagation through time with the spike's derivative " +
			"replaced by a smooth surrogate near the threshold; the membrane potential rectifier (snn.mpr) " +
			"reshapes the potential the surrogate sees.",
		Plausibility: "Plausible: binary, sparse spikes, leaky membranes, thresholds and resets are what real neurons have, and " +
			"what neuromorphic chips run cheaply. Not plausible: the training is backprop, with its weight transport " +
			"and separate backward sweep, and worse, it stores every neuron's potential at every time step and replays " +
			"time backwards. The surrogate is a mathematical device.",
		Equation: "u[t] = λ v[t−1] + W s_{l−1}[t] + b;  s[t] = H(ρ(u[t]) − θ);  v[t] = u[t](1 − s[t]) or u[t] − θ s[t];  " +
			"∂s/∂u ≈ g((ρ(u) − θ)/θ) ρ′(u)/θ;  ε_u[t] = σ[t](ε_s[t] − c[t] ε_v[t]) + k[t] ε_v[t], ε_v[t−1] = λ ε_u[t];  " +
			"ΔW_l = −η mean Σ_t ε_u[t] s_{l−1}[t]ᵀ",
		Params: []Param{{
			Key: "surrogate", Label: "Surrogate",
			Help:    "The stand-in for the spike's derivative: a box around the threshold, or the derivative of a sigmoid.",
			Default: float64(nn.DefaultSurrogate.Shape), Min: 0, Max: 1, Choices: nn.SurrogateKeys(),
		}, {
			Key: "width", Label: "Surrogate width",
			Help:    "How far from the threshold, in units of θ, the surrogate lets gradient through (the box's full width).",
			Default: nn.DefaultSurrogate.Width, Min: 0.1, Max: 4, Log: true,
		}},
		// Measured with seed 1, 300 epochs (the conformance budget): hard
		// reset reaches xor 0.98 and spiral 0.82 test accuracy, soft reset
		// with the rectifier xor 0.99 and spiral 0.88
		// (TestSpikingResets).
		Suggested: "neuron=lif&lr=0.01&snn.reset=soft",
		Spiking:   true,
		New: func(net *nn.Net, h Hyper, _ *rand.Rand) Rule {
			return newSurrogateBPTT(net, h)
		},
	})
}

// SurrogateBPTT trains a spiking network (nn.Net with Spiking set) by
// backpropagation through time with a surrogate gradient (Neftci, Mostafa
// & Zenke 2019; Wu et al. 2018), the method of Guo et al. (2022), whose soft
// reset and membrane potential rectifier are options of the network
// (neuron=lif, snn.reset, snn.mpr). With ε_s[t] the loss's gradient with
// respect to a layer's spikes at step t and ε_v[t] that with respect to its
// potential after the reset, BPTT runs backwards in time:
//
//	σ[t] = g((ρ(u[t]) − θ)/θ)·ρ′(u[t])/θ                      surrogate ∂s/∂u
//	ε_u[t] = σ[t]·(ε_s[t] − u[t]·ε_v[t]) + (1 − s[t])·ε_v[t]   hard reset
//	ε_u[t] = σ[t]·(ε_s[t] − θ·ε_v[t]) + ε_v[t]                 soft reset
//	ε_v[t−1] = λ·ε_u[t],   ΔW_l = −η·mean Σ_t ε_u[t] s_{l−1}[t]ᵀ
//
// nn.Net.BackwardThroughTime has the details. The rule follows the
// gradient of a smoothed network, not of the spiking one (whose gradient
// is zero almost everywhere), so it does not claim FollowsGradient; the nn
// tests check it against finite differences of the smoothed network.
type SurrogateBPTT struct {
	Surrogate nn.Surrogate

	net *nn.Net
}

func newSurrogateBPTT(net *nn.Net, h Hyper) *SurrogateBPTT {
	if !net.IsSpiking() {
		panic("bptt trains spiking networks: set neuron=lif")
	}
	return &SurrogateBPTT{
		Surrogate: nn.Surrogate{Shape: nn.SurrogateShape(h["surrogate"]), Width: h["width"]},
		net:       net,
	}
}

// Step implements Rule. It then advances the rate coding's noise, so that
// the next step sees fresh input spikes while every evaluation in between
// sees the ones this step trained on.
func (r *SurrogateBPTT) Step(b *data.Batch) {
	r.net.Forward(b.X, b.N)
	r.net.BackwardThroughTime(b.Y, nil, r.Surrogate)
	r.net.Spiking.Noise++
}
