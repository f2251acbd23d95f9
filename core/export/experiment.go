package export

import (
	"encoding/json"
	"io"

	"plasticity/core/rule"
	"plasticity/core/run"
)

// ExperimentSchema names the format ExperimentJSON writes.
const ExperimentSchema = "plasticity-experiment/1"

// ExperimentDoc is the document ExperimentJSON writes: the comparison's
// link and every run's settings.
type ExperimentDoc struct {
	Schema  string          `json:"schema"`
	Version int             `json:"version"` // of the link format (run.Version)
	Link    string          `json:"link"`
	Runs    []ExperimentRun `json:"runs"`
}

// ExperimentRun is one run's Experiment with its rule spelled out.
type ExperimentRun struct {
	Run       int            `json:"run"`
	Link      string         `json:"link"` // this run alone
	Rule      string         `json:"rule"`
	RuleTitle string         `json:"rule_title"`
	Cite      string         `json:"cite"`
	Equation  string         `json:"equation"`
	Hyper     map[string]any `json:"hyper"` // every hyperparameter of the rule: a number, or a choice's name
	Data      string         `json:"data"`
	Noise     float64        `json:"noise"`
	Classes   int            `json:"classes"` // 0: the dataset's default
	Train     int            `json:"train"`
	Test      int            `json:"test"`
	Hidden    []int          `json:"hidden"`
	Act       string         `json:"act"`
	Init      string         `json:"init"`
	InitScale float64        `json:"initscale"`
	Opt       string         `json:"opt"`
	LR        float64        `json:"lr"`
	Batch     int            `json:"batch"`
	L1        float64        `json:"l1"`
	L2        float64        `json:"l2"`
	Seed      uint64         `json:"seed"`
	Epochs    int            `json:"epochs"` // 0: no limit
}

// NewExperimentDoc returns the experiment document of c.
func NewExperimentDoc(c run.CompareSpec) ExperimentDoc {
	d := ExperimentDoc{Schema: ExperimentSchema, Version: run.Version, Link: c.Encode(), Runs: []ExperimentRun{}}
	for i, e := range c.Runs {
		er := ExperimentRun{
			Run: i + 1, Link: e.Encode(), Rule: e.Rule, Hyper: map[string]any{},
			Data: e.Data, Noise: e.Noise, Classes: e.Classes, Train: e.Train, Test: e.Test,
			Hidden: append([]int{}, e.Hidden...), Act: e.Act, Init: e.Init, InitScale: e.InitScale,
			Opt: e.Opt, LR: e.LR, Batch: e.Batch, L1: e.L1, L2: e.L2, Seed: e.Seed, Epochs: e.Epochs,
		}
		if info, ok := rule.Lookup(e.Rule); ok {
			er.RuleTitle, er.Cite, er.Equation = info.Title, info.Cite, info.Equation
			h := e.RuleHyper()
			for _, p := range info.Params {
				if p.Choices != nil {
					er.Hyper[p.Key] = p.Choices[int(h[p.Key])]
				} else {
					er.Hyper[p.Key] = h[p.Key]
				}
			}
		}
		d.Runs = append(d.Runs, er)
	}
	return d
}

// ExperimentJSON writes the experiment document of c, indented.
func ExperimentJSON(w io.Writer, c run.CompareSpec) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", " ")
	return enc.Encode(NewExperimentDoc(c))
}
