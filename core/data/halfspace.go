package data

import "math/rand/v2"

func init() {
	Register(Info{
		Key: "halfspace", Title: "Half-space in d dimensions", Kind: Classification, Classes: 2, Dim: 2, MaxDim: MaxHalfspaceDim,
		Summary: "Points from a round Gaussian cloud in d dimensions (link key dim, 2 by default), labelled by the sign of their " +
			"first coordinate: one relevant direction among d. Noise flips labels near the boundary. For active-learning " +
			"experiments (sample=margin) with the dimension as a knob.",
		Generate: halfspace,
	})
}

// MaxHalfspaceDim is the most inputs the halfspace dataset takes.
const MaxHalfspaceDim = 256

// halfspace draws x ~ N(0, 0.4²·I_d) and labels it 1 when x₁ + ε > 0,
// with ε ~ N(0, (0.2·noise)²): without noise the classes are separated by
// the hyperplane x₁ = 0; noise blurs the labels within about 0.2·noise of it.
func halfspace(n int, p Params, rnd *rand.Rand) *Set {
	d := p.Dim
	if d < 2 || d > MaxHalfspaceDim {
		d = 2
	}
	s := &Set{X: make([]float64, d*n), Y: make([]float64, 2*n), Labels: make([]int, n), N: n, Dim: d, Outputs: 2, Classes: 2}
	for i := 0; i < n; i++ {
		x := s.X[i*d : (i+1)*d]
		for j := range x {
			x[j] = 0.4 * rnd.NormFloat64()
		}
		c := 0
		if x[0]+0.2*p.Noise*rnd.NormFloat64() > 0 {
			c = 1
		}
		s.Labels[i] = c
		s.Y[2*i+c] = 1
	}
	return s
}
