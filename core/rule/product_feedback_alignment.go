package rule

import (
	"fmt"
	"math"
	"math/rand/v2"

	"plasticity/core/data"
	"plasticity/core/nn"
)

// maxExpansionWeights bounds the weights of PFA's intermediate populations
// (B and R of all layers), like the run's bound on the network itself
// (run.MaxWeights): no link may exhaust a browser tab's memory.
const maxExpansionWeights = 2000000

func init() {
	Register(Info{
		Key:   "pfa",
		Title: "Product feedback alignment",
		Cite:  "Li & Benna (2024). Deep learning without weight symmetry. arXiv:2405.20594.",
		Summary: "Errors travel back through an extra population of r·n neurons per layer: a fixed random " +
			"matrix B expands the error into that population and a learned matrix R carries it down to the layer " +
			"below. R learns like a forward weight of the intermediate cells, with the same decay as W, so R " +
			"becomes BᵀW and the feedback product BR becomes BBᵀW ≈ W when r is large: the errors become nearly " +
			"backprop's without any synapse mirroring another. With r = 1 and B = I it is Kolen–Pollack.",
		Plausibility: "Plausible: every update is a local pre×post product and no two synapses need to match. Not plausible: it " +
			"needs extra neurons for the feedback, and errors still travel back in a separate sweep.",
		Equation: "g_l = B_lᵀ δ_l;  δ_{l−1} = (R_lᵀ g_l) ⊙ f′(a_{l−1});  ΔW_l = −η δ_l h_{l−1}ᵀ − λ W_l;  ΔR_l = −η g_l h_{l−1}ᵀ − λ R_l",
		Params: []Param{
			{
				Key: "ratio", Label: "Expansion r",
				Help:    "Size of each intermediate population as a multiple of the layer's width: the larger r, the closer BBᵀ is to the identity.",
				Default: 10, Min: 1, Max: 10, Integer: true,
			},
			{
				Key: "fixed", Label: "Fixed matrix B",
				Help:    "random: B drawn once (PFA); identity: B = I and r = 1, which is exactly Kolen–Pollack with R as the feedback.",
				Default: 0, Min: 0, Max: 1, Choices: []string{"random", "identity"},
			},
			kpDecayParam,
		},
		New: func(net *nn.Net, h Hyper, rnd *rand.Rand) Rule {
			return newProductFeedbackAlignment(net, h, rnd)
		},
	})
}

// ProductFeedbackAlignment is product feedback alignment (Li & Benna 2024;
// the "tfa" layer of their biotorch fork; RULES.md §2.6). The error of
// weight layer l reaches the layer below through r·n_l intermediate cells:
//
//	g_l = B_lᵀ δ_l,   δ_{l−1} = (R_lᵀ g_l) ⊙ f′(a_{l−1}),
//	ΔW_l = −η δ_l h_{l−1}ᵀ − λ W_l,   ΔR_l = −η g_l h_{l−1}ᵀ − λ R_l,
//
// B_l ∈ ℝ^{n_l × r n_l} fixed, R_l ∈ ℝ^{r n_l × n_{l−1}} learned and owned as
// a parameter, so the run's optimizer updates it with W. The feedback that
// stands in for W_l is the product B_l R_l. Since ΔR_l = B_lᵀ ΔW_l, equal
// decay drives R_l → B_lᵀ W_l and B_l R_l → B_l B_lᵀ W_l. As for
// KolenPollack (see there), Step writes the pseudo-gradients and AfterStep
// applies the decay to the values, W ← (1 − λ) W and R ← (1 − λ) R. The
// identity ΔR_l = B_lᵀ ΔW_l survives the optimizer when it is linear (SGD,
// momentum); Adam normalises each synapse's step on its own, which keeps
// every update local but makes R track B_lᵀ W_l only approximately.
//
// Initialisation as in the fork: R Xavier-uniform, B Xavier-uniform with
// gain √((1 + 1/r)/2), which makes each entry's variance 1/(r n_l) and so
// E[B Bᵀ] = I. With Identity set, B = I and r = 1 (the fork's expand ratio
// "id"): then g_l = δ_l and the rule is Kolen–Pollack with R_l as B.
type ProductFeedbackAlignment struct {
	Ratio    int     // r
	Identity bool    // B = I, r = 1
	Decay    float64 // λ

	net  *nn.Net
	b    [][]float64 // b[l] = B_l, Out_l × r·Out_l; b[0] is nil
	rr   []*nn.Param // rr[l] = R_l, r·Out_l × In_l; rr[0] is nil
	prm  []*nn.Param // the non-nil rr[l]
	g    [][]float64 // g[l] = the batch's g_l, N × r·Out_l
	prod [][]float64 // prod[l] = B_l R_l, for Feedback
}

