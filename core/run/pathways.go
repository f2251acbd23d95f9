package run

import (
	"fmt"
	"math"
	"net/url"
	"strconv"

	"plasticity/core/nn"
	"plasticity/core/probe"
)

// Two pathways (link key pathways=<depth>), for critical-period
// experiments after Kleinman, Achille & Soatto (2024), "Critical learning
// periods emerge even in deep linear networks": the network's first depth
// weight layers are split in two, like the two eyes' separate pathways
// before they merge in cortex. The first half of the inputs feeds only the
// first half of the first hidden layer's units, which feed only the first
// half of the next hidden layer's, and so on for depth layers; the second
// half likewise; the layers above merge both pathways.
//
//	pathways=2   weight layers 1 and 2 are block-diagonal: two pathways two layers deep
//
// The split is a mask on the weights, enforced like the sign constraint
// (constraint.go): the weights across the pathways start at zero and are
// set back to zero after every update. The depth is at most the number of
// hidden layers (the output layer always merges), and the inputs and the
// split layers' widths must be even.
//
// Pathway probes measure what each pathway contributes: pathway A's share
// of the change in the output logits that the inputs cause (pathway_share;
// B's is the rest), and the test accuracy through each pathway alone, the
// other's inputs zeroed (pathway_acc_a, pathway_acc_b).

// decodePathways reads the pathways key; Decode calls it when the network
// is settled.
func decodePathways(vals url.Values, e *Experiment, bad func(key, format string, args ...any)) {
	v, ok := vals["pathways"]
	if !ok {
		return
	}
	n, err := strconv.Atoi(last(v))
	if err != nil || n < 0 || n > MaxLayers {
		bad("pathways", "%q is not a depth in [0, %d]; one pathway", last(v), MaxLayers)
		return
	}
	f := *e
	f.Pathways = n
	if err := f.checkPathways(); err != nil {
		bad("pathways", "%v; one pathway", err)
		return
	}
	e.Pathways = n
}

// encodePathways writes the pathways key into v.
func (e Experiment) encodePathways(v url.Values) {
	if e.Pathways > 0 {
		v.Set("pathways", strconv.Itoa(e.Pathways))
	}
}

// checkPathways reports a split the network cannot take.
func (e Experiment) checkPathways() error {
	if e.Pathways == 0 {
		return nil
	}
	if e.Pathways < 0 || e.Pathways > len(e.Hidden) {
		return fmt.Errorf("a split %d layers deep needs at least %d hidden layers (the network has %d)", e.Pathways, e.Pathways, len(e.Hidden))
	}
	if e.Spiking.LIF {
		return fmt.Errorf("two pathways are for ordinary units")
	}
	inputs, _ := e.shape()
	if inputs%2 != 0 {
		return fmt.Errorf("the data have %d inputs, which do not split in two halves", inputs)
	}
	for _, h := range e.Hidden[:e.Pathways] {
		if h%2 != 0 {
			return fmt.Errorf("a split layer of %d units does not split in two halves", h)
		}
	}
	return nil
}

// pathways is the mask of a run's split layers; nil for one pathway.
type pathways struct{ depth int }

func newPathways(r *Run) *pathways {
	if r.Exp.Pathways == 0 {
		return nil
	}
	p := &pathways{depth: r.Exp.Pathways}
	p.apply(r.Net)
	return p
}

// crosses reports whether the weight from input i to unit o of a layer
// with in inputs and out units joins the two pathways.
func crosses(o, i, out, in int) bool { return (o < out/2) != (i < in/2) }

// apply zeroes every weight that joins the two pathways in the split layers.
func (p *pathways) apply(net *nn.Net) {
	if p == nil {
		return
	}
	for l := 0; l < p.depth && l < net.NumLayers()-1; l++ {
		ly := net.Layers[l]
		for o := 0; o < ly.Out; o++ {
			row := ly.W.Value[o*ly.In : (o+1)*ly.In]
			for i := range row {
				if crosses(o, i, ly.Out, ly.In) {
					row[i] = 0
				}
			}
		}
	}
}

// pathwayProbes measures each pathway on the test set (the training set
// without test data, up to 4·evalChunk examples): the accuracy with the
// other pathway's inputs zeroed, and pathway A's share of the output: with
// z(x) the logits (pre-softmax outputs), the mean of ‖z(x_A, 0) − z(0, 0)‖
// over the sum of that and the same for pathway B.
func (r *Run) pathwayProbes() []probe.Metric {
	if r.Exp.Pathways == 0 {
		return nil
	}
	s := r.Test
	if s.N == 0 {
		s = r.Train
	}
	n := min(s.N, 4*evalChunk)
	d, k, L := s.Dim, r.Net.Outputs(), r.Net.NumLayers()
	half := d / 2
	zero := make([]float64, d)
	r.forward(zero, 1)
	z0 := append([]float64(nil), r.Net.A[L-1][:k]...)
	var acc, size [2]float64
	x := make([]float64, evalChunk*d)
	for p := 0; p < 2; p++ {
		for start := 0; start < n; start += evalChunk {
			m := min(evalChunk, n-start)
			xs := x[:m*d]
			copy(xs, s.X[start*d:(start+m)*d])
			for i := 0; i < m; i++ {
				row := xs[i*d : (i+1)*d]
				if p == 0 {
					clear(row[half:])
				} else {
					clear(row[:half])
				}
			}
			r.forward(xs, m)
			z := r.Net.A[L-1][:m*k]
			for i := 0; i < m; i++ {
				zi := z[i*k : (i+1)*k]
				if s.Labels != nil && probe.Argmax(zi) == s.Labels[start+i] {
					acc[p]++
				}
				ss := 0.0
				for j, v := range zi {
					ss += (v - z0[j]) * (v - z0[j])
				}
				size[p] += math.Sqrt(ss)
			}
		}
	}
	share := math.NaN()
	if t := size[0] + size[1]; t > 0 {
		share = size[0] / t
	}
	accs := [2]float64{acc[0] / float64(n), acc[1] / float64(n)}
	if s.Labels == nil {
		accs = [2]float64{math.NaN(), math.NaN()}
	}
	return []probe.Metric{
		{Key: "pathway_share", Label: "Pathway A's share of the output", Values: []float64{share},
			Help: "How much pathway A's inputs (the first half) move the output logits, as a share of both pathways': ½ is balance; near 0, the network ignores pathway A (B has the rest)."},
		{Key: "pathway_acc_a", Label: "Accuracy through pathway A alone", Values: []float64{accs[0]},
			Help: "Test accuracy with only pathway A's inputs, the first half (the second half zeroed)."},
		{Key: "pathway_acc_b", Label: "Accuracy through pathway B alone", Values: []float64{accs[1]},
			Help: "Test accuracy with only pathway B's inputs, the second half (the first half zeroed)."},
	}
}
