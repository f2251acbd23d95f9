package run

import (
	"hash/fnv"
	"math/rand/v2"
)

// Stream returns the random stream called name for seed: a PCG generator
// seeded with the run's seed and the FNV-1a hash of the name, so that every
// consumer of randomness has its own stream and changing one consumer does
// not reshuffle the others.
func Stream(seed uint64, name string) *rand.Rand {
	h := fnv.New64a()
	h.Write([]byte(name))
	return rand.New(rand.NewPCG(seed, h.Sum64()))
}
