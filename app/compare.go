package app

import (
	"math"
	"slices"
	"strconv"

	"plasticity/components"
	"plasticity/core/probe"
	"plasticity/core/rule"
	"plasticity/core/run"
)

// Comparisons: up to run.MaxRuns runs of different rules on one page,
// stepping in lockstep (model.cmp). This file turns them into the
// components' inputs: the runs bar, the overlaid curves and the small
// multiples of the decision maps. Like view.go, it is pure functions of
// the runs with fresh slices.

// runColors are the chart palette indices of runs 1 to 4: one colour per
// run in every overlaid chart, its legend and its map's title.
var runColors = []int{7, 3, 4, 5}

// runColor returns the colour of run i (0-based).
func runColor(i int) int { return runColors[i%len(runColors)] }

// compareOrder is the order in which the + button offers rules not yet
// compared: the rules that answer backprop's weight transport problem
// first, then the forward-only ones; every other registered rule follows
// by key.
var compareOrder = []string{"bp", "fa", "dfa", "kp", "sign", "pepita", "ff"}

// nextRule returns the rule the + button adds to runs: the first of
// compareOrder, then of the registry, that no run uses and that may join
// (is in joinable); "" when none is left.
func nextRule(runs []run.Experiment, joinable []string) string {
	ok := func(k string) bool {
		return slices.Contains(joinable, k) &&
			!slices.ContainsFunc(runs, func(e run.Experiment) bool { return e.Rule == k })
	}
	for _, k := range compareOrder {
		if ok(k) {
			return k
		}
	}
	for _, k := range rule.Keys() {
		if ok(k) {
			return k
		}
	}
	return ""
}

// joinableRules returns the rules a new run of spec may have: those whose
// comparison link reads back with the run as asked (a rule that needs
// another kind of network than the runs share cannot join); none when
// spec is full.
func joinableRules(spec run.CompareSpec) []string {
	if len(spec.Runs) >= run.MaxRuns {
		return nil
	}
	var out []string
	for _, k := range rule.Keys() {
		c := spec.Clone()
		c.Runs = append(c.Runs, c.Derive(k))
		d, err := run.DecodeComparison(c.Encode())
		if err == nil && len(d.Runs) == len(c.Runs) && d.Runs[len(d.Runs)-1].Rule == k {
			out = append(out, k)
		}
	}
	return out
}

// ruleOptionsOf lists the rules keys, with their titles.
func ruleOptionsOf(keys []string) []components.Option {
	out := make([]components.Option, 0, len(keys))
	for _, k := range keys {
		if info, ok := rule.Lookup(k); ok {
			out = append(out, components.Option{Value: k, Label: info.Title})
		}
	}
	return out
}

// runTitles returns the runs' names in legends: the rule's title, with
// the run's number where two runs have the same rule.
func runTitles(runs []*run.Run) []string {
	out := make([]string, len(runs))
	for i, r := range runs {
		out[i] = r.RuleInfo.Title
		for j, s := range runs {
			if j != i && s.Exp.Rule == r.Exp.Rule {
				out[i] += " (run " + strconv.Itoa(i+1) + ")"
				break
			}
		}
	}
	return out
}

// runState is a run's own data-state, as #status would show it were it
// run 1.
func runState(r *run.Run, playing, client bool) string {
	switch {
	case !client:
		return stateLoading
	case r.State() == run.Diverged:
		return stateDiverged
	case r.State() == run.Failed:
		return stateError
	case playing && r.State() == run.Ready:
		return stateRunning
	case r.State() == run.Finished || r.StepCount() > 0:
		return statePaused
	}
	return stateReady
}

