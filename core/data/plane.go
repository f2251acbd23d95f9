package data

import "math/rand/v2"

func init() {
	Register(Info{
		Key: "plane", Title: "Plane (regression)", Kind: Regression, Plane: true,
		Summary:  "The target is the tilted plane (x + y)/2: a linear function, learnt even without hidden units.",
		Generate: plane,
	})
}

// plane draws points uniformly in [−1, 1]² with target (x + y)/2 plus
// N(0, (0.25·noise)²).
func plane(n int, p Params, rnd *rand.Rand) *Set {
	s := newRegressionSet(n)
	for i := 0; i < n; i++ {
		x, y := 2*rnd.Float64()-1, 2*rnd.Float64()-1
		s.X[2*i], s.X[2*i+1] = x, y
		s.Y[i] = jitter((x+y)/2, p.Noise, rnd)
	}
	return s
}
