package run

import (
	"encoding/json"
	"fmt"
	"io"
	"math"

	"plasticity/core/probe"
)

// Record is one line of `plasticity run` output: a run's figures after an
// epoch. Accuracies are omitted for regression, test figures without test
// data; a probe is a number or a list with one number per weight layer
// (null where a layer has none).
type Record struct {
	Run       int            `json:"run,omitempty"` // 1, 2 … in a comparison; omitted for a single run
	Rule      string         `json:"rule"`
	Epoch     int            `json:"epoch"`
	Step      int            `json:"step"`
	Passes    float64        `json:"passes"`
	TrainLoss float64        `json:"train_loss"`
	TestLoss  *float64       `json:"test_loss,omitempty"`
	TrainAcc  *float64       `json:"train_acc,omitempty"`
	TestAcc   *float64       `json:"test_acc,omitempty"`
	Probes    map[string]any `json:"probes"`
	State     State          `json:"state,omitempty"` // set when the run stopped early
	Message   string         `json:"message,omitempty"`
}

// NewRecord returns the record of a history point of the run.
func (r *Run) NewRecord(p Point) Record {
	rec := Record{
		Rule: r.Exp.Rule, Epoch: p.Epoch, Step: p.Step, Passes: round(p.Passes),
		TrainLoss: round(p.TrainLoss),
		TestLoss:  finite(p.TestLoss), TrainAcc: finite(p.TrainAcc), TestAcc: finite(p.TestAcc),
		Probes: ProbeValues(p.Probes),
	}
	return rec
}

// ProbeValues turns metrics into JSON-ready values: a number, or a list
// per layer with nil for NaN.
func ProbeValues(ms []probe.Metric) map[string]any {
	out := make(map[string]any, len(ms))
	for _, m := range ms {
		if !m.PerLayer && len(m.Values) == 1 {
			if f := finite(m.Values[0]); f != nil {
				out[m.Key] = *f
			} else {
				out[m.Key] = nil
			}
			continue
		}
		vs := make([]any, len(m.Values))
		for i, v := range m.Values {
			if f := finite(v); f != nil {
				vs[i] = *f
			}
		}
		out[m.Key] = vs
	}
	return out
}

// Headless trains the experiment that link describes for the given number
// of epochs (the link's own `epochs` if epochs ≤ 0, else 10) and writes one
// JSON Record per epoch to w, starting with epoch 0 (before training). A bad
// link is an error naming the bad keys; a run that diverges or fails writes
// its last record with the state and message and returns an error. A
// comparison link (with cmp) is trained by HeadlessCompare.
func Headless(w io.Writer, link string, epochs int) error {
	if IsComparison(link) {
		return HeadlessCompare(w, link, epochs)
	}
	e, err := Decode(link)
	if err != nil {
		return err
	}
	if epochs <= 0 {
		epochs = e.Epochs
	}
	if epochs <= 0 {
		epochs = 10
	}
	e.Epochs = epochs
	r, err := New(e)
	if err != nil {
		return err
	}
	enc := json.NewEncoder(w)
	written := 0
	flush := func() error {
		for _, p := range r.History()[written:] {
			if err := enc.Encode(r.NewRecord(p)); err != nil {
				return err
			}
		}
		written = len(r.History())
		return nil
	}
	for r.State() == Ready {
		r.Step()
		if err := flush(); err != nil {
			return err
		}
	}
	if r.State() == Diverged || r.State() == Failed {
		rec := r.NewRecord(Point{Metrics: r.Metrics(), Probes: r.Probes()})
		rec.State, rec.Message = r.State(), r.Message()
		if err := enc.Encode(rec); err != nil {
			return err
		}
		return fmt.Errorf("%s", r.Message())
	}
	return nil
}

// round keeps 6 significant digits, enough for curves and short lines.
func round(f float64) float64 {
	if f == 0 || math.IsNaN(f) || math.IsInf(f, 0) {
		return f
	}
	d := math.Pow(10, 5-math.Floor(math.Log10(math.Abs(f))))
	return math.Round(f*d) / d
}

func finite(f float64) *float64 {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return nil
	}
	f = round(f)
	return &f
}
