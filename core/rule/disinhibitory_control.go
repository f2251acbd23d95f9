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
		Key:   "disinhibit",
		Title: "Dis-inhibitory control of plasticity",
		Cite:  "Rossbroich & Zenke (2023). Dis-inhibitory neuronal circuits can control the sign of synaptic plasticity. NeurIPS 2023.",
		Summary: "Every hidden neuron is an excitatory cell E paired one-to-one with an inhibitory cell I that it drives " +
			"and that inhibits it back. A controller watches the output and nudges it towards the target with a signal " +
			"c, which reaches the hidden layers only through the I cells, through fixed random weights B: where the " +
			"control disinhibits a neuron (its I cell falls below the E cell's drive) the neuron's input synapses " +
			"potentiate, where it inhibits it they depress. Each synapse thus learns by a Hebbian product of its input " +
			"and a post-synaptic term whose sign the local E–I balance sets, δ = (u_I − φ(u_E)) φ′(u_E). This is the " +
			"fixed-point form RULES.md §6.9 suggests: the circuit's dynamics are replaced by a damped fixed-point " +
			"iteration of its steady-state equations (the controller at its steady state, c = κ (y − ŷ)), not " +
			"integrated in time, and B is random (the paper's default feedback is the network's Jacobian). At the " +
			"fixed point δ_l = −(Bᵀc) ⊙ φ′: the rule then acts like direct feedback alignment with the controller's " +
			"signal as the error. The readout learns from the difference between its own drive and the controlled " +
			"output, a delta rule.",
		Plausibility: "Plausible: each synapse learns from its own input and a post-synaptic term set by the local E–I balance, " +
			"excitation and inhibition come from separate cells (Dale's law), and the top-down control acts by " +
			"disinhibition. Here B is fixed random, so no feedback synapse needs to know a forward one (the paper's " +
			"default feedback, the network's Jacobian, is built from the forward weights). Not plausible: the " +
			"one-to-one pairing of E and I cells, and settling to a steady state before learning.",
		Equation: "u_E = W h + b − φ(u_I);  u_I = φ(u_E) − Bᵀc;  u_y = W_L h + b_L + c;  c = κ (y − ŷ);  δ = (u_I − φ(u_E)) φ′(u_E);  ΔW = −η δ hᵀ;  ΔW_L = −η (W_L h + b_L − u_y) hᵀ",
		Params: []Param{
			{Key: "gain", Label: "Controller gain κ",
				Help:    "The steady-state gain of the leaky PI controller, k_p + k_i/leak (0.2 + 0.4 in the paper): how hard the output is pulled towards the target.",
				Default: 0.6, Min: 0.01, Max: 10, Log: true},
			{Key: "iters", Label: "Settling steps",
				Help:    "Iterations of the damped fixed-point iteration of the closed loop (RULES.md §6.9: 20–50).",
				Default: 20, Min: 1, Max: 200, Integer: true},
			{Key: "sharpness", Label: "Sharpness s",
				Help:    "φ(u) = log(1 + e^{s u})/s, the soft ReLU of both cells (s = 1 in the paper, for MNIST-sized inputs); larger s is closer to a ReLU, which 2-D inputs of size ≈ 1 need.",
				Default: 1, Min: 0.1, Max: 100, Log: true},
			{Key: "fbnorm", Label: "Feedback norm",
				Help:    "Each feedback matrix B_l is drawn Gaussian and scaled to this Frobenius norm (1 in the paper).",
				Default: 1, Min: 0.01, Max: 100, Log: true},
		},
		// Measured: random feedback to these smooth units, like direct
		// feedback alignment with tanh units, reaches only about 0.7 on the
		// spiral in 300 epochs (0.76 at best, with hidden=16,16, Adam 0.01
		// and sharpness 5); it solves XOR and the clusters.
		Learns:    []string{"xor", "gauss"},
		Suggested: "opt=adam&lr=0.01&disinhibit.sharpness=5",
		New: func(net *nn.Net, h Hyper, rnd *rand.Rand) Rule {
			return newDisinhibition(net, h, rnd)
		},
	})
}

