package run

import (
	"math"
	"testing"

	"plasticity/core/probe"
)

// metricValues returns the values of the probe with the given key.
func metricValues(t *testing.T, ms []probe.Metric, key string) []float64 {
	t.Helper()
	for _, m := range ms {
		if m.Key == key {
			return m.Values
		}
	}
	t.Fatalf("no probe %q", key)
	return nil
}

// TestActiveFraction pins the fraction of active units on networks whose
// first hidden layer is forced: zero weights with bias −1 switch every ReLU
// off, bias +1 every one on; the second layer is left as drawn and compared
// with a count over the same forward pass. The output layer has no value.
func TestActiveFraction(t *testing.T) {
	for _, test := range []struct {
		name string
		bias float64
		want float64 // fraction of layer 1's units with h > 0
	}{
		{"all off", -1, 0},
		{"all on", 1, 1},
	} {
		t.Run(test.name, func(t *testing.T) {
			r := mustRun(t, "act=relu&hidden=8,6")
			ly := r.Net.Layers[0]
			clear(ly.W.Value)
			for j := range ly.B.Value {
				ly.B.Value[j] = test.bias
			}
			got := metricValues(t, r.Probes(), "active_fraction")
			if len(got) != 3 {
				t.Fatalf("%d values, want one per weight layer (3)", len(got))
			}
			if got[0] != test.want {
				t.Errorf("layer 1: got %v, want %v", got[0], test.want)
			}
			if !math.IsNaN(got[2]) {
				t.Errorf("output layer: got %v, want NaN", got[2])
			}
			// Layer 2 by brute force over the same examples.
			n := min(r.Test.N, evalChunk)
			r.Net.Forward(r.Test.X[:n*r.Test.Dim], n)
			on := 0
			for _, v := range r.Net.H[2][:n*6] {
				if v > 0 {
					on++
				}
			}
			if want := float64(on) / float64(n*6); got[1] != want {
				t.Errorf("layer 2: got %v, want %v", got[1], want)
			}
		})
	}
}
