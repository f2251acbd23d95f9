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
		Key:   "ep",
		Title: "Equilibrium propagation",
		Cite: "Scellier & Bengio (2017). Equilibrium propagation: bridging the gap between energy-based models and backpropagation. Frontiers in Computational Neuroscience 11:24. " +
			"Williams, Bredenberg & Lajoie (2023). Flexible phase dynamics for bio-plausible contrastive learning. ICML 2023, PMLR 202. arXiv:2302.12431.",
		Summary: "The network is a layered Hopfield net: the forward weights are also the feedback weights, and its " +
			"hard-sigmoid units settle to a minimum of an energy. In the free phase the input is clamped and the network " +
			"settles; its output there is the prediction. In the nudged phase the output is pulled gently (strength β) " +
			"towards the target and the network settles again; each weight then changes by the difference of the " +
			"Hebbian products of its two units between the two equilibria, divided by β. As β → 0 this is the gradient of " +
			"the loss at the free equilibrium. With schedule=random (Williams et al., reconstructed from their " +
			"abstract, not their exact estimator) the weights learn at every settling step with the sign of the " +
			"current phase, and phases are of random type and length, at the price of a noisier update.",
		Plausibility: "Plausible: one kind of circuit and one local, Hebbian rule for both inference and learning; the error is " +
			"never represented, only a small change of activity. Not plausible: symmetric weights, a global signal " +
			"that tells the phases apart, and the free state must be remembered until the nudged one is reached. The " +
			"random schedule removes that memory, so learning becomes temporally local, though every synapse must " +
			"still be told the current phase.",
		Equation: "E = Σ ½‖ρ(s_l)‖² − ρ(s_l)ᵀ (W_l ρ(s_{l−1}) + b_l);  F = E + β C;  s ← clip(s − ε ∂F/∂s, 0, 1);  " +
			"ΔW_l = (η/β) (ρ(s_l^β) ρ(s_{l−1}^β)ᵀ − ρ(s_l^0) ρ(s_{l−1}^0)ᵀ)",
		Params: []Param{
			{Key: "free", Label: "Free steps",
				Help:    "Settling steps of the free phase, from the feed-forward sweep (20 for the paper's one-hidden-layer net).",
				Default: 20, Min: 1, Max: 500, Integer: true},
			{Key: "nudged", Label: "Nudged steps",
				Help:    "Settling steps of the nudged phase, from the free equilibrium (4 in the paper).",
				Default: 4, Min: 1, Max: 500, Integer: true},
			{Key: "beta", Label: "Nudge β",
				Help:    "How hard the output is pulled towards the target in the nudged phase (0.5 in the paper): small β estimates the gradient better, but the phases differ less.",
				Default: 0.5, Min: 0.001, Max: 5, Log: true},
			{Key: "eps", Label: "Settling step ε",
				Help:    "Step of the settling dynamics, s ← s − ε ∂F/∂s (0.5 in the paper).",
				Default: 0.5, Min: 0.01, Max: 1, Log: true},
			{Key: "sign", Label: "Sign of β",
				Help:    "random: β or −β at random for each batch, as the reference code does to cancel the estimate's first-order bias; positive: always +β; symmetric: two nudged phases, +β and −β (Laborieux et al. 2021), one more phase per step.",
				Default: epRandomSign, Max: 2, Choices: []string{"random", "positive", "symmetric"}},
			{Key: "output", Label: "Output units",
				Help:    "hardsigmoid: clipped to [0, 1] like the hidden units, cost ‖s − y‖² (the paper), probabilities the states normalised; linear: the cost is the network's loss (softmax cross-entropy) and probabilities the softmax of the states.",
				Default: epHardSigmoid, Max: 1, Choices: []string{"hardsigmoid", "linear"}},
			{Key: "schedule", Label: "Phase schedule",
				Help:    "periodic: free then nudged, one update at the end; random: after the free phase, 2×nudged more steps in phases of random type and length with a learning step at every one (Williams et al. 2023, reconstructed).",
				Default: epPeriodic, Max: 1, Choices: []string{"periodic", "random"}},
		},
		// The paper's defaults on one hidden layer, its net1 recipe. Test
		// accuracy after 300 epochs, seeds 1, 2, 3: XOR 1, 1, 0.98; spiral
		// 0.895, 0.935, 0.945. On the 16-16 network every setting tried
		// (β 0.1 to 0.5, symmetric nudging, linear outputs, up to 50 free
		// and 10 nudged steps, Adam or SGD, η 0.001 to 0.05) stays at 0.5
		// to 0.66: its free equilibria lie at the corners of the hard
		// sigmoid (W's spectral norm ≈ 2 makes the energy non-convex), the
		// saturated units pass no learning signal, and the free phase does
		// not settle in 20 steps (the paper gives its two-hidden-layer net
		// 150 free steps and persistent particles).
		Suggested: "hidden=64&opt=adam&lr=0.01",
		New: func(net *nn.Net, h Hyper, rnd *rand.Rand) Rule {
			return newEquilibriumPropagation(net, h, rnd)
		},
	})
}

