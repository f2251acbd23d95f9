package data

import "math/rand/v2"

func init() {
	Register(Info{
		Key: "bars", Title: "Bars (8×8)", Kind: Classification, Classes: 2, Dim: barsSide * barsSide,
		Summary: "Földiák's bars problem: 8×8 images in which each of the 8 horizontal and 8 vertical bars is on with " +
			"probability 1/8, overlapping where they cross. Class 0 has more horizontal bars, class 1 more vertical. A " +
			"good unsupervised code has one unit per bar.",
		Generate: bars,
	})
}

// barsSide is the side of a bars image in pixels.
const barsSide = 8

// barsProb is the probability of each bar (Földiák 1990: 1/8).
const barsProb = 1.0 / 8

// bars draws images of 8 horizontal and 8 vertical bars, each on with
// probability 1/8, pixels 1 where a bar is (0 elsewhere), example i of
// class i mod 2: 0 when it has more horizontal than vertical bars, 1 when
// fewer. Images whose counts are equal (or that have the other class) are
// drawn again. With noise, every pixel is then flipped with probability
// noise/10.
func bars(n int, p Params, rnd *rand.Rand) *Set {
	d := barsSide * barsSide
	s := &Set{X: make([]float64, n*d), Y: make([]float64, 2*n), Labels: make([]int, n), N: n, Dim: d, Side: barsSide, Outputs: 2, Classes: 2}
	for i := 0; i < n; i++ {
		c := i % 2
		x := s.X[i*d : (i+1)*d]
		for {
			clear(x)
			rows, cols := 0, 0
			for b := 0; b < barsSide; b++ {
				if rnd.Float64() < barsProb {
					rows++
					for j := 0; j < barsSide; j++ {
						x[b*barsSide+j] = 1
					}
				}
				if rnd.Float64() < barsProb {
					cols++
					for j := 0; j < barsSide; j++ {
						x[j*barsSide+b] = 1
					}
				}
			}
			if (c == 0 && rows > cols) || (c == 1 && cols > rows) {
				break
			}
		}
		if p.Noise > 0 {
			for j := range x {
				if rnd.Float64() < p.Noise/10 {
					x[j] = 1 - x[j]
				}
			}
		}
		s.Labels[i] = c
		s.Y[2*i+c] = 1
	}
	return s
}
