package components

import (
	"math"
	"strings"
	"testing"

	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"
)

// html returns the HTML that c renders.
func html(t *testing.T, c goapp.UI) string {
	t.Helper()
	return goapp.HTMLString(c)
}

// contains fails the test unless s holds every one of wants.
func contains(t *testing.T, what, s string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(s, w) {
			t.Errorf("%s lacks %q:\n%s", what, w, s)
		}
	}
}

func TestRunsBar(t *testing.T) {
	t.Parallel()
	noop := func(goapp.Context, goapp.Event) {}
	b := &RunsBar{
		Runs: []RunChip{
			{Rule: "bp", Title: "Backpropagation", Color: 7, State: "paused", Step: 250, Epoch: 10,
				TrainLoss: 0.25, TestLoss: 0.5, TrainAcc: 0.875, TestAcc: Gap},
			{Rule: "fa", Title: "Feedback alignment", Color: 3, State: "diverged", Step: 12, Epoch: 0,
				TrainLoss: Gap, TestLoss: Gap, TrainAcc: math.Inf(-1), TestAcc: Gap},
		},
		Rules: []Option{{"bp", "Backpropagation"}, {"fa", "Feedback alignment"}, {"kp", "Kolen–Pollack"}},
		Next:  "kp", Max: 4,
	}
	load(t, b)
	// Each run carries its figures for automation, as #status does.
	match(t, goapp.Li().Class("run-status", "run-chip", "state-paused").
		DataSet("run", 1).DataSet("rule", "bp").DataSet("state", "paused").
		DataSet("step", "250").DataSet("epoch", "10").
		DataSet("train-loss", "0.25").DataSet("test-loss", "0.5").
		DataSet("train-acc", "0.875").DataSet("test-acc", "").
		Title("Run %d: %s (%s %s)", 1, "Backpropagation", "training accuracy", "87.5%"), b, 0, 0, 0)
	match(t, goapp.Text("87.5%"), b, 0, 0, 0, 2, 0)
	// A diverged run says so instead of a figure.
	match(t, goapp.Text("Diverged"), b, 0, 0, 1, 2, 0)
	// Two runs: each can go.
	match(t, goapp.Button().Class("btn", "btn-mini", "remove-run").DataSet("run", 1).
		Aria("label", "Remove run 2 (Feedback alignment)").Title("Remove this run from the comparison").
		OnClick(noop), b, 0, 0, 1, 3)
	// The + button adds Next.
	match(t, goapp.Button().ID("add-run").Class("btn", "btn-icon").
		Aria("label", "Add a run of Kolen–Pollack to the comparison").
		Title("Add a run of Kolen–Pollack to the comparison").Disabled(false).OnClick(noop), b, 0, 1, 1)

	full := &RunsBar{Runs: make([]RunChip, 4), Next: "kp", Max: 4}
	contains(t, "a full comparison", html(t, full), `id="add-run"`, `disabled`, "at most 4 runs")
	locked := &RunsBar{Runs: b.Runs, Next: "kp", Max: 4, Locked: true}
	got := html(t, locked)
	contains(t, "a locked comparison", got, "Locked by the link")
	if strings.Contains(got, "remove-run") {
		t.Error("a locked comparison offers to remove runs")
	}
	one := &RunsBar{Runs: b.Runs[:1], Next: "fa", Max: 4}
	if strings.Contains(html(t, one), "remove-run") {
		t.Error("a single run offers to remove itself")
	}
}

func TestAxisSwitch(t *testing.T) {
	t.Parallel()
	a := &AxisSwitch{Options: []Option{{"step", "Steps"}, {"epoch", "Epochs"}, {"passes", "Cost"}}, Value: "epoch"}
	load(t, a)
	noop := func(goapp.Context, goapp.Event) {}
	match(t, goapp.Button().ID("axis-step").Class("seg").Aria("pressed", false).DataSet("value", "step").OnClick(noop), a, 0, 1, 0)
	match(t, goapp.Button().ID("axis-epoch").Class("seg").Aria("pressed", true).DataSet("value", "epoch").OnClick(noop), a, 0, 1, 1)
	match(t, goapp.Text("Cost"), a, 0, 1, 2, 0)
}

