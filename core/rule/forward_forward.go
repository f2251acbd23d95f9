package rule

import (
	"fmt"
	"math"
	"math/rand/v2"

	"plasticity/core/data"
	"plasticity/core/nn"
	"plasticity/core/probe"
)

func init() {
	Register(Info{
		Key:   "ff",
		Title: "Forward-forward",
		Cite:  "Hinton (2022). The forward-forward algorithm: some preliminary investigations. arXiv:2212.13345.",
		Summary: "Two forward passes replace the forward and backward passes of backprop. The label is written into " +
			"the input: a positive pass sees the example with its true label, a negative pass the same example with a " +
			"wrong one. Every hidden layer, on its own, learns to make its goodness (the sum of its squared activities) " +
			"high for positive and low for negative data, from its own normalised input and output only; to predict, " +
			"the network tries every label and picks the one with the highest total goodness.",
		Plausibility: "Plausible: no error travels between layers, and each update uses pre- and post-synaptic activity and a " +
			"positive/negative phase signal (Hinton likens the negative pass to sleep). Not plausible: the label has " +
			"to enter at the input, the two phases alternate with opposite signs of plasticity, and each layer's input " +
			"is normalised exactly.",
		Equation: "z̃ = z/rms(z);  h_l = f(W_l z̃_{l−1} + b_l);  G_l = Σ_j h_{l,j}²;  p_l = σ((G_l − θ_l)/T);  " +
			"ΔW_l = (η/T)[(1 − p_l⁺)(h_l⁺ ⊙ f′) z̃⁺ᵀ − p_l⁻ (h_l⁻ ⊙ f′) z̃⁻ᵀ];  ŷ = argmax_k Σ_l G_l(x, k)",
		Params: ffParams(),
		Inputs: labelInputs,
		// FF needs ReLU units: with tanh, Σh² ≤ n_l never exceeds θ_l = n_l.
		// Test accuracy after 300 epochs, seeds 1–5, 2-16-16-2: spiral
		// 0.87 (0.94 on seed 1), XOR 0.995. Hinton's peer normalisation
		// λ = 0.03 costs the 16-unit layers dearly on the spiral (0.68;
		// 0.82 without it), so we suggest a tenth of it; at 64-64 units
		// the default λ reaches 0.96.
		Suggested: "act=relu&opt=adam&lr=0.01&ff.peer=0.003",
		New: func(net *nn.Net, h Hyper, rnd *rand.Rand) Rule {
			return newForwardForward(net, h, rnd, ffIndependent)
		},
	})
}

// ffParams returns the hyperparameters shared by forward-forward and its
// collaborative variant.
func ffParams() []Param {
	return []Param{
		{Key: "theta", Label: "Threshold per unit θ_l/n_l",
			Help:    "Goodness threshold of a layer divided by its width: θ_l = theta·n_l (Hinton's code: θ_l = n_l).",
			Default: 1, Min: 0.01, Max: 10, Log: true},
		{Key: "temp", Label: "Temperature T",
			Help:    "Scales the logit (G − θ)/T of the positive/negative decision (Hinton's code: 1).",
			Default: 1, Min: 0.1, Max: 10, Log: true},
		{Key: "peer", Label: "Peer normalisation λ",
			Help:    "Pulls each unit's mean activity on positive data towards its layer's mean, reviving dead units (Hinton's code: 0.03; 0 turns it off).",
			Default: 0.03, Min: 0, Max: 1},
		{Key: "readout", Label: "Readout",
			Help:    "goodness: predict the label with the highest total goodness (one pass per label); softmax: a linear softmax on the normalised last hidden layer of a neutral-label pass, trained by cross-entropy (the net's output layer).",
			Default: ffGoodness, Max: 1, Choices: []string{"goodness", "softmax"}},
		{Key: "negatives", Label: "Negative labels",
			Help:    "random: a wrong label drawn uniformly; hard: drawn from the model's own prediction with the true label masked, as in Hinton's code (the same for two classes).",
			Default: ffRandom, Max: 1, Choices: []string{"random", "hard"}},
	}
}