// runChips returns the runs as the runs bar shows them, with their
// figures (Metrics is cached until the next step).
func runChips(m *model, client bool) []components.RunChip {
	runs := m.runs()
	titles := runTitles(runs)
	out := make([]components.RunChip, len(runs))
	for i, r := range runs {
		c := components.RunChip{
			Rule: r.Exp.Rule, Title: titles[i], Color: runColor(i),
			State:     runState(r, m.playing, client),
			TrainLoss: components.Gap, TestLoss: components.Gap, TrainAcc: components.Gap, TestAcc: components.Gap,
		}
		m.protect("measuring the runs", func() {
			f := m.metricsOf(r)
			c.Step, c.Epoch = f.Step, f.Epoch
			c.TrainLoss, c.TestLoss, c.TrainAcc, c.TestAcc = gap(f.TrainLoss), gap(f.TestLoss), gap(f.TrainAcc), gap(f.TestAcc)
		})
		out[i] = c
	}
	return out
}

// mapTiles returns the small multiples' titles, one per run, or nil for a
// single run (which gets the one large map).
func mapTiles(runs []*run.Run) []components.MapTile {
	if len(runs) < 2 {
		return nil
	}
	titles := runTitles(runs)
	out := make([]components.MapTile, len(runs))
	for i, r := range runs {
		out[i] = components.MapTile{Title: titles[i], Color: runColor(i)}
		switch r.State() {
		case run.Diverged:
			out[i].Note = "diverged"
		case run.Failed:
			out[i].Note = "failed"
		}
	}
	return out
}

// compareCharts overlays the runs' curves against axis a, one colour per
// run (the legend is shared: runLegend): loss and accuracy (training solid, test dashed), the update's angle
// to backprop's gradient and the hidden layers' sparsity, each averaged
// over the hidden layers.
func compareCharts(runs []*run.Run, a run.Axis) charts {
	if len(runs) == 0 {
		return charts{}
	}
	titles := runTitles(runs)
	xlabel := axisLabel(a)
	hasTest := runs[0].Test.N > 0
	var c charts
	c.loss = &components.LineChart{
		ID: "chart-loss", Title: "Loss", XLabel: xlabel, ZeroBased: true,
		Help: "Lower is better; solid lines are the training set, dashed the test set. The runs saw the same examples in the same order from the same start.",
	}
	classify := runs[0].Train.Classes > 0
	if classify {
		c.acc = &components.LineChart{
			ID: "chart-accuracy", Title: "Accuracy", XLabel: xlabel, Percent: true, YMax: 1, FixMax: true,
			Help: "Share of points classified right; solid lines are the training set, dashed the test set.",
		}
	}
	angle := &components.LineChart{
		ID: "chart-compare-update_angle", Title: "Update angle to backprop", XLabel: xlabel, Unit: "°", Height: 120,
		YMin: 0, YMax: 90, FixMin: true, FixMax: true, YStep: 30,
		Help: "Angle between each rule's update and backprop's gradient on the same batch, averaged over the hidden layers: 0° follows the gradient, 90° is unrelated to it.",
	}
	sparse := &components.LineChart{
		ID: "chart-compare-sparsity", Title: "Hoyer sparseness", XLabel: xlabel, Height: 120, ZeroBased: true,
		Help: "How concentrated the hidden layers' activity is, averaged over them: 0 when all units are equally active, 1 when one unit carries everything.",
	}
	for i, r := range runs {
		h := r.History()
		x := make([]float64, len(h))
		var trainLoss, testLoss, trainAcc, testAcc, ang, sp []float64
		for j, p := range h {
			x[j] = a.Of(p.Metrics)
			trainLoss = append(trainLoss, gap(p.TrainLoss))
			testLoss = append(testLoss, gap(p.TestLoss))
			trainAcc = append(trainAcc, gap(p.TrainAcc))
			testAcc = append(testAcc, gap(p.TestAcc))
			ang = append(ang, gap(hiddenMean(p.Probes, "update_angle")))
			sp = append(sp, gap(hiddenMean(p.Probes, "sparsity")))
		}
		color := runColor(i)
		c.loss.Series = append(c.loss.Series, components.Series{Label: titles[i], X: x, Y: trainLoss, Color: color, NoLegend: true})
		if hasTest {
			c.loss.Series = append(c.loss.Series, components.Series{Label: titles[i] + ", test", X: x, Y: testLoss, Color: color, Dashed: true, NoLegend: true})
		}
		if classify {
			c.acc.Series = append(c.acc.Series, components.Series{Label: titles[i], X: x, Y: trainAcc, Color: color, NoLegend: true})
			if hasTest {
				c.acc.Series = append(c.acc.Series, components.Series{Label: titles[i] + ", test", X: x, Y: testAcc, Color: color, Dashed: true, NoLegend: true})
			}
		}
		angle.Series = append(angle.Series, components.Series{Label: titles[i], X: x, Y: ang, Color: color, NoLegend: true})
		sparse.Series = append(sparse.Series, components.Series{Label: titles[i], X: x, Y: sp, Color: color, NoLegend: true})
	}
	if _, hi, ok := components.Extent(ys(angle.Series)...); ok && hi > 90 {
		angle.YMax, angle.YStep = 180, 45
	}
	c.overlays = []*components.LineChart{angle, sparse}
	return c
}

