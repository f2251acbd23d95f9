package data

import (
	"math"
	"math/rand/v2"
)

func init() {
	Register(Info{
		Key: "spiral", Title: "Spiral", Kind: Classification, Classes: 2, MaxClasses: 8, Plane: true,
		Summary:  "Interleaved spiral arms, one per class: the hardest of the plane sets, it needs depth or width.",
		Generate: spiral,
	})
}

// spiral draws arm c of k as r = 0.9·u, θ = 1.75·2π·u + 2πc/k for u uniform
// in [0, 1] (1.75 turns from the centre), then adds the jitter.
func spiral(n int, p Params, rnd *rand.Rand) *Set {
	k := p.classes(2)
	s := newPlaneSet(n, k)
	for i := 0; i < n; i++ {
		c := i % k
		u := rnd.Float64()
		r := 0.9 * u
		t := 1.75*2*math.Pi*u + 2*math.Pi*float64(c)/float64(k)
		x, y := r*math.Sin(t), r*math.Cos(t)
		s.set(i, jitter(x, p.Noise, rnd), jitter(y, p.Noise, rnd), c)
	}
	return s
}
