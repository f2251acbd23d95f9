package rule

import (
	"math/rand/v2"

	"plasticity/core/data"
	"plasticity/core/nn"
	"plasticity/core/probe"
)

// The Neuromatch Academy tutorial the perturbation rules follow.
const nmaCite = "Neuromatch Academy NeuroAI course (2024), W2D3 Microlearning, Tutorial 1 (Richards, Pogodin, Levenstein, Bredenberg, Cornford). "

func init() {
	Register(Info{
		Key:   "wp",
		Title: "Weight perturbation",
		Cite:  nmaCite + "Jabri & Flower (1992). Weight perturbation: an optimal architecture and learning technique for analog VLSI feedforward and recurrent multilayer networks. IEEE Trans. Neural Networks 3(1), 154–157.",
		Summary: "Every weight and bias is jittered at once by a small random amount Ψ, the batch's loss is measured " +
			"again, and each weight moves against its own jitter in proportion to how much the loss went up: a finite " +
			"difference along a random direction, which is the gradient on average. All the network's weights share " +
			"one number, the change in loss, so the estimate's noise grows with the number of weights and learning is " +
			"very slow: node perturbation improves on it by jittering units instead.",
		Plausibility: "Plausible: a synapse needs only its own random change and one broadcast number, the change in loss (a " +
			"reward-like signal); no error is sent anywhere. Not plausible: each synapse must hold its jitter until " +
			"the loss change arrives, and that change must be measured against a baseline, a second pass on the same " +
			"batch.",
		Equation: "Ψ ~ N(0, σ² I);  ΔW = −η (ℒ(W + Ψ) − ℒ(W)) Ψ / σ²;  antithetic: ΔW = −η (ℒ(W + Ψ) − ℒ(W − Ψ)) Ψ / (2σ²)",
		Params:   perturbationParams("Size of the weights' jitter (0.1 in the tutorial): too small and the loss change drowns in rounding, too large and it stops being linear."),
		// The spiral's 354 parameters share each loss difference, so it
		// takes 64 antithetic pairs per step (128 forward passes, 64 times
		// backprop's cost) to reach the spiral in 300 epochs. Test accuracy,
		// seeds 1, 2, 3: XOR 0.995, 1, 1; spiral 0.825, 0.96, 0.96. With
		// one draw per step (Adam, η = 0.01) the spiral reaches 0.65 (XOR
		// 0.975), with 16 draws 0.69.
		Suggested: "opt=adam&lr=0.01&wp.samples=64&wp.antithetic=on",
		New: func(net *nn.Net, h Hyper, rnd *rand.Rand) Rule {
			return newWeightPerturbation(net, h, rnd)
		},
	})
}

// WeightPerturbation is weight perturbation as the Neuromatch Academy
// tutorial teaches it (RULES.md §9.1; NeuroAI_Course, W2D3 Tutorial 1,
// WeightPerturbMLP.perturb): one draw Ψ ~ N(0, σ²) over every weight and
// bias for the whole batch, and, in the descent convention,
//
//	g = (ℒ(W + Ψ) − ℒ(W)) Ψ / σ²                   plain (the tutorial)
//	g = (ℒ(W + Ψ) − ℒ(W − Ψ)) Ψ / (2σ²)            antithetic
//
// averaged over Samples draws, ℒ the batch-mean loss. By a first-order
// Taylor expansion E[g] = ∇ℒ (TestPerturbationUnbiased). The tutorial's
// network has sigmoid outputs and the squared error; ours has the run's
// loss (softmax cross-entropy or ½‖ŷ − y‖²).
type WeightPerturbation struct {
	Sigma      float64
	Antithetic bool
	Samples    int

	net    *nn.Net
	ps     []*nn.Param // net.Params()
	rnd    *rand.Rand
	psi    [][]float64 // Ψ per parameter
	orig   [][]float64 // the parameters' values before the jitter
	probes *perturbationProbe
}

var (
	_ PassCounter = (*WeightPerturbation)(nil)
	_ Prober      = (*WeightPerturbation)(nil)
)

func newWeightPerturbation(net *nn.Net, h Hyper, rnd *rand.Rand) *WeightPerturbation {
	if net.IsSpiking() {
		panic("weight perturbation trains rate units: set neuron=rate")
	}
	r := &WeightPerturbation{Sigma: h["sigma"], Antithetic: h["antithetic"] == 1, Samples: int(h["samples"]),
		net: net, ps: net.Params(), rnd: rnd}
	for _, p := range r.ps {
		r.psi = append(r.psi, make([]float64, len(p.Value)))
		r.orig = append(r.orig, make([]float64, len(p.Value)))
	}
	r.probes = newPerturbationProbe(net, r, r.Samples, rnd)
	return r
}

// loss returns net's batch-mean loss with every parameter (ps) at orig + c·Ψ.
func (r *WeightPerturbation) loss(net *nn.Net, ps []*nn.Param, x, y []float64, N int, c float64) float64 {
	for i, p := range ps {
		for j, v := range r.orig[i] {
			p.Value[j] = v + c*r.psi[i][j]
		}
	}
	net.Forward(x, N)
	return net.LossValue(y)
}

// estimate implements estimator.
func (r *WeightPerturbation) estimate(net *nn.Net, ps []*nn.Param, x, y []float64, N int, rnd *rand.Rand) {
	for i, p := range ps {
		copy(r.orig[i], p.Value)
		clear(p.Grad)
	}
	var clean float64
	if !r.Antithetic {
		net.Forward(x, N)
		clean = net.LossValue(y)
	}
	s2 := r.Sigma * r.Sigma
	for range r.Samples {
		for _, psi := range r.psi {
			for j := range psi {
				psi[j] = r.Sigma * rnd.NormFloat64()
			}
		}
		var c float64
		if r.Antithetic {
			c = (r.loss(net, ps, x, y, N, 1) - r.loss(net, ps, x, y, N, -1)) / (2 * s2)
		} else {
			c = (r.loss(net, ps, x, y, N, 1) - clean) / s2
		}
		c /= float64(r.Samples)
		for i, p := range ps {
			for j, v := range r.psi[i] {
				p.Grad[j] += c * v
			}
		}
	}
	for i, p := range ps {
		copy(p.Value, r.orig[i])
	}
}

// Step implements Rule.
func (r *WeightPerturbation) Step(b *data.Batch) {
	r.estimate(r.net, r.ps, b.X[:b.N*r.net.Inputs()], b.Y[:b.N*r.net.Outputs()], b.N, r.rnd)
	r.probes.noteStep(b)
}

// Passes implements PassCounter: one forward pass per perturbed network,
// two per antithetic pair, and the clean one without pairs.
func (r *WeightPerturbation) Passes(N int) float64 {
	if r.Antithetic {
		return float64(2 * r.Samples * N)
	}
	return float64((1 + r.Samples) * N)
}

// Probe implements Prober: grad_cosine, step_snr and snr (perturbationProbe).
func (r *WeightPerturbation) Probe(dst []probe.Metric) []probe.Metric {
	return r.probes.probes(dst)
}
