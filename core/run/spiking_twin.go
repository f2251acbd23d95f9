package run

import (
	"fmt"

	"plasticity/core/nn"
)

// A comparison's runs may differ in the neuron model (rN.neuron), the
// reset (rN.snn.reset) and the rectifier (rN.snn.mpr), so that a spiking
// network can be compared with its non-spiking twin, or the hard reset with
// the soft reset and the rectifier of Guo et al. (2022), on the same data,
// from the same initial weights, with the same batches:
//
//	neuron=lif&rule=bptt&cmp=bp&r2.neuron=rate     spiking and ordinary units
//	neuron=lif&rule=bptt&cmp=bptt&r2.snn.reset=soft&r2.snn.mpr=1
//
// The time steps, leak, threshold, coding and readout stay shared.

// parseRunSpiking reads a comparison run's own neuron, snn.reset or
// snn.mpr (key) into e; a value that would leave the run invalid (a
// spiking rule on ordinary units, too many traces) is refused with the
// reason and the shared value kept.
func parseRunSpiking(e *Experiment, key, k, s string, bad func(string, string, ...any)) {
	f := e.Clone()
	switch key {
	case "neuron":
		switch s {
		case "lif":
			f.Spiking.LIF = true
		case "rate":
			f.Spiking.LIF = false
		default:
			bad(k, "%q is not rate or lif; using the shared neuron model", s)
			return
		}
	case "snn.reset":
		parseChoice(&f.Spiking.Reset, k, s, nn.ResetKeys(), bad)
	case "snn.mpr":
		parseBool(&f.Spiking.MPR, k, s, bad)
	}
	if err := f.Validate(); err != nil {
		bad(k, "%v; using the shared value", err)
		return
	}
	e.Spiking = f.Spiking
}

// encodeRunSpiking writes the keys in which run n's neuron model differs
// from base's.
func encodeRunSpiking(set func(key, val, def string), e, base Experiment) {
	set("neuron", neuronKey(e.Spiking.LIF), neuronKey(base.Spiking.LIF))
	set("snn.reset", e.Spiking.Reset, base.Spiking.Reset)
	set("snn.mpr", fmt.Sprint(b2i(e.Spiking.MPR)), fmt.Sprint(b2i(base.Spiking.MPR)))
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
