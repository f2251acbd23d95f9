package run

import (
	"plasticity/core/probe"
	"plasticity/core/rule"
)

// Snapshot is what the page draws after a frame: the run's figures and,
// for datasets in the plane, the pixels of the decision map and of every
// unit's response over the plane. Paint fills it in place, so that a page
// can reuse one Snapshot for every frame.
type Snapshot struct {
	Metrics
	State   State
	Message string
	Probes  []probe.Metric

	// Grid is the side of every map in pixels; 0 when the data are not in
	// the plane. Maps are RGBA, row-major, with row 0 at the top (y = +1)
	// and column 0 at the left (x = −1).
	Grid     int
	Decision []byte
	// Units[l][j] is the map of unit j of layer l: l = 0 are the inputs,
	// l = 1 … L−1 the hidden layers and L the outputs.
	Units [][][]byte
	// Weights[l] is a copy of weight layer l (n_l × n_{l−1}, row-major).
	Weights [][]float64

	grid []float64 // the plane's points, Grid²×2
}

// Paint fills s with the run's current state. Maps are computed at the
// given grid resolution when the data lie in the plane (at most 128). A
// panic in the rule makes the run Failed (see guard), which s then shows.
func (r *Run) Paint(s *Snapshot, grid int) {
	defer func() { s.State, s.Message = r.state, r.message }() // after any failure
	s.Metrics = r.Metrics()
	s.Probes = r.Probes()
	L := r.Net.NumLayers()
	if len(s.Weights) != L {
		s.Weights = make([][]float64, L)
	}
	for l, ly := range r.Net.Layers {
		if len(s.Weights[l]) != len(ly.W.Value) {
			s.Weights[l] = make([]float64, len(ly.W.Value))
		}
		copy(s.Weights[l], ly.W.Value)
	}
	if !r.DataInfo.Plane || grid <= 0 {
		s.Grid = 0
		return
	}
	grid = min(grid, 128)
	r.guard(func() { r.paintPlane(s, grid) })
}

// paintPlane forwards every point of a grid×grid lattice over [−1, 1]²
// through the network once and colours the decision map and unit maps.
func (r *Run) paintPlane(s *Snapshot, grid int) {
	n := grid * grid
	if s.Grid != grid || len(s.grid) != 2*n || !sameShape(s.Units, r.Net.Sizes) {
		s.Grid = grid
		s.grid = make([]float64, 2*n)
		for i := 0; i < grid; i++ { // row i: y from +1 down to −1
			for j := 0; j < grid; j++ {
				p := i*grid + j
				s.grid[2*p] = -1 + 2*(float64(j)+0.5)/float64(grid)
				s.grid[2*p+1] = 1 - 2*(float64(i)+0.5)/float64(grid)
			}
		}
		s.Decision = make([]byte, 4*n)
		s.Units = make([][][]byte, len(r.Net.Sizes))
		for l, size := range r.Net.Sizes {
			s.Units[l] = make([][]byte, size)
			for j := range s.Units[l] {
				s.Units[l][j] = make([]byte, 4*n)
			}
		}
	}
	// Unit maps from the forward pass over the whole grid.
	r.forward(s.grid, n)
	for l, size := range r.Net.Sizes {
		h := r.Net.H[l]
		for j := 0; j < size; j++ {
			paintUnit(s.Units[l][j], h, j, size, n)
		}
	}
	// The decision map from the rule's prediction.
	k := r.Net.Outputs()
	if cap(r.predictBuf) < n*k {
		r.predictBuf = make([]float64, n*k)
	}
	out := r.predictBuf[:n*k]
	if _, own := r.Rule.(rule.Predictor); own {
		r.Predict(out, s.grid, n)
	} else {
		copy(out, r.Net.Output()) // the forward pass above already predicted
	}
	paintDecision(s.Decision, out, k, n, r.Train.Classes == 0)
}

// paintUnit colours column j of the n×size activations h on the diverging
// palette, scaled by the larger of 1 and the map's largest |value|.
func paintUnit(pix []byte, h []float64, j, size, n int) {
	m := 1.0
	for p := 0; p < n; p++ {
		m = max(m, abs(h[p*size+j]))
	}
	for p := 0; p < n; p++ {
		setRGBA(pix, p, Diverging(h[p*size+j]/m))
	}
}

// paintDecision colours the predictions out (n×k). Two classes: p₁ − p₀ on
// the diverging palette. More: the winning class's colour, paler as the
// prediction is less certain. Regression: the value on the diverging palette.
func paintDecision(pix []byte, out []float64, k, n int, regression bool) {
	for p := 0; p < n; p++ {
		o := out[p*k : (p+1)*k]
		switch {
		case regression:
			setRGBA(pix, p, Diverging(o[0]))
		case k == 2:
			setRGBA(pix, p, Diverging(o[1]-o[0]))
		default:
			c := probe.Argmax(o)
			// Certainty: 0 at the uniform prediction 1/k, 1 at one-hot.
			t := (o[c] - 1/float64(k)) / (1 - 1/float64(k))
			setRGBA(pix, p, Mix(Background, ClassColor(c), 0.25+0.6*clamp01(t)))
		}
	}
}

func setRGBA(pix []byte, p int, c RGB) {
	pix[4*p], pix[4*p+1], pix[4*p+2], pix[4*p+3] = c.R, c.G, c.B, 255
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

// sameShape reports whether units holds one map per unit of a network with
// the given layer sizes, so that a Snapshot can be reused across runs.
func sameShape(units [][][]byte, sizes []int) bool {
	if len(units) != len(sizes) {
		return false
	}
	for l, n := range sizes {
		if len(units[l]) != n {
			return false
		}
	}
	return true
}
