package rule

import (
	"math/rand/v2"

	"plasticity/core/data"
	"plasticity/core/nn"
	"plasticity/core/probe"
)

func init() {
	Register(Info{
		Key:   "chl",
		Title: "Contrastive Hebbian learning",
		Cite: "Movellan (1991). Contrastive Hebbian learning in the continuous Hopfield model. Connectionist Models, 10–17. " +
			"Xie & Seung (2003). Equivalence of backpropagation and contrastive Hebbian learning in a layered network. Neural Computation 15(2), 441–454.",
		Summary: "The network settles twice on each example, with the same symmetric weights used forwards and " +
			"backwards: once freely with only the input clamped (its output is the prediction), once with the output " +
			"clamped to the target as well. Each weight then grows by the product of its two units' activities in the " +
			"clamped state (Hebbian) and shrinks by the same product in the free state (anti-Hebbian), so the free state " +
			"moves towards the clamped one. It is equilibrium propagation with the output clamped outright instead of " +
			"nudged (β → ∞), which makes the update biased: it is no longer the loss gradient, though with a weak top-down " +
			"gain γ (Xie & Seung) it approaches backprop.",
		Plausibility: "Plausible: one local Hebbian rule at every synapse, the product of its two units' activities, and no " +
			"error neurons: the error is only the difference between two states of the same network. Not plausible: " +
			"the weights are symmetric, the same W forwards and backwards; a global signal switches the sign of " +
			"plasticity between the phases; and each synapse must remember its free-phase product until the clamped " +
			"phase has settled.",
		Equation: "s_l ← clip((1 − ε) s_l + ε (W_l ρ(s_{l−1}) + b_l + γ W_{l+1}ᵀ ρ(s_{l+1})), 0, 1);  " +
			"ΔW_l = η γ^{l−L} (ρ(s_l^c) ρ(s_{l−1}^c)ᵀ − ρ(s_l^f) ρ(s_{l−1}^f)ᵀ)",
		Params: []Param{
			{Key: "free", Label: "Free steps",
				Help:    "Settling steps of the free phase, from the feed-forward sweep.",
				Default: 20, Min: 1, Max: 500, Integer: true},
			{Key: "clamped", Label: "Clamped steps",
				Help:    "Settling steps of the clamped phase, from the free equilibrium with the output held at the target.",
				Default: 20, Min: 1, Max: 500, Integer: true},
			{Key: "eps", Label: "Settling step ε",
				Help:    "Step of the settling dynamics, s ← s − ε (s − drive).",
				Default: 0.5, Min: 0.01, Max: 1, Log: true},
			{Key: "gain", Label: "Top-down gain γ",
				Help:    "Scales every top-down input (Xie & Seung 2003); layer l's update is divided by γ^{L−l} to make up for it. 1 is plain CHL; small γ approaches backprop.",
				Default: 1, Min: 0.05, Max: 1},
		},
		// One hidden layer, as for equilibrium propagation. Test accuracy
		// after 300 epochs, seeds 1, 2, 3: XOR 1, 1, 1; spiral 0.85, 0.915,
		// 0.945. On the 16-16 network plain CHL (γ = 1) stays at 0.53 to
		// 0.7 (its units saturate); γ = 0.2 with 40 free and 40 clamped
		// steps and η = 0.003 reaches 0.94, 0.86, 0.815 at twice the cost.
		Suggested: "act=relu&hidden=64&opt=adam&lr=0.01",
		New: func(net *nn.Net, h Hyper, rnd *rand.Rand) Rule {
			L := net.NumLayers()
			return &ContrastiveHebbian{
				Free: int(h["free"]), Clamped: int(h["clamped"]), Eps: h["eps"], Gain: h["gain"],
				net: net, en: newEnergyNet(net, h["gain"], false),
				energy: newRunningMean(1), residual: newRunningMean(L), phaseDiff: newRunningMean(L),
			}
		},
	})
}

// ContrastiveHebbian is contrastive Hebbian learning (Movellan 1991;
// RULES.md §8.1, [recall]) on the energy network of energyNet, whose output
// units are hard sigmoids for classification (targets are one-hot, within
// [0, 1]) and linear for regression:
//
//	free:     s^f = settle E with x clamped, from the feed-forward sweep
//	clamped:  s^c = settle E with x and s_L = y clamped, from s^f
//	g_{W_l} = −γ^{l−L} (ρ(s_l^c) ρ(s_{l−1}^c)ᵀ − ρ(s_l^f) ρ(s_{l−1}^f)ᵀ),  g_{b_l} likewise
//
// (batch means; l = 1 … L as in RULES.md). With a top-down gain γ < 1 the
// settling descends Σ_l γ^{l−1} E_l and layer l's update is scaled by
// γ^{l−L} (Xie & Seung 2003, recalled: their equivalence with backprop
// holds as γ → 0). The rule predicts with the free equilibrium, its
// outputs normalised into probabilities (energyNet.output).
type ContrastiveHebbian struct {
	Free, Clamped int
	Eps, Gain     float64

	net  *nn.Net
	en   *energyNet
	free [][]float64

	// Probes as EquilibriumPropagation's, the phase difference undivided.
	energy, residual, phaseDiff runningMean
}

