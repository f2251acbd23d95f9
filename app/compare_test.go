package app

import (
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"plasticity/components"
	"plasticity/core/probe"
	"plasticity/core/rule"
	"plasticity/core/run"
)

func TestAddRemoveRuns(t *testing.T) {
	t.Parallel()
	m := newModel("seed=5&epochs=2")
	m.addRun("fa")
	m.addRun("dfa")
	if got, want := m.link(), "v=1&cmp=fa,dfa&epochs=2&seed=5"; got != want {
		t.Fatalf("link %q, want %q", got, want)
	}
	if len(m.runs()) != 3 || m.run != m.runs()[0] || m.exp.Rule != "bp" || len(m.problems) > 0 {
		t.Fatalf("%d runs, run 1 %s, problems %v", len(m.runs()), m.exp.Rule, m.problems)
	}
	// The runs step in lockstep.
	m.play()
	for m.playing {
		m.advance(time.Hour, 7)
	}
	for i, r := range m.runs() {
		if r.Epoch() != 2 || r.StepCount() != m.run.StepCount() {
			t.Errorf("run %d: epoch %d step %d, run 1 step %d", i+1, r.Epoch(), r.StepCount(), m.run.StepCount())
		}
	}
	if m.state() != statePaused {
		t.Errorf("state %q after the last epoch", m.state())
	}
	// A setting applies to every run and keeps the comparison.
	m.set("lr", "0.01")
	if got := m.link(); !strings.Contains(got, "cmp=fa,dfa") || !strings.Contains(got, "lr=0.01") {
		t.Errorf("link %q", got)
	}
	for _, r := range m.runs() {
		if r.Exp.LR != 0.01 || r.StepCount() != 0 {
			t.Errorf("%s: lr %g step %d", r.Exp.Rule, r.Exp.LR, r.StepCount())
		}
	}
	// Removing run 1 makes run 2 the base.
	m.removeRun(0)
	if got, want := m.link(), "v=1&cmp=dfa&epochs=2&lr=0.01&rule=fa&seed=5"; got != want {
		t.Errorf("after removing run 1: link %q, want %q", got, want)
	}
	m.removeRun(1)
	m.removeRun(0) // the last run stays
	if got := m.link(); got != "v=1&epochs=2&lr=0.01&rule=fa&seed=5" {
		t.Errorf("after removing run 2: %q", got)
	}
	// At most run.MaxRuns runs.
	for range run.MaxRuns + 2 {
		m.addRun("kp")
	}
	if len(m.runs()) != run.MaxRuns {
		t.Errorf("%d runs, want at most %d", len(m.runs()), run.MaxRuns)
	}
}

func TestComparisonLink(t *testing.T) {
	t.Parallel()
	const link = "v=1&cmp=fa,kp&epochs=3&r3.lr=0.01&seed=2"
	m := newModel(link)
	if got := m.link(); got != link {
		t.Errorf("link %q, want %q", got, link)
	}
	if len(m.runs()) != 3 || m.runs()[2].Exp.LR != 0.01 || m.runs()[1].Exp.Rule != "fa" {
		t.Errorf("runs %v", m.spec.Runs)
	}
	// The same link gives the same figures, run by run.
	a, b := newModel(link), newModel(link)
	a.play()
	b.play()
	for a.playing {
		a.advance(time.Hour, 5)
	}
	for b.canTrain() {
		b.step(true)
	}
	for i := range a.runs() {
		if ma, mb := a.runs()[i].Metrics(), b.runs()[i].Metrics(); ma != mb {
			t.Errorf("run %d: %+v and %+v", i+1, ma, mb)
		}
	}
}

// TestStepWithAStoppedRun: a run of the comparison that diverges stops,
// the others go on, and stepping to the end of an epoch does not hang.
func TestStepWithAStoppedRun(t *testing.T) {
	t.Parallel()
	m := newModel("cmp=bp&r2.lr=90&r2.opt=sgd&act=relu&epochs=4")
	for i := 0; i < 10 && m.canTrain(); i++ {
		m.step(true)
	}
	if r := m.runs()[1]; r.State() != run.Diverged {
		t.Fatalf("run 2: %s", r.State())
	}
	if m.run.Epoch() != 4 || m.state() != statePaused {
		t.Errorf("run 1 at epoch %d, state %q", m.run.Epoch(), m.state())
	}
	n := m.notice()
	if n.kind != "warning" || !strings.Contains(strings.Join(n.items, "\n"), "Run 2 (Backpropagation)") {
		t.Errorf("notice %+v", n)
	}
	chips := runChips(m, true)
	if chips[1].State != stateDiverged || chips[0].State != statePaused {
		t.Errorf("chips %+v", chips)
	}
	if tiles := mapTiles(m.runs()); tiles[1].Note != "diverged" {
		t.Errorf("tiles %+v", tiles)
	}
}

