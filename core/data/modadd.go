package data

import "math/rand/v2"

// ModAddP is the modulus of the modular-addition dataset.
const ModAddP = 23

func init() {
	Register(Info{
		Key: "modadd", Title: "Modular addition (mod 23)", Kind: Classification, Classes: ModAddP, Dim: 2 * ModAddP,
		Summary: "Pairs of numbers a, b from 0 to 22, each one-hot, labelled (a + b) mod 23: the task of the grokking papers. " +
			"There are 529 pairs; the training set takes the first of them in a fixed shuffled order and the test set the last, " +
			"so they share no pair as long as the two sizes add up to at most 529. Noise does not apply.",
		MaxTrain: ModAddP * ModAddP, MaxTest: ModAddP * ModAddP,
		Generate: modAdd,
	})
}

// modAddOrder is the fixed order of the pairs (a·p + b), shuffled once
// from a constant seed so that the training and the test split are the
// same whatever the run's seed: the seed only shuffles the examples within
// a split.
var modAddOrder = func() []int {
	order := rand.New(rand.NewPCG(23, 0x6d6f64616464)).Perm(ModAddP * ModAddP)
	return order
}()

// modAdd returns n pairs: the first n of modAddOrder for the training
// split, the last n for the test split, in an order shuffled by rnd.
func modAdd(n int, p Params, rnd *rand.Rand) *Set {
	const k = ModAddP
	n = min(n, k*k)
	pairs := modAddOrder[:n]
	if p.Split == TestSplit {
		pairs = modAddOrder[k*k-n:]
	}
	idx := rnd.Perm(n)
	d := 2 * k
	s := &Set{X: make([]float64, n*d), Y: make([]float64, n*k), Labels: make([]int, n), N: n, Dim: d, Outputs: k, Classes: k}
	for i, j := range idx {
		a, b := pairs[j]/k, pairs[j]%k
		c := (a + b) % k
		s.X[i*d+a] = 1
		s.X[i*d+k+b] = 1
		s.Labels[i] = c
		s.Y[i*k+c] = 1
	}
	return s
}
