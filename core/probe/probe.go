package probe

import "math"

// Metric is one named diagnostic: a single number, or one per layer.
type Metric struct {
	Key    string    // stable key, as in `plasticity run` output (e.g. "update_angle")
	Label  string    // for charts (e.g. "Update angle to backprop")
	Unit   string    // "°", "" …
	Help   string    // one line: how to read it
	Values []float64 // one value, or one per layer (NaN where a layer has none)
	// PerLayer says Values has one entry per weight layer.
	PerLayer bool
}

// Angle returns the angle in degrees between a and b seen as vectors:
// arccos(⟨a, b⟩ / (‖a‖‖b‖)) (RULES.md §0). It is NaN if either is zero.
func Angle(a, b []float64) float64 {
	var ab, aa, bb float64
	b = b[:len(a)]
	for i, x := range a {
		ab += x * b[i]
		aa += x * x
		bb += b[i] * b[i]
	}
	if aa == 0 || bb == 0 {
		return math.NaN()
	}
	c := ab / math.Sqrt(aa*bb)
	c = math.Max(-1, math.Min(1, c))
	return math.Acos(c) * 180 / math.Pi
}

// Norm returns the Euclidean norm of x.
func Norm(x []float64) float64 {
	s := 0.0
	for _, v := range x {
		s += v * v
	}
	return math.Sqrt(s)
}

// Hoyer returns the Hoyer sparseness of x, (√n − ‖x‖₁/‖x‖₂)/(√n − 1):
// 0 when all entries are equal in size, 1 when one entry carries everything
// (Hoyer 2004; as used by Tosato et al., RULES.md §3.3). It is NaN for an
// all-zero x or n < 2.
func Hoyer(x []float64) float64 {
	n := float64(len(x))
	var l1, l2 float64
	for _, v := range x {
		l1 += math.Abs(v)
		l2 += v * v
	}
	if n < 2 || l2 == 0 {
		return math.NaN()
	}
	rn := math.Sqrt(n)
	return (rn - l1/math.Sqrt(l2)) / (rn - 1)
}

// Argmax returns the index of the largest entry of x (the first on ties).
func Argmax(x []float64) int {
	k := 0
	for i, v := range x {
		if v > x[k] {
			k = i
		}
	}
	return k
}

// Finite reports whether every entry of x is a finite number.
func Finite(x []float64) bool {
	for _, v := range x {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return false
		}
	}
	return true
}
