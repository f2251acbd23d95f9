package app

import (
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"plasticity/core/rule"
	"plasticity/core/run"
)

func TestHeatmapPixels(t *testing.T) {
	t.Parallel()
	pix := heatmapPixels(nil, []float64{-2, 0, 1, math.NaN()})
	// Scaled by the largest |value|, 2: −1, 0, 0.5 on the diverging palette.
	for i, v := range []float64{-1, 0, 0.5, math.NaN()} {
		c := run.Diverging(v)
		if got := pix[4*i : 4*i+4]; !slices.Equal(got, []byte{c.R, c.G, c.B, 255}) {
			t.Errorf("pixel %d: %v, want %v", i, got, c)
		}
	}
	// All zero: the background, not NaN's.
	pix = heatmapPixels(pix, []float64{0, 0})
	if c := run.Diverging(0); len(pix) != 8 || pix[0] != c.R {
		t.Errorf("zeros: %v", pix)
	}
}

func TestArrowScale(t *testing.T) {
	t.Parallel()
	for _, test := range []struct {
		lengths []float64
		want    float64
	}{
		{nil, 1},
		{[]float64{0.2, 0.3, 0.1}, 1},        // visible already
		{[]float64{0.01, 0.01, 0.02}, 10},    // median 0.01: ×8 rounds up to 10
		{[]float64{0.03}, 5},                 // ×2.7 → 5
		{[]float64{0.05}, 2},                 // ×1.6 → 2
		{[]float64{1e-9}, 1000},              // at most 1000
		{[]float64{0, math.Inf(1), 0.04}, 2}, // zero and infinite lengths left out
	} {
		if got := arrowScale(test.lengths); got != test.want {
			t.Errorf("arrowScale(%v) = %g, want %g", test.lengths, got, test.want)
		}
	}
}

func TestFeedbackView(t *testing.T) {
	t.Parallel()
	m := newModel("rule=fa&hidden=6,5")
	if got := feedbackLayers(m.run); !slices.Equal(got, []int{1, 2}) {
		t.Fatalf("layers %v, want [1 2]: the first layer needs no feedback", got)
	}
	v, l := feedbackView(m.run, -1)
	if l != 1 || v.Rows != 5 || v.Cols != 6 || v.ForwardTitle != "W₂" || v.FeedbackTitle != "B₂" || len(v.Layers) != 2 || v.Angle == "–" {
		t.Errorf("layer %d: %+v", l, v)
	}
	if v, l = feedbackView(m.run, 2); l != 2 || v.Rows != 2 || v.Cols != 5 || v.RowsName != "output" || v.ColsName != "hidden 2" {
		t.Errorf("layer %d: %+v", l, v)
	}
	if v, _ := feedbackView(newModel("").run, -1); v != nil {
		t.Errorf("backprop has feedback heatmaps: %+v", v)
	}
	if got := subscript(12); got != "₁₂" {
		t.Errorf("subscript(12) = %q", got)
	}
}

func TestPickedInput(t *testing.T) {
	t.Parallel()
	m := newModel("data=moons&train=50")
	s := m.run.Train
	x, near, where := pickedInput(m.run, pick{})
	if !slices.Equal(x, s.Row(0)) || near != 0 || !strings.HasPrefix(where, "at (") {
		t.Errorf("default pick: %v %d %q", x, near, where)
	}
	x5 := s.Row(5)
	x, near, _ = pickedInput(m.run, pick{set: true, x: x5[0] + 1e-6, y: x5[1]})
	if near != 5 || x[0] != x5[0]+1e-6 {
		t.Errorf("pick near example 6: %v %d", x, near)
	}
	img := newModel("data=bars&train=20")
	x, near, where = pickedInput(img.run, pick{set: true, index: -1})
	if near != 19 || !slices.Equal(x, img.run.Train.Row(19)) || where != "for training example 20" {
		t.Errorf("image pick −1: %d %q", near, where)
	}
}