// labelInputs is Info.Inputs for rules that append a one-hot label block
// to the example.
func labelInputs(dim, classes int) int { return dim + classes }

// Readouts and negative labels (indices into the Choices above).
const (
	ffGoodness = 0
	ffSoftmax  = 1

	ffRandom = 0
	ffHard   = 1
)

// How a layer's positive/negative decision sees the other layers.
const (
	ffIndependent = iota // p_l = σ((G_l − θ_l)/T): Hinton's forward-forward
	cffAll               // p_l = σ((Σ_t G_t − Σ_t θ_t)/T): collaborative, all layers
	cffBelow             // p_l = σ((Σ_{t≤l} G_t − Σ_{t≤l} θ_t)/T): collaborative, layers below
)

// ForwardForward is Hinton's (2022) supervised forward-forward algorithm
// with the label in the input, as in his released Matlab code (ffnew.m,
// ffnormrows.m, ffenergytest.m; RULES.md §3.1). The network's input is the
// example followed by a one-hot block of C label units; every hidden layer
// l (the FF layers) sees its input normalised to a mean square of one,
//
//	z̃ = z / (√(mean_j z_j²) + ε),   h_l = f(W_l z̃_{l−1} + b_l),   G_l = Σ_j h_{l,j}²,
//
// and is trained alone (nothing flows between layers) to say "positive"
// with probability p_l = σ((G_l − θ_l)/T), θ_l = Threshold·n_l, for the
// example with its label (x⁺) and "negative" for the example with a wrong
// label (x⁻). The loss ℒ_l = −log p_l(x⁺) − log(1 − p_l(x⁻)) gives
//
//	g_{W_l} = (1/N) Σ_n [−(1 − p_l⁺)(h_l⁺ ⊙ f′(a_l⁺)) z̃⁺ᵀ + p_l⁻ (h_l⁻ ⊙ f′(a_l⁻)) z̃⁻ᵀ] / T,
//
// which is ½ ∂ℒ_l/∂W_l: like Hinton's code, we drop the factor 2 of
// ∂(h²)/∂h, a rescaling of η. For ReLU, h ⊙ f′(a) = h. Peer normalisation
// (Hinton's code) adds −λ(m̄ − m_j) to δ_{l,j} on positive data for every
// unit, gated or not, where m_j ← 0.9 m_j + 0.1 mean_n h_{l,j}(x⁺) is the
// unit's running mean activity and m̄ the layer's mean of them.
//
// Prediction (Predictor): with Readout = goodness, the input is run once
// per label k and
//
//	ŷ_k = softmax_k( Σ_l G_l(x, k) / T ),
//
// whose argmax is the label of highest total goodness and whose values are
// the product of the layers' experts p_l ∝ exp(G_l/T), so that the run's
// loss and accuracy mean something. Hinton's code leaves the first hidden
// layer out of this sum (minlevelenergy); we keep every hidden layer,
// since the playground's nets often have only two. With Readout = softmax,
// the net's output layer is a linear softmax readout on the normalised last
// hidden layer of a pass with the neutral label (1/C in every label unit),
// trained by cross-entropy, its gradient never entering the FF layers
// (Hinton's softmax readout reads layers ≥ 2, which for two hidden layers
// is the last one; for deeper nets we read only the last). With Readout =
// goodness the output layer is not used and never changes.
//
// Negative labels: uniform over the wrong labels (the PyTorch ports), or,
// with Negatives = hard, drawn from the model's own prediction with the
// true label masked (Hinton's code), which costs a pass per label when the
// readout is goodness. With two classes both give the other label.
type ForwardForward struct {
	Threshold   float64 // θ_l = Threshold·n_l
	Temperature float64 // T
	PeerNorm    float64 // λ of peer normalisation; 0 turns it off
	Readout     int     // ffGoodness or ffSoftmax
	Negatives   int     // ffRandom or ffHard
	collab      int     // ffIndependent, cffAll or cffBelow

	net        *nn.Net
	rnd        *rand.Rand
	dim, C     int // example size and number of labels
	ff         int // number of FF layers, L−1
	theta      []float64
	wt         [][]float64 // Wᵀ of every weight layer, refreshed before use
	pos, neg   ffPass      // the training passes
	neutral    ffPass      // the neutral-label pass of the softmax readout
	scratch    ffPass      // passes for prediction and scoring
	meanAct    [][]float64 // peer normalisation: running mean activity m_j per FF layer
	delta      []float64   // δ of one FF layer, N×n_l
	posX, negX []float64   // encoded inputs of the positive and negative passes
	encBuf     []float64   // Encode's buffer (the run may hold on to it)
	workX      []float64   // encoded inputs of the other passes
	negLabel   []int
	readZ      []float64 // normalised last hidden layer, input of the readout
	readOut    []float64 // readout probabilities, N×C
	scores     []float64 // per-label scores, N×C (hard negatives, prediction)
	viewZ      []float64 // normalised layer input for Forward

	// Probes, averaged over the recent steps.
	goodPos, goodNeg, accuracy runningMean
}