// The choices of EquilibriumPropagation (indices into their Choices).
const (
	epRandomSign = 0
	epPositive   = 1
	epSymmetric  = 2

	epHardSigmoid = 0
	epLinear      = 1

	epPeriodic = 0
	epRandom   = 1
)

// EquilibriumPropagation is Scellier & Bengio's (2017) equilibrium
// propagation (RULES.md §8.2; bscellier/Towards-a-Biologically-Plausible-
// Backprop, model.py and train_model.py) on the energy network of
// energyNet, the net's weights serving both ways:
//
//	free:    s⁰ = settle E from the feed-forward sweep, Free steps
//	nudged:  s^β = settle F = E + βC from s⁰, Nudged steps
//	g_{W_l} = −(ρ(s_l^β) ρ(s_{l−1}^β)ᵀ − ρ(s_l⁰) ρ(s_{l−1}⁰)ᵀ)/β,  g_{b_l} = −(ρ(s_l^β) − ρ(s_l⁰))/β
//
// (batch means, descent convention: g = ∂(E(s^β) − E(s⁰))/∂θ / β, the
// reference code's update). As β → 0 with both phases settled, g is the
// gradient of C(s⁰(θ)), the cost at the free equilibrium
// (TestEquilibriumPropagationGradient). With Sign = symmetric the
// estimate is (ρρᵀ(s^β) − ρρᵀ(s^{−β}))/(2β), whose error is O(β²).
//
// The cost C is Scellier & Bengio's ‖s_L − y‖² on hard-sigmoid outputs;
// on linear outputs it is the network's own loss, so that the free
// equilibrium's loss is the run's loss exactly. The rule predicts with the
// free equilibrium (Predictor, Forwarder), its output read as energyNet's
// output says. Every input is used as it is (the paper's inputs are pixels
// in [0, 1], read through ρ); the act link key only chooses the initial
// weights' range and the feed-forward network the update angle compares
// with.
//
// The free phase must settle: the nudged phase otherwise goes on with the
// free relaxation, and that drift, divided by β, swamps the estimate
// (with plain +β it stops the network learning even linearly separable
// clusters at 20 free steps; 100 suffice there). A random sign of β
// cancels the drift on average and symmetric nudging exactly, which is
// why the reference code draws the sign at random. Hard-sigmoid output
// units can die: one clipped at 0 for every input feels a nudge of at most
// 2β and may never come back; linear outputs cannot.
//
// Deviations: no persistent particles (the free phase starts from the
// feed-forward sweep instead of each example's state of the last epoch),
// one learning rate for all layers (the paper's per-layer α_l are the
// run's single optimizer here), and the input units' biases, constant in
// the energy, are left out.
//
// Schedule random is a reconstruction of Williams, Bredenberg & Lajoie's
// (2023) temporally local learning from their abstract (RULES.md §8.3): after
// the free phase, M = 2·Nudged settling steps run in phases whose type is
// drawn at random, nudged (+β) or free, each with probability π = ½
// (symmetric: +β or −β), and whose length is uniform on 1 … Nudged. At
// every step t the synapse adds the Hebbian product of the current states
// with the sign of the phase, φ_t = ±1, weighted 1/π; no state is stored:
//
//	g_{W_l} = −(1/(M (β₊ − β₋))) Σ_t (φ_t/π) ρ(s_{l,t}) ρ(s_{l−1,t})ᵀ
//
// whose mean, if the states reached their phase's equilibrium at once, is
// the periodic update; the settling after every switch biases it towards
// smaller steps, and the random phase types make it far noisier.
type EquilibriumPropagation struct {
	Free, Nudged int
	Beta, Eps    float64
	Sign         int // epRandomSign, epPositive or epSymmetric
	Schedule     int // epPeriodic or epRandom

	net   *nn.Net
	en    *energyNet
	rnd   *rand.Rand
	free  [][]float64 // the free equilibrium's states
	steps int         // settling steps of the last Step

	// Probes, means over the recent steps: the energy of an example at the
	// free equilibrium, the residual change of each layer in the free
	// phase's last step and each layer's change between the phases, /|β|.
	energy, residual, phaseDiff runningMean
}

