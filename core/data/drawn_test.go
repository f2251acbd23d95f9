package data

import (
	"math"
	"slices"
	"strings"
	"testing"
)

func TestPointsRoundTrip(t *testing.T) {
	ps := []Point{
		NewPoint(-1, -1, 0), NewPoint(1, 1, 7), NewPoint(0, 0, 3), NewPoint(-0.5, 0.25, 1),
		NewPoint(5, -5, 2), // clamped to the corner
		NewPoint(math.NaN(), 0.999, 4),
	}
	s := EncodePoints(ps)
	if len(s) != 3*len(ps) {
		t.Fatalf("got %d characters for %d points", len(s), len(ps))
	}
	got, err := ParsePoints(s)
	if err != nil || !slices.Equal(got, ps) {
		t.Fatalf("got %v, %v; want %v", got, err, ps)
	}
	if x, y := ps[4].Coords(); x != 1 || y != -1 {
		t.Errorf("clamped point at (%g, %g), want (1, −1)", x, y)
	}
	// Quantisation: every coordinate within half a level of where it was put.
	for _, v := range []float64{-0.99, -0.3, 0.01, 0.77} {
		x, _ := NewPoint(v, 0, 0).Coords()
		if math.Abs(x-v) > 1.0/(PointLevels-1)+1e-12 {
			t.Errorf("%g is drawn at %g", v, x)
		}
	}
	if EncodePoints([]Point{{0, 0, 0}, {127, 127, 7}}) != "AAA__3" {
		t.Errorf("got %q, want the format's corners AAA and __3", EncodePoints([]Point{{0, 0, 0}, {127, 127, 7}}))
	}
}

func TestParsePointsErrors(t *testing.T) {
	for _, test := range []struct{ name, in, msg string }{
		{"length", "AAAA", "each point takes 3"},
		{"character", "AA=", "point 1: '=' is not a base64url"},
		{"class", "AAAAAI", "point 2: class 9"},
		{"too many", strings.Repeat("AAA", MaxPoints+1), "at most 500"},
	} {
		t.Run(test.name, func(t *testing.T) {
			if _, err := ParsePoints(test.in); err == nil || !strings.Contains(err.Error(), test.msg) {
				t.Errorf("got %v, want %q", err, test.msg)
			}
		})
	}
	if ps, err := ParsePoints(strings.Repeat("AAB", MaxPoints)); err != nil || len(ps) != MaxPoints {
		t.Errorf("MaxPoints points: got %d, %v", len(ps), err)
	}
}

func TestDrawing(t *testing.T) {
	ex := ExampleDrawing()
	if DrawnClasses(ex) != 2 || DrawnClasses(nil) != 2 || DrawnClasses([]Point{{Class: 4}}) != 5 {
		t.Errorf("DrawnClasses: got %d, %d, %d; want 2, 2, 5", DrawnClasses(ex), DrawnClasses(nil), DrawnClasses([]Point{{Class: 4}}))
	}
	kept := ErasePoints(ex, -0.6, 0.6, 0.3) // the top-left corner's five
	if len(kept) != len(ex)-5 || len(ex) != 20 {
		t.Errorf("erasing a corner: %d of %d points left, want %d", len(kept), len(ex), len(ex)-5)
	}
	e := DrawnExamples([]Point{NewPoint(1, -1, 1)})
	if e.N != 1 || e.X[0] != 1 || e.X[1] != -1 || e.Labels[0] != 1 || e.Classes != 2 {
		t.Errorf("got %+v", e)
	}
}
