package run

import (
	"errors"
	"slices"
	"testing"
)

func TestSpikingTwinLink(t *testing.T) {
	for _, test := range []struct {
		name, link string
		lif        []bool
		reset      []string
		mpr        []bool
		bad        []string
	}{
		{"a non-spiking twin", "neuron=lif&rule=bptt&data=xor&hidden=8&cmp=bp&r2.neuron=rate",
			[]bool{true, false}, []string{"hard", "hard"}, []bool{false, false}, nil},
		{"hard against soft with the rectifier", "neuron=lif&rule=bptt&data=xor&hidden=8&cmp=bptt&r2.snn.reset=soft&r2.snn.mpr=1",
			[]bool{true, true}, []string{"hard", "soft"}, []bool{false, true}, nil},
		{"a spiking rule on ordinary units", "neuron=lif&rule=bptt&data=xor&hidden=8&cmp=bptt&r2.neuron=rate",
			[]bool{true, true}, []string{"hard", "hard"}, []bool{false, false}, []string{"r2.neuron"}},
		{"an unknown reset", "neuron=lif&rule=bptt&cmp=bp&r2.snn.reset=half",
			[]bool{true, true}, []string{"hard", "hard"}, []bool{false, false}, []string{"r2.snn.reset"}},
	} {
		t.Run(test.name, func(t *testing.T) {
			c, err := DecodeComparison(test.link)
			var keys []string
			var le *LinkError
			if errors.As(err, &le) {
				keys = le.Keys()
			}
			if !slices.Equal(keys, test.bad) {
				t.Errorf("problems %v, want %v (%v)", keys, test.bad, err)
			}
			for i, e := range c.Runs {
				if e.Spiking.LIF != test.lif[i] || e.Spiking.Reset != test.reset[i] || e.Spiking.MPR != test.mpr[i] {
					t.Errorf("run %d: %+v", i+1, e.Spiking)
				}
			}
			if err := c.Validate(); err != nil {
				t.Errorf("invalid: %v", err)
			}
			d, err := DecodeComparison(c.Encode())
			if err != nil || !d.Equal(c) {
				t.Errorf("round trip %q: %v", c.Encode(), err)
			}
			if test.bad != nil {
				return
			}
			cmp, err := NewComparison(c)
			if err != nil {
				t.Fatal(err)
			}
			runs := cmp.Runs()
			if !sameWeights(runs[0], runs[1]) {
				t.Error("the twins start from different weights")
			}
			if runs[0].Net.IsSpiking() != test.lif[0] || runs[1].Net.IsSpiking() != test.lif[1] {
				t.Error("the networks' neuron models do not follow the link")
			}
		})
	}
}
