package app

import (
	"math"
	"slices"
	"testing"

	"plasticity/components"
)

// spikingModel returns a model of a spiking network trained a few steps.
func spikingModel(t *testing.T, link string) *model {
	t.Helper()
	m := newModel(link)
	if m.run == nil || !m.run.Net.IsSpiking() {
		t.Fatalf("%q: no spiking run", link)
	}
	for range 20 {
		if err := m.run.Step(); err != nil {
			t.Fatal(err)
		}
	}
	return m
}

func TestSpikeViews(t *testing.T) {
	t.Parallel()
	for _, test := range []struct {
		name, link string
		reset      string
		mpr        bool
	}{
		{"hard reset", "neuron=lif&rule=bptt&data=xor&hidden=12,6&snn.t=8&snn.threshold=0.3", "hard", false},
		{"soft reset with the rectifier", "neuron=lif&rule=bptt&data=xor&hidden=12,6&snn.t=8&snn.threshold=0.3&snn.reset=soft&snn.mpr=1", "soft", true},
	} {
		t.Run(test.name, func(t *testing.T) {
			m := spikingModel(t, test.link)
			r := m.run
			chosen := []components.SpikeNeuron{{Layer: 1, Unit: 2}, {Layer: 0, Unit: 99}, {Layer: 5, Unit: 0}} // two not in the net
			raster, trace := spikeViews(r, pick{set: true, x: 0.5, y: -0.5}, chosen)
			if raster == nil || trace == nil {
				t.Fatal("no views for a spiking network")
			}
			if raster.Steps != 8 || len(raster.Layers) != 2 || raster.Stepper || raster.Where == "" {
				t.Errorf("raster: %d steps, %d layers, stepper %v, where %q", raster.Steps, len(raster.Layers), raster.Stepper, raster.Where)
			}
			if len(raster.Layers[0].Spikes) != 8 || len(raster.Layers[0].Spikes[0]) != 12 || len(raster.Layers[1].Spikes[0]) != 6 {
				t.Errorf("raster shape: %d steps × %d and %d units", len(raster.Layers[0].Spikes), len(raster.Layers[0].Spikes[0]), len(raster.Layers[1].Spikes[0]))
			}
			if !slices.Equal(raster.Layers[1].Chosen, []int{2}) || len(raster.Layers[0].Chosen) != 0 {
				t.Errorf("chosen rows %v and %v; want none and [2]", raster.Layers[0].Chosen, raster.Layers[1].Chosen)
			}
			if len(trace.Traces) != 1 || trace.Auto || trace.Reset != test.reset || trace.MPR != test.mpr || trace.Threshold != 0.3 {
				t.Fatalf("trace: %+v", trace)
			}
			tr, _ := r.SpikeTrace([]float64{0.5, -0.5})
			nt := trace.Traces[0]
			for t0 := range 8 {
				u, s := tr.Potential[1][t0][2], tr.Spikes[1][t0][2]
				want := u
				switch {
				case s && test.reset == "soft":
					want = u - 0.3
				case s:
					want = 0
				}
				if nt.Before[t0] != u || nt.Spikes[t0] != s || math.Abs(nt.After[t0]-want) > 1e-12 {
					t.Errorf("step %d: before %g after %g spike %v; want %g, %g, %v", t0, nt.Before[t0], nt.After[t0], nt.Spikes[t0], u, want, s)
				}
				if s != (u >= 0.3) {
					t.Errorf("step %d: spike %v at u = %g", t0, s, u)
				}
				if test.mpr {
					if rho := nt.Rectified[t0]; (rho >= 0.3) != (u >= 0.3) {
						t.Errorf("step %d: ρ(%g) = %g crosses θ differently", t0, u, rho)
					}
				} else if nt.Rectified != nil {
					t.Error("a rectified trace without the rectifier")
				}
			}
			// The raster's figures agree with the network's own statistics
			// on the same single input.
			stats := r.Net.SpikeStats()
			for l := range 2 {
				rate, quant := traceStats(tr, l, test.mpr)
				if math.Abs(rate-stats[l].Rate) > 1e-12 || math.Abs(quant-stats[l].QuantError) > 1e-12 {
					t.Errorf("layer %d: rate %g quant %g; the net says %g and %g", l, rate, quant, stats[l].Rate, stats[l].QuantError)
				}
			}
		})
	}
}

func TestSpikeViewsAuto(t *testing.T) {
	t.Parallel()
	m := spikingModel(t, "neuron=lif&rule=bptt&data=xor&hidden=10&snn.t=6&snn.threshold=0.2")
	_, trace := spikeViews(m.run, pick{}, nil)
	if trace == nil || !trace.Auto || len(trace.Traces) != 1 {
		t.Fatalf("trace %+v", trace)
	}
	n := trace.Traces[0].Neuron
	tr, _ := m.run.SpikeTrace(slices.Clone(m.run.Train.Row(0)))
	if want := firstFiring(tr); n != want {
		t.Errorf("automatic neuron %v; want the first that fires, %v", n, want)
	}
	// Ordinary units: no views.
	plain := newModel("data=xor&hidden=4")
	if r, tr := spikeViews(plain.run, pick{}, nil); r != nil || tr != nil {
		t.Error("spiking views for a network of ordinary units")
	}
	// Data not in the plane: the raster steps through examples.
	img := newModel("neuron=lif&rule=bptt&data=eyes&hidden=8")
	if r, _ := spikeViews(img.run, pick{index: 3, set: true}, nil); r == nil || !r.Stepper || r.Where != "for training example 4" {
		t.Errorf("raster for 16 inputs: %+v", r)
	}
}

func TestToggleNeuron(t *testing.T) {
	t.Parallel()
	n := func(l, u int) components.SpikeNeuron { return components.SpikeNeuron{Layer: l, Unit: u} }
	var c []components.SpikeNeuron
	for u := range 5 {
		c = toggleNeuron(c, n(0, u))
	}
	if want := []components.SpikeNeuron{n(0, 1), n(0, 2), n(0, 3), n(0, 4)}; !slices.Equal(c, want) {
		t.Errorf("after five: %v; want the last %d, %v", c, maxTraced, want)
	}
	before := slices.Clone(c)
	d := toggleNeuron(c, n(0, 2))
	if want := []components.SpikeNeuron{n(0, 1), n(0, 3), n(0, 4)}; !slices.Equal(d, want) || !slices.Equal(c, before) {
		t.Errorf("dropping: %v (input now %v); want %v and the input unchanged", d, c, want)
	}
}