// ffPass holds one pass through the FF layers: per layer l, the normalised
// input z̃ (N×n_{l−1}), pre-activations a and activities h (N×n_l), the
// goodness G and the probability p of "positive" (N).
type ffPass struct {
	z, a, h, g, p [][]float64
}

func newForwardForward(net *nn.Net, h Hyper, rnd *rand.Rand, collab int) *ForwardForward {
	L := net.NumLayers()
	if L < 2 {
		panic("forward-forward needs at least one hidden layer")
	}
	if net.Loss != nn.CrossEntropy || net.Outputs() < 2 {
		panic("forward-forward needs a classification dataset: it writes the label into the input")
	}
	r := &ForwardForward{
		Threshold: h["theta"], Temperature: h["temp"], PeerNorm: h["peer"],
		Readout: int(h["readout"]), Negatives: int(h["negatives"]), collab: collab,
		net: net, rnd: rnd, C: net.Outputs(), ff: L - 1,
	}
	r.dim = net.Inputs() - r.C
	r.theta = make([]float64, r.ff)
	r.meanAct = make([][]float64, r.ff)
	for l := range r.ff {
		n := net.Layers[l].Out
		r.theta[l] = r.Threshold * float64(n)
		r.meanAct[l] = make([]float64, n)
		for j := range r.meanAct[l] {
			r.meanAct[l][j] = 0.5 // as meanstates in Hinton's code
		}
	}
	r.wt = make([][]float64, L)
	for l, ly := range net.Layers {
		r.wt[l] = make([]float64, ly.In*ly.Out)
	}
	for _, ps := range []*ffPass{&r.pos, &r.neg, &r.neutral, &r.scratch} {
		*ps = ffPass{z: make([][]float64, r.ff), a: make([][]float64, r.ff), h: make([][]float64, r.ff),
			g: make([][]float64, r.ff), p: make([][]float64, r.ff)}
	}
	r.goodPos, r.goodNeg, r.accuracy = newRunningMean(L), newRunningMean(L), newRunningMean(L)
	return r
}

// reserve sizes ps for N examples.
func (r *ForwardForward) reserve(ps *ffPass, N int) {
	for l := range r.ff {
		ly := r.net.Layers[l]
		ps.z[l] = grow(ps.z[l], N*ly.In)
		ps.a[l] = grow(ps.a[l], N*ly.Out)
		ps.h[l] = grow(ps.h[l], N*ly.Out)
		ps.g[l] = grow(ps.g[l], N)
		ps.p[l] = grow(ps.p[l], N)
	}
}

