package data

import (
	"math"
	"math/rand/v2"
)

func init() {
	Register(Info{
		Key: "gauss", Title: "Gaussian clusters", Kind: Classification, Classes: 2, MaxClasses: 8, Plane: true,
		Summary:  "One Gaussian cluster per class, centred on a circle; noise widens the clusters until they overlap.",
		Generate: gauss,
	})
}

// gauss draws class c around the centre 0.5·(cos θ_c, sin θ_c) with
// θ_c = π/4 + 2πc/k (for two classes: opposite corners), with standard
// deviation 0.1 + 0.3·noise.
func gauss(n int, p Params, rnd *rand.Rand) *Set {
	k := p.classes(2)
	s := newPlaneSet(n, k)
	sd := 0.1 + 0.3*p.Noise
	for i := 0; i < n; i++ {
		c := i % k
		t := math.Pi/4 + 2*math.Pi*float64(c)/float64(k)
		x := 0.5*math.Cos(t) + sd*rnd.NormFloat64()
		y := 0.5*math.Sin(t) + sd*rnd.NormFloat64()
		s.set(i, x, y, c)
	}
	return s
}
