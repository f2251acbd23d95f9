package data

import (
	"fmt"
	"math/rand/v2"
	"sort"
	"sync"

	"plasticity/core/nn"
)

// Kind says what a dataset asks of a network.
type Kind int

const (
	// Classification sets have integer labels and one-hot targets.
	Classification Kind = iota
	// Regression sets have real-valued targets.
	Regression
)

// Set is a collection of examples.
type Set struct {
	X       []float64 // N×Dim inputs, row-major
	Y       []float64 // N×Outputs targets, row-major
	Labels  []int     // class of each example (nil for regression)
	N, Dim  int
	Outputs int
	Classes int // number of classes; 0 for regression
	// Side is the side of the square grey-level images the examples are
	// (Dim = Side², pixels in [0, 1], row by row), or 0 for data that are
	// not images, whatever their Dim: the page draws image data as
	// pictures (receptive fields, a gallery) and other data in the plane.
	Side int

	nonZero   *nn.NonZero // NonZero's result for the inputs nonZeroOf
	nonZeroOf []float64
}

// NonZero returns where the inputs X are nonzero (nn.NonZero), for sets of
// 64 inputs or more that are at least half zeros (images), and nil for
// others. It is computed at the first call for a given X (a copy of the
// Set with new inputs, as a shift makes, computes its own), so the values
// of X must not change after it (none do), and the first call must not
// race with another.
func (s *Set) NonZero() *nn.NonZero {
	if len(s.X) == 0 {
		return nil
	}
	if len(s.nonZeroOf) != len(s.X) || &s.nonZeroOf[0] != &s.X[0] {
		s.nonZeroOf, s.nonZero = s.X, nil
		if s.Dim >= 64 && s.N > 0 {
			z := new(nn.NonZero)
			z.Index(s.X, s.N, s.Dim)
			if 2*z.Len() <= len(s.X) {
				s.nonZero = z
			}
		}
	}
	return s.nonZero
}

// Row returns example i's inputs.
func (s *Set) Row(i int) []float64 { return s.X[i*s.Dim : (i+1)*s.Dim] }

// Target returns example i's targets.
func (s *Set) Target(i int) []float64 { return s.Y[i*s.Outputs : (i+1)*s.Outputs] }

// Batch is a minibatch copied out of a Set into reusable buffers.
type Batch struct {
	X, Y    []float64
	Labels  []int
	Index   []int // which examples of the set, in order
	N       int
	Dim     int
	Outputs int
}

// NewBatch returns a batch with room for capacity examples of s.
func NewBatch(s *Set, capacity int) *Batch {
	return &Batch{
		X:      make([]float64, capacity*s.Dim),
		Y:      make([]float64, capacity*s.Outputs),
		Labels: make([]int, capacity),
		Index:  make([]int, capacity),
		Dim:    s.Dim, Outputs: s.Outputs,
	}
}

// Fill copies the examples idx of s into b.
func (b *Batch) Fill(s *Set, idx []int) {
	b.N = len(idx)
	for n, i := range idx {
		copy(b.X[n*s.Dim:(n+1)*s.Dim], s.Row(i))
		copy(b.Y[n*s.Outputs:(n+1)*s.Outputs], s.Target(i))
		if s.Labels != nil {
			b.Labels[n] = s.Labels[i]
		}
		b.Index[n] = i
	}
}

// Info describes a registered dataset.
type Info struct {
	Key     string // short, stable: it appears in links
	Title   string
	Summary string
	Kind    Kind
	Classes int // default number of classes, for classification
	// MaxClasses is the largest class count the generator accepts; 0 means
	// the count is fixed at Classes.
	MaxClasses int
	Plane      bool // two inputs in [−1, 1]², drawable in the plane
	Dim        int  // inputs per example; 0 means 2
	// MaxDim, if not 0, says the dataset takes its number of inputs from
	// Params.Dim, from 2 to MaxDim (Dim is then the default).
	MaxDim int
	// Generate returns n examples, drawing every random number from rnd.
	Generate func(n int, p Params, rnd *rand.Rand) *Set
	// MaxTrain and MaxTest are the most training and test examples a
	// fixed collection holds (MNIST's asset: 10,000 and 2,000); Generate
	// returns no more than these. 0 means any number (generated sets).
	MaxTrain, MaxTest int
	// Ready reports whether Generate can produce examples now: a set whose
	// data arrive later (MNIST, fetched by the page) returns an error until
	// they are loaded, and Generate then returns empty sets. Nil means
	// always ready; call CheckReady rather than Ready itself.
	Ready func() error
}

// CheckReady returns the error of info.Ready, or nil if info has none.
func (info Info) CheckReady() error {
	if info.Ready == nil {
		return nil
	}
	return info.Ready()
}

// Params are the knobs a generator takes.
type Params struct {
	Noise   float64 // 0 (clean) … 1 (very noisy); each generator says what it means
	Classes int     // number of classes; 0 means the dataset's default
	// Dim is the number of inputs, for datasets with a MaxDim; 0 means
	// the dataset's default (Info.Dim).
	Dim int
	// Split says which part of a fixed collection (MNIST) to draw from;
	// generated sets ignore it.
	Split Split
}

// Split names a part of a fixed collection of examples.
type Split int

const (
	// TrainSplit is the training part, the zero value.
	TrainSplit Split = iota
	// TestSplit is the held-out test part.
	TestSplit
)

func (p Params) classes(def int) int {
	if p.Classes < 2 {
		return def
	}
	return p.Classes
}

var (
	mu       sync.RWMutex
	registry = map[string]Info{}
)

// Register makes a dataset available under info.Key. It panics if the key is
// empty or taken, or Generate is nil: these are programming errors.
func Register(info Info) {
	mu.Lock()
	defer mu.Unlock()
	if info.Key == "" {
		panic("data: Register with an empty key")
	}
	if info.Generate == nil {
		panic("data: Register " + info.Key + " with a nil Generate")
	}
	if _, dup := registry[info.Key]; dup {
		panic("data: Register called twice for " + info.Key)
	}
	registry[info.Key] = info
}

// Lookup returns the dataset registered under key.
func Lookup(key string) (Info, bool) {
	mu.RLock()
	defer mu.RUnlock()
	info, ok := registry[key]
	return info, ok
}

// Datasets returns every registered dataset, sorted by key.
func Datasets() []Info {
	mu.RLock()
	defer mu.RUnlock()
	out := make([]Info, 0, len(registry))
	for _, info := range registry {
		out = append(out, info)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out
}

// Keys returns the registered dataset keys, sorted.
func Keys() []string {
	var ks []string
	for _, info := range Datasets() {
		ks = append(ks, info.Key)
	}
	return ks
}

// newPlaneSet returns a classification set of n points in the plane with
// the given number of classes.
func newPlaneSet(n, classes int) *Set {
	return &Set{
		X: make([]float64, 2*n), Y: make([]float64, classes*n), Labels: make([]int, n),
		N: n, Dim: 2, Outputs: classes, Classes: classes,
	}
}

// set stores point i at (x, y) with class c.
func (s *Set) set(i int, x, y float64, c int) {
	s.X[2*i], s.X[2*i+1] = x, y
	s.Labels[i] = c
	s.Y[i*s.Outputs+c] = 1
}

// newRegressionSet returns a set of n points in the plane with one target.
func newRegressionSet(n int) *Set {
	return &Set{X: make([]float64, 2*n), Y: make([]float64, n), N: n, Dim: 2, Outputs: 1}
}

// String describes the set's shape.
func (s *Set) String() string {
	return fmt.Sprintf("%d examples × %d inputs → %d outputs", s.N, s.Dim, s.Outputs)
}
