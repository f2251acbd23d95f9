package data

import (
	"math"
	"math/rand/v2"
)

// Examples is a fixed collection of labelled examples that a user brought:
// points drawn on the page (drawn.go) or the rows of a CSV file (csv.go).
// Unlike a generator's, its size is its own: a run splits it into a
// training and a test set (Split) rather than asking for so many of each.
type Examples struct {
	X       []float64 // N×Dim inputs, row-major
	Labels  []int     // each example's class, 0 … Classes−1
	N, Dim  int
	Classes int // at least 2: a network needs two outputs to choose between
}

// Spread is the standard deviation Split gives each input column when it
// standardises: a third, so that a column spread like a normal variable
// keeps 99.7 % of its values (±3σ) in [−1, 1], the square the playground
// draws, and inputs stay of order 1, which the initialisers assume.
const Spread = 1.0 / 3

// Split divides ex into a training and a test set, drawing every random
// number from rnd: within each class, a share testShare of the examples
// (rounded to the nearest whole number) goes to the test set, chosen at
// random, so that a drawing of a few points keeps every class in training.
// At least one example always trains. Both sets keep the examples in ex's
// order.
//
// With standardise, each input column is shifted and scaled to mean 0 and
// standard deviation Spread over the training set (a constant column
// becomes 0), and the test set is transformed alike: the test set plays no
// part in choosing the transformation, as it would not for new data.
func (ex *Examples) Split(testShare float64, standardise bool, rnd *rand.Rand) (train, test *Set) {
	testShare = math.Max(0, math.Min(1, testShare))
	inTest := make([]bool, ex.N)
	byClass := make([][]int, ex.Classes)
	for i, c := range ex.Labels {
		byClass[c] = append(byClass[c], i)
	}
	nTest := 0
	for _, idx := range byClass {
		rnd.Shuffle(len(idx), func(i, j int) { idx[i], idx[j] = idx[j], idx[i] })
		k := int(math.Floor(float64(len(idx))*testShare + 0.5))
		for _, i := range idx[:k] {
			inTest[i] = true
		}
		nTest += k
	}
	if nTest == ex.N && ex.N > 0 { // keep one example to train on
		for _, idx := range byClass {
			if len(idx) > 0 {
				inTest[idx[0]] = false
				nTest--
				break
			}
		}
	}
	train = newOwnSet(ex.N-nTest, ex.Dim, ex.Classes)
	test = newOwnSet(nTest, ex.Dim, ex.Classes)
	var a, b int
	for i := 0; i < ex.N; i++ {
		s, k := train, &a
		if inTest[i] {
			s, k = test, &b
		}
		copy(s.Row(*k), ex.X[i*ex.Dim:(i+1)*ex.Dim])
		s.Labels[*k] = ex.Labels[i]
		s.Y[*k*s.Outputs+ex.Labels[i]] = 1
		*k++
	}
	if standardise {
		mean, scale := columnScales(train)
		for _, s := range []*Set{train, test} {
			for i := 0; i < s.N; i++ {
				row := s.Row(i)
				for j := range row {
					row[j] = (row[j] - mean[j]) * scale[j]
				}
			}
		}
	}
	return train, test
}

// columnScales returns each column's mean over s and the factor that
// brings its standard deviation to Spread (0 for a constant column, which
// then becomes all zeros).
func columnScales(s *Set) (mean, scale []float64) {
	mean, scale = make([]float64, s.Dim), make([]float64, s.Dim)
	if s.N == 0 {
		return mean, scale
	}
	for i := 0; i < s.N; i++ {
		for j, v := range s.Row(i) {
			mean[j] += v
		}
	}
	for j := range mean {
		mean[j] /= float64(s.N)
	}
	for i := 0; i < s.N; i++ {
		for j, v := range s.Row(i) {
			d := v - mean[j]
			scale[j] += d * d
		}
	}
	for j, ss := range scale {
		sd := math.Sqrt(ss / float64(s.N))
		if sd > 0 && !math.IsInf(Spread/sd, 0) {
			scale[j] = Spread / sd
		} else {
			scale[j] = 0
		}
	}
	return mean, scale
}

// newOwnSet returns an empty classification set of n examples.
func newOwnSet(n, dim, classes int) *Set {
	return &Set{
		X: make([]float64, n*dim), Y: make([]float64, n*classes), Labels: make([]int, n),
		N: n, Dim: dim, Outputs: classes, Classes: classes,
	}
}
