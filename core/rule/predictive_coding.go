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
		Key:   "pc",
		Title: "Predictive coding",
		Cite:  "Whittington & Bogacz (2017). An approximation of the error backpropagation algorithm in a predictive coding network with local Hebbian synaptic plasticity. Neural Computation 29(5), 1229–1262.",
		Summary: "Every hidden unit has a value node x_l and an error node ε_l = x_l − μ_l, the mismatch between its " +
			"value and the prediction μ_l = W_l f(x_{l−1}) + b_l sent up by the layer below. With the input clamped and " +
			"the output pulled towards the target, the value nodes relax for a few steps so as to lower the energy " +
			"F = Σ ½‖ε_l‖² + γ·loss; then each weight changes by its error node times its input (a Hebbian product of two " +
			"signals present at the synapse). The energy is the network's own loss: softmax with cross-entropy at the output " +
			"for classification, ½‖ŷ − y‖² for regression, weighted by γ (the paper's output variance is 1/γ). With a small γ " +
			"and enough steps the relaxed errors become backprop's δ_l and the update its gradient.",
		Plausibility: "Plausible: local errors, Hebbian updates, no separate backward sweep. Not plausible: errors still travel " +
			"down through Wᵀ (weight transport, now by the error neurons' feedback synapses), one error neuron per " +
			"value neuron, and learning must wait for the relaxation.",
		Equation: "μ_l = W_l f(x_{l−1}) + b_l;  ε_l = x_l − μ_l;  ε_L = γ (y − ŷ);  " +
			"x_l ← x_l + β (−ε_l + f′(x_l) ⊙ W_{l+1}ᵀ ε_{l+1});  ΔW_l = η ε_l f(x_{l−1})ᵀ / γ",
		Params: []Param{
			{Key: "steps", Label: "Inference steps T",
				Help:    "Relaxation steps of the value nodes before each update (the paper stops at 50): errors climb one layer per step.",
				Default: 20, Min: 1, Max: 500, Integer: true},
			{Key: "rate", Label: "Inference rate β",
				Help:    "Euler step of the relaxation (0.1 in the paper); it is halved whenever the energy of an example rises.",
				Default: 0.1, Min: 0.001, Max: 1, Log: true},
			{Key: "nudge", Label: "Output weight γ",
				Help:    "Weight of the output loss in the energy (1/γ is the paper's output variance, 1 there): small γ makes the update approach backprop's gradient.",
				Default: 1, Min: 0.001, Max: 1, Log: true},
		},
		// Test accuracy after 300 epochs with these settings, seeds 1, 2,
		// 3: XOR 0.995, 1, 1; spiral 0.96, 0.92, 0.96. With the paper's
		// γ = 1 the spiral reaches 0.58 to 0.91 (tanh or sigmoid units,
		// seeds 1–3): a strong output term lets the value nodes absorb the
		// error (the relaxed output all but matches the target), the top
		// layer learns from a vanishing residual, and where the weights
		// have grown the relaxation turns stiff. γ = 0.1 keeps the update
		// near backprop's (TestPredictiveCodingApproachesBackprop).
		Suggested: "act=relu&pc.nudge=0.1",
		New: func(net *nn.Net, h Hyper, _ *rand.Rand) Rule {
			inf := newInference(net, pcKind, int(h["steps"]))
			inf.own, inf.up, inf.nudge = h["rate"], h["rate"], h["nudge"]
			return &PredictiveCoding{inference: inf}
		},
	})
}

