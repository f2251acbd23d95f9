package rule

import (
	"math"
	"math/rand/v2"

	"plasticity/core/data"
	"plasticity/core/nn"
)

// The sign-symmetry variants, as biotorch names them.
const (
	uniformSign     = iota // uSF: B = s·sign(W)
	batchRandomSign        // brSF: B = |M| ⊙ sign(W), M redrawn every batch
	fixedRandomSign        // frSF: B = |M| ⊙ sign(W), M drawn once
)

func init() {
	Register(Info{
		Key:   "sign",
		Title: "Sign symmetry",
		Cite:  "Liao, Leibo & Poggio (2016). How important is weight symmetry in backpropagation? AAAI 30, 1837–1844.",
		Summary: "Errors travel back through matrices that share only the signs of the forward weights: a fixed " +
			"magnitude (uSF) or random magnitudes, redrawn every batch (brSF) or drawn once (frSF). Knowing the " +
			"sign is enough to track backprop closely, far better than random feedback.",
		Plausibility: "Plausible: the feedback synapse needs no magnitude, only whether its forward partner excites or inhibits. " +
			"Not plausible: that sign is still partial weight transport, kept in step as the forward weights change " +
			"sign, and errors still travel back in a separate sweep.",
		Equation: "δ_l = (B_{l+1} δ_{l+1}) ⊙ f′(a_l),  B_{l+1} = (M ⊙ sign W_{l+1})ᵀ;  uSF: M = s;  brSF: M = |U| each batch;  frSF: M = |U| once;  ΔW_l = −η δ_l h_{l−1}ᵀ",
		Params: []Param{
			{
				Key: "variant", Label: "Magnitudes",
				Help:    "uSF: one fixed magnitude s (the initialiser's standard deviation); brSF: random magnitudes redrawn every batch; frSF: random magnitudes drawn once.",
				Default: uniformSign, Min: 0, Max: 2, Choices: []string{"usf", "brsf", "frsf"},
			},
			feedbackInitParam,
			feedbackScaleParam,
		},
		New: func(net *nn.Net, h Hyper, rnd *rand.Rand) Rule {
			return newSignSymmetry(net, h, rnd)
		},
	})
}

// SignSymmetry is sign-concordant feedback (Liao, Leibo & Poggio 2016;
// the uSF, brSF and frSF layers of biotorch; RULES.md §2.3): backprop with
// every W_l of the backward sweep replaced by
//
//	B_l = M_l ⊙ sign(W_l),
//
// uSF: M_l = s, the standard deviation of the initialiser (range/√3);
// brSF: M_l = |U_l|, U_l drawn from the initialiser every batch;
// frSF: M_l = |U_l| drawn once. Scale multiplies M. B_l follows the current
// signs of W_l at every step, so its signs are always exactly those of W_l.
// (biotorch multiplies by the signed draw U instead of |U|, which breaks
// sign concordance; RULES.md asks for |M|.)
type SignSymmetry struct {
	Variant int     // uniformSign, batchRandomSign or fixedRandomSign
	Init    nn.Init // distribution of the magnitudes
	Scale   float64 // multiplies the magnitudes

	net      *nn.Net
	rnd      *rand.Rand
	mag      [][]float64 // M_l in W_l's shape, l ≥ 1
	b        [][]float64 // B_l = M_l ⊙ sign(W_l), l ≥ 1
	feedback nn.Feedback
}

func newSignSymmetry(net *nn.Net, h Hyper, rnd *rand.Rand) *SignSymmetry {
	r := &SignSymmetry{Variant: int(h["variant"]), Init: nn.Init(h["init"]), Scale: h["scale"], net: net, rnd: rnd}
	L := net.NumLayers()
	r.mag = make([][]float64, L)
	r.b = make([][]float64, L)
	for l := 1; l < L; l++ {
		n := len(net.Layers[l].W.Value)
		r.mag[l] = make([]float64, n)
		r.b[l] = make([]float64, n)
		if r.Variant == uniformSign {
			// The standard deviation of U(±a) is a/√3.
			s := r.Scale * feedbackRange(net, l, r.Init) / math.Sqrt(3)
			for i := range r.mag[l] {
				r.mag[l][i] = s
			}
		} else {
			r.draw(l)
		}
	}
	r.feedback = func(l int) []float64 { return r.b[l] }
	return r
}

// draw sets M_l = |U|, U drawn from the initialiser times Scale.
func (r *SignSymmetry) draw(l int) {
	m := r.mag[l]
	nn.InitUniform(m, r.Scale*feedbackRange(r.net, l, r.Init), r.rnd)
	for i, v := range m {
		m[i] = math.Abs(v)
	}
}

// follow sets B_l = M_l ⊙ sign(W_l) from the current forward weights.
func (r *SignSymmetry) follow(l int) {
	w := r.net.Layers[l].W.Value
	m, b := r.mag[l][:len(w)], r.b[l][:len(w)]
	for i, v := range w {
		switch {
		case v > 0:
			b[i] = m[i]
		case v < 0:
			b[i] = -m[i]
		default:
			b[i] = 0
		}
	}
}

// Step implements Rule.
func (r *SignSymmetry) Step(b *data.Batch) {
	for l := 1; l < len(r.b); l++ {
		if r.Variant == batchRandomSign {
			r.draw(l)
		}
		r.follow(l)
	}
	r.net.Forward(b.X, b.N)
	r.net.Backward(b.Y, r.feedback)
}

// Feedback implements Feedbacker: B_l next to W_l for every layer l ≥ 1,
// with B_l's signs taken from W_l as it is now (the optimizer may have
// flipped some since the last Step) and the magnitudes of the last Step.
func (r *SignSymmetry) Feedback(l int) (feedback, forward []float64, ok bool) {
	if l < 1 || l >= len(r.b) {
		return nil, nil, false
	}
	r.follow(l)
	return r.b[l], r.net.Layers[l].W.Value, true
}
