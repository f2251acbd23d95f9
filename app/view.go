package app

import (
	"fmt"
	"math"
	"slices"
	"strconv"

	"plasticity/components"
	"plasticity/core/data"
	"plasticity/core/nn"
	"plasticity/core/probe"
	"plasticity/core/rule"
	"plasticity/core/run"
)

// This file turns the model into the components' inputs. Everything here
// is a pure function of the run, and returns fresh slices: go-app compares
// a component's new inputs with its old ones by value, and a slice shared
// with the run would always compare equal to itself.

// figures are the numbers #status shows.
type figures struct {
	state         string
	step, epoch   int
	stepsPerEpoch int
	m             run.Metrics
}

func figuresOf(m *model, client bool) figures {
	f := figures{state: stateLoading, m: run.Metrics{
		TrainLoss: math.NaN(), TestLoss: math.NaN(), TrainAcc: math.NaN(), TestAcc: math.NaN(),
	}}
	if m.run != nil {
		m.protect("measuring the run", func() {
			f.m = m.metricsOf(m.run)
			f.step, f.epoch = f.m.Step, f.m.Epoch
			f.stepsPerEpoch = m.run.StepsPerEpoch()
		})
	}
	if client {
		f.state = m.state()
	}
	return f
}

func (f figures) statusBar() *components.StatusBar {
	return &components.StatusBar{
		State: f.state, Step: f.step, Epoch: f.epoch, StepsPerEpoch: f.stepsPerEpoch,
		TrainLoss: f.m.TrainLoss, TestLoss: f.m.TestLoss, TrainAcc: f.m.TrainAcc, TestAcc: f.m.TestAcc,
	}
}

// hexColor writes a palette colour for CSS and SVG.
func hexColor(c run.RGB) string { return fmt.Sprintf("#%02x%02x%02x", c.R, c.G, c.B) }

// regressionBands are the bands of target values that regression points
// are drawn in.
var regressionBands = []float64{-1, -0.6, -0.2, 0.2, 0.6, 1}

// pointGroups returns the run's data as the decision map draws it: one
// group per class (colour and shape), or per band of target values.
func pointGroups(r *run.Run) []components.PointGroup {
	if r == nil || !r.DataInfo.Plane {
		return nil
	}
	if r.Train.Classes == 0 {
		groups := make([]components.PointGroup, len(regressionBands)-1)
		for b := range groups {
			lo, hi := regressionBands[b], regressionBands[b+1]
			groups[b] = components.PointGroup{
				Label: components.FormatNumber(lo) + " to " + components.FormatNumber(hi),
				Color: hexColor(run.Diverging((lo + hi) / 2)),
				Shape: 0,
			}
		}
		band := func(v float64) int {
			for b := 1; b < len(regressionBands)-1; b++ {
				if v < regressionBands[b] {
					return b - 1
				}
			}
			return len(groups) - 1
		}
		add := func(s *data.Set, test bool) {
			for i := 0; i < s.N; i++ {
				g := &groups[band(s.Y[i])]
				if test {
					g.TestX, g.TestY = append(g.TestX, s.X[2*i]), append(g.TestY, s.X[2*i+1])
				} else {
					g.TrainX, g.TrainY = append(g.TrainX, s.X[2*i]), append(g.TrainY, s.X[2*i+1])
				}
			}
		}
		add(r.Train, false)
		add(r.Test, true)
		return groups
	}
	groups := make([]components.PointGroup, r.Train.Classes)
	for c := range groups {
		groups[c] = components.PointGroup{
			Label: components.ClassName(c),
			Color: hexColor(run.ClassColor(c)),
			Shape: c,
		}
	}
	for i := 0; i < r.Train.N; i++ {
		g := &groups[r.Train.Labels[i]]
		g.TrainX, g.TrainY = append(g.TrainX, r.Train.X[2*i]), append(g.TrainY, r.Train.X[2*i+1])
	}
	for i := 0; i < r.Test.N; i++ {
		g := &groups[r.Test.Labels[i]]
		g.TestX, g.TestY = append(g.TestX, r.Test.X[2*i]), append(g.TestY, r.Test.X[2*i+1])
	}
	return groups
}

// mapLegend explains the decision map's colours.
func mapLegend(r *run.Run) string {
	switch {
	case r == nil:
		return ""
	case r.Train.Classes == 0:
		return "Background: the network's output at each point, orange below zero and blue above. Points: the data, coloured by their target."
	case r.Train.Classes == 2:
		return "Background: the network's prediction at each point, orange for class 0 and blue for class 1, paler where it is unsure. Points: the data."
	default:
		return "Background: the class the network predicts at each point, paler where it is unsure. Points: the data, each class with its colour and shape."
	}
}

// Chart palette indices (CSS classes series-0 …).
const (
	colorTrain = 0
	colorTest  = 1
)

