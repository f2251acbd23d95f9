package components

import (
	"math"
	"testing"
)

func TestFormatNumber(t *testing.T) {
	t.Parallel()
	for _, test := range []struct {
		v    float64
		want string
	}{
		{math.NaN(), "–"},
		{0, "0"},
		{0.693147, "0.693"},
		{0.0279, "0.0279"},
		{1.5, "1.5"},
		{-0.25, "−0.25"},
		{1234.5, "1235"},
		{99999, "99999"},
		{123456, "1.23×10⁵"},
		{0.00012, "1.2×10⁻⁴"},
		{math.Inf(1), "∞"},
	} {
		if got := FormatNumber(test.v); got != test.want {
			t.Errorf("FormatNumber(%g) = %q, want %q", test.v, got, test.want)
		}
	}
}

func TestFormatPercent(t *testing.T) {
	t.Parallel()
	for _, test := range []struct {
		v    float64
		want string
	}{{0.9312, "93.1%"}, {1, "100.0%"}, {0, "0.0%"}, {math.NaN(), "–"}} {
		if got := FormatPercent(test.v); got != test.want {
			t.Errorf("FormatPercent(%g) = %q, want %q", test.v, got, test.want)
		}
	}
}

func TestFormatCount(t *testing.T) {
	t.Parallel()
	for _, test := range []struct {
		n    int
		want string
	}{{0, "0"}, {999, "999"}, {1000, "1\u2009000"}, {12345, "12\u2009345"}, {1234567, "1\u2009234\u2009567"}, {-4200, "−4\u2009200"}} {
		if got := FormatCount(test.n); got != test.want {
			t.Errorf("FormatCount(%d) = %q, want %q", test.n, got, test.want)
		}
	}
}

func TestFormatFixed(t *testing.T) {
	t.Parallel()
	for _, test := range []struct {
		v    float64
		d    int
		want string
	}{{1.5, 2, "1.5"}, {2, 2, "2"}, {-0.001, 2, "0"}, {12.345, 1, "12.3"}} {
		if got := FormatFixed(test.v, test.d); got != test.want {
			t.Errorf("FormatFixed(%g, %d) = %q, want %q", test.v, test.d, got, test.want)
		}
	}
}

func TestFormatValue(t *testing.T) {
	t.Parallel()
	if got := FormatValue(0.03); got != "0.03" {
		t.Errorf("FormatValue(0.03) = %q", got)
	}
	if got := FormatValue(1e-6); got != "1e-06" {
		t.Errorf("FormatValue(1e-6) = %q (links read it back with strconv.ParseFloat)", got)
	}
}
