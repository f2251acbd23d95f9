package export

import (
	"encoding/csv"
	"encoding/json"
	"io"
	"math"
	"strconv"

	"plasticity/core/probe"
	"plasticity/core/run"
)

// Link returns the link of the comparison of runs: the single run's own
// link for one run.
func Link(runs []*run.Run) string {
	spec := run.CompareSpec{}
	for _, r := range runs {
		spec.Runs = append(spec.Runs, r.Exp)
	}
	return spec.Encode()
}

// csvFixed are the columns every row has, before the metrics.
var csvFixed = []string{"run", "rule", "epoch", "step", "passes"}

// CSV writes the history of runs as CSV: a header, then one row per
// history point per run (see the package doc for the columns).
func CSV(w io.Writer, runs []*run.Run) error {
	var cols []string
	seen := map[string]bool{}
	for _, r := range runs {
		for _, p := range r.History() {
			for _, c := range run.Columns(p) {
				if !seen[c] {
					seen[c] = true
					cols = append(cols, c)
				}
			}
		}
	}
	cw := csv.NewWriter(w)
	if err := cw.Write(append(append([]string(nil), csvFixed...), cols...)); err != nil {
		return err
	}
	row := make([]string, len(csvFixed)+len(cols))
	for i, r := range runs {
		for _, p := range r.History() {
			row[0], row[1] = strconv.Itoa(i+1), r.Exp.Rule
			row[2], row[3] = strconv.Itoa(p.Epoch), strconv.Itoa(p.Step)
			row[4] = formatFloat(p.Passes)
			for j, c := range cols {
				v, ok := run.Value(p, c)
				row[len(csvFixed)+j] = ""
				if ok {
					row[len(csvFixed)+j] = formatFloat(v)
				}
			}
			if err := cw.Write(row); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

// formatFloat writes the shortest decimal that reads back as f, or ""
// for NaN and infinities.
func formatFloat(f float64) string {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return ""
	}
	return strconv.FormatFloat(f, 'g', -1, 64)
}

// MetricsSchema names the format JSON writes.
const MetricsSchema = "plasticity-metrics/1"

// Metrics is the document JSON writes (see the package doc).
type Metrics struct {
	Schema string       `json:"schema"`
	Link   string       `json:"link"`
	Runs   []RunMetrics `json:"runs"`
}

// RunMetrics is the history of one run.
type RunMetrics struct {
	Run     int                  `json:"run"`
	Rule    string               `json:"rule"`
	Link    string               `json:"link"`
	State   run.State            `json:"state"`
	Message string               `json:"message"`
	Probes  map[string]ProbeInfo `json:"probes"`
	Points  []PointMetrics       `json:"points"`
}

// ProbeInfo describes a probe: how to label and read it.
type ProbeInfo struct {
	Label    string `json:"label"`
	Unit     string `json:"unit"`
	Help     string `json:"help"`
	PerLayer bool   `json:"per_layer"`
}

// PointMetrics is one point of a run's history. A nil pointer is a figure
// that does not exist (JSON null); a probe is a float64 or a []*float64.
type PointMetrics struct {
	Epoch     int            `json:"epoch"`
	Step      int            `json:"step"`
	Passes    float64        `json:"passes"`
	TrainLoss *float64       `json:"train_loss"`
	TestLoss  *float64       `json:"test_loss"`
	TrainAcc  *float64       `json:"train_acc"`
	TestAcc   *float64       `json:"test_acc"`
	Probes    map[string]any `json:"probes"`
}

// NewMetrics returns the metrics document of runs.
func NewMetrics(runs []*run.Run) Metrics {
	m := Metrics{Schema: MetricsSchema, Link: Link(runs), Runs: []RunMetrics{}}
	for i, r := range runs {
		rm := RunMetrics{
			Run: i + 1, Rule: r.Exp.Rule, Link: r.Exp.Encode(),
			State: r.State(), Message: r.Message(),
			Probes: map[string]ProbeInfo{}, Points: []PointMetrics{},
		}
		for _, p := range r.History() {
			pm := PointMetrics{
				Epoch: p.Epoch, Step: p.Step, Passes: p.Passes,
				TrainLoss: finite(p.TrainLoss), TestLoss: finite(p.TestLoss),
				TrainAcc: finite(p.TrainAcc), TestAcc: finite(p.TestAcc),
				Probes: probeValues(p.Probes),
			}
			for _, pr := range p.Probes {
				rm.Probes[pr.Key] = ProbeInfo{Label: pr.Label, Unit: pr.Unit, Help: pr.Help, PerLayer: pr.PerLayer || len(pr.Values) != 1}
			}
			rm.Points = append(rm.Points, pm)
		}
		m.Runs = append(m.Runs, rm)
	}
	return m
}

// JSON writes the metrics document of runs, indented.
func JSON(w io.Writer, runs []*run.Run) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", " ")
	return enc.Encode(NewMetrics(runs))
}

// probeValues turns probes into JSON values in full precision: a number,
// or a list per layer with nil where a value is not finite.
func probeValues(ms []probe.Metric) map[string]any {
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
		vs := make([]*float64, len(m.Values))
		for i, v := range m.Values {
			vs[i] = finite(v)
		}
		out[m.Key] = vs
	}
	return out
}

func finite(f float64) *float64 {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return nil
	}
	return &f
}
