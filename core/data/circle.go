package data

import (
	"math"
	"math/rand/v2"
)

func init() {
	Register(Info{
		Key: "circle", Title: "Circle", Kind: Classification, Classes: 2, Plane: true,
		Summary:  "A disc of one class inside a ring of the other: not linearly separable, but one ring of hidden units suffices.",
		Generate: circle,
	})
}

// circle draws half the points in a disc of radius 0.4 (class 1) and half in
// a ring 0.55 … 0.85 (class 0), then jitters every point by N(0, (0.25·noise)²).
func circle(n int, p Params, rnd *rand.Rand) *Set {
	s := newPlaneSet(n, 2)
	for i := 0; i < n; i++ {
		c := i % 2
		var r float64
		if c == 1 {
			r = 0.4 * math.Sqrt(rnd.Float64())
		} else {
			r = 0.55 + 0.3*rnd.Float64()
		}
		t := 2 * math.Pi * rnd.Float64()
		x, y := r*math.Cos(t), r*math.Sin(t)
		s.set(i, jitter(x, p.Noise, rnd), jitter(y, p.Noise, rnd), c)
	}
	return s
}

// jitter adds N(0, (0.25·noise)²) to v: at noise 1 the jitter's standard
// deviation is an eighth of the plane's width.
func jitter(v, noise float64, rnd *rand.Rand) float64 {
	if noise == 0 {
		return v
	}
	return v + 0.25*noise*rnd.NormFloat64()
}
