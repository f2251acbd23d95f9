package rule

import (
	"math/rand/v2"

	"plasticity/core/data"
	"plasticity/core/nn"
	"plasticity/core/probe"
)

func init() {
	Register(Info{
		Key:   "wta",
		Title: "Winner-take-all Hebbian learning",
		Cite: "Rumelhart & Zipser (1985). Feature discovery by competitive learning. Cognitive Science 9, 75–112. " +
			"Krotov & Hopfield (2019). Unsupervised learning by competing hidden units. PNAS 116, 7723–7731.",
		Summary: "Competitive learning: for each input only the hidden unit with the largest response u = w·x learns, " +
			"moving its weights towards the input with an Oja-like decay, Δw_k = x − u_k w_k, so that the units become " +
			"prototypes of the directions the data come from. With the Krotov–Hopfield option the runner-up is pushed " +
			"away a little (anti-Hebbian), which spreads the prototypes. The layer passes on a one-hot code of the " +
			"winner. The hidden layers never see a label; the output layer is a readout trained by the delta rule. " +
			"Its well-known failure is dead units that never win and so never learn (watch dead_units; SoftHebb's soft " +
			"competition avoids it). Directions only: a readout learns XOR but not the spiral.",
		Plausibility: "Plausible: local learning, competition by lateral inhibition, and no label. Not plausible: an exact " +
			"argmax, so that exactly one unit of the layer learns and fires for each input.",
		Equation: "u = W x;  k = argmax_i u_i;  Δw_k ∝ x − u_k w_k  (runner-up: −Δ·(x − u w));  h = onehot(k);  readout: ΔW_L = −η (ŷ − y) hᵀ",
		Params: []Param{
			hebbianRate(1),
			{Key: "delta", Label: "Anti-Hebbian Δ",
				Help:    "Strength of the runner-up's anti-Hebbian update (Krotov & Hopfield; 0.05–0.1 in SoftHebb's HebbHardKrotovLinear); 0: plain winner-take-all.",
				Default: 0, Min: 0, Max: 1},
			{Key: "rank", Label: "Anti-Hebbian rank",
				Help:    "Which runner-up gets the anti-Hebbian update: 2 is the second-best unit.",
				Default: 2, Min: 2, Max: 8, Integer: true},
			{Key: "adaptive", Label: "Adaptive rate",
				Help:    "on: unit i learns at η |‖w_i‖ − 1|^0.2 (as SoftHebb), which drives every norm to 1; off: at η.",
				Default: 1, Max: 1, Choices: []string{"off", "on"}},
			radiusParam, initParam,
		},
		// Prototypes of directions: see the Summary.
		Learns:    []string{"gauss", "xor"},
		Suggested: "opt=sgd&lr=0.05&batch=8&hidden=32",
		New: func(net *nn.Net, h Hyper, rnd *rand.Rand) Rule {
			return newWinnerTakeAll(net, h, rnd)
		},
	})
}

// WinnerTakeAll is hard competitive Hebbian learning in every hidden layer
// (RULES.md §6.4), in the form of SoftHebb's repository (hebblinear.py
// HebbHardLinear, and HebbHardKrotovLinear for Delta > 0), under a readout
// trained by the delta rule:
//
//	u = W x,   y = onehot(argmax u) − Δ·onehot(rank-th largest u)
//	ΔW = Σ_n [y xᵀ − (y ⊙ u) W],   ΔW ← ΔW / max|ΔW|,   η_i as SoftHebb's
//	h = onehot(argmax u)   (what the layer passes on)
//
// Initialisation as SoftHebb's.
type WinnerTakeAll struct {
	hebbianFrame
	Delta float64
	Rank  int

	comp competitive
	y    []float64
	ord  []int // scratch for ranking a row
}

func newWinnerTakeAll(net *nn.Net, h Hyper, rnd *rand.Rand) *WinnerTakeAll {
	r := &WinnerTakeAll{hebbianFrame: newHebbianFrame(net, h["rate"], "winner-take-all"), Delta: h["delta"], Rank: int(h["rank"])}
	if r.Delta > 0 {
		r.name = "winner-take-all, Krotov–Hopfield"
	}
	r.comp.Adaptive = h["adaptive"] == 1
	initRadius(net, h["radius"], h["init"] == 0, rnd)
	r.trackWinners()
	r.hidden = r.learn
	r.rep = func(l int, h, a []float64, N int) { oneHotRows(h, a, N, r.net.Layers[l].Out) }
	return r
}

func (r *WinnerTakeAll) learn(l int, x []float64, N int) {
	ly := r.net.Layers[l]
	out := ly.Out
	u := r.net.A[l][:N*out]
	r.y = grow(r.y, N*out)
	oneHotRows(r.y, u, N, out)
	if r.Delta > 0 && r.Rank <= out {
		for n := 0; n < N; n++ {
			r.y[n*out+r.ranked(u[n*out:(n+1)*out], r.Rank)] = -r.Delta
		}
	}
	r.noteWinners(l, u, N, out)
	r.comp.update(ly.W.Grad, ly, x, r.y, u, N, r.Rate)
}

// ranked returns the index of the k-th largest entry of u (k = 1 is the
// argmax; ties go to the lower index).
func (r *WinnerTakeAll) ranked(u []float64, k int) int {
	if cap(r.ord) < k {
		r.ord = make([]int, 0, k)
	}
	r.ord = r.ord[:0]
	for i, v := range u { // keep the k best in descending order
		j := len(r.ord)
		for j > 0 && u[r.ord[j-1]] < v {
			j--
		}
		if j < k {
			if len(r.ord) < k {
				r.ord = append(r.ord, 0)
			}
			copy(r.ord[j+1:], r.ord[j:len(r.ord)-1])
			r.ord[j] = i
		}
	}
	return r.ord[k-1]
}

// Step implements Rule.
func (r *WinnerTakeAll) Step(b *data.Batch) { r.step(b, true) }

// Adapt implements Adapter: the hidden layers go on learning, the readout
// is frozen.
func (r *WinnerTakeAll) Adapt(b *data.Batch) { r.step(b, false) }

// Forward implements Forwarder: every hidden layer passes the one-hot code
// of its winner.
func (r *WinnerTakeAll) Forward(x []float64, N int) { r.forward(x, N) }

// Probe implements Prober: row norms and dead units.
func (r *WinnerTakeAll) Probe(dst []probe.Metric) []probe.Metric { return r.probes(dst) }
