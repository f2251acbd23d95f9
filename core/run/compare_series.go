package run

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Axis is a shared x-axis for the curves of several runs.
type Axis int

// The axes. Runs of a comparison share the batch size, so steps and epochs
// line up; forward-pass equivalents (Run.Passes) weigh each step by what
// the rule's update costs, so that a rule needing several passes per step
// is seen paying for them.
const (
	AxisStep   Axis = iota // minibatch updates
	AxisEpoch              // passes over the training set
	AxisPasses             // forward-pass equivalents per training example
)

var axisKeys = [...]string{AxisStep: "step", AxisEpoch: "epoch", AxisPasses: "passes"}
var axisLabels = [...]string{AxisStep: "Steps", AxisEpoch: "Epochs", AxisPasses: "Forward-pass equivalents per example"}

// Axes returns every axis, in order.
func Axes() []Axis { return []Axis{AxisStep, AxisEpoch, AxisPasses} }

// String returns the axis's key: "step", "epoch" or "passes" (the column
// names of exports and of `plasticity run` output).
func (a Axis) String() string { return axisKeys[a] }

// Label returns the axis's title for a chart.
func (a Axis) Label() string { return axisLabels[a] }

// ParseAxis reads an axis key.
func ParseAxis(s string) (Axis, error) {
	for i, k := range axisKeys {
		if k == s {
			return Axis(i), nil
		}
	}
	return 0, fmt.Errorf("unknown axis %q (want one of %s)", s, strings.Join(axisKeys[:], ", "))
}

// Of returns the position of m on the axis.
func (a Axis) Of(m Metrics) float64 {
	switch a {
	case AxisEpoch:
		return float64(m.Epoch)
	case AxisPasses:
		return m.Passes
	}
	return float64(m.Step)
}

// Now returns the position r has reached on the axis.
func (a Axis) Now(r *Run) float64 {
	return a.Of(Metrics{Step: r.StepCount(), Epoch: r.Epoch(), Passes: r.Passes()})
}

// The figures of a history point have flat names, shared by the CSV
// export, Series and charts: the four metrics, then each probe by its key
// when it is one number, or as key_l1, key_l2 … per weight layer (1 is the
// layer nearest the input) when it has one value per layer.
const (
	TrainLoss = "train_loss"
	TestLoss  = "test_loss"
	TrainAcc  = "train_acc"
	TestAcc   = "test_acc"
)

// Columns returns the names of p's figures, in order: TrainLoss, TestLoss,
// TrainAcc, TestAcc, then the probes.
func Columns(p Point) []string {
	cols := []string{TrainLoss, TestLoss, TrainAcc, TestAcc}
	for _, m := range p.Probes {
		if !m.PerLayer && len(m.Values) == 1 {
			cols = append(cols, m.Key)
			continue
		}
		for l := range m.Values {
			cols = append(cols, LayerColumn(m.Key, l))
		}
	}
	return cols
}

// LayerColumn returns the name of a per-layer probe's value at weight layer
// l (0-based): key_l1 for l = 0.
func LayerColumn(key string, l int) string { return key + "_l" + strconv.Itoa(l+1) }

// Value returns the figure of p called name (see Columns); ok is false if
// p has no such figure. The value may be NaN (no test data, a regression's
// accuracy, a layer without the probe).
func Value(p Point, name string) (v float64, ok bool) {
	switch name {
	case TrainLoss:
		return p.TrainLoss, true
	case TestLoss:
		return p.TestLoss, true
	case TrainAcc:
		return p.TrainAcc, true
	case TestAcc:
		return p.TestAcc, true
	}
	for _, m := range p.Probes {
		if m.Key == name && !m.PerLayer && len(m.Values) == 1 {
			return m.Values[0], true
		}
		if rest, found := strings.CutPrefix(name, m.Key+"_l"); found {
			l, err := strconv.Atoi(rest)
			if err == nil && l >= 1 && l <= len(m.Values) && LayerColumn(m.Key, l-1) == name {
				return m.Values[l-1], true
			}
		}
	}
	return math.NaN(), false
}

// Series returns the curve of figure name (see Columns) over r's history
// on axis a, skipping points where the figure is missing or not finite.
func Series(r *Run, a Axis, name string) (xs, ys []float64) {
	for _, p := range r.History() {
		v, ok := Value(p, name)
		if !ok || math.IsNaN(v) || math.IsInf(v, 0) {
			continue
		}
		xs = append(xs, a.Of(p.Metrics))
		ys = append(ys, v)
	}
	return xs, ys
}
