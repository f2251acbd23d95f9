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
		Key:   "foldiak",
		Title: "Földiák's anti-Hebbian network",
		Cite:  "Földiák (1990). Forming sparse representations by local anti-Hebbian learning. Biological Cybernetics 64, 165–170.",
		Summary: "Three local rules make a sparse, decorrelated code. Feed-forward weights are Hebbian with decay " +
			"(a unit that fires moves its weights towards the input), lateral connections between the units of a layer " +
			"are anti-Hebbian (two units that fire together inhibit each other more, until they fire together only by " +
			"chance), and each unit's threshold rises when it fires more often than a target rate p (homeostasis). " +
			"The layer's response is the steady state of its recurrent inhibition, and the binary firing pattern " +
			"drives learning. On the bars problem each unit comes to code for one bar. The hidden layers never see a " +
			"label; the output layer is a readout trained by the delta rule on the settled responses.",
		Plausibility: "Plausible: every rule is local to its synapse or neuron — Hebbian feed-forward weights, anti-Hebbian " +
			"lateral inhibition, a homeostatic threshold — and the hidden layers need neither label nor error. Not " +
			"plausible: the lateral weights are kept symmetric and inhibitory by clipping, and the settling is " +
			"iterated to a fixed point before learning.",
		Equation: "y = settle σ(λ (Q x + V y − t));  ŷ = 1[y > ½];  ΔV_ij = −α (ŷ_i ŷ_j − p²), V ≤ 0;  ΔQ_ij = β ŷ_i (x_j − Q_ij);  Δt_i = γ (ŷ_i − p);  readout: ΔW_L = −η (ŷ_out − y) hᵀ",
		Params: []Param{
			{Key: "rate", Label: "Feed-forward rate β ×",
				Help:    "The Hebbian feed-forward rate β as a multiple of the common learning rate (Földiák: β = 0.02 with the suggested lr = 0.02).",
				Default: 1, Min: 0, Max: 100},
			{Key: "alpha", Label: "Lateral rate α ×",
				Help:    "The anti-Hebbian lateral rate α as a multiple of the common learning rate (Földiák: α = 0.1, five times β).",
				Default: 5, Min: 0, Max: 100},
			{Key: "gamma", Label: "Threshold rate γ ×",
				Help:    "The threshold's homeostatic rate γ as a multiple of the common learning rate (Földiák: γ = 0.02).",
				Default: 1, Min: 0, Max: 100},
			{Key: "p", Label: "Target firing rate p",
				Help:    "The share of inputs each unit should fire for (1/8 on the bars problem: 16 units, two bars per image).",
				Default: 0.125, Min: 0.01, Max: 0.5, Log: true},
			{Key: "slope", Label: "Slope λ",
				Help:    "Steepness of the units' sigmoid σ(λ·): large values make them nearly binary.",
				Default: 10, Min: 0.1, Max: 100, Log: true},
			{Key: "iters", Label: "Settling steps",
				Help:    "Iterations of the damped fixed-point iteration y ← ½ y + ½ σ(λ (Q x + V y − t)) from y = 0 (Földiák integrates the dynamics to steady state).",
				Default: 30, Min: 1, Max: 200, Integer: true},
		},
		// The code is sparse but each unit is a thresholded projection of
		// its input: a readout on one layer of it separates the clusters
		// of gauss (0.98) but not XOR (0.84) or the spiral (0.65), measured
		// with these settings. A second Földiák layer on the first one's
		// sparse code falls silent, hence one hidden layer, as in the paper.
		Learns:    []string{"gauss"},
		Suggested: "opt=sgd&lr=0.02&hidden=16",
		New: func(net *nn.Net, h Hyper, _ *rand.Rand) Rule {
			return newFoldiak(net, h)
		},
	})
}

