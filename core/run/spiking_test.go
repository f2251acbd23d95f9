package run

import (
	"errors"
	"math"
	"slices"
	"strings"
	"testing"
)

// TestDecodeSpiking is the table of the neuron and snn.* keys.
func TestDecodeSpiking(t *testing.T) {
	needRules(t, "bptt")
	d := DefaultSpiking()
	for _, test := range []struct {
		name    string
		link    string
		check   func(Experiment) bool
		badKeys []string // keys the error must name, in order
	}{
		{"default: ordinary units", "", func(e Experiment) bool { return e.Spiking == d && !e.Spiking.LIF }, nil},
		{"lif", "neuron=lif", func(e Experiment) bool { return e.Spiking.LIF && e.Spiking.Steps == d.Steps }, nil},
		{"rate", "neuron=rate", func(e Experiment) bool { return !e.Spiking.LIF }, nil},
		{"every key", "neuron=lif&snn.t=8&snn.decay=0.25&snn.threshold=1&snn.reset=soft&snn.mpr=1&snn.coding=rate&snn.readout=potential",
			func(e Experiment) bool {
				return e.Spiking == Spiking{LIF: true, Steps: 8, Decay: 0.25, Threshold: 1, Reset: "soft", MPR: true, Coding: "rate", Readout: "potential"}
			}, nil},
		{"settings kept without lif", "snn.t=6", func(e Experiment) bool { return !e.Spiking.LIF && e.Spiking.Steps == 6 }, nil},
		{"bptt implies lif", "rule=bptt", func(e Experiment) bool { return e.Spiking.LIF }, nil},
		{"bptt refuses rate units", "rule=bptt&neuron=rate", func(e Experiment) bool { return e.Spiking.LIF }, []string{"neuron"}},
		{"unknown neuron", "neuron=izhikevich", func(e Experiment) bool { return !e.Spiking.LIF }, []string{"neuron"}},
		{"steps zero", "neuron=lif&snn.t=0", func(e Experiment) bool { return e.Spiking.Steps == d.Steps }, []string{"snn.t"}},
		{"steps too many", "snn.t=33", nil, []string{"snn.t"}},
		{"decay above 1", "snn.decay=1.5", func(e Experiment) bool { return e.Spiking.Decay == d.Decay }, []string{"snn.decay"}},
		{"threshold zero", "snn.threshold=0", nil, []string{"snn.threshold"}},
		{"threshold NaN", "snn.threshold=NaN", nil, []string{"snn.threshold"}},
		{"unknown reset", "snn.reset=medium", func(e Experiment) bool { return e.Spiking.Reset == d.Reset }, []string{"snn.reset"}},
		{"bad mpr", "snn.mpr=yes", nil, []string{"snn.mpr"}},
		{"unknown coding", "snn.coding=latency", nil, []string{"snn.coding"}},
		{"unknown readout", "snn.readout=max", nil, []string{"snn.readout"}},
		{"unknown snn key", "snn.tau=2", nil, []string{"snn.tau"}},
		{"lif needs a hidden layer", "neuron=lif&hidden=", func(e Experiment) bool { return slices.Equal(e.Hidden, Default().Hidden) }, []string{"hidden"}},
		{"traces too long", "neuron=lif&hidden=512,512&snn.t=32",
			func(e Experiment) bool { return e.Spiking.Steps*1024 <= MaxSpikeUnits }, []string{"snn.t"}},
		{"long traces fine for rate units", "hidden=512,512&snn.t=32", func(e Experiment) bool { return e.Spiking.Steps == 32 }, nil},
	} {
		t.Run(test.name, func(t *testing.T) {
			e, err := Decode(test.link)
			if test.check != nil && !test.check(e) {
				t.Errorf("Decode(%q) = %s (%+v)", test.link, e.Encode(), e.Spiking)
			}
			if err := e.Validate(); err != nil {
				t.Errorf("Decode(%q) returned an invalid experiment: %v", test.link, err)
			}
			if test.badKeys == nil {
				if err != nil {
					t.Errorf("Decode(%q): unexpected error %v", test.link, err)
				}
				return
			}
			var le *LinkError
			if !errors.As(err, &le) {
				t.Fatalf("Decode(%q): got error %v, want a *LinkError", test.link, err)
			}
			if got := le.Keys(); !slices.Equal(got, test.badKeys) {
				t.Errorf("Decode(%q) named keys %v, want %v (%v)", test.link, got, test.badKeys, err)
			}
		})
	}
}