func newProductFeedbackAlignment(net *nn.Net, h Hyper, rnd *rand.Rand) *ProductFeedbackAlignment {
	r := &ProductFeedbackAlignment{Ratio: int(h["ratio"]), Identity: h["fixed"] == 1, Decay: h["decay"], net: net}
	if r.Identity {
		r.Ratio = 1
	}
	L := net.NumLayers()
	total := 0
	for _, ly := range net.Layers[1:] {
		total += r.Ratio * ly.Out * (ly.Out + ly.In)
	}
	if total > maxExpansionWeights {
		panic(fmt.Sprintf("the intermediate populations would need %d weights, at most %d fit: lower pfa.ratio or the layer widths", total, maxExpansionWeights))
	}
	r.b = make([][]float64, L)
	r.rr = make([]*nn.Param, L)
	r.g = make([][]float64, L)
	r.prod = make([][]float64, L)
	gain := math.Sqrt((1 + 1/float64(r.Ratio)) / 2)
	for l := 1; l < L; l++ {
		ly := net.Layers[l]
		m := r.Ratio * ly.Out // the intermediate population
		r.b[l] = make([]float64, ly.Out*m)
		if r.Identity {
			for i := 0; i < ly.Out; i++ {
				r.b[l][i*m+i] = 1
			}
		} else {
			nn.InitUniform(r.b[l], gain*nn.InitRange(nn.Glorot, nn.Linear, m, ly.Out), rnd)
		}
		p := nn.NewParam(fmt.Sprintf("R%d", l+1), m, ly.In, true) // feedback of W%d
		nn.InitUniform(p.Value, nn.InitRange(nn.Glorot, nn.Linear, ly.In, m), rnd)
		r.rr[l] = p
		r.prm = append(r.prm, p)
		r.prod[l] = make([]float64, ly.Out*ly.In)
	}
	return r
}

// Step implements Rule.
func (r *ProductFeedbackAlignment) Step(b *data.Batch) {
	net := r.net
	net.Forward(b.X, b.N)
	net.OutputError(b.Y)
	N := b.N
	for l := net.NumLayers() - 1; l > 0; l-- {
		ly, below := net.Layers[l], net.Layers[l-1]
		m := r.Ratio * ly.Out
		// g_l = B_lᵀ δ_l for every example: the row δ_l times B_l.
		r.g[l] = grow(r.g[l], N*m)
		nn.BackInput(r.g[l], net.Delta[l][:N*ly.Out], r.b[l], N, m, ly.Out)
		// δ_{l−1} = (R_lᵀ g_l) ⊙ f′(a_{l−1}).
		d := net.Delta[l-1][:N*ly.In]
		nn.BackInput(d, r.g[l], r.rr[l].Value, N, ly.In, m)
		below.Act.MulDeriv(d, net.A[l-1][:N*ly.In], net.H[l][:N*ly.In])
	}
	net.Gradients()
	for l, ly := range net.Layers {
		if p := r.rr[l]; p != nil {
			// R_l learns like a forward weight of the intermediate cells:
			// their error g_l times the same input h_{l−1}.
			clear(p.Grad)
			nn.AddOuter(p.Grad, nil, r.g[l], net.H[l][:N*ly.In], N, ly.In, r.Ratio*ly.Out, 1/float64(N))
		}
	}
}

// AfterStep implements AfterStepper: the decay, W_l ← (1 − λ) W_l and
// R_l ← (1 − λ) R_l.
func (r *ProductFeedbackAlignment) AfterStep(*data.Batch) {
	for l, ly := range r.net.Layers {
		scale(ly.W.Value, 1-r.Decay)
		if p := r.rr[l]; p != nil {
			scale(p.Value, 1-r.Decay)
		}
	}
}

// Params implements ParamOwner: the learned matrices R_l.
func (r *ProductFeedbackAlignment) Params() []*nn.Param { return r.prm }

// Feedback implements Feedbacker: the product B_l R_l next to W_l for every
// layer l ≥ 1.
func (r *ProductFeedbackAlignment) Feedback(l int) (feedback, forward []float64, ok bool) {
	if l < 1 || l >= len(r.b) {
		return nil, nil, false
	}
	ly := r.net.Layers[l]
	// B_l R_l: the rows of B_l sent through R_l.
	nn.BackInput(r.prod[l], r.b[l], r.rr[l].Value, ly.Out, ly.In, r.Ratio*ly.Out)
	return r.prod[l], ly.W.Value, true
}
