package data

import (
	"math"
	"math/rand/v2"
)

func init() {
	Register(Info{
		Key: "checkerboard", Title: "Checkerboard", Kind: Classification, Classes: 2, Plane: true,
		Summary:  "A 4×4 board of alternating squares: many regions, so it needs many units.",
		Generate: checkerboard,
	})
}

// checkerboard draws points uniformly in [−1, 1]² and labels them by the
// parity of their square on a 4×4 board; the jitter is added after labelling.
func checkerboard(n int, p Params, rnd *rand.Rand) *Set {
	s := newPlaneSet(n, 2)
	for i := 0; i < n; i++ {
		x, y := 2*rnd.Float64()-1, 2*rnd.Float64()-1
		cx := int(math.Floor((x + 1) * 2)) // column 0 … 3
		cy := int(math.Floor((y + 1) * 2))
		s.set(i, jitter(x, p.Noise, rnd), jitter(y, p.Noise, rnd), (cx+cy)%2)
	}
	return s
}