// Disinhibition is Rossbroich & Zenke's (2023) dis-inhibitory control of
// the sign of plasticity (RULES.md §6.9; fmi-basel/disinhibitory-control,
// src/models/dale/vf.py and trainer.py, exact-inverse trainer) in the
// fixed-point form RULES.md suggests. Every hidden unit is a pair of an
// excitatory and an inhibitory cell with φ_E = φ_I = φ, the soft ReLU
// φ(u) = log(1 + e^{s u})/s (src/core/activation.py SoftReLu, s its
// sharpness):
//
//	u_E = W_l h_{l−1} + b_l − φ(u_I),   u_I = φ(u_E) − B_lᵀ c,   h_l = φ(u_E)
//	u_y = W_L h_{L−1} + b_L + c,        c = κ (y − ŷ),  ŷ = softmax(u_y) (u_y for MSE)
//
// The open loop (c = 0) is the network's computation: each unit solves
// u = a − φ(φ(u)) by Newton's method. The closed loop starts from it and
// iterates Iters times with damping ½ (the I cells, ten times faster in
// the paper, are set to their steady state each time; the controller is
// at its steady state c = κ e, the leaky PI's with k_p + k_i/leak = κ).
// The updates, at the closed loop's state, in batch means:
//
//	δ_l = (u_I − φ(u_E)) ⊙ φ′(u_E),   g_{W_l} = δ_l h_{l−1}ᵀ,   g_{b_l} = δ_l
//	g_{W_L} = (W_L h_{L−1} + b_L − u_y) h_{L−1}ᵀ
//
// B_l (n_L × n_l) is Gaussian with Frobenius norm FeedbackNorm.
type Disinhibition struct {
	hebbianFrame // for its forward pass with the units' open-loop response
	Gain         float64
	Iters        int
	FeedbackNorm float64
	Sharpness    float64 // s of φ(u) = log(1 + e^{s u})/s

	b     [][]float64 // B_l, n_L × n_l
	uE    [][]float64 // per hidden layer, N×n_l: E cells (open loop after forward)
	uI    [][]float64
	hc    [][]float64 // closed-loop activities φ(u_E)
	fb    []float64   // Bᵀc for one layer
	uy, c []float64   // N×n_L
	drive []float64   // W_L h + b_L, N×n_L

	control runningMean // mean |c|
	potent  runningMean // share of δ < 0 per hidden layer
}

func newDisinhibition(net *nn.Net, h Hyper, rnd *rand.Rand) *Disinhibition {
	r := &Disinhibition{
		hebbianFrame: newHebbianFrame(net, 1, "dis-inhibitory control"),
		Gain:         h["gain"], Iters: int(h["iters"]), FeedbackNorm: h["fbnorm"], Sharpness: h["sharpness"],
	}
	H, K := net.NumLayers()-1, net.Outputs()
	r.b = make([][]float64, H)
	r.uE = make([][]float64, H)
	r.uI = make([][]float64, H)
	r.hc = make([][]float64, H)
	for l := range r.b {
		b := make([]float64, K*net.Layers[l].Out)
		for i := range b {
			b[i] = rnd.NormFloat64()
		}
		scale(b, r.FeedbackNorm/probe.Norm(b))
		r.b[l] = b
	}
	r.rep = r.openLoop
	r.control = newRunningMean(1)
	r.potent = newRunningMean(net.NumLayers())
	return r
}

// softplus returns φ(x) = log(1 + e^{s x})/s and its derivative, the
// logistic σ(s x), for the rule's sharpness s, from one exponential.
func (r *Disinhibition) softplus(x float64) (float64, float64) {
	sx := r.Sharpness * x
	switch {
	case sx > 36: // e^{−s x} < 2⁻⁵²: φ = x and σ = 1 to the last bit
		return x, 1
	case sx < -36:
		e := nn.Exp(sx)
		return e / r.Sharpness, e
	}
	e := nn.Exp(sx)
	return nn.Log(1+e) / r.Sharpness, e / (1 + e)
}

// openLoop sets h = φ(u) where u solves u = a − φ(φ(u)) for every unit:
// the E–I pair's steady state without control. g(u) = u + φ(φ(u)) − a
// rises with slope between 1 and 2, so Newton's method from u = a/2
// converges fast: to within 10⁻⁹ in three steps for |a| ≤ 10.
func (r *Disinhibition) openLoop(l int, h, a []float64, N int) {
	n := r.net.Layers[l].Out
	r.uE[l] = grow(r.uE[l], N*n)
	u := r.uE[l]
	for i, ai := range a[:N*n] {
		v := ai / 2
		for range 3 { // measured: within 10⁻⁹ for s from 1 to 20, |a| ≤ 10
			p, dp := r.softplus(v)
			q, dq := r.softplus(p)
			v -= (v + q - ai) / (1 + dq*dp)
		}
		u[i] = v
		h[i], _ = r.softplus(v)
	}
}

// Forward implements Forwarder: the open-loop steady state.
func (r *Disinhibition) Forward(x []float64, N int) { r.forward(x, N) }

