package data

import "math/rand/v2"

func init() {
	Register(Info{
		Key: "xor", Title: "Exclusive or", Kind: Classification, Classes: 2, Plane: true,
		Summary:  "Four quadrants, class 1 where x and y share a sign: the classic problem a single layer cannot solve.",
		Generate: xor,
	})
}

// xor draws points uniformly in the four quadrants, kept 0.05 away from the
// axes, labelled 1 where x·y > 0; the jitter is added after labelling.
func xor(n int, p Params, rnd *rand.Rand) *Set {
	s := newPlaneSet(n, 2)
	for i := 0; i < n; i++ {
		x := uniformAwayFromAxis(rnd)
		y := uniformAwayFromAxis(rnd)
		c := 0
		if x*y > 0 {
			c = 1
		}
		s.set(i, jitter(x, p.Noise, rnd), jitter(y, p.Noise, rnd), c)
	}
	return s
}

// uniformAwayFromAxis returns a draw from U(−0.95, −0.05) ∪ U(0.05, 0.95).
func uniformAwayFromAxis(rnd *rand.Rand) float64 {
	v := 0.05 + 0.9*rnd.Float64()
	if rnd.IntN(2) == 0 {
		return -v
	}
	return v
}