// Foldiak is Földiák's (1990) network of feed-forward Hebbian weights Q
// (the network's W), lateral anti-Hebbian weights V and thresholds t (the
// network's bias is −t) in every hidden layer (RULES.md §6.6, whose values
// are recalled: treat them as tunable), under a readout trained by the
// delta rule:
//
//	y* = settle σ(λ (Q x + V y* − t)),   ŷ = 1[y* > ½]
//	ΔV_ij = −α (ŷ_i ŷ_j − p²)  (i ≠ j; V_ii = 0, V ≤ 0 after each step)
//	ΔQ_ij = β ŷ_i (x_j − Q_ij),   Δt_i = γ (ŷ_i − p)
//
// in batch means. The rates are multiples of the common learning rate
// (Rate = β/η, Alpha = α/η, Gamma = γ/η). The settling is a damped
// fixed-point iteration y ← ½ y + ½ σ(λ (Q x + V y − t)) from y = 0, Iters
// times; V starts at 0 and stays symmetric (its updates are), so V y is
// computed as Vᵀ y. The layer passes the settled y* on.
type Foldiak struct {
	hebbianFrame
	Alpha, Gamma, P, Slope float64
	Iters                  int

	v     []*nn.Param // lateral weights per hidden layer, m×m
	yb    []float64   // ŷ for one layer, N×m
	z, yn []float64   // settling scratch
	zero  []float64

	mean [][]float64 // running E[ŷ_i] per hidden layer
	co   [][]float64 // running E[ŷ_i ŷ_j]
	mom  []float64   // batch E[ŷ_i ŷ_j] scratch
	runs []int       // steps folded into the running moments, per layer
}

func newFoldiak(net *nn.Net, h Hyper) *Foldiak {
	r := &Foldiak{
		hebbianFrame: newHebbianFrame(net, h["rate"], "Földiák: Hebbian feed-forward, anti-Hebbian lateral"),
		Alpha:        h["alpha"], Gamma: h["gamma"], P: h["p"], Slope: h["slope"], Iters: int(h["iters"]),
	}
	H := net.NumLayers() - 1
	r.v = make([]*nn.Param, H)
	r.mean = make([][]float64, H)
	r.co = make([][]float64, H)
	r.runs = make([]int, H)
	widest := 0
	for l := range r.v {
		m := net.Layers[l].Out
		r.v[l] = nn.NewParam(fmt.Sprintf("V%d", l+1), m, m, false)
		r.mean[l] = make([]float64, m)
		r.co[l] = make([]float64, m*m)
		widest = max(widest, m)
	}
	r.zero = make([]float64, widest)
	r.trackWinners()
	r.hidden = r.learn
	r.rep = r.settle
	return r
}

// settle sets h to the steady state of layer l's recurrent inhibition for
// the pre-activations a = Q x − t.
func (r *Foldiak) settle(l int, h, a []float64, N int) {
	m := r.net.Layers[l].Out
	v := r.v[l].Value
	r.z = grow(r.z, N*m)
	h = h[:N*m]
	clear(h)
	for it := 0; it < r.Iters; it++ {
		nn.Affine(r.z, h, v, r.zero[:m], N, m, m) // z = V y (V symmetric)
		for i, ai := range a[:N*m] {
			h[i] = 0.5*h[i] + 0.5*nn.Logistic(r.Slope*(ai+r.z[i]))
		}
	}
}

// learn writes the updates of hidden layer l from its input x and the
// settled responses in the net's H.
func (r *Foldiak) learn(l int, x []float64, N int) {
	ly := r.net.Layers[l]
	in, m := ly.In, ly.Out
	r.yb = grow(r.yb, N*m)
	for i, y := range r.net.H[l+1][:N*m] {
		r.yb[i] = 0
		if y > 0.5 {
			r.yb[i] = 1
		}
	}
	s := 1 / float64(N)
	// Q: g = −Rate·(mean ŷ xᵀ − diag(mean ŷ) Q); t = −b: g_b = Gamma·(mean ŷ − p).
	nn.AddOuter(ly.W.Grad, nil, r.yb, x[:N*in], N, in, m, -r.Rate*s)
	r.mom = grow(r.mom, m*m)
	clear(r.mom)
	nn.AddOuter(r.mom, nil, r.yb, r.yb, N, m, m, s)
	for i := 0; i < m; i++ {
		rate := r.mom[i*m+i] // mean ŷ_i (ŷ² = ŷ)
		gr, wr := ly.W.Grad[i*in:(i+1)*in], ly.W.Value[i*in:(i+1)*in]
		for k, w := range wr {
			gr[k] += r.Rate * rate * w
		}
		ly.B.Grad[i] = r.Gamma * (rate - r.P)
		if rate > 0 {
			for n := 0; n < N; n++ {
				if r.yb[n*m+i] == 1 {
					r.lastWin[l][i] = r.seen + n
				}
			}
		}
	}
	// V: g = Alpha·(mean ŷ_i ŷ_j − p²) off the diagonal.
	gv := r.v[l].Grad
	for i := 0; i < m; i++ {
		for j := 0; j < m; j++ {
			if i != j {
				gv[i*m+j] = r.Alpha * (r.mom[i*m+j] - r.P*r.P)
			}
		}
	}
	r.record(l, m)
}

