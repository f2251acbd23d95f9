package lesson

import (
	"fmt"
	"math"

	"plasticity/core/probe"
	"plasticity/core/run"
)

// Helpers for the claims' Checks.

// stopped reports whether every run has stopped (finished its epochs,
// diverged or failed): a claim still pending then has failed.
func stopped(runs []*run.Run) bool {
	for _, r := range runs {
		if r.State() == run.Ready {
			return false
		}
	}
	return true
}

// pending returns Pending, or Fails with detail once the runs have stopped.
func pending(runs []*run.Run, detail string) Verdict {
	if stopped(runs) {
		return Verdict{Status: Fails, Detail: detail}
	}
	return Verdict{Status: Pending, Detail: detail}
}

// metric returns the value of probe key for weight layer l (0 for a probe
// with one value) at history point p, or NaN.
func metric(p run.Point, key string, l int) float64 {
	for _, m := range p.Probes {
		if m.Key == key && l < len(m.Values) {
			return m.Values[l]
		}
	}
	return math.NaN()
}

// probeOf returns the probe key of the metrics ms, or a zero Metric.
func probeOf(ms []probe.Metric, key string) probe.Metric {
	for _, m := range ms {
		if m.Key == key {
			return m
		}
	}
	return probe.Metric{}
}

// last returns r's latest history point.
func last(r *run.Run) run.Point {
	h := r.History()
	return h[len(h)-1]
}

// firstEpoch returns the first epoch at which f holds for a history point
// of r, or −1.
func firstEpoch(r *run.Run, f func(p run.Point) bool) int {
	for _, p := range r.History() {
		if f(p) {
			return p.Epoch
		}
	}
	return -1
}

// need says the runs are not the lesson's: fewer than n, or another rule.
func need(runs []*run.Run, n int) (Verdict, bool) {
	if len(runs) < n {
		return Verdict{Status: Pending, Detail: fmt.Sprintf("needs the step's %d runs", n)}, false
	}
	return Verdict{}, true
}

func deg(x float64) string { return fmt.Sprintf("%.0f°", x) }

func pct(x float64) string { return fmt.Sprintf("%.0f %%", 100*x) }

func pct1(x float64) string { return fmt.Sprintf("%.1f %%", 100*x) }

// hyper returns the value of r's rule hyperparameter key.
func hyper(r *run.Run, key string) float64 { return r.Exp.RuleHyper()[key] }
