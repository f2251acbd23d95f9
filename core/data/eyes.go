package data

import (
	"math/rand/v2"
)

func init() {
	Register(Info{
		Key: "eyes", Title: "Two eyes (16 inputs)", Kind: Classification, Classes: 4, MaxClasses: 8, Dim: 2 * EyeDim,
		Summary: "Two views of the same thing, like a left and a right eye: inputs 1 to 8 are the first view and 9 to 16 the " +
			"second, each its class's prototype plus noise of its own, so that either view alone tells the class fairly well " +
			"and both together better; noise widens the noise. For critical-period experiments with two pathways (pathways=…).",
		Generate: eyes,
	})
}

// EyeDim is the number of inputs of each view of the eyes dataset.
const EyeDim = 8

// eyePrototypes are the classes' prototypes: fixed (the same for every
// seed and for both splits), drawn once from a constant stream, with
// coordinates uniform in [−0.5, 0.5].
var eyePrototypes = func() [8][EyeDim]float64 {
	rnd := rand.New(rand.NewPCG(8, 8))
	var p [8][EyeDim]float64
	for c := range p {
		for j := range p[c] {
			p[c][j] = rnd.Float64() - 0.5
		}
	}
	return p
}()

// eyes draws class c (in turn) as two views: each its prototype plus
// independent Gaussian noise of standard deviation 0.4 + 0.6·noise (0.46
// at the default noise 0.1).
func eyes(n int, p Params, rnd *rand.Rand) *Set {
	k := p.classes(4)
	d := 2 * EyeDim
	s := &Set{X: make([]float64, d*n), Y: make([]float64, k*n), Labels: make([]int, n), N: n, Dim: d, Outputs: k, Classes: k}
	sd := 0.4 + 0.6*p.Noise
	for i := 0; i < n; i++ {
		c := i % k
		x := s.X[i*d : (i+1)*d]
		for j := range x {
			x[j] = eyePrototypes[c][j%EyeDim] + sd*rnd.NormFloat64()
		}
		s.Labels[i] = c
		s.Y[i*k+c] = 1
	}
	return s
}