// record folds this batch's ŷ moments into the running ones.
func (r *Foldiak) record(l, m int) {
	r.runs[l]++
	w := max(1/float64(r.runs[l]), runningWeight)
	for i := 0; i < m; i++ {
		r.mean[l][i] += w * (r.mom[i*m+i] - r.mean[l][i])
	}
	for i, c := range r.mom[:m*m] {
		r.co[l][i] += w * (c - r.co[l][i])
	}
}

// Step implements Rule.
func (r *Foldiak) Step(b *data.Batch) { r.step(b, true) }

// Adapt implements Adapter: the hidden layers go on learning, the readout
// is frozen.
func (r *Foldiak) Adapt(b *data.Batch) { r.step(b, false) }

// Forward implements Forwarder: every hidden layer passes its settled y*.
func (r *Foldiak) Forward(x []float64, N int) { r.forward(x, N) }

// Params implements ParamOwner: the lateral weights.
func (r *Foldiak) Params() []*nn.Param { return r.v }

// AfterStep implements AfterStepper: V_ii = 0, V ≤ 0.
func (r *Foldiak) AfterStep(*data.Batch) {
	for _, p := range r.v {
		for i := range p.Value {
			if i/p.Cols == i%p.Cols || p.Value[i] > 0 {
				p.Value[i] = 0
			}
		}
	}
}

// Passes implements PassCounter: a forward pass and a backward-sized
// update, plus the settling, Iters products with every lateral matrix,
// counted in forward passes by their multiply-adds.
func (r *Foldiak) Passes(N int) float64 {
	var fwd, lat float64
	for l, ly := range r.net.Layers {
		fwd += float64(ly.In * ly.Out)
		if l < len(r.v) {
			lat += float64(r.Iters * ly.Out * ly.Out)
		}
	}
	return float64(N) * (2 + lat/fwd)
}

// Probe implements Prober: row norms, units that never fire, the mean
// firing rate (→ p) and the decorrelation of the binary code.
func (r *Foldiak) Probe(dst []probe.Metric) []probe.Metric {
	dst = r.probes(dst)
	L := r.net.NumLayers()
	rate, dec := nanSlice(L), nanSlice(L)
	for l := range r.v {
		if r.runs[l] == 0 {
			continue
		}
		m := len(r.mean[l])
		s := 0.0
		for _, v := range r.mean[l] {
			s += v
		}
		rate[l] = s / float64(m)
		dec[l] = offDiagonalCorrelation(r.mean[l], r.co[l], m)
	}
	return append(dst,
		probe.Metric{Key: "firing_rate", Label: "Firing rate", PerLayer: true, Values: rate,
			Help: "Share of inputs for which a hidden unit fires (ŷ = 1), averaged over units and recent steps: homeostasis drives it to the target p."},
		probe.Metric{Key: "decorrelation", Label: "Correlation between units", PerLayer: true, Values: dec,
			Help: "Mean |correlation| between the binary outputs of two different units of a layer over recent steps: anti-Hebbian inhibition drives it towards 0 (a decorrelated code)."})
}

// offDiagonalCorrelation returns the mean |corr(ŷ_i, ŷ_j)| over pairs i ≠ j
// of units that vary, from E[ŷ_i] and E[ŷ_i ŷ_j] of binary ŷ; NaN if fewer
// than two units vary.
func offDiagonalCorrelation(mean, co []float64, m int) float64 {
	sum, cnt := 0.0, 0
	for i := 0; i < m; i++ {
		vi := mean[i] - mean[i]*mean[i]
		if vi < 1e-9 {
			continue
		}
		for j := 0; j < m; j++ {
			vj := mean[j] - mean[j]*mean[j]
			if j == i || vj < 1e-9 {
				continue
			}
			c := (co[i*m+j] - mean[i]*mean[j]) / math.Sqrt(vi*vj)
			sum += math.Abs(c)
			cnt++
		}
	}
	if cnt == 0 {
		return math.NaN()
	}
	return sum / float64(cnt)
}
