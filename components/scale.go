package components

import "math"

// SliderSteps is the resolution of every range input: its positions run
// from 0 to SliderSteps.
const SliderSteps = 1000

// SliderScale maps a setting's values onto a range input's positions.
//
// On a linear scale, positions are spread evenly over [Min, Max]. On a log
// scale they are spread evenly over [log Min, log Max]; when Min is 0 (a
// penalty that may be off), position 0 is 0 and the others run on a log
// scale from Floor to Max.
type SliderScale struct {
	Min, Max float64
	Log      bool
	Integer  bool
	// Floor is the smallest positive value of a log scale whose Min is 0;
	// 0 means Max/10⁵.
	Floor float64
}

func (s SliderScale) logRange() (lo, hi float64, zero bool) {
	lo, hi = s.Min, s.Max
	if lo <= 0 {
		zero = true
		lo = s.Floor
		if lo <= 0 {
			lo = hi * 1e-5
		}
	}
	return math.Log(lo), math.Log(hi), zero
}

// Position returns the position (0 … SliderSteps) of v, clamped.
func (s SliderScale) Position(v float64) float64 {
	if math.IsNaN(v) || s.Max <= s.Min {
		return 0
	}
	var t float64
	if s.Log {
		lo, hi, zero := s.logRange()
		switch {
		case zero && v <= 0:
			return 0
		case zero:
			// Position 0 is 0 and 1 is Floor, so the log part starts at 1.
			t = (math.Log(v) - lo) / (hi - lo)
			return math.Round(1 + clamp01(t)*(SliderSteps-1))
		default:
			t = (math.Log(v) - lo) / (hi - lo)
		}
	} else {
		t = (v - s.Min) / (s.Max - s.Min)
	}
	return math.Round(clamp01(t) * SliderSteps)
}

// Value returns the value at position p (0 … SliderSteps), rounded to a
// whole number on integer scales and to two significant digits on log
// scales, so that a slider lands on 0.03 rather than 0.0301995.
func (s SliderScale) Value(p float64) float64 {
	t := clamp01(p / SliderSteps)
	var v float64
	if s.Log {
		lo, hi, zero := s.logRange()
		switch {
		case zero && p <= 0:
			return s.Min
		case zero:
			t = clamp01((p - 1) / (SliderSteps - 1))
		}
		v = RoundSignificant(math.Exp(lo+t*(hi-lo)), 2)
	} else {
		v = s.Min + t*(s.Max-s.Min)
		// Round to the slider's resolution: 0.35, not 0.35000000000000003.
		step := (s.Max - s.Min) / SliderSteps
		v = RoundSignificant(math.Round(v/step)*step, 6)
	}
	if s.Integer {
		v = math.Round(v)
	}
	return math.Max(s.Min, math.Min(s.Max, v))
}

// RoundSignificant rounds v to n significant digits.
func RoundSignificant(v float64, n int) float64 {
	if v == 0 || math.IsNaN(v) || math.IsInf(v, 0) {
		return v
	}
	e := math.Floor(math.Log10(math.Abs(v))) - float64(n-1)
	p := math.Pow(10, e)
	r := math.Round(v/p) * p
	// Clean the float: 0.030000000000000002 → 0.03.
	if e < 0 {
		q := math.Pow(10, -e)
		r = math.Round(v*q) / q
	}
	return r
}

func clamp01(x float64) float64 { return math.Max(0, math.Min(1, x)) }
