package components

import (
	"math"
	"strings"
	"testing"

	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"
)

func TestFeedbackView(t *testing.T) {
	t.Parallel()
	f := &FeedbackView{
		Layers: []Option{{"1", "Layer 2"}, {"2", "Layer 3"}}, Layer: "2",
		Rows: 2, Cols: 16, ForwardTitle: "W₃", FeedbackTitle: "B₃",
		RowsName: "output", ColsName: "hidden 2", Angle: "62°", Ratio: "0.8",
	}
	load(t, f)
	match(t, goapp.Option().Value("2").Selected(true), f, 0, 0, 1, 1)
	// The canvases are one pixel per weight, in W's shape.
	match(t, goapp.Canvas().ID(FeedbackForwardID).Class("heatmap-canvas").Width(16).Height(2).
		Style("aspect-ratio", "16 / 2").Role("img").
		Aria("label", "The forward weights W₃ (2×16)").Title("%s", "The forward weights W₃ (2×16)"), f, 0, 1, 0, 1)
	match(t, goapp.Text("B₃ (feedback)"), f, 0, 1, 1, 0, 0)
	contains(t, "the view", html(t, f), "62°", "‖B₃‖/‖W₃‖", "rows are the units of output, columns those of hidden 2")
	// A single layer needs no select.
	one := &FeedbackView{Layers: f.Layers[:1], Layer: "1", Rows: 16, Cols: 16}
	if strings.Contains(html(t, one), "feedback-layer") {
		t.Error("a select for a single layer")
	}
}

func TestBarLayout(t *testing.T) {
	t.Parallel()
	bars, ty := BarLayout([]float64{1, 2}, 4, barW, barH)
	// The axis runs from 0 to 1.1 × the largest of values and threshold.
	y := Linear{D0: 0, D1: 4.4, R0: barH - barB, R1: barT}
	slot := (barW - barL - barR) / 2
	for i, v := range []float64{1, 2} {
		b := bars[i]
		if math.Abs(b.Y-y.At(v)) > 1e-9 || math.Abs(b.H-(barH-barB-y.At(v))) > 1e-9 ||
			math.Abs(b.X-(barL+slot*(float64(i)+barGap/2))) > 1e-9 || math.Abs(b.W-slot*(1-barGap)) > 1e-9 {
			t.Errorf("bar %d: %+v", i, b)
		}
	}
	if math.Abs(ty-y.At(4)) > 1e-9 {
		t.Errorf("threshold at %g, want %g", ty, y.At(4))
	}
	// No threshold, a negative and a missing value: empty bars, no line.
	bars, ty = BarLayout([]float64{-1, Gap, 3}, Gap, barW, barH)
	if bars[0].H != 0 || bars[1].H != 0 || bars[2].H <= 0 || !math.IsNaN(ty) {
		t.Errorf("bars %+v, threshold %g", bars, ty)
	}
	// All zero: an axis of 0 to 1.1, empty bars.
	bars, _ = BarLayout([]float64{0, 0}, Gap, barW, barH)
	if bars[0].H != 0 {
		t.Errorf("zero bar %+v", bars[0])
	}
}

func TestGoodnessBars(t *testing.T) {
	t.Parallel()
	g := &GoodnessBars{
		Layers: []GoodnessLayer{{Title: "Hidden 1", Values: []float64{3, 9}, Threshold: 5}, {Title: "Hidden 2", Values: []float64{2, 1}, Threshold: Gap}},
		Labels: []string{"0", "1"}, Colors: []string{"#e67e22", "#1f6fb4"}, Truth: 1, Where: "at (0.5, −0.2)",
	}
	load(t, g)
	match(t, goapp.Text("Goodness of each label at (0.5, −0.2)"), g, 0, 0, 0, 0)
	got := html(t, g)
	contains(t, "the bars", got, `class="threshold"`, "threshold 5", "no threshold", `class="bar bar-best"`, `text-decoration="underline"`,
		"Hidden 1 goodness per label (0: 3, 1: 9), threshold 5")
	if strings.Count(got, `class="threshold"`) != 1 {
		t.Error("a threshold line for a layer without one")
	}
}