// TestSpikingRoundTrip checks that spiking links come back as written.
func TestSpikingRoundTrip(t *testing.T) {
	needRules(t, "bptt")
	for _, link := range []string{
		"v=1&neuron=lif",
		"v=1&neuron=lif&rule=bptt",
		"v=1&neuron=lif&snn.coding=rate&snn.decay=1&snn.mpr=1&snn.readout=potential&snn.reset=soft&snn.t=16&snn.threshold=2",
		"v=1&snn.t=6",
	} {
		e, err := Decode(link)
		if err != nil {
			t.Fatalf("Decode(%q): %v", link, err)
		}
		if got := e.Encode(); got != link {
			t.Errorf("Encode(Decode(%q)) = %q", link, got)
		}
	}
	// The implied neuron=lif is written out.
	if e, _ := Decode("rule=bptt"); e.Encode() != "v=1&neuron=lif&rule=bptt" {
		t.Errorf("rule=bptt encodes as %q", e.Encode())
	}
}

// TestValidateSpiking checks experiments built in code.
func TestValidateSpiking(t *testing.T) {
	needRules(t, "bptt")
	for _, test := range []struct {
		name string
		edit func(*Experiment)
		key  string // the key the error must name; "" for none
	}{
		{"default", func(*Experiment) {}, ""},
		{"lif", func(e *Experiment) { e.Spiking.LIF = true }, ""},
		{"bptt without lif", func(e *Experiment) { e.Rule = "bptt" }, "neuron"},
		{"zero steps", func(e *Experiment) { e.Spiking.Steps = 0 }, "snn.t"},
		{"negative decay", func(e *Experiment) { e.Spiking.Decay = -0.1 }, "snn.decay"},
		{"unknown reset", func(e *Experiment) { e.Spiking.Reset = "" }, "snn.reset"},
		{"no hidden layer", func(e *Experiment) { e.Spiking.LIF, e.Hidden = true, nil }, "hidden"},
	} {
		t.Run(test.name, func(t *testing.T) {
			e := Default()
			test.edit(&e)
			err := e.Validate()
			switch {
			case test.key == "" && err != nil:
				t.Errorf("unexpected error %v", err)
			case test.key != "" && (err == nil || !strings.Contains(err.Error(), test.key)):
				t.Errorf("got error %v, want one naming %s", err, test.key)
			}
			if test.key != "" {
				if _, err := New(e); err == nil {
					t.Errorf("New accepted it")
				}
			}
		})
	}
}