// refresh copies the current weights into wt.
func (r *ForwardForward) refresh() {
	for l, ly := range r.net.Layers {
		nn.Transpose(r.wt[l], ly.W.Value, ly.Out, ly.In)
	}
}

// rmsNormRows sets each of the N rows of dst (width n) to the row of src
// divided by its root mean square (Hinton's ffnormrows): afterwards the
// mean of the squares is 1, or the row is zero. The tiny ε (Hinton's code:
// e^−100) only guards an all-zero row.
func rmsNormRows(dst, src []float64, N, n int) {
	for i := range N {
		s, d := src[i*n:(i+1)*n], dst[i*n:(i+1)*n]
		ss := 0.0
		for _, v := range s {
			ss += v * v
		}
		c := 1 / (math.Sqrt(ss/float64(n)) + 1e-40)
		for j, v := range s {
			d[j] = c * v
		}
	}
}

// embed writes the N examples of x followed by a label block into dst:
// one-hot for label[n], or the neutral 1/C in every unit if label is nil.
func (r *ForwardForward) embed(dst, x []float64, N int, label []int) []float64 {
	w := r.dim + r.C
	dst = grow(dst, N*w)
	for n := range N {
		row := dst[n*w : (n+1)*w]
		copy(row, x[n*r.dim:(n+1)*r.dim])
		lab := row[r.dim:]
		if label == nil {
			for k := range lab {
				lab[k] = 1 / float64(r.C)
			}
			continue
		}
		clear(lab)
		lab[label[n]] = 1
	}
	return dst
}

// embedOne is embed with the same label k for every example.
func (r *ForwardForward) embedOne(dst, x []float64, N, k int) []float64 {
	w := r.dim + r.C
	dst = grow(dst, N*w)
	for n := range N {
		row := dst[n*w : (n+1)*w]
		copy(row, x[n*r.dim:(n+1)*r.dim])
		clear(row[r.dim:])
		row[r.dim+k] = 1
	}
	return dst
}

// run sends the N encoded inputs x through the FF layers into ps and sets
// every layer's goodness; wt must be fresh.
func (r *ForwardForward) run(ps *ffPass, x []float64, N int) {
	r.reserve(ps, N)
	in := x
	for l := range r.ff {
		ly := r.net.Layers[l]
		rmsNormRows(ps.z[l], in, N, ly.In)
		nn.Affine(ps.a[l], ps.z[l], r.wt[l], ly.B.Value, N, ly.In, ly.Out)
		ly.Act.Apply(ps.h[l], ps.a[l])
		h := ps.h[l]
		for n := range N {
			g := 0.0
			for _, v := range h[n*ly.Out : (n+1)*ly.Out] {
				g += v * v
			}
			ps.g[l][n] = g
		}
		in = ps.h[l]
	}
}

// probs sets every layer's probability of "positive" from the goodness of
// ps: each layer's own (forward-forward) or summed over layers
// (collaborative).
func (r *ForwardForward) probs(ps *ffPass, N int) {
	T := r.Temperature
	for n := range N {
		var gSum, tSum float64
		if r.collab == cffAll {
			for l := range r.ff {
				gSum += ps.g[l][n]
				tSum += r.theta[l]
			}
		}
		for l := range r.ff {
			var u float64
			switch r.collab {
			case ffIndependent:
				u = ps.g[l][n] - r.theta[l]
			case cffAll:
				u = gSum - tSum
			case cffBelow:
				gSum += ps.g[l][n]
				tSum += r.theta[l]
				u = gSum - tSum
			}
			ps.p[l][n] = nn.Logistic(u / T)
		}
	}
}