func TestArrowPath(t *testing.T) {
	t.Parallel()
	x0, y0 := []float64{0, -1, 0.5}, []float64{0, 1, 0.5}
	x1, y1 := []float64{0.1, -1, 0.5}, []float64{0, 0.8, 0.5}
	// (0,0)→(0.1,0) is (50,50)→(55,50); (−1,1)→(−1,0.8) is (0,0)→(0,10);
	// the third has no length.
	if got, want := ArrowPath(x0, y0, x1, y1, 1), "M50 50L55 50M0 0L0 10"; got != want {
		t.Errorf("ArrowPath = %q, want %q", got, want)
	}
	// Drawn twice as long.
	if got, want := ArrowPath(x0, y0, x1, y1, 2), "M50 50L60 50M0 0L0 20"; got != want {
		t.Errorf("ArrowPath ×2 = %q, want %q", got, want)
	}
	if got, want := ArrowHeads(x0[:1], y0[:1], x1[:1], y1[:1], 2, 1), PointsPath(0, []float64{0.2}, []float64{0}, 1); got != want {
		t.Errorf("ArrowHeads = %q, want %q", got, want)
	}
	// Gaps leave the arrow out.
	if got := ArrowPath([]float64{0}, []float64{0}, []float64{Gap}, []float64{0}, 1); got != "" {
		t.Errorf("an arrow to a gap: %q", got)
	}
}

func TestModulationView(t *testing.T) {
	t.Parallel()
	m := &ModulationView{
		Plane:  true,
		Groups: []Arrows{{Color: "#e67e22", X0: []float64{0}, Y0: []float64{0}, X1: []float64{0.01}, Y1: []float64{0}}},
		Focus:  Arrows{X0: []float64{0.5}, Y0: []float64{0.5}, X1: []float64{0.52}, Y1: []float64{0.5}},
		Scale:  5, Readout: "‖x̃ − x‖ = 0.02",
	}
	load(t, m)
	contains(t, "the plane", html(t, m), ArrowPath(m.Groups[0].X0, m.Groups[0].Y0, m.Groups[0].X1, m.Groups[0].Y1, 5),
		"drawn 5× longer", "‖x̃ − x‖ = 0.02", `class="arrow arrow-focus"`)
	img := &ModulationView{Side: 8, Readout: "for training example 3"}
	load(t, img)
	match(t, goapp.Canvas().ID(ModulationInputID).Class("modulation-canvas").Width(8).Height(8).
		Role("img").Aria("label", "The modulated input x̃"), img, 0, 1, 1, 0)
	contains(t, "the images", html(t, img), `id="pick-next"`, `id="pick-prev"`, `id="modulation-clean"`)
}

func TestPhaseSpans(t *testing.T) {
	t.Parallel()
	names, from, to := PhaseSpans([]string{"free", "free", "free", "nudged +β", "nudged +β", "nudged −β"})
	if strings.Join(names, "|") != "free|nudged +β|nudged −β" || !equalInts(from, []int{0, 3, 5}) || !equalInts(to, []int{2, 4, 5}) {
		t.Errorf("PhaseSpans: %q %v %v", names, from, to)
	}
	if names, _, _ := PhaseSpans(nil); names != nil {
		t.Errorf("no phases: %q", names)
	}
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestSettleView(t *testing.T) {
	t.Parallel()
	s := &SettleView{
		Energy: []float64{3, 2, 1.5, 1.4, 2, 1.9},
		Phases: []string{"free", "free", "free", "free", "nudged +β", "nudged +β"},
		Layers: []SettleLayer{
			{Title: "Hidden 1", Lines: [][]float64{{0, 0.5, 0.6, 0.6, 0.7, 0.7}, {0, -0.2, -0.3, -0.3, -0.3, Gap}}},
			{Title: "Output (class probabilities)", Lines: [][]float64{{0.5, 0.6, 0.7, 0.7, 0.9, 0.9}, {0.5, 0.4, 0.3, 0.3, 0.1, 0.1}}, Colors: []string{"#e67e22", "#1f6fb4"}},
		},
		Where: "at (0.1, 0.2)", Gen: 3,
	}
	load(t, s)
	match(t, goapp.Text("Settling at (0.1, 0.2)"), s, 0, 0, 0, 0)
	match(t, goapp.Text("5 steps"), s, 0, 0, 1, 0)
	got := html(t, s)
	contains(t, "the view", got, "settle-gen-1", `class="phase-edge"`, ">free<", ">nudged +β<", `pathLength="1"`,
		`stroke="#1f6fb4"`, "Hidden 1", "−0.3 to 0.7")
	// One energy line per phase; the nudged one starts at the free phase's last step.
	sx := Linear{D0: 0, D1: 5, R0: settleL, R1: settleW - settleR}
	sy := Linear{D0: 1, D1: 3, R0: settleH - settleB, R1: settleT} // ticks 1 … 3
	contains(t, "the energy", got, LinePath([]float64{3, 4, 5}, []float64{1.4, 2, 1.9}, sx, sy))
	if strings.Count(got, `class="line trace`) != 2 {
		t.Error("want one energy line per phase")
	}
	empty := &SettleView{}
	contains(t, "an empty view", html(t, empty), "No settling")
}