var (
	_ Predictor   = (*ContrastiveHebbian)(nil)
	_ Forwarder   = (*ContrastiveHebbian)(nil)
	_ PassCounter = (*ContrastiveHebbian)(nil)
	_ Settler     = (*ContrastiveHebbian)(nil)
	_ Prober      = (*ContrastiveHebbian)(nil)
)

// settle runs n steps, recording them into tr if it is not nil.
func (r *ContrastiveHebbian) settle(x []float64, nu nudge, n int, tr *SettleTrace, phase string) {
	for range n {
		r.en.step(x, nu, r.Eps)
		if tr != nil {
			r.en.energy(x, nu)
			r.en.record(tr, phase)
		}
	}
}

// freePhase starts from the feed-forward sweep and settles freely.
func (r *ContrastiveHebbian) freePhase(x []float64, N int, tr *SettleTrace) {
	r.en.start(x, N)
	if tr != nil {
		r.en.energy(x, nudge{})
		r.en.record(tr, "free")
	}
	r.settle(x, nudge{}, r.Free, tr, "free")
}

// run settles both phases on x (N examples); it writes the update if tr is
// nil and records example 0's trajectory into tr otherwise.
func (r *ContrastiveHebbian) run(x, y []float64, N int, tr *SettleTrace) {
	e := r.en
	r.freePhase(x, N, tr)
	if tr == nil {
		e.energy(x, nudge{})
		s := 0.0
		for _, v := range e.en[:N] {
			s += v
		}
		r.energy.add(0, s/float64(N))
		for l := range r.net.Layers {
			r.residual.add(l, e.residual(l))
		}
	}
	r.free = e.newStates(r.free)
	e.copyStates(r.free, e.s)
	L := r.net.NumLayers()
	nu := nudge{y: y, clamp: true}
	copy(e.s[L-1][:N*r.net.Outputs()], y)
	if tr != nil {
		e.energy(x, nu)
		e.record(tr, "clamped")
	}
	r.settle(x, nu, r.Clamped, tr, "clamped")
	if tr != nil {
		return
	}
	e.hebbian(e.s, x, -1)
	e.hebbian(r.free, x, 1)
	for l, ly := range r.net.Layers {
		r.phaseDiff.add(l, meanRowNorm(e.s[l], r.free[l], N, ly.Out))
	}
}

// Step implements Rule.
func (r *ContrastiveHebbian) Step(b *data.Batch) {
	clearGrads(r.net)
	r.run(b.X[:b.N*r.net.Inputs()], b.Y[:b.N*r.net.Outputs()], b.N, nil)
}

// Passes implements PassCounter: the feed-forward sweep, two passes per
// settling step and one for the update.
func (r *ContrastiveHebbian) Passes(N int) float64 {
	return float64(N * (2 + 2*(r.Free+r.Clamped)))
}

// Forward implements Forwarder, as EquilibriumPropagation's.
func (r *ContrastiveHebbian) Forward(x []float64, N int) {
	r.net.Forward(x, N) // sizes the net's workspace and sets its batch
	r.freePhase(x, N, nil)
	r.en.expose(x, N)
}

// Predict implements Predictor: the output at the free equilibrium.
func (r *ContrastiveHebbian) Predict(out, x []float64, N int) {
	r.freePhase(x, N, nil)
	r.en.output(out[:N*r.net.Outputs()])
}

// Settle implements Settler: a hidden state is s_l in [0, 1]; the energy is
// the (gain-weighted) E, in the clamped phase with the output held at y.
func (r *ContrastiveHebbian) Settle(x, y []float64) SettleTrace {
	tr := newSettleTrace(r.net.NumLayers())
	if y == nil {
		r.freePhase(x, 1, tr)
		return *tr
	}
	r.run(x, y, 1, tr)
	return *tr
}

// Probe implements Prober.
func (r *ContrastiveHebbian) Probe(dst []probe.Metric) []probe.Metric {
	return append(dst,
		probe.Metric{Key: "energy", Label: "Energy E at the free equilibrium", Values: r.energy.values(),
			Help: "The network's energy where the free phase stops, per example: learning deepens the minima the inputs settle into."},
		probe.Metric{Key: "residual", Label: "Free-phase residual ‖Δs_l‖", PerLayer: true, Values: r.residual.values(),
			Help: "How much each layer's states still changed in the free phase's last step, per example: far from zero, the free phase is too short."},
		probe.Metric{Key: "phase_diff", Label: "Clamping response ‖s^c − s^f‖", PerLayer: true, Values: r.phaseDiff.values(),
			Help: "How far each layer moves between the free and the clamped equilibrium, per example: CHL's learning signal, which must reach the first layer."})
}
