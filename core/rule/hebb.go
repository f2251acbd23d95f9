package rule

import (
	"math/rand/v2"

	"plasticity/core/data"
	"plasticity/core/nn"
	"plasticity/core/probe"
)

func init() {
	Register(Info{
		Key:   "hebb",
		Title: "Hebb's rule with normalisation",
		Cite:  "Hebb (1949). The Organization of Behavior. Wiley. Normalised form: von der Malsburg (1973). Self-organization of orientation sensitive cells in the striate cortex. Kybernetik 14, 85–100.",
		Summary: "Neurons that fire together wire together: each weight grows with the product of its input and the " +
			"neuron's output, y = w·(x − μ), and after every update each unit's weight vector is scaled back to " +
			"length 1, without which it would grow without bound. The normalised rule turns every unit to the " +
			"input's first principal component, the direction of largest variance (Oja's rule does the same with a " +
			"local decay instead of the division). The hidden layers never see a label; the output layer is a readout " +
			"trained by the delta rule on the units' activity f(y). A readout on projections cannot solve XOR or the " +
			"spiral.",
		Plausibility: "Plausible: the growth term is purely local, the product of the synapse's input and its neuron's output, " +
			"and needs no label. Not plausible: the normalisation needs the whole weight vector at once, so each " +
			"synapse must know the strengths of the others, and the neuron is linear.",
		Equation: "y = w·(x − μ);  w ← w + η y (x − μ);  w ← w / ‖w‖;  readout: ΔW_L = −η (ŷ − y) hᵀ",
		Params:   []Param{hebbianRate(1), centreParam},
		// Principal components are linear features: see Oja.
		Learns:    []string{"gauss"},
		Suggested: "opt=sgd&lr=0.05",
		New: func(net *nn.Net, h Hyper, _ *rand.Rand) Rule {
			return newHebb(net, h)
		},
	})
}

// Hebb is the plain Hebbian rule with explicit normalisation (RULES.md
// §6.1) in every hidden layer, under a readout trained by the delta rule:
//
//	y = W (x − μ),   ΔW = η mean y (x − μ)ᵀ,   then w_i ← w_i / ‖w_i‖
//
// The normalisation runs in AfterStep, after the optimizer; the rows
// start normalised. μ and Centre as in Oja.
type Hebb struct {
	*pcaFamily
}

func newHebb(net *nn.Net, h Hyper) *Hebb {
	r := &Hebb{newPCAFamily(net, h, "Hebb, normalised")}
	r.learn = r.update
	for l := 0; l < net.NumLayers()-1; l++ {
		ly := net.Layers[l]
		normaliseRows(ly.W.Value, ly.Out, ly.In)
	}
	return r
}

// update writes g = −Rate·mean y xᵀ.
func (r *Hebb) update(l int, g, x, y []float64, N int) {
	ly := r.net.Layers[l]
	nn.AddOuter(g, nil, y, x, N, ly.In, ly.Out, -r.Rate/float64(N))
}

// AfterStep implements AfterStepper: w_i ← w_i/‖w_i‖, then the biases.
func (r *Hebb) AfterStep(b *data.Batch) {
	for l := 0; l < r.net.NumLayers()-1; l++ {
		ly := r.net.Layers[l]
		normaliseRows(ly.W.Value, ly.Out, ly.In)
	}
	r.pcaFamily.AfterStep(b)
}

// Probe implements Prober: pc_angle against the first principal axis.
func (r *Hebb) Probe(dst []probe.Metric) []probe.Metric {
	dst = r.probes(dst)
	return append(dst, pcAngleMetric(r.pcAngles(func(int) int { return 0 }),
		"Mean angle between each hidden unit's weights and the first principal component of the layer's recent inputs: normalised Hebbian learning drives it to 0°."))
}