func TestNextRule(t *testing.T) {
	t.Parallel()
	spec, _ := run.DecodeComparison("cmp=fa")
	j := joinableRules(spec)
	if !slices.Contains(j, "dfa") || !slices.Contains(j, "bp") {
		t.Fatalf("joinable %v", j)
	}
	for _, k := range j {
		if info, _ := rule.Lookup(k); info.Key != k {
			t.Errorf("joinable %q is no rule", k)
		}
	}
	if got := nextRule(spec.Runs, j); got != "dfa" {
		t.Errorf("next after bp, fa: %q, want dfa", got)
	}
	if got := nextRule(spec.Runs, []string{"kp", "bp"}); got != "kp" {
		t.Errorf("next among kp: %q", got)
	}
	if got := nextRule(spec.Runs, nil); got != "" {
		t.Errorf("next with none joinable: %q", got)
	}
	full, _ := run.DecodeComparison("cmp=fa,kp,dfa")
	if j := joinableRules(full); j != nil {
		t.Errorf("a full comparison: joinable %v", j)
	}
}

func TestCompareCharts(t *testing.T) {
	t.Parallel()
	m := newModel("cmp=fa&epochs=3")
	m.play()
	for m.playing {
		m.advance(time.Hour, 10)
	}
	for _, a := range run.Axes() {
		c := compareCharts(m.runs(), a)
		if len(c.loss.Series) != 4 || len(c.acc.Series) != 4 || len(c.overlays) != 2 {
			t.Fatalf("%s: %d loss series, %d accuracy series, %d overlays", a, len(c.loss.Series), len(c.acc.Series), len(c.overlays))
		}
		for i, r := range m.runs() {
			s := c.loss.Series[2*i]
			if s.Color != runColor(i) || !s.NoLegend || len(s.X) != len(r.History()) || s.Dashed {
				t.Errorf("%s run %d: %+v", a, i+1, s)
			}
			if want := a.Of(r.History()[3].Metrics); s.X[3] != want {
				t.Errorf("%s run %d: x %g, want %g", a, i+1, s.X[3], want)
			}
			if !c.loss.Series[2*i+1].Dashed {
				t.Errorf("%s run %d: the test curve is not dashed", a, i+1)
			}
		}
		// Backprop's update is its gradient: angle 0.
		for _, y := range c.overlays[0].Series[0].Y[1:] {
			if y != 0 && y != components.Gap {
				t.Errorf("%s: backprop's update angle %g", a, y)
			}
		}
		if c.loss.XLabel != axisLabel(a) {
			t.Errorf("x label %q", c.loss.XLabel)
		}
	}
}

func TestHiddenMean(t *testing.T) {
	t.Parallel()
	nan := math.NaN()
	ms := []probe.Metric{{Key: "a", PerLayer: true, Values: []float64{10, 20, 90}}, {Key: "b", PerLayer: true, Values: []float64{nan, 4, 0}},
		{Key: "c", Values: []float64{7}}, {Key: "d", PerLayer: true, Values: []float64{nan, nan}}}
	for _, test := range []struct {
		key  string
		want float64
	}{
		{"a", 15}, // the output layer's 90 is left out
		{"b", 4},
		{"c", 7},
		{"d", nan},
		{"missing", nan},
	} {
		got := hiddenMean(ms, test.key)
		if got != test.want && !(math.IsNaN(got) && math.IsNaN(test.want)) {
			t.Errorf("hiddenMean(%s) = %g, want %g", test.key, got, test.want)
		}
	}
}

func TestRunTitles(t *testing.T) {
	t.Parallel()
	m := newModel("cmp=fa,fa&r3.lr=0.1")
	got := runTitles(m.runs())
	want := []string{"Backpropagation", "Feedback alignment (run 2)", "Feedback alignment (run 3)"}
	if !slices.Equal(got, want) {
		t.Errorf("titles %q, want %q", got, want)
	}
}

func TestGoodnessChart(t *testing.T) {
	t.Parallel()
	m := newModel("rule=ff&act=relu&epochs=2")
	m.play()
	for m.playing {
		m.advance(time.Hour, 10)
	}
	c := chartsOf(m.run)
	var g *components.LineChart
	for _, p := range c.probes {
		switch p.ID {
		case "chart-goodness":
			g = p
		case "chart-goodness_pos", "chart-goodness_neg", "chart-goodness_threshold":
			t.Errorf("%s drawn apart", p.ID)
		}
	}
	if g == nil {
		t.Fatal("no goodness chart")
	}
	// Per hidden layer: positive, negative (dashed), threshold (dotted).
	if n := len(m.exp.Hidden); len(g.Series) != 3*n {
		t.Fatalf("%d series for %d hidden layers", len(g.Series), n)
	}
	if s := g.Series; s[0].Dashed || !s[1].Dashed || !s[2].Dotted || !s[2].NoLegend || s[0].Color != s[1].Color {
		t.Errorf("series %+v", s[:3])
	}
}