// PredictiveCoding is Whittington & Bogacz's (2017) supervised predictive
// coding network in its "bio" form (RULES.md §7.1; djcrw/Supervised-
// Predictive-Coding, infer_bio_v1.m and pc_learn_v1.m). The value nodes of
// hidden layer l are its pre-activations x_l, so that predictions are the
// network's own affine maps and the feed-forward sweep is where inference
// starts, with every hidden error zero:
//
//	μ_l = W_l f(x_{l−1}) + b_l   (x_0 the input, used as it is)
//	ε_l = x_l − μ_l              (hidden layers)
//	ε_L = γ (y − ŷ),  ŷ = softmax(μ_L) (cross-entropy) or μ_L (MSE)
//	F   = Σ_{l<L} ½‖ε_l‖² + γ ℒ(ŷ, y)
//	x_l ← x_l + β (−ε_l + f′(x_l) ⊙ W_{l+1}ᵀ ε_{l+1})      T times, = x_l − β ∂F/∂x_l
//	g_{W_l} = −mean ε_l f(x_{l−1})ᵀ / γ,   g_{b_l} = −mean ε_l / γ
//
// The paper clamps the output value node to the target with variance Σ_L
// and scales the update by Σ_L; with our softmax output the clamped node's
// error is the cross-entropy's, ∂ℒ/∂μ_L = ŷ − y, and γ = 1/Σ_L. Dividing
// the update by γ keeps its size independent of γ, as the paper's factor
// Σ_L does. As γ → 0 the relaxed errors satisfy ε_l = f′ ⊙ W_{l+1}ᵀ ε_{l+1}
// at the feed-forward values, so ε_l/γ → −δ_l and the update is backprop's
// gradient (TestPredictiveCodingApproachesBackprop).
//
// Deviations: the paper also applies f to the input (its "bio_inv" data
// are preprocessed so that f(x_0) is the image); we use the input as it is,
// since ours may be negative. It stops the relaxation early once the energy
// changes by less than 10⁻⁶·β; we always run the T steps, so that every
// step costs the same (with β = 0.1 the criterion does not fire within a
// few tens of steps anyway). The paper halves β for the whole batch
// whenever the energy of any example rises, and keeps the step; we undo
// the step for that example alone and halve its own β (undoRises), so that
// no example's energy ever rises and one example does not stall the
// others. β starts afresh every batch.
type PredictiveCoding struct {
	*inference
}

var (
	_ PassCounter = (*PredictiveCoding)(nil)
	_ Settler     = (*PredictiveCoding)(nil)
	_ Prober      = (*PredictiveCoding)(nil)
)

// inferenceKind selects one of the settling rules sharing inference.
type inferenceKind int

const (
	pcKind   inferenceKind = iota // Whittington & Bogacz: value nodes are pre-activations
	ilKind                        // Alonso et al.'s IL-SGD: value nodes are activities
	proxKind                      // Alonso et al.'s IL-prox: pre-activations, proximal output target
)

// inference is the relaxation shared by predictive coding and inference
// learning: value nodes start at the feed-forward sweep and descend the
// energy with the input clamped and the output pulled towards the target;
// then every weight learns from the errors at its layer. The kinds differ
// in what a value node is and in how the output is weighted (the one
// argument that tells them apart, see errors and update).
type inference struct {
	kind  inferenceKind
	steps int
	own   float64 // rate on the node's own error (γ_top; β for pc)
	up    float64 // rate on the error from the layer above (γ_bot; β for pc)
	nudge float64 // pc: γ; il: unused; prox: α, the proximal step
	eps   float64 // prox: ϵ added to the presynaptic energy

	net *nn.Net
	wt  [][]float64 // W_lᵀ, refreshed every relaxation
	x   [][]float64 // value nodes of hidden layers l = 0 … L−2, N×n_l
	fx  [][]float64 // pc, prox: f(x_l), the next layer's input
	a   [][]float64 // W_l in_l + b_l: the prediction μ_l (pc, prox) or pre-activation (il)
	p   [][]float64 // il: f(a_l), the prediction of hidden layer l
	out []float64   // ŷ, N×n_L
	e   [][]float64 // errors ε_l; e[L−1] is the weighted output error
	g   [][]float64 // scratch: errors sent down, N×n_l
	d   [][]float64 // scratch: errors times f′ (il), per layer
	ff  [][]float64 // the feed-forward value nodes, for the probes
	xo  [][]float64 // pc: the value nodes before the last step, to undo it
	en  []float64   // energy per example
	old []float64   // energy per example before the last step
	k   []float64   // per example, the factor on both rates (halved by pc)
	y   []float64   // targets of the relaxation
	n   int         // examples in the relaxation

	kappa float64 // the output loss's weight in the energy, this step

	// Probes: the energy after the relaxation and, per layer, ‖ε_l‖/κ and
	// ‖x_l − x_l^FF‖, means per example over the recent steps.
	energy, errNorm, shift runningMean
}