// Step implements Rule.
func (r *Disinhibition) Step(b *data.Batch) {
	net := r.net
	N, L, K := b.N, net.NumLayers(), net.Outputs()
	x := b.X[:N*net.Inputs()]
	r.forward(x, N) // open loop: u_E in r.uE, logits in A[L−1]
	r.uy = grow(r.uy, N*K)
	r.c = grow(r.c, N*K)
	r.drive = grow(r.drive, N*K)
	copy(r.uy, net.A[L-1][:N*K])
	for l := 0; l < L-1; l++ {
		n := net.Layers[l].Out
		r.uI[l] = grow(r.uI[l], N*n)
		r.hc[l] = grow(r.hc[l], N*n)
		copy(r.hc[l], net.H[l+1][:N*n])
		nn.Transpose(r.wt[l], net.Layers[l].W.Value, n, net.Layers[l].In)
	}
	nn.Transpose(r.wt[L-1], net.Layers[L-1].W.Value, K, net.Layers[L-1].In)
	for range r.Iters {
		r.controlSignal(b.Y, N, K)
		in := x
		for l := 0; l < L-1; l++ {
			ly := net.Layers[l]
			n := ly.Out
			a := net.A[l][:N*n]
			nn.Affine(a, in, r.wt[l], ly.B.Value, N, ly.In, n)
			r.inhibition(l, N)
			uE, uI, hc := r.uE[l][:N*n], r.uI[l][:N*n], r.hc[l][:N*n]
			for i, ai := range a {
				pI, _ := r.softplus(uI[i])
				uE[i] += 0.5 * (ai - pI - uE[i])
				hc[i], _ = r.softplus(uE[i])
			}
			in = hc
		}
		r.readoutDrive(in, N)
		for i, d := range r.drive {
			r.uy[i] += 0.5 * (d + r.c[i] - r.uy[i])
		}
	}
	// Learning signals at the closed loop's state.
	r.controlSignal(b.Y, N, K)
	s := 0.0
	for _, v := range r.c {
		s += math.Abs(v)
	}
	r.control.add(0, s/float64(len(r.c)))
	in := x
	for l := 0; l < L-1; l++ {
		n := net.Layers[l].Out
		r.inhibition(l, N)
		d := net.Delta[l][:N*n]
		neg := 0
		for i, u := range r.uE[l][:N*n] {
			dp := nn.Logistic(r.Sharpness * u)
			d[i] = (r.uI[l][i] - r.hc[l][i]) * dp
			if d[i] < 0 {
				neg++
			}
		}
		r.potent.add(l, float64(neg)/float64(N*n))
		net.LayerGradient(l, d, in)
		in = r.hc[l]
	}
	r.readoutDrive(in, N)
	d := net.Delta[L-1][:N*K]
	for i, v := range r.drive {
		d[i] = v - r.uy[i]
	}
	net.LayerGradient(L-1, d, in)
}

// controlSignal sets c = κ (y − ŷ) from the current output state u_y.
func (r *Disinhibition) controlSignal(y []float64, N, K int) {
	copy(r.c, r.uy)
	if r.net.Loss == nn.CrossEntropy {
		for n := 0; n < N; n++ {
			nn.Softmax(r.c[n*K : (n+1)*K])
		}
	}
	for i, v := range r.c {
		r.c[i] = r.Gain * (y[i] - v)
	}
}

// inhibition sets layer l's I cells to their steady state for the
// current E cells (whose rates φ(u_E) are in hc) and control:
// u_I = φ(u_E) − Bᵀc.
func (r *Disinhibition) inhibition(l, N int) {
	n, K := r.net.Layers[l].Out, r.net.Outputs()
	r.fb = grow(r.fb, N*n)
	nn.BackInput(r.fb, r.c, r.b[l], N, n, K)
	for i, p := range r.hc[l][:N*n] {
		r.uI[l][i] = p - r.fb[i]
	}
}

// readoutDrive sets drive = W_L h + b_L.
func (r *Disinhibition) readoutDrive(h []float64, N int) {
	ly := r.net.Layers[r.net.NumLayers()-1]
	nn.Affine(r.drive, h, r.wt[len(r.wt)-1], ly.B.Value, N, ly.In, ly.Out)
}

// LayerRule implements LayerLearner.
func (r *Disinhibition) LayerRule(l int) string {
	if l == r.net.NumLayers()-1 {
		return "delta rule on the controller's nudge (readout)"
	}
	return "dis-inhibitory control: input × E–I imbalance"
}

// Passes implements PassCounter: the open loop, Iters closed-loop
// passes, and the update.
func (r *Disinhibition) Passes(N int) float64 { return float64(N * (2 + r.Iters)) }

// Probe implements Prober: the size of the control and the share of
// potentiating (disinhibited) units.
func (r *Disinhibition) Probe(dst []probe.Metric) []probe.Metric {
	return append(dst,
		probe.Metric{Key: "control", Label: "Control signal |c|", Values: r.control.values(),
			Help: "Mean size of the controller's signal at the closed loop's steady state over recent steps: it is the error the network still makes, and it shrinks as the network learns."},
		probe.Metric{Key: "potentiated", Label: "Disinhibited share", PerLayer: true, Values: r.potent.values(),
			Help: "Share of hidden unit-and-example pairs whose inhibitory cell fell below the excitatory drive (δ < 0), so that their input synapses potentiate; the rest depress."})
}