// charts are the line charts of the results panel.
type charts struct {
	loss, acc *components.LineChart // acc is nil for regression
	probes    []*components.LineChart
	// overlays are a comparison's other curves, one line per run.
	overlays []*components.LineChart
}

// chartsOf draws the run's history over the epochs.
func chartsOf(r *run.Run) charts { return chartsOn(r, run.AxisEpoch) }

// chartsOn draws the run's history (a point per epoch) against axis a.
func chartsOn(r *run.Run, a run.Axis) charts {
	if r == nil {
		return charts{}
	}
	h := r.History()
	xlabel := axisLabel(a)
	x := make([]float64, len(h))
	trainLoss, testLoss := make([]float64, len(h)), make([]float64, len(h))
	trainAcc, testAcc := make([]float64, len(h)), make([]float64, len(h))
	for i, p := range h {
		x[i] = a.Of(p.Metrics)
		trainLoss[i], testLoss[i] = gap(p.TrainLoss), gap(p.TestLoss)
		trainAcc[i], testAcc[i] = gap(p.TrainAcc), gap(p.TestAcc)
	}
	hasTest := r.Test.N > 0
	var c charts
	c.loss = &components.LineChart{
		ID: "chart-loss", Title: "Loss", XLabel: xlabel, X: x,
		Help:      "Lower is better. A test curve that rises while the training curve falls means the network is memorising the training points (overfitting).",
		Series:    []components.Series{{Label: "training", Y: trainLoss, Color: colorTrain}},
		ZeroBased: true,
	}
	if hasTest {
		c.loss.Series = append(c.loss.Series, components.Series{Label: "test", Y: testLoss, Color: colorTest, Dashed: true})
	}
	if r.Train.Classes > 0 {
		c.acc = &components.LineChart{
			ID: "chart-accuracy", Title: "Accuracy", XLabel: xlabel, X: x, Percent: true,
			Help:   fmt.Sprintf("Share of points classified right; guessing scores about %.0f%%. The gap between the curves is what the network fails to generalise.", 100/float64(r.Train.Classes)),
			Series: []components.Series{{Label: "training", Y: trainAcc, Color: colorTrain}},
			YMax:   1, FixMax: true,
		}
		if hasTest {
			c.acc.Series = append(c.acc.Series, components.Series{Label: "test", Y: testAcc, Color: colorTest, Dashed: true})
		}
	}
	c.probes = probeCharts(r, x, xlabel)
	return c
}

// axisLabel is the x axis's label under the charts.
func axisLabel(a run.Axis) string {
	switch a {
	case run.AxisStep:
		return "step"
	case run.AxisPasses:
		return "forward passes per example"
	}
	return "epoch"
}

// probeCharts draws each of the rule's diagnostics at the positions x
// (one per history point), one line per weight layer. Forward-forward's
// goodness of positive and negative data and its threshold share one
// chart (goodnessChart).
func probeCharts(r *run.Run, x []float64, xlabel string) []*components.LineChart {
	h := r.History()
	if len(h) == 0 {
		return nil
	}
	var out []*components.LineChart
	for k, last := range h[len(h)-1].Probes {
		switch last.Key {
		case "goodness_pos":
			if c := goodnessChart(r, x, xlabel); c != nil {
				out = append(out, c)
				continue
			}
		case "goodness_neg", "goodness_threshold":
			if hasProbe(h[len(h)-1].Probes, "goodness_pos") {
				continue
			}
		}
		n := len(last.Values)
		series := make([]components.Series, 0, n)
		for l := 0; l < n; l++ {
			y := make([]float64, len(h))
			any := false
			for i, p := range h {
				y[i] = components.Gap
				if v, ok := probeValue(p.Probes, k, last.Key, l); ok {
					y[i] = gap(v)
					any = any || !math.IsNaN(v)
				}
			}
			if !any {
				continue
			}
			label := "value"
			if last.PerLayer {
				label = layerName(l, r.Net.NumLayers())
			}
			// One number needs no legend.
			series = append(series, components.Series{Label: label, Y: y, Color: 2 + l, NoLegend: !last.PerLayer})
		}
		if len(series) == 0 {
			continue
		}
		c := &components.LineChart{
			ID: "chart-" + last.Key, Title: last.Label, Help: last.Help, XLabel: xlabel,
			X: x, Series: series, Unit: last.Unit, Height: 120,
			ZeroBased: true,
		}
		if last.Unit == "°" {
			c.YMin, c.YMax, c.FixMin, c.FixMax, c.YStep = 0, 90, true, true, 30
			if _, hi, ok := components.Extent(ys(series)...); ok && hi > 90 {
				c.YMax, c.YStep = 180, 45
			}
		}
		out = append(out, c)
	}
	return out
}

