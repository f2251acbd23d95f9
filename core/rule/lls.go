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
		Key:   "lls",
		Title: "Local learning with synchronisation (LLS)",
		Cite:  "Apolinario, Roy & Roy (2025). LLS: local learning rule for deep neural networks inspired by neural activity synchronization. WACV 2025, 7796–7805.",
		Summary: "Every hidden layer learns on its own to classify: its normalised activity is compared with a fixed " +
			"periodic code, one sine wave per class, and the layer lowers its own cross-entropy against the label. " +
			"Nothing travels between layers, and the code needs no stored random weights, only a frequency per class; " +
			"the output layer learns by the delta rule on the last hidden layer. LLS-M and LLS-MxM add a small learnt " +
			"rescaling (per class, or a class-by-class mixing) of the layer's projections onto the code.",
		Plausibility: "Plausible: no weight transport, no backward sweep, each layer can update as soon as its own forward pass " +
			"is done, and the code is reminiscent of neurons synchronising to class-specific rhythms. Not plausible: " +
			"the label (a class identity) must reach every layer, and each layer computes an exact softmax " +
			"cross-entropy over its projections onto the code.",
		Equation: "û_l = h_l/‖h_l‖;  s_l = P û_l / τ  (LLS-M: m ⊙ P û_l / τ;  LLS-MxM: Mᵀ P û_l / τ),  P_{kj} = sin(ω_k j);  " +
			"ℒ_l = CE(s_l, y);  ΔW_l = −η ∂ℒ_l/∂W_l (layer input held fixed);  ΔW_L = −η (ŷ − y) h_{L−1}ᵀ",
		Params: []Param{
			{Key: "variant", Label: "Variant",
				Help:    "lls: fixed periodic code; m: a learnt scale per class (LLS-M); mxm: a learnt class-by-class mixing (LLS-MxM).",
				Default: llsPlain, Max: 2, Choices: []string{"lls", "m", "mxm"}},
			{Key: "temp", Label: "Temperature τ",
				Help:    "Divides the layer's logits P û; the paper's default is 0.5.",
				Default: 0.5, Min: 0.01, Max: 10, Log: true},
		},
		// LeakyReLU as in the paper's blocks. Test accuracy after 300
		// epochs, seeds 1–5, 2-16-16-2: spiral 0.97, XOR 0.98 (with the
		// common defaults, tanh: spiral 0.80).
		Suggested: "act=leakyrelu&opt=adam&lr=0.01",
		New: func(net *nn.Net, h Hyper, rnd *rand.Rand) Rule {
			return newLLS(net, h, rnd)
		},
	})
}

// Variants of LLS (indices into its Choices).
const (
	llsPlain = 0
	llsM     = 1
	llsMxM   = 2
)

// LLS is Apolinario, Roy & Roy's (2025) local learning rule inspired by
// neural activity synchronisation (RULES.md §5; mapolinario94/LLS-DNN,
// models/layers/lls_layers.py). Every hidden layer l, with its input held
// fixed (no gradient crosses layers), minimises its own cross-entropy
// against a fixed periodic basis P_l ∈ R^{C×n_l}:
//
//	û_l = h_l/‖h_l‖,   s_l = P_l û_l / τ,   P_{kj} = sin(ω_k j),  ω_k = linspace(50, 512, C),  j = 0 … n_l−1,
//	ℒ_l = −log softmax(s_l)_y,   g_{W_l} = mean δ_l h_{l−1}ᵀ,
//	δ_l = f′(a_l) ⊙ (I − û_l û_lᵀ) P_lᵀ (p_l − y) / (τ‖h_l‖),
//
// the exact gradient of ℒ_l. LLS-M scales the logits per class with a
// learnt m ∈ R^C, s_l = m ⊙ (P û_l)/τ; LLS-MxM mixes them with a learnt
// M ∈ R^{C×C}, s_l = Mᵀ (P û_l)/τ; both start N(0, 0.01²), one per layer,
// trained by the run's optimizer with the network (ParamOwner). The output
// layer learns by the delta rule on the last hidden representation,
// g_{W_L} = mean (ŷ − y) h_{L−1}ᵀ.
//
// Departures from the reference code, for the playground's MLP: the blocks
// have no BatchNorm (the paper's blocks are Linear → BatchNorm →
// LeakyReLU), the activation is the run's (LeakyReLU is suggested), and no
// pooling (for fully connected layers the code's basis length is the
// layer's width, as RULES.md states). Frequencies are radians per index, so
// the high ones alias to pseudo-random phases: the point is a fixed,
// nearly orthogonal code per class that needs no stored random weights.
type LLS struct {
	Temperature float64 // τ
	Variant     int     // llsPlain, llsM or llsMxM

	net   *nn.Net
	C     int
	basis [][]float64 // P_l, C × n_l, per hidden layer; never changes
	mod   []*nn.Param // m (C×1) or M (C×C) per hidden layer; nil for plain LLS
	q, gq []float64   // P û and ∂ℒ/∂(P û), C
	s     []float64   // logits, then probabilities, C
	gu    []float64   // ∂ℒ/∂û, n_l

	loss, acc runningMean // per layer; the output layer's own loss last
}