// Step implements Rule.
func (r *ForwardForward) Step(b *data.Batch) {
	N := b.N
	r.refresh()
	if r.Readout == ffSoftmax {
		r.trainReadout(b)
	}
	r.posX = r.embed(r.posX, b.X, N, b.Labels[:N])
	r.run(&r.pos, r.posX, N)
	r.chooseNegatives(b)
	r.negX = r.embed(r.negX, b.X, N, r.negLabel)
	r.run(&r.neg, r.negX, N)
	r.probs(&r.pos, N)
	r.probs(&r.neg, N)
	T := r.Temperature
	for l := range r.ff {
		ly := r.net.Layers[l]
		clear(ly.W.Grad)
		clear(ly.B.Grad)
		for _, phase := range []struct {
			ps       *ffPass
			positive bool
		}{{&r.pos, true}, {&r.neg, false}} {
			ps := phase.ps
			d := grow(r.delta, N*ly.Out)
			r.delta = d
			// δ_n = c_n · h ⊙ f′(a): c = −(1 − p)/T on positive data, p/T on negative.
			copy(d, ps.h[l])
			ly.Act.MulDeriv(d, ps.a[l], ps.h[l])
			for n := range N {
				c := ps.p[l][n] / T
				if phase.positive {
					c = -(1 - ps.p[l][n]) / T
				}
				scale(d[n*ly.Out:(n+1)*ly.Out], c)
			}
			if phase.positive && r.PeerNorm > 0 {
				r.peer(l, d, ps.h[l], N)
			}
			nn.AddOuter(ly.W.Grad, ly.B.Grad, d, ps.z[l], N, ly.In, ly.Out, 1/float64(N))
		}
		r.record(l, N)
	}
}

// peer adds peer normalisation to the positive δ of layer l (Hinton's
// code): m_j ← 0.9 m_j + 0.1 mean_n h_j, then δ_{n,j} −= λ(m̄ − m_j) for
// every example and unit, active or not.
func (r *ForwardForward) peer(l int, d, h []float64, N int) {
	m := r.meanAct[l]
	n := len(m)
	mean := 0.0
	for j := range m {
		s := 0.0
		for i := range N {
			s += h[i*n+j]
		}
		m[j] = 0.9*m[j] + 0.1*s/float64(N)
		mean += m[j]
	}
	mean /= float64(n)
	for i := range N {
		row := d[i*n : (i+1)*n]
		for j := range row {
			row[j] -= r.PeerNorm * (mean - m[j])
		}
	}
}

// record adds layer l's goodness and decisions on this batch to the probes.
func (r *ForwardForward) record(l, N int) {
	var gp, gn float64
	right := 0
	for n := range N {
		gp += r.pos.g[l][n]
		gn += r.neg.g[l][n]
		if r.pos.p[l][n] > 0.5 {
			right++
		}
		if r.neg.p[l][n] < 0.5 {
			right++
		}
	}
	r.goodPos.add(l, gp/float64(N))
	r.goodNeg.add(l, gn/float64(N))
	r.accuracy.add(l, float64(right)/float64(2*N))
}

// trainReadout runs the neutral-label pass, predicts with the readout (the
// net's output layer) from the normalised last hidden layer, and sets the
// readout's gradient, g_W = mean (ŷ − y) z̃ᵀ. Nothing flows back into the
// FF layers.
func (r *ForwardForward) trainReadout(b *data.Batch) {
	N := b.N
	r.workX = r.embed(r.workX, b.X, N, nil)
	r.run(&r.neutral, r.workX, N)
	out := r.readout(r.neutral.h[r.ff-1], N)
	L := r.net.NumLayers()
	ly := r.net.Layers[L-1]
	d := grow(r.delta, N*r.C)
	r.delta = d
	for i := range d {
		d[i] = out[i] - b.Y[i]
	}
	clear(ly.W.Grad)
	clear(ly.B.Grad)
	nn.AddOuter(ly.W.Grad, ly.B.Grad, d, r.readZ, N, ly.In, ly.Out, 1/float64(N))
}