func newInference(net *nn.Net, kind inferenceKind, steps int) *inference {
	if net.IsSpiking() {
		panic("the settling rules relax rate units: set neuron=rate")
	}
	L := net.NumLayers()
	inf := &inference{kind: kind, steps: steps, net: net,
		wt: make([][]float64, L), x: make([][]float64, L), fx: make([][]float64, L), xo: make([][]float64, L),
		a: make([][]float64, L), p: make([][]float64, L), e: make([][]float64, L),
		g: make([][]float64, L), d: make([][]float64, L), ff: make([][]float64, L),
		energy: newRunningMean(1), errNorm: newRunningMean(L), shift: newRunningMean(L),
	}
	for l, ly := range net.Layers {
		inf.wt[l] = make([]float64, ly.In*ly.Out)
	}
	return inf
}

// input returns layer l's input: the example for l = 0, otherwise f(x_{l−1})
// (pc, prox) or the activity x_{l−1} itself (il).
func (inf *inference) input(l int, x []float64) []float64 {
	if l == 0 {
		return x
	}
	if inf.kind == ilKind {
		return inf.x[l-1]
	}
	return inf.fx[l-1]
}

// predict recomputes, from the current value nodes, every layer's
// prediction and the output ŷ.
func (inf *inference) predict(x []float64) {
	L := inf.net.NumLayers()
	for l, ly := range inf.net.Layers {
		a := inf.a[l]
		nn.Affine(a, inf.input(l, x), inf.wt[l], ly.B.Value, inf.n, ly.In, ly.Out)
		if l < L-1 && inf.kind == ilKind {
			ly.Act.Apply(inf.p[l], a)
		}
	}
	inf.output()
}

// output sets ŷ from the output layer's a: softmax(a_L) for cross-entropy,
// a_L itself for MSE.
func (inf *inference) output() {
	N, L := inf.n, inf.net.NumLayers()
	copy(inf.out, inf.a[L-1])
	if inf.net.Loss == nn.CrossEntropy {
		k := inf.net.Outputs()
		for n := range N {
			nn.Softmax(inf.out[n*k : n*k+k])
		}
	}
}

// start sizes the buffers for N examples and sets the value nodes to the
// feed-forward sweep of x.
func (inf *inference) start(x, y []float64, N int) {
	inf.n, inf.y = N, y
	for l, ly := range inf.net.Layers {
		nn.Transpose(inf.wt[l], ly.W.Value, ly.Out, ly.In)
		m := N * ly.Out
		inf.a[l], inf.e[l] = grow(inf.a[l], m), grow(inf.e[l], m)
		inf.d[l] = grow(inf.d[l], m)
		inf.x[l], inf.fx[l], inf.p[l] = grow(inf.x[l], m), grow(inf.fx[l], m), grow(inf.p[l], m)
		inf.g[l], inf.ff[l], inf.xo[l] = grow(inf.g[l], m), grow(inf.ff[l], m), grow(inf.xo[l], m)
	}
	inf.out = grow(inf.out, N*inf.net.Outputs())
	inf.en, inf.old, inf.k = grow(inf.en, N), grow(inf.old, N), grow(inf.k, N)
	for n := range inf.k {
		inf.k[n] = 1
	}
	L := inf.net.NumLayers()
	for l, ly := range inf.net.Layers {
		a := inf.a[l]
		nn.Affine(a, inf.input(l, x), inf.wt[l], ly.B.Value, N, ly.In, ly.Out)
		if l == L-1 {
			break
		}
		if inf.kind == ilKind {
			ly.Act.Apply(inf.p[l], a)
			copy(inf.x[l], inf.p[l])
		} else {
			copy(inf.x[l], a)
			ly.Act.Apply(inf.fx[l], a)
		}
		copy(inf.ff[l], inf.x[l])
	}
	inf.output()
}

