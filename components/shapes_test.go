package components

import (
	"strings"
	"testing"
)

func TestShapePath(t *testing.T) {
	t.Parallel()
	seen := map[string]bool{}
	for s := 0; s < len(shapeNames); s++ {
		d := ShapePath(s, 50, 50, 2)
		if !strings.HasPrefix(d, "M") || !strings.HasSuffix(d, "z") {
			t.Errorf("shape %d (%s): %q is not one closed path", s, ShapeName(s), d)
		}
		if seen[d] {
			t.Errorf("shape %d (%s) is drawn like another", s, ShapeName(s))
		}
		seen[d] = true
	}
	if ShapePath(len(shapeNames), 1, 1, 1) != ShapePath(0, 1, 1, 1) {
		t.Error("shapes do not cycle past the last")
	}
	if got, want := ShapePath(1, 10, 10, 1), "M9.11 9.11h1.78v1.78h-1.78z"; got != want {
		t.Errorf("square = %q, want %q", got, want)
	}
}

func TestPointsPath(t *testing.T) {
	t.Parallel()
	// (−1, 1) is the view box's top-left corner, (1, −1) its bottom-right.
	got := PointsPath(1, []float64{-1, 1}, []float64{1, -1}, 1)
	want := ShapePath(1, 0, 0, 1) + ShapePath(1, 100, 100, 1)
	if got != want {
		t.Errorf("PointsPath = %q, want %q", got, want)
	}
	if got := PointsPath(0, nil, nil, 1); got != "" {
		t.Errorf("no points: %q", got)
	}
}
