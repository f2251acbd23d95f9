package components

import (
	"math"
	"slices"
	"testing"
)

func TestNiceTicks(t *testing.T) {
	t.Parallel()
	for i, test := range []struct {
		lo, hi float64
		n      int
		want   []float64
	}{
		{0, 1, 4, []float64{0, 0.5, 1}},
		{0, 0.7, 4, []float64{0, 0.2, 0.4, 0.6, 0.8}},
		{0.12, 0.93, 4, []float64{0, 0.5, 1}},
		{0, 400, 5, []float64{0, 100, 200, 300, 400}},
		{0, 437, 5, []float64{0, 100, 200, 300, 400, 500}},
		{-1, 1, 4, []float64{-1, -0.5, 0, 0.5, 1}},
		{0.4, 1, 4, []float64{0.4, 0.6, 0.8, 1}},
		{0, 0, 4, []float64{0, 0.5, 1}},         // a flat zero line still gets an axis
		{2, 2, 4, []float64{1, 1.5, 2, 2.5, 3}}, // a flat line, around its value
		{0, 0.003, 3, []float64{0, 0.001, 0.002, 0.003}},
	} {
		got := NiceTicks(test.lo, test.hi, test.n)
		if !slices.Equal(got, test.want) {
			t.Errorf("%d: NiceTicks(%g, %g, %d) = %v, want %v", i, test.lo, test.hi, test.n, got, test.want)
		}
		if len(got) > 0 && (got[0] > math.Min(test.lo, test.hi) || got[len(got)-1] < test.hi) {
			t.Errorf("%d: ticks %v do not cover [%g, %g]", i, got, test.lo, test.hi)
		}
	}
	if got := NiceTicks(math.NaN(), 1, 4); got != nil {
		t.Errorf("NiceTicks(NaN, 1) = %v, want none", got)
	}
}

func TestStepTicks(t *testing.T) {
	t.Parallel()
	for i, test := range []struct {
		lo, hi, step float64
		want         []float64
	}{
		{0, 90, 30, []float64{0, 30, 60, 90}},
		{0, 180, 45, []float64{0, 45, 90, 135, 180}},
		{10, 100, 30, []float64{0, 30, 60, 90, 120}},
		{0, 1, 0, nil},
	} {
		if got := StepTicks(test.lo, test.hi, test.step); !slices.Equal(got, test.want) {
			t.Errorf("%d: StepTicks(%g, %g, %g) = %v, want %v", i, test.lo, test.hi, test.step, got, test.want)
		}
	}
}

func TestTickLabel(t *testing.T) {
	t.Parallel()
	for i, test := range []struct {
		v, step float64
		percent bool
		want    string
	}{
		{0, 0.2, false, "0.0"}, // every label of an axis has the same decimals
		{0.4, 0.2, false, "0.4"},
		{0.4, 0.2, true, "40%"},
		{0.25, 0.05, true, "25%"},
		{0.005, 0.005, true, "0.5%"},
		{100, 100, false, "100"},
		{-0.5, 0.5, false, "−0.5"},
		{0.001, 0.001, false, "0.001"},
	} {
		if got := TickLabel(test.v, test.step, test.percent); got != test.want {
			t.Errorf("%d: TickLabel(%g, %g, %v) = %q, want %q", i, test.v, test.step, test.percent, got, test.want)
		}
	}
}

func TestLinear(t *testing.T) {
	t.Parallel()
	s := Linear{D0: 0, D1: 10, R0: 100, R1: 0} // an y axis: up is smaller
	for _, test := range []struct{ v, want float64 }{{0, 100}, {10, 0}, {5, 50}, {-1, 110}} {
		if got := s.At(test.v); got != test.want {
			t.Errorf("At(%g) = %g, want %g", test.v, got, test.want)
		}
	}
	if got := (Linear{D0: 3, D1: 3, R0: 0, R1: 10}).At(3); got != 5 {
		t.Errorf("an empty domain maps to the range's middle; got %g", got)
	}
}

func TestExtent(t *testing.T) {
	t.Parallel()
	lo, hi, ok := Extent([]float64{3, math.NaN(), 1}, []float64{Gap, 7, math.Inf(-1)})
	if !ok || lo != 1 || hi != 7 {
		t.Errorf("Extent = %g, %g, %v; want 1, 7, true (non-finite values ignored)", lo, hi, ok)
	}
	if _, _, ok := Extent([]float64{math.NaN()}, nil); ok {
		t.Error("Extent of no finite value reported ok")
	}
}

func TestLinePath(t *testing.T) {
	t.Parallel()
	sx := Linear{D0: 0, D1: 4, R0: 0, R1: 40}
	sy := Linear{D0: 0, D1: 1, R0: 10, R1: 0}
	for i, test := range []struct {
		xs, ys []float64
		want   string
	}{
		{[]float64{0, 1, 2}, []float64{0, 0.5, 1}, "M0 10L10 5L20 0"},
		{[]float64{0, 1, 2, 3}, []float64{0, Gap, 1, 1}, "M0 10h0M20 0L30 0"}, // a gap, and a lone point as a dot
		{[]float64{0, 1, 2}, []float64{math.NaN(), 0.25, math.NaN()}, "M10 7.5h0"},
		{[]float64{0, 1}, []float64{0.333333, 1}, "M0 6.7L10 0"},
		{nil, nil, ""},
		{[]float64{0, 1, 2}, []float64{1}, "M0 0h0"}, // extra xs are ignored
	} {
		if got := LinePath(test.xs, test.ys, sx, sy); got != test.want {
			t.Errorf("%d: LinePath = %q, want %q", i, got, test.want)
		}
	}
}

// TestLinePathGolden pins the path of a typical loss curve: a change in
// the chart's rounding or scales shows here.
func TestLinePathGolden(t *testing.T) {
	t.Parallel()
	const n = 50
	xs, ys := make([]float64, n), make([]float64, n)
	for i := range xs {
		xs[i] = float64(i)
		ys[i] = 0.7*math.Exp(-float64(i)/12) + 0.05*math.Sin(float64(i))
	}
	ys[20] = Gap // a missing evaluation
	sx := Linear{D0: 0, D1: n - 1, R0: chartL, R1: chartW - chartR}
	sy := Linear{D0: 0, D1: 0.8, R0: chartH0 - chartB, R1: chartT}
	golden(t, "linepath.golden", LinePath(xs, ys, sx, sy)+"\n")
}

func TestDecimate(t *testing.T) {
	t.Parallel()
	if got := Decimate(5, 10); !slices.Equal(got, []int{0, 1, 2, 3, 4}) {
		t.Errorf("Decimate(5, 10) = %v, want every index", got)
	}
	got := Decimate(1001, 5)
	if !slices.Equal(got, []int{0, 250, 500, 750, 1000}) {
		t.Errorf("Decimate(1001, 5) = %v", got)
	}
	if got := Decimate(0, 5); got != nil {
		t.Errorf("Decimate(0, 5) = %v, want none", got)
	}
}