var (
	_ Predictor   = (*EquilibriumPropagation)(nil)
	_ Forwarder   = (*EquilibriumPropagation)(nil)
	_ PassCounter = (*EquilibriumPropagation)(nil)
	_ Settler     = (*EquilibriumPropagation)(nil)
	_ Prober      = (*EquilibriumPropagation)(nil)
)

func newEquilibriumPropagation(net *nn.Net, h Hyper, rnd *rand.Rand) *EquilibriumPropagation {
	L := net.NumLayers()
	return &EquilibriumPropagation{
		Free: int(h["free"]), Nudged: int(h["nudged"]), Beta: h["beta"], Eps: h["eps"],
		Sign: int(h["sign"]), Schedule: int(h["schedule"]),
		net: net, en: newEnergyNet(net, 1, int(h["output"]) == epLinear), rnd: rnd,
		energy: newRunningMean(1), residual: newRunningMean(L), phaseDiff: newRunningMean(L),
	}
}

// settle runs n steps of a phase, recording them into tr if it is not nil.
func (r *EquilibriumPropagation) settle(x []float64, nu nudge, n int, tr *SettleTrace, phase string) {
	for range n {
		r.en.step(x, nu, r.Eps)
		if tr != nil {
			r.en.energy(x, nu)
			r.en.record(tr, phase)
		}
	}
}

// freePhase starts from the feed-forward sweep and settles freely.
func (r *EquilibriumPropagation) freePhase(x []float64, N int, tr *SettleTrace) {
	r.en.start(x, N)
	if tr != nil {
		r.en.energy(x, nudge{})
		r.en.record(tr, "free")
	}
	r.settle(x, nudge{}, r.Free, tr, "free")
}

// betas returns the nudges of the two phases contrasted, β₊ and β₋ (β₋ = 0
// unless symmetric), the sign of β drawn from rnd if it is not nil and
// Sign asks for it.
func (r *EquilibriumPropagation) betas(rnd *rand.Rand) (plus, minus float64) {
	switch {
	case r.Sign == epSymmetric:
		return r.Beta, -r.Beta
	case r.Sign == epRandomSign && rnd != nil && rnd.IntN(2) == 0:
		return -r.Beta, 0
	}
	return r.Beta, 0
}

// Step implements Rule.
func (r *EquilibriumPropagation) Step(b *data.Batch) {
	x, y := b.X[:b.N*r.net.Inputs()], b.Y[:b.N*r.net.Outputs()]
	clearGrads(r.net)
	r.run(x, y, b.N, r.rnd, nil)
}

// run does a training step's settling on x (N examples) and, if tr is
// nil, writes the update; the phase signs and the random schedule draw from
// rnd. With tr it records example 0's trajectory instead.
func (r *EquilibriumPropagation) run(x, y []float64, N int, rnd *rand.Rand, tr *SettleTrace) {
	e := r.en
	r.freePhase(x, N, tr)
	if tr == nil {
		r.noteFree(x)
	}
	r.free = e.newStates(r.free)
	e.copyStates(r.free, e.s)
	plus, minus := r.betas(rnd)
	r.steps = r.Free
	if r.Schedule == epRandom {
		r.randomPhases(x, y, plus, minus, rnd, tr)
		return
	}
	r.settle(x, nudge{beta: plus, y: y}, r.Nudged, tr, phaseName(plus))
	r.steps += r.Nudged
	if tr == nil {
		e.hebbian(e.s, x, -1/(plus-minus))
		r.notePhases(plus)
	}
	if minus == 0 {
		if tr == nil {
			e.hebbian(r.free, x, 1/(plus-minus))
		}
		return
	}
	e.copyStates(e.s, r.free)
	if tr != nil {
		e.energy(x, nudge{beta: minus, y: y})
		e.record(tr, phaseName(minus))
	}
	r.settle(x, nudge{beta: minus, y: y}, r.Nudged, tr, phaseName(minus))
	r.steps += r.Nudged
	if tr == nil {
		e.hebbian(e.s, x, 1/(plus-minus))
	}
}