func TestGoodnessView(t *testing.T) {
	t.Parallel()
	m := newModel("rule=ff&act=relu&data=gauss&classes=3&epochs=1")
	m.play()
	for m.playing {
		m.advance(time.Hour, 10)
	}
	g := goodnessView(m.run, pick{set: true, x: 0.2, y: -0.3})
	if g == nil || len(g.Layers) != len(m.exp.Hidden) || len(g.Labels) != 3 || len(g.Colors) != 3 {
		t.Fatalf("%+v", g)
	}
	for _, l := range g.Layers {
		if len(l.Values) != 3 || math.IsNaN(l.Threshold) || math.IsInf(l.Threshold, 0) {
			t.Errorf("layer %+v", l)
		}
	}
	if g.Truth < 0 || g.Truth > 2 {
		t.Errorf("truth %d", g.Truth)
	}
	if goodnessView(newModel("").run, pick{}) != nil {
		t.Error("backprop has goodness bars")
	}
}

func TestModulationView(t *testing.T) {
	t.Parallel()
	m := newModel("rule=pepita&data=moons&train=400")
	md := modulationView(m.run, pick{set: true, x: 0.1, y: 0.2})
	v := md.view
	if v == nil || !v.Plane || len(v.Groups) != 2 || v.Scale < 1 || len(v.Focus.X0) != 1 || v.Focus.X0[0] != 0.1 {
		t.Fatalf("%+v", v)
	}
	n := 0
	for _, g := range v.Groups {
		n += len(g.X0)
	}
	if n < arrowsShown/2 || n > arrowsShown+10 {
		t.Errorf("%d arrows", n)
	}
	img := modulationView(newModel("rule=pepita&data=bars").run, pick{})
	if img.view == nil || img.view.Plane || img.side != 8 || len(img.clean) != 64 || len(img.input) != 64 {
		t.Errorf("images: %+v", img)
	}
	if modulationView(newModel("").run, pick{}).view != nil {
		t.Error("backprop modulates its input")
	}
}

func TestSettleView(t *testing.T) {
	t.Parallel()
	// Every registered rule that settles (predictive coding, equilibrium
	// propagation …: whichever the registry holds).
	var settlers []string
	for _, info := range rule.Rules() {
		m := newModel("rule=" + info.Key + "&data=moons&train=100&test=0")
		if m.run == nil {
			continue
		}
		if _, ok := m.run.Rule.(rule.Settler); ok && m.exp.Rule == info.Key {
			settlers = append(settlers, info.Key)
		}
	}
	for _, key := range []string{"pc", "ep"} {
		if !slices.Contains(settlers, key) {
			t.Errorf("rule %s does not settle (rule.Settler), or is not registered", key)
		}
	}
	for _, key := range settlers {
		m := newModel("rule=" + key + "&data=moons&train=100&test=0")
		before := slices.Clone(m.run.Net.Layers[0].W.Value)
		v := settleView(m.run, pick{set: true, x: 0.3, y: -0.2}, 1)
		if v == nil {
			t.Fatalf("%s: no settling view", key)
		}
		L := m.run.Net.NumLayers()
		if len(v.Layers) != L || len(v.Energy) < 2 || len(v.Phases) != len(v.Energy) || v.Gen != 1 {
			t.Fatalf("%s: %d layers, %d steps, %d phases", key, len(v.Layers), len(v.Energy), len(v.Phases))
		}
		for l, layer := range v.Layers {
			if len(layer.Lines) != m.run.Net.Sizes[l+1] || len(layer.Lines[0]) != len(v.Energy) {
				t.Errorf("%s layer %d: %d lines of %d steps", key, l, len(layer.Lines), len(layer.Lines[0]))
			}
		}
		if out := v.Layers[L-1]; out.Title != "Output (class probabilities)" || len(out.Colors) != 2 {
			t.Errorf("%s: output %q, colours %v", key, out.Title, out.Colors)
		}
		if !slices.Equal(before, m.run.Net.Layers[0].W.Value) {
			t.Errorf("%s: settling changed the weights", key)
		}
	}
	if settleView(newModel("").run, pick{}, 0) != nil {
		t.Error("backprop settles")
	}
}
