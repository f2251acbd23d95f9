package components

import (
	"strings"
	"testing"
)

func TestLayoutNetwork(t *testing.T) {
	t.Parallel()
	for i, sizes := range [][]int{{2, 2}, {2, 16, 16, 2}, {2, 4, 1}, {2, 100, 3}, {2, 8, 8, 8, 8, 8, 8, 8, 8, 2}} {
		pictured := make([]bool, len(sizes))
		for c := range pictured {
			pictured[c] = i%2 == 0 || c > 0 // some layouts with a column of dots
		}
		l := LayoutNetwork(sizes, pictured)
		if len(l.Cols) != len(sizes) {
			t.Fatalf("%d: %d columns for %d layers", i, len(l.Cols), len(sizes))
		}
		if l.Cols[0].X != netEdgeX || l.Cols[len(sizes)-1].X != 100-netEdgeX {
			t.Errorf("%d: first and last columns at %g%% and %g%%", i, l.Cols[0].X, l.Cols[len(sizes)-1].X)
		}
		if l.Height > netMaxHeight || l.Height < netMinHeight {
			t.Errorf("%d: height %g", i, l.Height)
		}
		var picNode float64
		for c, col := range l.Cols {
			if col.Node <= 0 {
				t.Errorf("%d: column %d node %g", i, c, col.Node)
			}
			if pictured[c] {
				if picNode != 0 && col.Node != picNode {
					t.Errorf("%d: pictured columns with nodes of %g and %g px", i, picNode, col.Node)
				}
				picNode = col.Node
			}
		}
		for c, col := range l.Cols {
			if col.Shown != min(sizes[c], MaxShownUnits) || len(col.Y) != col.Shown {
				t.Errorf("%d: column %d shows %d of %d units (%d places)", i, c, col.Shown, sizes[c], len(col.Y))
			}
			for j, y := range col.Y {
				if y < 0 || y+col.Node > l.Height {
					t.Errorf("%d: column %d node %d at %g..%g, outside 0..%g", i, c, j, y, y+col.Node, l.Height)
				}
				if j > 0 && y < col.Y[j-1]+col.Node {
					t.Errorf("%d: column %d nodes %d and %d overlap", i, c, j-1, j)
				}
			}
			if c > 0 && col.X <= l.Cols[c-1].X {
				t.Errorf("%d: columns out of order", i)
			}
		}
	}
}

func TestLinkGroups(t *testing.T) {
	t.Parallel()
	l := LayoutNetwork([]int{2, 2, 1}, []bool{true, true, true})
	weights := [][]float64{
		{1, -0.5, 0, 0.1}, // 2×2: one zero weight, left out
		{-1, 0.6},         // 1×2
	}
	groups := LinkGroups(l, weights)
	count := map[bool]int{}
	for _, g := range groups {
		if g.Level < 1 || g.Level > LinkLevels {
			t.Errorf("level %d", g.Level)
		}
		count[g.Positive] += strings.Count(g.D, "M")
	}
	if count[true] != 3 || count[false] != 2 {
		t.Errorf("%d positive and %d negative links, want 3 and 2 (the zero weight drawn as none)", count[true], count[false])
	}
	// The largest |w| is 1: w = 1 and w = −1 are at the top level, 0.1 at the bottom.
	levels := map[string]int{}
	for _, g := range groups {
		sign := "-"
		if g.Positive {
			sign = "+"
		}
		levels[sign+string(rune('0'+g.Level))] += strings.Count(g.D, "M")
	}
	if levels["+5"] != 1 || levels["-5"] != 1 || levels["+1"] != 1 || levels["+3"] != 1 || levels["-3"] != 1 {
		t.Errorf("links by sign and level: %v", levels)
	}
	if LinkGroups(l, weights[:1]) != nil {
		t.Error("weights of the wrong depth drew links")
	}
	if LinkGroups(l, [][]float64{{0, 0, 0, 0}, {0, 0}}) != nil {
		t.Error("all-zero weights drew links")
	}
	// A layer whose weights do not match the layout is skipped.
	if g := LinkGroups(l, [][]float64{{1, 2, 3}, {1, 1}}); len(g) != 1 || strings.Count(g[0].D, "M") != 2 {
		t.Errorf("mismatched layer: %+v", g)
	}
}