// probeValue returns value l of the probe key in ms (at index k when the
// order has not changed).
func probeValue(ms []probe.Metric, k int, key string, l int) (float64, bool) {
	if k < len(ms) && ms[k].Key == key {
		if l < len(ms[k].Values) {
			return ms[k].Values[l], true
		}
		return 0, false
	}
	for _, m := range ms {
		if m.Key == key && l < len(m.Values) {
			return m.Values[l], true
		}
	}
	return 0, false
}

func ys(series []components.Series) [][]float64 {
	out := make([][]float64, len(series))
	for i, s := range series {
		out[i] = s.Y
	}
	return out
}

// gap returns v, or components.Gap for NaN (see components.Series).
func gap(v float64) float64 {
	if math.IsNaN(v) {
		return components.Gap
	}
	return v
}

// layerName names weight layer l of L by the layer it feeds.
func layerName(l, L int) string {
	if l == L-1 {
		return "output"
	}
	return "hidden " + strconv.Itoa(l+1)
}

// networkView is the network diagram's input. Its pictures: every unit's
// response over the plane (grid pixels) for data in the plane; the
// receptive fields of the first hidden layer (k×k) for k×k images; dots
// otherwise.
func networkView(r *run.Run, weights [][]float64, grid int) *components.NetworkView {
	if r == nil {
		return &components.NetworkView{}
	}
	sizes := slices.Clone(r.Net.Sizes)
	grids := make([]int, len(sizes))
	kind := "response"
	var in []string
	switch k := imageSide(r.Train); {
	case r.DataInfo.Plane:
		for l := range grids {
			grids[l] = grid
		}
		in = []string{"x₁", "x₂"}
	case k > 0 && len(sizes) > 2 && sizes[0] >= k*k:
		grids[1], kind = k, "field"
	}
	var out []string
	if r.Train.Classes == 0 {
		out = []string{"ŷ"}
	} else {
		for c := 0; c < r.Train.Classes; c++ {
			out = append(out, strconv.Itoa(c))
		}
	}
	w := make([][]float64, len(weights))
	for l := range weights {
		w[l] = slices.Clone(weights[l])
	}
	return &components.NetworkView{
		Sizes: sizes, Weights: w, Grids: grids, MapKind: kind,
		InputNames: in, OutputNames: out,
		Activation: r.Exp.Act, MaxWidth: editMaxWidth,
	}
}

// exampleClasses describes the classes of an image dataset for the
// examples view.
func exampleClasses(r *run.Run) []components.ExampleClass {
	out := make([]components.ExampleClass, r.Train.Classes)
	for c := range out {
		out[c] = components.ExampleClass{Label: components.ClassName(c), Color: hexColor(run.ClassColor(c)), Shape: c}
	}
	return out
}

// options returns select options for keys, labelled by labels (or the key).
func options(keys []string, labels map[string]string) []components.Option {
	out := make([]components.Option, len(keys))
	for i, k := range keys {
		l := labels[k]
		if l == "" {
			l = k
		}
		out[i] = components.Option{Value: k, Label: l}
	}
	return out
}

// sizeOptions returns the choices of a set size, with cur among them.
func sizeOptions(choices []int, cur int) []components.Option {
	if !slices.Contains(choices, cur) {
		choices = append(slices.Clone(choices), cur)
		slices.Sort(choices)
	}
	out := make([]components.Option, len(choices))
	for i, n := range choices {
		out[i] = components.Option{Value: strconv.Itoa(n), Label: components.FormatCount(n)}
	}
	return out
}

var (
	trainSizes = []int{50, 100, 200, 400, 800, 1600, 3200}
	testSizes  = []int{0, 50, 100, 200, 400, 800, 1600}
)

// Labels of the keys the selects offer.
var (
	activationLabels = map[string]string{
		"tanh": "tanh", "relu": "ReLU", "leakyrelu": "leaky ReLU", "sigmoid": "sigmoid", "linear": "linear (none)",
	}
	initLabels = map[string]string{
		"auto": "auto", "glorot": "Glorot (Xavier)", "he": "He (Kaiming)",
	}
	optimizerLabels = map[string]string{
		"sgd": "plain SGD", "momentum": "SGD with momentum", "adam": "Adam",
	}
)

// keyLists are the registries' keys, for the selects.
func activationKeys() []string { return nn.ActivationKeys() }
func initKeys() []string       { return nn.InitKeys() }
func methodKeys() []string     { return nn.MethodKeys() }

// ruleOptions lists every registered rule: new rules appear by themselves.
func ruleOptions() []components.Option {
	var out []components.Option
	for _, info := range rule.Rules() {
		out = append(out, components.Option{Value: info.Key, Label: info.Title})
	}
	return out
}

// datasetChoices lists every registered dataset.
func datasetChoices() []components.Dataset {
	var out []components.Dataset
	for _, info := range data.Datasets() {
		out = append(out, components.Dataset{Key: info.Key, Title: info.Title, Summary: info.Summary})
	}
	return out
}