// TestSpikingRun checks a spiking run end to end: the probes, the trace
// for the page, and that rules computing their own forward pass refuse a
// spiking network instead of silently training an ordinary one.
func TestSpikingRun(t *testing.T) {
	needRules(t, "bptt", "ff")
	r := mustRun(t, "rule=bptt&snn.reset=hard&snn.coding=rate&snn.t=5")
	for range 30 {
		if err := r.Step(); err != nil {
			t.Fatal(err)
		}
	}
	L := r.Net.NumLayers()
	got := map[string][]float64{}
	for _, p := range r.Probes() {
		got[p.Key] = p.Values
	}
	for _, key := range []string{"firing_rate", "quant_error", "reset_loss"} {
		v := got[key]
		if len(v) != L || !math.IsNaN(v[L-1]) {
			t.Errorf("%s: %v, want %d values ending in NaN (the output layer)", key, v, L)
			continue
		}
		for l, x := range v[:L-1] {
			if !(x >= 0) || (key == "firing_rate" && x > 1) {
				t.Errorf("%s[%d] = %g", key, l, x)
			}
		}
	}
	if a := got["update_angle"][0]; !(a < 1e-6) { // degrees; the same gradient up to rounding
		t.Errorf("bptt's update angle to backprop on its own network: %v, want 0", got["update_angle"])
	}
	tr, ok := r.SpikeTrace(r.Test.X[:r.Test.Dim])
	if !ok || tr.Steps != 5 || len(tr.Input) != 5 || len(tr.Spikes) != L-1 || len(tr.Potential) != L-1 {
		t.Fatalf("SpikeTrace: ok %v, %d steps, %d inputs, %d rasters, %d traces", ok, tr.Steps, len(tr.Input), len(tr.Spikes), len(tr.Potential))
	}
	for l, raster := range tr.Spikes {
		if len(raster) != 5 || len(raster[0]) != r.Exp.Hidden[l] {
			t.Errorf("raster %d is %d×%d", l, len(raster), len(raster[0]))
		}
		for step, row := range raster {
			for j, fired := range row {
				// hard reset, no rectifier: a neuron fires exactly when its
				// potential reaches θ.
				if fired != (tr.Potential[l][step][j] >= tr.Threshold) {
					t.Errorf("layer %d step %d neuron %d: fired %v at potential %g", l, step, j, fired, tr.Potential[l][step][j])
				}
			}
		}
	}
	// A picture of 40² points is simulated in chunks of the traces' rows.
	var snap Snapshot
	r.Paint(&snap, 40)
	if len(snap.Units) != L+1 || len(snap.Units[1]) != r.Exp.Hidden[0] {
		t.Errorf("Paint: unit maps of %d layers", len(snap.Units))
	}
	if _, ok := mustRun(t, "v=1").SpikeTrace([]float64{0, 0}); ok {
		t.Error("SpikeTrace of ordinary units")
	}

	ff, _ := Decode("rule=ff&neuron=lif")
	if _, err := New(ff); err == nil || !strings.Contains(err.Error(), "neuron") {
		t.Errorf("forward-forward on spiking neurons: got %v, want an error naming neuron", err)
	}
}

// TestSpikingComparison checks that the runs of a comparison share the
// neuron model: a spiking network is trained by every run, and a rule that
// trains only spiking networks cannot join runs of ordinary units.
func TestSpikingComparison(t *testing.T) {
	needRules(t, "bptt", "fa")
	for _, test := range []struct {
		link    string
		rules   []string
		badKeys []string
	}{
		{"rule=bptt&cmp=bp,fa", []string{"bptt", "bp", "fa"}, nil},
		{"neuron=lif&cmp=bptt", []string{"bp", "bptt"}, nil},
		{"cmp=bptt,fa", []string{"bp", "bp", "fa"}, []string{"cmp"}},
	} {
		t.Run(test.link, func(t *testing.T) {
			c, err := DecodeComparison(test.link)
			if verr := c.Validate(); verr != nil {
				t.Errorf("invalid comparison: %v", verr)
			}
			var rules []string
			for _, e := range c.Runs {
				rules = append(rules, e.Rule)
				if e.Spiking.LIF != c.Runs[0].Spiking.LIF {
					t.Errorf("run %s: neuron model differs from run 1's", e.Rule)
				}
			}
			if !slices.Equal(rules, test.rules) {
				t.Errorf("rules %v, want %v", rules, test.rules)
			}
			var keys []string
			var le *LinkError
			if errors.As(err, &le) {
				keys = le.Keys()
			}
			if !slices.Equal(keys, test.badKeys) {
				t.Errorf("problems %v, want keys %v", err, test.badKeys)
			}
		})
	}
}