// hiddenMean returns the mean of probe key's finite values over the hidden
// layers (every weight layer but the output's), or over all of its values
// when it has one or the network no hidden layer; NaN when there is none.
func hiddenMean(ms []probe.Metric, key string) float64 {
	for _, m := range ms {
		if m.Key != key {
			continue
		}
		vals := m.Values
		if m.PerLayer && len(vals) > 1 {
			vals = vals[:len(vals)-1]
		}
		sum, n := 0.0, 0
		for _, v := range vals {
			if !math.IsNaN(v) && !math.IsInf(v, 0) {
				sum += v
				n++
			}
		}
		if n == 0 {
			return math.NaN()
		}
		return sum / float64(n)
	}
	return math.NaN()
}

// hasProbe reports whether ms holds the probe key.
func hasProbe(ms []probe.Metric, key string) bool {
	return slices.ContainsFunc(ms, func(m probe.Metric) bool { return m.Key == key })
}

// goodnessChart draws forward-forward's goodness of positive data (solid)
// and of negative data (dashed) for each hidden layer, in the layer's
// colour, with the layer's threshold (dotted grey): learning pushes the
// one above it and the other below. Nil without the probes.
func goodnessChart(r *run.Run, x []float64, xlabel string) *components.LineChart {
	h := r.History()
	if len(h) == 0 {
		return nil
	}
	last := h[len(h)-1].Probes
	var help string
	for _, m := range last {
		if m.Key == "goodness_pos" {
			help = m.Help
		}
	}
	if help == "" || !hasProbe(last, "goodness_neg") {
		return nil
	}
	L := r.Net.NumLayers()
	c := &components.LineChart{
		ID: "chart-goodness", Title: "Goodness, positive and negative data", XLabel: xlabel, X: x, Height: 140, ZeroBased: true,
		Help: "Mean Σ h² of each hidden layer: solid for examples with their true label, dashed for a wrong label, dotted the layer's threshold. Learning pushes the solid lines above the threshold and the dashed ones below.",
	}
	for l := 0; l < L; l++ {
		series := func(key string) ([]float64, bool) {
			y := make([]float64, len(h))
			any := false
			for i, p := range h {
				y[i] = components.Gap
				if v, ok := probeValue(p.Probes, 0, key, l); ok && !math.IsNaN(v) {
					y[i] = gap(v)
					any = true
				}
			}
			return y, any
		}
		pos, okp := series("goodness_pos")
		neg, okn := series("goodness_neg")
		if !okp && !okn {
			continue
		}
		name := layerName(l, L)
		c.Series = append(c.Series,
			components.Series{Label: name + " positive", Y: pos, Color: 2 + l},
			components.Series{Label: name + " negative", Y: neg, Color: 2 + l, Dashed: true})
		if th, ok := series("goodness_threshold"); ok {
			c.Series = append(c.Series, components.Series{Label: name + " threshold", Y: th, Color: 2 + l, Dotted: true, NoLegend: true})
		}
	}
	if len(c.Series) == 0 {
		return nil
	}
	return c
}