// presynapticEnergy returns IL-prox's mean_n ‖in_l‖² + 1 + ϵ for layer l.
func (inf *inference) presynapticEnergy(l int, x []float64) float64 {
	in := inf.input(l, x)[:inf.n*inf.net.Layers[l].In]
	s := 0.0
	for _, v := range in {
		s += v * v
	}
	return s/float64(inf.n) + 1 + inf.eps
}

// errors sets every ε_l and the energy of each example, for targets y
// (nil: no target, the output error is zero).
//
//	hidden:  ε_l = x_l − μ_l (pc, prox), x_l − f(a_l) (il)
//	output:  ε_L = κ (y − ŷ),  κ = γ (pc), ½ for cross-entropy and 1 for MSE
//	         (il, as the reference code), α m/(1 + α m) (prox)
//	energy:  F = Σ_{l<L} ½‖ε_l‖² + κ ℒ(ŷ, y)
func (inf *inference) errors(x []float64) {
	N, L := inf.n, inf.net.NumLayers()
	clear(inf.en[:N])
	for l := range L - 1 {
		m := inf.net.Layers[l].Out
		pred := inf.a[l]
		if inf.kind == ilKind {
			pred = inf.p[l]
		}
		e := inf.e[l]
		for n := range N {
			s := 0.0
			for j := n * m; j < (n+1)*m; j++ {
				e[j] = inf.x[l][j] - pred[j]
				s += e[j] * e[j]
			}
			inf.en[n] += s / 2
		}
	}
	switch inf.kind {
	case pcKind:
		inf.kappa = inf.nudge
	case ilKind:
		inf.kappa = 1
		if inf.net.Loss == nn.CrossEntropy {
			inf.kappa = 0.5 // PC.py: eps[-1] = (targ[-1] − softmax(p[-1]))·.5
		}
	case proxKind:
		m := inf.presynapticEnergy(L-1, x)
		inf.kappa = inf.nudge * m / (1 + inf.nudge*m)
	}
	k := inf.net.Outputs()
	e := inf.e[L-1][:N*k]
	if inf.y == nil {
		clear(e)
		return
	}
	for i, v := range inf.out[:N*k] {
		e[i] = inf.kappa * (inf.y[i] - v)
	}
	for n := range N {
		inf.en[n] += inf.kappa * nn.MeanLoss(inf.net.Loss, inf.out[n*k:n*k+k], inf.y[n*k:n*k+k], 1)
	}
}

// relaxStep moves every hidden value node once, all layers from the same
// errors, then recomputes predictions, errors and energies:
//
//	pc, prox: x_l ← x_l − γ_top ε_l + γ_bot f′(x_l) ⊙ W_{l+1}ᵀ ε_{l+1}
//	il:       x_l ← x_l − γ_top ε_l + γ_bot W_{l+1}ᵀ (ε_{l+1} ⊙ f′(a_{l+1}))
func (inf *inference) relaxStep(x []float64) {
	N, L := inf.n, inf.net.NumLayers()
	for l := range L - 1 {
		ly, above := inf.net.Layers[l], inf.net.Layers[l+1]
		m := N * ly.Out
		g := inf.g[l][:m]
		if inf.kind == ilKind {
			d := inf.d[l+1][:N*above.Out]
			copy(d, inf.e[l+1])
			above.Act.MulDeriv(d, inf.a[l+1], inf.p[l+1]) // the output layer is linear: f′ = 1
			nn.BackInput(g, d, above.W.Value, N, above.In, above.Out)
		} else {
			nn.BackInput(g, inf.e[l+1], above.W.Value, N, above.In, above.Out)
			ly.Act.MulDeriv(g, inf.x[l], inf.fx[l])
		}
		xs, e := inf.x[l][:m], inf.e[l]
		for n := range N {
			own, up := inf.k[n]*inf.own, inf.k[n]*inf.up
			for i := n * ly.Out; i < (n+1)*ly.Out; i++ {
				xs[i] += -own*e[i] + up*g[i]
			}
		}
		if inf.kind != ilKind {
			ly.Act.Apply(inf.fx[l][:m], xs)
		}
	}
	inf.predict(x)
	copy(inf.old[:N], inf.en[:N])
	inf.errors(x)
}