func newLLS(net *nn.Net, h Hyper, rnd *rand.Rand) *LLS {
	if net.Loss != nn.CrossEntropy || net.Outputs() < 2 {
		panic("LLS needs a classification dataset: every layer learns to tell the classes apart")
	}
	r := &LLS{Temperature: h["temp"], Variant: int(h["variant"]), net: net, C: net.Outputs()}
	L, C := net.NumLayers(), r.C
	r.basis = make([][]float64, L-1)
	width := 0
	for l := range r.basis {
		n := net.Layers[l].Out
		width = max(width, n)
		r.basis[l] = periodicBasis(C, n)
		switch r.Variant {
		case llsM:
			p := nn.NewParam(fmt.Sprintf("m%d", l+1), C, 1, false)
			r.mod = append(r.mod, p)
		case llsMxM:
			p := nn.NewParam(fmt.Sprintf("M%d", l+1), C, C, false)
			r.mod = append(r.mod, p)
		}
	}
	for _, p := range r.mod {
		for i := range p.Value {
			p.Value[i] = 0.01 * rnd.NormFloat64()
		}
	}
	r.q, r.gq, r.s = make([]float64, C), make([]float64, C), make([]float64, C)
	r.gu = make([]float64, width)
	r.loss, r.acc = newRunningMean(L), newRunningMean(L)
	return r
}

// periodicBasis returns the C×n matrix P_{kj} = sin(ω_k j) with ω_k evenly
// spaced from 50 to 512 (LLS-DNN's generate_frequency_matrix with
// max_freq = 512).
func periodicBasis(C, n int) []float64 {
	p := make([]float64, C*n)
	for k := range C {
		w := 50.0
		if C > 1 {
			w += (512 - 50) * float64(k) / float64(C-1)
		}
		for j := range n {
			p[k*n+j] = math.Sin(w * float64(j))
		}
	}
	return p
}

// Basis returns the fixed basis P of hidden layer l (C × n_{l+1},
// row-major), shared with the rule: callers must not modify it.
func (r *LLS) Basis(l int) []float64 { return r.basis[l] }

// Params implements ParamOwner: the per-layer m of LLS-M or M of LLS-MxM
// (none for plain LLS).
func (r *LLS) Params() []*nn.Param { return r.mod }

