package run

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"plasticity/core/probe"
)

func probeValue(ps []probe.Metric, key string) []float64 {
	i := slices.IndexFunc(ps, func(m probe.Metric) bool { return m.Key == key })
	if i < 0 {
		return nil
	}
	return ps[i].Values
}

// TestHLOPReducesForgetting: backprop learns the bars, then the bars with
// their pixels permuted (a second task, with labels). Without HLOP the
// first task is partly forgotten; with HLOP's projection much less, and
// the second task is still learned.
func TestHLOPReducesForgetting(t *testing.T) {
	const link = "rule=bp&data=bars&hidden=32&epochs=80&shift=permute:1&shiftat=30&shiftmode=task&opt=sgd&lr=0.1"
	plain, hlop := mustRun(t, link), mustRun(t, link+"&hlop=16")
	train(plain)
	train(hlop)
	first := func(r *Run) float64 { return probeValue(r.Probes(), "source_acc")[0] }
	// Measured: 0.91 without, 0.965 with; both about 0.985 before the
	// shift, and 0.975 / 0.98 on the second task.
	if !(first(hlop) >= first(plain)+0.03) {
		t.Errorf("first task after the second: %.3f with HLOP, %.3f without; want a lead of 0.03", first(hlop), first(plain))
	}
	if acc := hlop.Metrics().TestAcc; !(acc >= 0.9) {
		t.Errorf("second task with HLOP: test accuracy %.3f, want ≥ 0.9", acc)
	}
	if d := probeValue(hlop.Probes(), "hlop_dims"); d[0] != 16 || d[1] != 16 {
		t.Errorf("hlop_dims = %v, want 16 per layer", d)
	}
}

// TestHLOPSubspace: with as many subspace neurons as the inputs have
// dimensions (2 coordinates and the bias input), Oja's subspace rule
// reconstructs the inputs entirely; after the boundary the frozen rows are
// orthonormal and the projection removes every component of a gradient
// along them, so that a layer's response to them no longer changes.
func TestHLOPSubspace(t *testing.T) {
	r := mustRun(t, "data=gauss&hlop=3&epochs=20&shift=noise:0.1&shiftat=20&shiftmode=task")
	train(r)
	if c := probeValue(r.Probes(), "hlop_captured"); !(c[0] > 0.999) {
		t.Errorf("hlop_captured = %v, want > 0.999 for the 3-dimensional input layer", c)
	}
	hl := r.hlop.layers[0]
	if hl.frozen != 3 {
		t.Fatalf("%d frozen rows, want 3", hl.frozen)
	}
	for i := 0; i < hl.frozen; i++ {
		for j := 0; j < hl.frozen; j++ {
			dot := 0.0
			for k := 0; k < hl.d; k++ {
				dot += hl.h[i*hl.d+k] * hl.h[j*hl.d+k]
			}
			want := 0.0
			if i == j {
				want = 1
			}
			if math.Abs(dot-want) > 1e-12 {
				t.Fatalf("frozen rows %d·%d = %g, want %g", i, j, dot, want)
			}
		}
	}
	// A random gradient for every layer, projected.
	rnd := rand.New(rand.NewPCG(1, 1))
	for _, ly := range r.Net.Layers {
		for i := range ly.W.Grad {
			ly.W.Grad[i] = rnd.NormFloat64()
		}
		for i := range ly.B.Grad {
			ly.B.Grad[i] = rnd.NormFloat64()
		}
	}
	r.hlop.project(r.Net)
	for l, ly := range r.Net.Layers {
		hl := r.hlop.layers[l]
		for j := 0; j < hl.frozen; j++ {
			x := hl.h[j*hl.d : (j+1)*hl.d]
			for i := 0; i < ly.Out; i++ {
				s := ly.B.Grad[i] * x[ly.In]
				for k := 0; k < ly.In; k++ {
					s += ly.W.Grad[i*ly.In+k] * x[k]
				}
				if math.Abs(s) > 1e-9 {
					t.Fatalf("layer %d: the projected gradient still moves the response to frozen direction %d by %g", l, j, s)
				}
			}
		}
	}
}