// readout returns the softmax readout's probabilities (N×C) for the last
// hidden activities h, keeping the normalised input in readZ.
func (r *ForwardForward) readout(h []float64, N int) []float64 {
	ly := r.net.Layers[r.ff]
	r.readZ = grow(r.readZ, N*ly.In)
	rmsNormRows(r.readZ, h, N, ly.In)
	r.readOut = grow(r.readOut, N*r.C)
	nn.Affine(r.readOut, r.readZ, r.wt[r.ff], ly.B.Value, N, ly.In, ly.Out)
	for n := range N {
		nn.Softmax(r.readOut[n*r.C : (n+1)*r.C])
	}
	return r.readOut
}

// chooseNegatives sets negLabel to a wrong label for every example.
func (r *ForwardForward) chooseNegatives(b *data.Batch) {
	N, C := b.N, r.C
	if cap(r.negLabel) < N {
		r.negLabel = make([]int, N)
	}
	r.negLabel = r.negLabel[:N]
	if r.Negatives == ffRandom || C == 2 {
		for n, y := range b.Labels[:N] {
			r.negLabel[n] = (y + 1 + r.rnd.IntN(C-1)) % C
		}
		return
	}
	// Hard negatives: the model's own prediction, true label masked.
	var q []float64
	if r.Readout == ffSoftmax {
		q = r.readOut // set by trainReadout on this batch
	} else {
		r.scores = grow(r.scores, N*C)
		r.scoreLabels(r.scores, b.X, N)
		q = r.scores
	}
	for n, y := range b.Labels[:N] {
		row := q[n*C : (n+1)*C]
		total := 0.0
		for k, v := range row {
			if k != y {
				total += v
			}
		}
		u := r.rnd.Float64() * total
		pick := (y + 1) % C
		for k, v := range row {
			if k == y {
				continue
			}
			pick = k
			if u < v {
				break
			}
			u -= v
		}
		r.negLabel[n] = pick
	}
}

// scoreLabels sets out (N×C) to softmax_k(Σ_l G_l(x, k)/T) for the N
// examples of x, running them once per label; wt must be fresh.
func (r *ForwardForward) scoreLabels(out, x []float64, N int) {
	C := r.C
	for k := range C {
		r.workX = r.embedOne(r.workX, x, N, k)
		r.run(&r.scratch, r.workX, N)
		for n := range N {
			s := 0.0
			for l := range r.ff {
				s += r.scratch.g[l][n]
			}
			out[n*C+k] = s / r.Temperature
		}
	}
	for n := range N {
		nn.Softmax(out[n*C : (n+1)*C])
	}
}

// predictChunk bounds the rows of one pass in Predict and Forward, so that
// painting a 128×128 map needs no more memory than 256 examples.
const predictChunk = 256

// Predict implements Predictor: the softmax over labels of the total
// goodness (Readout = goodness, one pass per label), or the softmax
// readout's probabilities on a neutral-label pass.
func (r *ForwardForward) Predict(out, x []float64, N int) {
	r.refresh()
	C := r.C
	for start := 0; start < N; start += predictChunk {
		n := min(predictChunk, N-start)
		xs := x[start*r.dim : (start+n)*r.dim]
		o := out[start*C : (start+n)*C]
		if r.Readout == ffGoodness {
			r.scoreLabels(o, xs, n)
			continue
		}
		r.workX = r.embed(r.workX, xs, n, nil)
		r.run(&r.scratch, r.workX, n)
		copy(o, r.readout(r.scratch.h[r.ff-1], n))
	}
}

// Encode implements Encoder: the examples with the neutral label, 1/C in
// every label unit.
func (r *ForwardForward) Encode(x []float64, N int) []float64 {
	r.encBuf = r.embed(r.encBuf, x, N, nil)
	return r.encBuf
}

