package data

import (
	"math"
	"math/rand/v2"

	"plasticity/core/nn"
)

func init() {
	Register(Info{
		Key: "multi-gauss", Title: "Gaussian bumps (regression)", Kind: Regression, Plane: true,
		Summary:  "The target is a sum of four positive and negative Gaussian bumps: a bumpy landscape to fit.",
		Generate: multiGauss,
	})
}

// The bumps of multi-gauss: centre, height and width (as in TensorFlow
// Playground's regression set, scaled to [−1, 1]²).
var bumps = [...]struct{ x, y, h, w float64 }{
	{-0.6, 0.6, 1, 0.3}, {0.6, 0.6, -1, 0.3}, {-0.6, -0.6, -1, 0.3}, {0.6, -0.6, 1, 0.3},
	{0, 0, 0.5, 0.2},
}

// multiGauss draws points uniformly in [−1, 1]² with target
// Σ h·exp(−‖p − c‖²/(2w²)), clamped to [−1, 1], plus N(0, (0.25·noise)²).
func multiGauss(n int, p Params, rnd *rand.Rand) *Set {
	s := newRegressionSet(n)
	for i := 0; i < n; i++ {
		x, y := 2*rnd.Float64()-1, 2*rnd.Float64()-1
		v := 0.0
		for _, b := range bumps {
			dx, dy := x-b.x, y-b.y
			v += b.h * nn.Exp(-(dx*dx+dy*dy)/(2*b.w*b.w)) // nn.Exp: the same bits natively and in WebAssembly
		}
		s.X[2*i], s.X[2*i+1] = x, y
		s.Y[i] = jitter(math.Max(-1, math.Min(1, v)), p.Noise, rnd)
	}
	return s
}
