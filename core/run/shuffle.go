package run

import "math/rand/v2"

// randSource draws batch orders.
type randSource struct{ rnd *rand.Rand }

func newRandSource(rnd *rand.Rand) *randSource { return &randSource{rnd: rnd} }

// permutation fills p with 0 … len(p)−1 in a random order (Fisher–Yates on
// the identity, so that the order depends only on the stream, not on the
// previous epoch's order).
func (s *randSource) permutation(p []int) {
	for i := range p {
		p[i] = i
	}
	for i := len(p) - 1; i > 0; i-- {
		j := s.rnd.IntN(i + 1)
		p[i], p[j] = p[j], p[i]
	}
}