// Forward implements Forwarder: the neutral-label pass with every layer's
// input normalised, as forward-forward computes it. The hidden activities
// land in the net's H. The output layer shows the prediction: the softmax
// readout's, or, with Readout = goodness, the softmax over labels of the
// total goodness (A of the output layer then holds Σ_l G_l(x, k)/T).
func (r *ForwardForward) Forward(x []float64, N int) {
	net := r.net
	// nn.Net.Forward sizes the workspace and records N; every layer is
	// then recomputed below with its input normalised.
	net.Forward(r.Encode(x, N), N)
	r.refresh()
	for l, ly := range net.Layers {
		r.viewZ = grow(r.viewZ, N*ly.In)
		rmsNormRows(r.viewZ, net.H[l], N, ly.In)
		a := net.A[l][:N*ly.Out]
		nn.Affine(a, r.viewZ, r.wt[l], ly.B.Value, N, ly.In, ly.Out)
		ly.Act.Apply(net.H[l+1][:N*ly.Out], a)
	}
	L, C := net.NumLayers(), r.C
	out := net.H[L][:N*C]
	if r.Readout == ffGoodness {
		r.Predict(out, x, N)
		a := net.A[L-1][:N*C]
		for i, p := range out {
			a[i] = math.Log(max(p, 1e-300)) // logits up to a constant per example
		}
		return
	}
	for n := range N {
		nn.Softmax(out[n*C : (n+1)*C])
	}
}

// LabelGoodness implements LabelScorer: G_l(x, k) for every hidden layer l
// and label k, for the single example x.
func (r *ForwardForward) LabelGoodness(x []float64) [][]float64 {
	r.refresh()
	out := make([][]float64, r.ff)
	for l := range out {
		out[l] = make([]float64, r.C)
	}
	for k := range r.C {
		r.workX = r.embedOne(r.workX, x, 1, k)
		r.run(&r.scratch, r.workX, 1)
		for l := range r.ff {
			out[l][k] = r.scratch.g[l][0]
		}
	}
	return out
}

// Passes implements PassCounter: a positive and a negative pass, a
// neutral pass for the softmax readout, and one pass per label to draw
// hard negatives from the goodness prediction.
func (r *ForwardForward) Passes(N int) float64 {
	p := 2
	if r.Readout == ffSoftmax {
		p++
	} else if r.Negatives == ffHard && r.C > 2 {
		p += r.C
	}
	return float64(p * N)
}

// Probe implements Prober: per FF layer, the mean goodness of positive and
// negative data, the threshold, and the share of right positive/negative
// decisions, over the recent training steps. The output layer has none.
func (r *ForwardForward) Probe(dst []probe.Metric) []probe.Metric {
	L := r.net.NumLayers()
	theta := make([]float64, L)
	for l := range theta {
		theta[l] = math.NaN()
		if l < r.ff {
			theta[l] = r.theta[l]
		}
	}
	what := "G_l > θ_l"
	if r.collab != ffIndependent {
		what = "the summed goodness > the summed threshold"
	}
	return append(dst,
		probe.Metric{Key: "goodness_pos", Label: "Goodness, positive data", PerLayer: true, Values: r.goodPos.values(),
			Help: "Mean Σ_j h_j² of each hidden layer for examples with their true label: it should rise above the threshold."},
		probe.Metric{Key: "goodness_neg", Label: "Goodness, negative data", PerLayer: true, Values: r.goodNeg.values(),
			Help: "Mean Σ_j h_j² of each hidden layer for examples with a wrong label: it should fall below the threshold."},
		probe.Metric{Key: "goodness_threshold", Label: "Threshold θ_l", PerLayer: true, Values: theta,
			Help: "Each hidden layer's goodness threshold θ_l = theta·n_l, the line between positive and negative."},
		probe.Metric{Key: "ff_accuracy", Label: "Positive/negative accuracy", PerLayer: true, Values: r.accuracy.values(),
			Help: fmt.Sprintf("Share of training examples each hidden layer calls right: positive when %s for the true label, negative for a wrong one.", what)})
}
