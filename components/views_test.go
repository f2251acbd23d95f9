package components

import (
	"strings"
	"testing"

	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"
)

func TestNetworkView(t *testing.T) {
	t.Parallel()
	n := &NetworkView{
		Sizes:   []int{2, 3, 2},
		Weights: [][]float64{{1, -1, 0.5, 0.5, -0.2, 0.1}, {1, 2, 3, -1, -2, -3}},
		Grids:   []int{48, 48, 48}, MapKind: "response", InputNames: []string{"x₁", "x₂"}, OutputNames: []string{"0", "1"},
		Activation: "tanh", MaxWidth: 32,
	}
	load(t, n)
	// Heads: input, hidden 1 (with its buttons), output.
	match(t, goapp.Text("Hidden 1"), n, 0, 0, 1, 0, 0)
	match(t, goapp.Button().ID("remove-unit-0").Class("btn", "btn-mini").
		Aria("label", "Remove a neuron from hidden layer 1").Title("Remove a neuron from this layer").
		DataSet("layer", 0).Disabled(false).OnClick(func(goapp.Context, goapp.Event) {}), n, 0, 0, 1, 1, 0)
	// Nodes: 2 + 3 + 2, each with its canvas.
	lay := LayoutNetwork(n.Sizes, []bool{true, true, true})
	match(t, &CanvasMap{ID: "unit-1-2", Grid: 48, Class: "unit-map"}, n, 0, 1, 1, 4, 0)
	match(t, goapp.Canvas().ID("unit-1-2").Class("map", "unit-map").Width(48).Height(48).Aria("hidden", "true"), n, 0, 1, 1, 4, 0, 0)
	match(t, goapp.Div().Class("net-node", "net-hidden").
		Style("left", "%s%%", coord(lay.Cols[1].X)).Style("top", "%spx", coord(lay.Cols[1].Y[2])).
		Style("width", "%spx", coord(lay.Cols[1].Node)).Style("height", "%spx", coord(lay.Cols[1].Node)).
		Title("Hidden layer 1, neuron 3: its tanh response over the plane (orange negative, blue positive)"), n, 0, 1, 1, 4)
	match(t, goapp.Text("x₂"), n, 0, 1, 1, 1, 1, 0)
}

func TestDecisionView(t *testing.T) {
	t.Parallel()
	d := &DecisionView{
		Grid: 48, HasTest: true, ShowTest: true, Legend: "Background: the prediction.",
		Groups: []PointGroup{
			{Label: "class 0", Color: "#e67e22", Shape: 0, TrainX: []float64{0}, TrainY: []float64{0}, TestX: []float64{0.5}, TestY: []float64{0.5}},
			{Label: "class 1", Color: "#1f6fb4", Shape: 1, TrainX: []float64{-0.5}, TrainY: []float64{0.5}},
		},
	}
	load(t, d)
	label := "Decision map: what the network predicts at every point of the plane, with the data on top. Background: the prediction."
	match(t, goapp.Canvas().ID(DecisionMapID).Class("map", "decision-map").Width(48).Height(48).
		Role("img").Aria("label", label).Title("%s", label), d, 0, 0, 0, 0, 0)
	// Train points filled, then test points outlined, one path per class.
	match(t, svg("path").Class("pt", "pt-train").Attr("fill", "#e67e22").Attr("d", ShapePath(0, 50, 50, markerRadius)), d, 0, 0, 0, 1, 0)
	match(t, svg("path").Class("pt", "pt-train").Attr("fill", "#1f6fb4").Attr("d", ShapePath(1, 25, 25, markerRadius)), d, 0, 0, 0, 1, 1)
	match(t, svg("path").Class("pt", "pt-test").Attr("stroke", "#e67e22").Attr("d", ShapePath(0, 75, 25, markerRadius)), d, 0, 0, 0, 1, 2)
	match(t, goapp.Text("class 1"), d, 0, 1, 0, 1, 1)
}

func TestLineChart(t *testing.T) {
	t.Parallel()
	c := &LineChart{
		ID: "chart-loss", Title: "Loss", Help: "Lower is better.", XLabel: "epoch",
		X:         []float64{0, 1, 2, 3},
		Series:    []Series{{Label: "training", Y: []float64{0.7, 0.5, 0.3, 0.2}}, {Label: "test", Y: []float64{0.7, Gap, 0.4, 0.35}, Color: 1, Dashed: true}},
		ZeroBased: true,
	}
	load(t, c)
	match(t, goapp.Text("Loss"), c, 0, 0, 0, 0)
	match(t, goapp.Text("test"), c, 0, 0, 1, 1, 2) // after the swatch and the marker
	match(t, goapp.Span().Class("swatch-mark", "series-1"), c, 0, 0, 1, 1, 1)
	// Colour is not the only cue: the test series' markers are outlined
	// squares (its colour's shape), under the lines.
	sxm := Linear{D0: 0, D1: 3, R0: chartL, R1: chartW - chartR}
	sym := Linear{D0: 0, D1: 0.8, R0: chartH0 - chartB, R1: chartT}
	match(t, svg("path").Class("mark", "series-1", "open").
		Attr("d", MarksPath(1, c.X, c.Series[1].Y, sxm, sym, chartMarks, 1)), c, 0, 1, renderedSVG(t, c)-3)
	match(t, goapp.Text("Lower is better."), c, 0, 2, 0)
	// The last two children of the SVG are the series' paths.
	sx := Linear{D0: 0, D1: 3, R0: chartL, R1: chartW - chartR}
	sy := Linear{D0: 0, D1: 0.8, R0: chartH0 - chartB, R1: chartT} // ticks 0 … 0.8
	n := renderedSVG(t, c)
	match(t, svg("path").Class("line", "series-0").Attr("d", LinePath(c.X, c.Series[0].Y, sx, sy)), c, 0, 1, n-2)
	match(t, svg("path").Class("line", "series-1", "dashed").Attr("d", LinePath(c.X, c.Series[1].Y, sx, sy)), c, 0, 1, n-1)
	if d := LinePath(c.X, c.Series[1].Y, sx, sy); !strings.Contains(d, "h0M") {
		t.Errorf("the gap in the test series is not drawn as one: %q", d)
	}
}

func TestLineChartEmpty(t *testing.T) {
	t.Parallel()
	c := &LineChart{ID: "chart-x", Title: "Nothing", X: nil}
	load(t, c)
	match(t, goapp.Text("No data yet"), c, 0, 1, 0, 0)
}

// renderedSVG returns the number of children of the mounted chart's SVG
// element: goapp.Match reports an index past the last as out of range.
func renderedSVG(t *testing.T, c *LineChart) int {
	t.Helper()
	for i := 0; i < 500; i++ {
		if err := goapp.Match(svg("x"), c, 0, 1, i); err != nil && strings.Contains(err.Error(), "out of range") {
			return i
		}
	}
	t.Fatal("the chart has more than 500 elements")
	return 0
}