// relax runs the T steps on x (N examples) towards targets y, recording
// the trajectory of example 0 into tr if tr is not nil. For pc a step
// that raises an example's energy is undone for that example and its
// rates are halved, so that its energy never rises.
func (inf *inference) relax(x, y []float64, N int, tr *SettleTrace) {
	inf.start(x, y, N)
	inf.errors(x)
	tr.record(inf, "inference")
	for range inf.steps {
		if inf.kind == pcKind {
			for l := range inf.net.NumLayers() - 1 {
				copy(inf.xo[l], inf.x[l])
			}
		}
		inf.relaxStep(x)
		if inf.kind == pcKind {
			inf.undoRises(x)
		}
		tr.record(inf, "inference")
	}
}

// undoRises puts back the value nodes of every example whose energy rose in
// the last step and halves its rates (infer_bio_v1.m halves β for the whole
// batch and keeps the step: the examples relax independently, and one
// chattering across a kink of a piecewise-linear f, or overshooting where
// the weights have grown, would otherwise stop all or leave its errors
// where the overshoot threw them).
func (inf *inference) undoRises(x []float64) {
	N, L := inf.n, inf.net.NumLayers()
	undone := false
	for n := range N {
		if inf.en[n] <= inf.old[n] {
			continue
		}
		undone = true
		inf.k[n] /= 2
		for l := range L - 1 {
			m := inf.net.Layers[l].Out
			copy(inf.x[l][n*m:(n+1)*m], inf.xo[l][n*m:(n+1)*m])
		}
	}
	if !undone {
		return
	}
	for l := range L - 1 {
		inf.net.Layers[l].Act.Apply(inf.fx[l][:N*inf.net.Layers[l].Out], inf.x[l])
	}
	inf.predict(x)
	inf.errors(x)
}

// update writes the weight updates from the relaxed errors:
//
//	pc:   g_{W_l} = −mean ε_l f(x_{l−1})ᵀ / γ
//	il:   g_{W_l} = −mean (ε_l ⊙ f′(a_l)) x_{l−1}ᵀ,  g_{W_L} = −mean (y − ŷ) x_{L−1}ᵀ
//	prox: g_{W_l} = −mean ε_l f(x_{l−1})ᵀ / (mean ‖f(x_{l−1})‖² + 1 + ϵ)
//
// and the biases likewise with a presynaptic 1.
func (inf *inference) update(x []float64) {
	N, L := inf.n, inf.net.NumLayers()
	for l, ly := range inf.net.Layers {
		d := inf.e[l][:N*ly.Out]
		s := 1.0
		switch inf.kind {
		case pcKind:
			s = 1 / inf.kappa
		case ilKind:
			if l == L-1 {
				s = 1 / inf.kappa // the top layer learns the loss itself: y − ŷ
			} else {
				d = inf.d[l][:N*ly.Out]
				copy(d, inf.e[l])
				ly.Act.MulDeriv(d, inf.a[l], inf.p[l])
			}
		case proxKind:
			s = 1 / inf.presynapticEnergy(l, x)
		}
		clear(ly.W.Grad)
		clear(ly.B.Grad)
		nn.AddOuter(ly.W.Grad, ly.B.Grad, d, inf.input(l, x), N, ly.In, ly.Out, -s/float64(N))
	}
}

