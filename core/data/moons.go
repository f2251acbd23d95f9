package data

import (
	"math"
	"math/rand/v2"
)

func init() {
	Register(Info{
		Key: "moons", Title: "Two moons", Kind: Classification, Classes: 2, Plane: true,
		Summary:  "Two interleaving half circles (as in scikit-learn's make_moons): curved, but a small network separates them.",
		Generate: moons,
	})
}

// moons draws the upper half circle (cos t, sin t) for class 0 and the lower
// one (1 − cos t, 0.5 − sin t) for class 1, t uniform in [0, π], then maps
// scikit-learn's box [−1, 2] × [−0.5, 1] onto [−0.9, 0.9] × [−0.45, 0.45].
func moons(n int, p Params, rnd *rand.Rand) *Set {
	s := newPlaneSet(n, 2)
	for i := 0; i < n; i++ {
		c := i % 2
		t := math.Pi * rnd.Float64()
		x, y := math.Cos(t), math.Sin(t)
		if c == 1 {
			x, y = 1-x, 0.5-y
		}
		x = (x - 0.5) * 0.6
		y = (y - 0.25) * 0.6
		s.set(i, jitter(x, p.Noise, rnd), jitter(y, p.Noise, rnd), c)
	}
	return s
}