// randomPhases runs the random schedule's M = 2·Nudged learning steps (see
// EquilibriumPropagation), adding the weighted Hebbian products to the
// gradients.
func (r *EquilibriumPropagation) randomPhases(x, y []float64, plus, minus float64, rnd *rand.Rand, tr *SettleTrace) {
	M := 2 * r.Nudged
	c := 1 / (float64(M) * (plus - minus)) / 0.5 // 1/π with π = ½
	for t := 0; t < M; {
		a := rnd.IntN(2) == 0
		n := min(1+rnd.IntN(r.Nudged), M-t)
		beta, sign := minus, 1.0
		if a {
			beta, sign = plus, -1.0
		}
		nu := nudge{beta: beta, y: y}
		for range n {
			r.en.step(x, nu, r.Eps)
			if tr != nil {
				r.en.energy(x, nu)
				r.en.record(tr, phaseName(beta))
			} else {
				r.en.hebbian(r.en.s, x, sign*c)
			}
		}
		t += n
	}
	r.steps += M
}

// phaseName names a phase by its nudge.
func phaseName(beta float64) string {
	switch {
	case beta > 0:
		return "nudged +β"
	case beta < 0:
		return "nudged −β"
	}
	return "free"
}

// noteFree records the free equilibrium's probes.
func (r *EquilibriumPropagation) noteFree(x []float64) {
	e := r.en
	e.energy(x, nudge{})
	s := 0.0
	for _, v := range e.en[:e.n] {
		s += v
	}
	r.energy.add(0, s/float64(e.n))
	for l := range r.net.Layers {
		r.residual.add(l, e.residual(l))
	}
}

// notePhases records how far each layer moved between the free equilibrium
// and the end of the nudged phase of nudge db, divided by |db|.
func (r *EquilibriumPropagation) notePhases(db float64) {
	for l, ly := range r.net.Layers {
		r.phaseDiff.add(l, meanRowNorm(r.en.s[l], r.free[l], r.en.n, ly.Out)/math.Abs(db))
	}
}

// Passes implements PassCounter: the feed-forward sweep, two passes per
// settling step (up through W, down through Wᵀ) and one for the update.
func (r *EquilibriumPropagation) Passes(N int) float64 {
	return float64(N * (2 + 2*r.steps))
}

// Forward implements Forwarder: the free phase, leaving ρ(s_l) in the
// net's H[l+1], each unit's drive (its total input, top-down included) in
// A[l] and the outputs read as probabilities (or values) in Output().
func (r *EquilibriumPropagation) Forward(x []float64, N int) {
	r.net.Forward(x, N) // sizes the net's workspace and sets its batch
	r.freePhase(x, N, nil)
	r.en.expose(x, N)
}

// Predict implements Predictor: the output at the free equilibrium.
func (r *EquilibriumPropagation) Predict(out, x []float64, N int) {
	r.freePhase(x, N, nil)
	r.en.output(out[:N*r.net.Outputs()])
}

// Settle implements Settler. A hidden state is the unit's state s_l in
// [0, 1] (= ρ(s_l)); the energy is E in the free phase and E + βC in a
// nudged one. The trace takes +β (and −β after it, from the free
// equilibrium again, when Sign is symmetric); the random schedule's phases
// are drawn from a generator of its own with a fixed seed, never from the
// rule's.
func (r *EquilibriumPropagation) Settle(x, y []float64) SettleTrace {
	tr := newSettleTrace(r.net.NumLayers())
	if y == nil {
		r.freePhase(x, 1, tr)
		return *tr
	}
	r.run(x, y, 1, rand.New(rand.NewPCG(1, 2)), tr)
	return *tr
}

// Probe implements Prober.
func (r *EquilibriumPropagation) Probe(dst []probe.Metric) []probe.Metric {
	return append(dst,
		probe.Metric{Key: "energy", Label: "Energy E at the free equilibrium", Values: r.energy.values(),
			Help: "The network's energy where the free phase stops, per example: learning deepens the minima the inputs settle into."},
		probe.Metric{Key: "residual", Label: "Free-phase residual ‖Δs_l‖", PerLayer: true, Values: r.residual.values(),
			Help: "How much each layer's states still changed in the free phase's last step, per example: far from zero, the free phase is too short and the gradient estimate is off."},
		probe.Metric{Key: "phase_diff", Label: "Nudge response ‖s^β − s⁰‖/β", PerLayer: true, Values: r.phaseDiff.values(),
			Help: "How far each layer moves between the free equilibrium and the end of the nudged phase, per example and per unit of β: EP's learning signal, which must reach the first layer."})
}