// Step implements Rule.
func (r *LLS) Step(b *data.Batch) {
	net := r.net
	N, L, C := b.N, net.NumLayers(), r.C
	net.Forward(b.X, N)
	invT := 1 / r.Temperature
	for l := 0; l < L-1; l++ {
		ly := net.Layers[l]
		n := ly.Out
		P := r.basis[l]
		h := net.H[l+1][:N*n]
		d := net.Delta[l][:N*n]
		var mod *nn.Param
		if r.mod != nil {
			mod = r.mod[l]
			clear(mod.Grad)
		}
		loss, right := 0.0, 0
		for i := range N {
			u, du := h[i*n:(i+1)*n], d[i*n:(i+1)*n]
			norm := max(probe.Norm(u), 1e-12) // F.normalize's guard
			// q = P û; the logits s from q.
			for k := range C {
				dot := 0.0
				for j, v := range P[k*n : (k+1)*n] {
					dot += v * u[j]
				}
				r.q[k] = dot / norm
			}
			r.logits(mod)
			y := b.Labels[i]
			if probe.Argmax(r.s) == y {
				right++
			}
			nn.Softmax(r.s)
			loss -= math.Log(max(r.s[y], 1e-15))
			r.s[y]--                              // ∂ℒ/∂s = p − y
			r.backLogits(mod, 1/float64(N), invT) // gq = ∂ℒ/∂q
			// ∂ℒ/∂û = Pᵀ gq, then ∂ℒ/∂u = (I − û ûᵀ) ∂ℒ/∂û / ‖u‖.
			gu := r.gu[:n]
			clear(gu)
			for k, g := range r.gq {
				for j, v := range P[k*n : (k+1)*n] {
					gu[j] += g * v
				}
			}
			proj := 0.0
			for j, g := range gu {
				proj += g * u[j]
			}
			proj /= norm * norm // û·g / ‖u‖, times û = u/‖u‖ below
			for j, g := range gu {
				du[j] = (g - proj*u[j]) / norm
			}
		}
		ly.Act.MulDeriv(d, net.A[l][:N*n], h)
		net.LayerGradient(l, d, net.H[l])
		r.loss.add(l, loss/float64(N))
		r.acc.add(l, float64(right)/float64(N))
	}
	// The output layer: the delta rule on the last hidden layer.
	net.OutputError(b.Y)
	net.LayerGradient(L-1, net.Delta[L-1], net.H[L-1])
	out := net.Output()
	right := 0
	for i := range N {
		if probe.Argmax(out[i*C:(i+1)*C]) == b.Labels[i] {
			right++
		}
	}
	r.loss.add(L-1, nn.MeanLoss(nn.CrossEntropy, out, b.Y[:N*C], N))
	r.acc.add(L-1, float64(right)/float64(N))
}

// logits sets s from q: q/τ, m ⊙ q/τ or Mᵀ q/τ.
func (r *LLS) logits(mod *nn.Param) {
	invT := 1 / r.Temperature
	switch r.Variant {
	case llsM:
		for k, v := range r.q {
			r.s[k] = mod.Value[k] * v * invT
		}
	case llsMxM:
		C := r.C
		for k := range C {
			s := 0.0
			for i, v := range r.q {
				s += mod.Value[i*C+k] * v
			}
			r.s[k] = s * invT
		}
	default:
		for k, v := range r.q {
			r.s[k] = v * invT
		}
	}
}

// backLogits sets gq = ∂ℒ/∂q from gs = ∂ℒ/∂s (held in s) and adds w·∂ℒ/∂m
// or w·∂ℒ/∂M to the modulation's gradient.
func (r *LLS) backLogits(mod *nn.Param, w, invT float64) {
	gs := r.s
	switch r.Variant {
	case llsM:
		for k, g := range gs {
			r.gq[k] = mod.Value[k] * g * invT
			mod.Grad[k] += w * g * r.q[k] * invT
		}
	case llsMxM:
		C := r.C
		for i := range C {
			s := 0.0
			row := mod.Value[i*C : (i+1)*C]
			gr := mod.Grad[i*C : (i+1)*C]
			for k, g := range gs {
				s += row[k] * g
				gr[k] += w * r.q[i] * g * invT
			}
			r.gq[i] = s * invT
		}
	default:
		for k, g := range gs {
			r.gq[k] = g * invT
		}
	}
}

// Probe implements Prober: every hidden layer's local loss and local
// accuracy (argmax of its logits s_l against the label) over the recent
// training steps; the last entry is the output layer's own cross-entropy
// and accuracy on the same batches.
func (r *LLS) Probe(dst []probe.Metric) []probe.Metric {
	return append(dst,
		probe.Metric{Key: "local_loss", Label: "Local loss", PerLayer: true, Values: r.loss.values(),
			Help: "Each hidden layer's own cross-entropy against the fixed class code (the output layer's loss last), on recent training batches."},
		probe.Metric{Key: "local_accuracy", Label: "Local accuracy", PerLayer: true, Values: r.acc.values(),
			Help: "How often each hidden layer's projection onto the class code picks the right class on its own: deeper layers should do better."})
}
