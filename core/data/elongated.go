package data

import "math/rand/v2"

func init() {
	Register(Info{
		Key: "elongated", Title: "Two elongated clusters", Kind: Classification, Classes: 2, Plane: true,
		Summary: "Two long, thin Gaussian clusters side by side: their centres differ mostly along x, where the clusters are wide " +
			"and overlap, and a little along y, where they are thin and apart. A boundary can follow the centres or tilt to the " +
			"thin direction (Tanay & Griffin 2018); noise widens the clusters along x.",
		Generate: elongated,
	})
}

// elongated draws class c (alternating) around ±(0.35, 0.12) with standard
// deviation 0.2 + 0.3·noise along x and 0.03 along y.
func elongated(n int, p Params, rnd *rand.Rand) *Set {
	s := newPlaneSet(n, 2)
	sx, sy := 0.2+0.3*p.Noise, 0.03
	for i := 0; i < n; i++ {
		c := i % 2
		sign := float64(2*c - 1)
		x := sign*0.35 + sx*rnd.NormFloat64()
		y := sign*0.12 + sy*rnd.NormFloat64()
		s.set(i, x, y, c)
	}
	return s
}
