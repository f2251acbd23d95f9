package components

import (
	"math"
	"testing"
)

func TestSliderScale(t *testing.T) {
	t.Parallel()
	for i, test := range []struct {
		s    SliderScale
		v    float64 // a value
		pos  float64 // its position
		back float64 // the value read back at that position
	}{
		{SliderScale{Min: 0, Max: 1}, 0.1, 100, 0.1},
		{SliderScale{Min: 0, Max: 1}, 0.35, 350, 0.35},
		{SliderScale{Min: 0, Max: 1}, 2, 1000, 1}, // clamped
		{SliderScale{Min: 1e-6, Max: 100, Log: true}, 1e-6, 0, 1e-6},
		{SliderScale{Min: 1e-6, Max: 100, Log: true}, 100, 1000, 100},
		{SliderScale{Min: 1e-6, Max: 100, Log: true}, 0.03, 560, 0.03}, // rounded to 2 digits on the way back
		{SliderScale{Min: 1, Max: 512, Log: true, Integer: true}, 16, 444, 16},
		{SliderScale{Min: 0, Max: 1, Log: true}, 0, 0, 0}, // a penalty may be off
		{SliderScale{Min: 0, Max: 1, Log: true}, 1e-5, 1, 1e-5},
		{SliderScale{Min: 0, Max: 1, Log: true}, 1, 1000, 1},
		{SliderScale{Min: 0, Max: 1, Log: true, Floor: 1e-3}, 1e-3, 1, 1e-3},
	} {
		pos := test.s.Position(test.v)
		if pos != test.pos {
			t.Errorf("%d: Position(%g) = %g, want %g", i, test.v, pos, test.pos)
		}
		if got := test.s.Value(pos); math.Abs(got-test.back) > 1e-12*math.Max(1, test.back) {
			t.Errorf("%d: Value(%g) = %g, want %g", i, pos, got, test.back)
		}
	}
}

// TestSliderScaleRoundTrip checks that every position reads a value
// within bounds that maps back to a position near it.
func TestSliderScaleRoundTrip(t *testing.T) {
	t.Parallel()
	for _, s := range []SliderScale{
		{Min: 0, Max: 1},
		{Min: 1e-6, Max: 100, Log: true},
		{Min: 0, Max: 1, Log: true},
		{Min: 1e-3, Max: 100, Log: true},
		{Min: 1, Max: 512, Log: true, Integer: true},
	} {
		for p := 0.0; p <= SliderSteps; p++ {
			v := s.Value(p)
			if v < s.Min || v > s.Max || math.IsNaN(v) {
				t.Fatalf("%+v: Value(%g) = %g, outside [%g, %g]", s, p, v, s.Min, s.Max)
			}
			if s.Integer && v != math.Round(v) {
				t.Fatalf("%+v: Value(%g) = %g, not a whole number", s, p, v)
			}
			// Rounding to two digits moves a value by at most 5 %: a few
			// positions on a scale of several decades.
			if q := s.Position(v); math.Abs(q-p) > 25 && !s.Integer {
				t.Fatalf("%+v: Value(%g) = %g, which is at position %g", s, p, v, q)
			}
		}
	}
}

func TestRoundSignificant(t *testing.T) {
	t.Parallel()
	for _, test := range []struct {
		v    float64
		n    int
		want float64
	}{
		{0.0301995, 2, 0.03},
		{0.0306, 2, 0.031},
		{123.4, 2, 120},
		{0.35000000000000003, 6, 0.35},
		{0, 2, 0},
		{-0.0456, 2, -0.046},
	} {
		if got := RoundSignificant(test.v, test.n); got != test.want {
			t.Errorf("RoundSignificant(%g, %d) = %g, want %g", test.v, test.n, got, test.want)
		}
	}
}
