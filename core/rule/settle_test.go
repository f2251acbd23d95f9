package rule_test

import (
	"math"
	"testing"

	"plasticity/core/rule"
)

// TestSettleEnergyDecreases checks the settling rules' traces (rule.Settler)
// on the spiral's 2-16-16-2 network: the shape SettleTrace documents, and
// an energy that never rises within a phase, for several examples, before
// training and after 100 steps of it. With y nil the trace is the free
// phase alone.
func TestSettleEnergyDecreases(t *testing.T) {
	for _, link := range []string{
		"rule=pc", "rule=pc&pc.nudge=0.1&act=relu",
		"rule=il", "rule=il-prox",
		"rule=ep", "rule=ep&ep.sign=symmetric&ep.output=linear", "rule=ep&ep.schedule=random",
		"rule=chl", "rule=chl&chl.gain=0.5",
	} {
		t.Run(link, func(t *testing.T) {
			r := newRun(t, link+"&data=spiral&hidden=16,16")
			for stage := range 2 {
				if stage == 1 {
					for range 100 {
						r.Step()
					}
				}
				s := r.Rule.(rule.Settler)
				d, k := r.Train.Dim, r.Train.Outputs
				for n := range 5 {
					x, y := r.Train.X[n*d:(n+1)*d], r.Train.Y[n*k:(n+1)*k]
					checkTrace(t, r.Net.Sizes[1:], s.Settle(x, y), false)
					checkTrace(t, r.Net.Sizes[1:], s.Settle(x, nil), true)
				}
			}
		})
	}
}

// checkTrace checks tr's shape for layers of the given sizes and that its
// energy does not rise within a phase (up to rounding: 1e-12 relative)
// but falls somewhere when a target pulls (the dynamics move at all).
func checkTrace(t *testing.T, sizes []int, tr rule.SettleTrace, free bool) {
	t.Helper()
	T := len(tr.Energy)
	if T == 0 || len(tr.Phase) != T || len(tr.States) != len(sizes) {
		t.Fatalf("trace of %d energies, %d phases, %d layers; want equal lengths and %d layers", T, len(tr.Phase), len(tr.States), len(sizes))
	}
	for l, st := range tr.States {
		if len(st) != T {
			t.Fatalf("layer %d: %d steps, want %d", l, len(st), T)
		}
		for _, s := range st {
			if len(s) != sizes[l] {
				t.Fatalf("layer %d: %d states, want %d", l, len(s), sizes[l])
			}
		}
	}
	fell := false
	for i := 1; i < T; i++ {
		if free && tr.Phase[i] != "free" {
			t.Errorf("step %d of a free trace is in phase %q", i, tr.Phase[i])
		}
		if tr.Phase[i] != tr.Phase[i-1] {
			continue
		}
		e, prev := tr.Energy[i], tr.Energy[i-1]
		if e > prev+1e-12*math.Max(1, math.Abs(prev)) {
			t.Errorf("%s step %d: energy rose from %.12g to %.12g", tr.Phase[i], i, prev, e)
		}
		fell = fell || e < prev
	}
	if !free && !fell {
		t.Errorf("the energy never fell in %d steps", T)
	}
}
