package components

import (
	"math"
	"strconv"
	"strings"
)

// Linear maps the domain [D0, D1] onto the range [R0, R1].
type Linear struct {
	D0, D1, R0, R1 float64
}

// At returns the image of v.
func (s Linear) At(v float64) float64 {
	if s.D1 == s.D0 {
		return (s.R0 + s.R1) / 2
	}
	return s.R0 + (v-s.D0)/(s.D1-s.D0)*(s.R1-s.R0)
}

// Extent returns the smallest and largest finite values of the series; ok
// is false when there is none.
func Extent(series ...[]float64) (lo, hi float64, ok bool) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, s := range series {
		for _, v := range s {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				continue
			}
			lo, hi = math.Min(lo, v), math.Max(hi, v)
		}
	}
	return lo, hi, lo <= hi
}

// NiceTicks returns about n round values (1, 2 or 5 times a power of ten
// apart) covering [lo, hi]: the first is at most lo and the last at least
// hi, so that they can serve as the axis's bounds.
func NiceTicks(lo, hi float64, n int) []float64 {
	if math.IsNaN(lo) || math.IsNaN(hi) || n < 1 {
		return nil
	}
	if hi < lo {
		lo, hi = hi, lo
	}
	if hi == lo {
		if lo == 0 {
			hi = 1
		} else {
			d := math.Abs(lo) / 2
			lo, hi = lo-d, hi+d
		}
	}
	step := niceStep((hi - lo) / float64(n))
	first := math.Floor(lo/step+1e-9) * step
	last := math.Ceil(hi/step-1e-9) * step
	var ticks []float64
	for i := 0; ; i++ {
		v := first + float64(i)*step
		if v > last+step/2 || i > 100 {
			break
		}
		ticks = append(ticks, cleanFloat(v, step))
	}
	return ticks
}

// StepTicks returns the multiples of step from the largest at most lo to
// the smallest at least hi.
func StepTicks(lo, hi, step float64) []float64 {
	if !(step > 0) || math.IsNaN(lo) || math.IsNaN(hi) || hi < lo {
		return nil
	}
	first := math.Floor(lo/step+1e-9) * step
	var ticks []float64
	for i := 0; i <= 100; i++ {
		v := first + float64(i)*step
		ticks = append(ticks, cleanFloat(v, step))
		if v >= hi-1e-9*step {
			break
		}
	}
	return ticks
}

// niceStep returns the 1, 2, 5 × 10ᵏ value nearest above raw.
func niceStep(raw float64) float64 {
	p := math.Pow(10, math.Floor(math.Log10(raw)))
	switch f := raw / p; {
	case f <= 1:
		return p
	case f <= 2:
		return 2 * p
	case f <= 5:
		return 5 * p
	default:
		return 10 * p
	}
}

// cleanFloat removes the float noise of v, a multiple of step:
// 0.30000000000000004 → 0.3.
func cleanFloat(v, step float64) float64 {
	d := max(0, -math.Floor(math.Log10(step)))
	q := math.Pow(10, d)
	r := math.Round(v*q) / q
	if r == 0 {
		return 0 // no −0
	}
	return r
}

// TickLabel writes the tick v of an axis whose ticks are step apart, with
// as few decimals as the step needs; percent axes (values in [0, 1]) write
// 0.25 as "25%".
func TickLabel(v, step float64, percent bool) string {
	if percent {
		v, step = 100*v, 100*step
	}
	d := 0
	if step > 0 && step < 1 {
		d = int(math.Ceil(-math.Log10(step) - 1e-9))
	}
	s := strconv.FormatFloat(v, 'f', d, 64)
	if s == "-0" {
		s = "0"
	}
	s = strings.Replace(s, "-", "−", 1)
	if percent {
		s += "%"
	}
	return s
}

// LinePath returns the SVG path data of the line through (xs[i], ys[i]) in
// the chart's coordinates, with one decimal. A point whose x or y is not
// finite breaks the line; a lone point between breaks is drawn as a dot
// (a zero-length segment, which round line caps show).
func LinePath(xs, ys []float64, sx, sy Linear) string {
	var b strings.Builder
	pen := false // the previous point was drawn
	run := 0     // points in the current piece
	n := min(len(xs), len(ys))
	for i := 0; i < n; i++ {
		x, y := xs[i], ys[i]
		if !finite(x) || !finite(y) {
			if pen && run == 1 {
				b.WriteString("h0")
			}
			pen, run = false, 0
			continue
		}
		if pen {
			b.WriteByte('L')
		} else {
			b.WriteByte('M')
		}
		b.WriteString(coord(sx.At(x)))
		b.WriteByte(' ')
		b.WriteString(coord(sy.At(y)))
		pen = true
		run++
	}
	if pen && run == 1 {
		b.WriteString("h0")
	}
	return b.String()
}

// Decimate returns at most max indices of a series of n points, evenly
// spread and always with the first and the last, so that a long history
// draws with a bounded number of points.
func Decimate(n, max int) []int {
	if n <= 0 {
		return nil
	}
	if max < 2 || n <= max {
		idx := make([]int, n)
		for i := range idx {
			idx[i] = i
		}
		return idx
	}
	idx := make([]int, max)
	for i := range idx {
		idx[i] = int(math.Round(float64(i) * float64(n-1) / float64(max-1)))
	}
	return idx
}

// coord writes a coordinate with one decimal and no trailing ".0".
func coord(v float64) string {
	s := strconv.FormatFloat(math.Round(v*10)/10, 'f', -1, 64)
	if s == "-0" {
		return "0"
	}
	return s
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