// record adds the probes of the relaxation just finished.
func (inf *inference) record() {
	N, L := inf.n, inf.net.NumLayers()
	s := 0.0
	for _, v := range inf.en[:N] {
		s += v
	}
	inf.energy.add(0, s/float64(N))
	for l, ly := range inf.net.Layers {
		m := ly.Out
		inf.errNorm.add(l, meanRowNorm(inf.e[l], nil, N, m)/inf.kappa)
		if l < L-1 {
			inf.shift.add(l, meanRowNorm(inf.x[l], inf.ff[l], N, m))
		}
	}
}

// meanRowNorm returns the mean over the N rows of ‖a_n − b_n‖ (‖a_n‖ if b
// is nil), rows of m values.
func meanRowNorm(a, b []float64, N, m int) float64 {
	sum := 0.0
	for n := range N {
		ss := 0.0
		for j := n * m; j < (n+1)*m; j++ {
			v := a[j]
			if b != nil {
				v -= b[j]
			}
			ss += v * v
		}
		sum += math.Sqrt(ss)
	}
	return sum / float64(N)
}

// Step implements Rule.
func (inf *inference) Step(b *data.Batch) {
	x, y := b.X[:b.N*inf.net.Inputs()], b.Y[:b.N*inf.net.Outputs()]
	inf.relax(x, y, b.N, nil)
	inf.update(x)
	inf.record()
}

// Passes implements PassCounter: the feed-forward sweep, two passes per
// relaxation step (errors down through Wᵀ, predictions up through W) and
// the update, which costs what backprop's backward pass does. A step that
// predictive coding undoes (undoRises) costs one more pass, not counted.
func (inf *inference) Passes(N int) float64 {
	return float64(N * (2 + 2*inf.steps))
}

// Settle implements Settler for one example. A hidden state is the value
// node x_l: the pre-activation for pc and il-prox, the activity for il.
// The energy is F; with y nil no target pulls and nothing moves (the
// free state is the feed-forward sweep, which is what the rule predicts
// with), so the trace has the single step t = 0.
func (inf *inference) Settle(x, y []float64) SettleTrace {
	tr := newSettleTrace(inf.net.NumLayers())
	if y == nil {
		inf.start(x, nil, 1)
		inf.errors(x)
		tr.record(inf, "free")
		return *tr
	}
	inf.relax(x, y, 1, tr)
	return *tr
}

// Probe implements Prober.
func (inf *inference) Probe(dst []probe.Metric) []probe.Metric {
	return append(dst,
		probe.Metric{Key: "energy", Label: "Energy F after inference", Values: inf.energy.values(),
			Help: "Total prediction-error energy of an example when the relaxation stops (output term included): it falls as the network learns to predict the targets."},
		probe.Metric{Key: "pred_error", Label: "Prediction error ‖ε_l‖/κ", PerLayer: true, Values: inf.errNorm.values(),
			Help: "Size of each layer's error nodes after the relaxation, per example, divided by the output weight κ: the hidden errors are the learning signal (with small γ they become backprop's δ_l); the last is ‖y − ŷ‖."},
		probe.Metric{Key: "state_shift", Label: "State shift ‖x_l − x_l^FF‖", PerLayer: true, Values: inf.shift.values(),
			Help: "How far the hidden value nodes move from the feed-forward sweep during the relaxation, per example: zero means no error reached the layer."})
}

// newSettleTrace returns an empty trace for L weight layers.
func newSettleTrace(L int) *SettleTrace {
	return &SettleTrace{States: make([][][]float64, L)}
}

// record appends example 0's current state of inf to tr, if tr is not nil.
func (tr *SettleTrace) record(inf *inference, phase string) {
	if tr == nil {
		return
	}
	L := inf.net.NumLayers()
	tr.Energy = append(tr.Energy, inf.en[0])
	tr.Phase = append(tr.Phase, phase)
	for l, ly := range inf.net.Layers {
		src := inf.out
		if l < L-1 {
			src = inf.x[l]
		}
		tr.States[l] = append(tr.States[l], append([]float64(nil), src[:ly.Out]...))
	}
}