func TestViewSelect(t *testing.T) {
	t.Parallel()
	v := &ViewSelect{ID: "diag-run", Key: "diag", Label: "Show", Options: []Option{{"0", "Run 1"}, {"1", "Run 2"}}, Value: "1"}
	load(t, v)
	match(t, goapp.Option().Value("1").Selected(true), v, 0, 1, 1)
}

func TestDecisionViewTiles(t *testing.T) {
	t.Parallel()
	d := &DecisionView{
		Grid: 32, Legend: "Background.", Tiles: []MapTile{{Title: "Backpropagation", Color: 7}, {Title: "Feedback alignment", Color: 3, Note: "diverged"}},
		Groups:   []PointGroup{{Label: "class 0", Color: "#e67e22", TrainX: []float64{0}, TrainY: []float64{0}}},
		Pickable: true, Mark: true, MarkX: 0.5, MarkY: -0.5,
	}
	load(t, d)
	// One map per run: run 1 keeps the contract's id.
	match(t, goapp.Text("Backpropagation"), d, 0, 0, 0, 0, 1, 0)
	match(t, goapp.Canvas().ID(DecisionMapID).Class("map", "decision-map").Width(32).Height(32).
		Role("img").Aria("label", "Backpropagation: Decision map: what the network predicts at every point of the plane, with the data on top. Background.").
		Title("%s", "Backpropagation: Decision map: what the network predicts at every point of the plane, with the data on top. Background."), d, 0, 0, 0, 1, 0, 0)
	contains(t, "the tiles", html(t, d), `id="decision-map-2"`, "diverged", `class="pick-mark"`, CrossPath(75, 75, 4))
	if got := DecisionMapIDOf(3); got != "decision-map-4" {
		t.Errorf("DecisionMapIDOf(3) = %q", got)
	}
}

func TestPickAt(t *testing.T) {
	t.Parallel()
	for _, test := range []struct {
		u, v float64
		want Pick
	}{
		{0.5, 0.5, Pick{X: 0, Y: 0}},
		{0, 0, Pick{X: -1, Y: 1}},       // top left
		{1, 1, Pick{X: 1, Y: -1}},       // bottom right
		{-0.2, 1.5, Pick{X: -1, Y: -1}}, // outside: clamped
		{0.75, 0.25, Pick{X: 0.5, Y: 0.5}},
	} {
		if got := PickAt(test.u, test.v); got != test.want {
			t.Errorf("PickAt(%g, %g) = %+v, want %+v", test.u, test.v, got, test.want)
		}
	}
	if got, want := CrossPath(50, 20, 4), "M46 20H54M50 16V24"; got != want {
		t.Errorf("CrossPath = %q, want %q", got, want)
	}
}

func TestLineChartComparison(t *testing.T) {
	t.Parallel()
	c := &LineChart{
		ID: "chart-loss", Title: "Loss", XLabel: "forward passes per example",
		Series: []Series{
			{Label: "Backpropagation", X: []float64{0, 2, 4}, Y: []float64{0.7, 0.5, 0.4}, Color: 7, NoLegend: true},
			{Label: "Forward-forward", X: []float64{0, 3, 6}, Y: []float64{0.7, 0.6, 0.5}, Color: 3},
			{Label: "threshold", X: []float64{0, 6}, Y: []float64{0.2, 0.2}, Color: 3, Dotted: true, NoLegend: true},
		},
	}
	load(t, c)
	got := html(t, c)
	// Only the series with a legend are listed.
	contains(t, "the chart", got, "Forward-forward", `class="line series-3 dotted"`)
	if strings.Contains(got, "<li><span class=\"swatch series-7\"") || strings.Contains(got, ">threshold<") {
		t.Errorf("series without a legend are listed:\n%s", got)
	}
	// Each series is drawn at its own x: the x axis spans both (0 to 6).
	sx := Linear{D0: 0, D1: 6, R0: chartL, R1: chartW - chartR}
	sy := Linear{D0: 0.2, D1: 0.8, R0: chartH0 - chartB, R1: chartT} // ticks 0.2 … 0.8
	contains(t, "the chart", got, LinePath([]float64{0, 2, 4}, []float64{0.7, 0.5, 0.4}, sx, sy))
}
