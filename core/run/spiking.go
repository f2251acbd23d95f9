package run

import (
	"fmt"
	"math"
	"net/url"
	"strconv"

	"plasticity/core/nn"
	"plasticity/core/probe"
	"plasticity/core/rule"
)

// Spiking is the neuron model of the network's hidden layers: ordinary
// units (the default) or leaky integrate-and-fire neurons simulated over
// time (core/nn/spiking.go has the equations). The link writes it as
//
//	neuron=lif       spiking hidden layers (neuron=rate, the default: ordinary units)
//	snn.t=4          time steps per example, T
//	snn.decay=0.5    the leak λ: the share of the potential kept from one step to the next
//	snn.threshold=0.5  the firing threshold θ
//	snn.reset=hard   hard (to 0) or soft (subtract θ)
//	snn.mpr=1        the membrane potential rectifier of Guo et al. (2022)
//	snn.coding=rate  direct (the input at every step) or rate (Bernoulli spikes)
//	snn.readout=potential  count (the last hidden layer's firing rates) or potential
//	                 (the final potential of non-firing leaky output neurons)
//
// The snn.* keys keep their values while neuron=rate, so that switching
// the neuron model back and forth keeps the settings; they act only with
// neuron=lif.
type Spiking struct {
	LIF       bool    // neuron=lif
	Steps     int     // snn.t
	Decay     float64 // snn.decay
	Threshold float64 // snn.threshold
	Reset     string  // snn.reset
	MPR       bool    // snn.mpr
	Coding    string  // snn.coding
	Readout   string  // snn.readout
}

// DefaultSpiking returns the neuron model of a link without neuron or
// snn.* keys: ordinary units, with the spiking settings at their defaults
// (Guo et al.'s threshold ½, a leak of ½ per step, four steps, the vanilla
// hard reset without the rectifier, direct input and a firing-rate readout).
func DefaultSpiking() Spiking {
	return Spiking{Steps: 4, Decay: 0.5, Threshold: 0.5, Reset: "hard", Coding: "direct", Readout: "count"}
}

// Limits of the spiking settings. MaxSpikeUnits bounds T × (hidden units):
// a spiking net keeps every hidden neuron's potential and spike at every
// step for up to 1024 examples (16 bytes each, so at most 64 MB).
const (
	MaxSteps      = 32
	MinThreshold  = 0.01
	MaxThreshold  = 10
	MaxSpikeUnits = 4096
)

// spikingKeys are the link keys of Spiking, in the order problems name them.
var spikingKeys = []string{"neuron", "snn.t", "snn.decay", "snn.threshold", "snn.reset", "snn.mpr", "snn.coding", "snn.readout"}

// decodeSpiking reads the neuron and snn.* keys into e.Spiking after
// Decode's loop and the network's size are settled, then makes the
// experiment consistent: a rule that trains only spiking networks
// (rule.Info.Spiking) implies neuron=lif, a spiking network gets a hidden
// layer, and T shrinks until the traces fit (MaxSpikeUnits).
func decodeSpiking(vals url.Values, e *Experiment, bad func(key, format string, args ...any)) {
	s := &e.Spiking
	for _, k := range spikingKeys {
		v, ok := vals[k]
		if !ok {
			continue
		}
		str := last(v)
		switch k {
		case "neuron":
			switch str {
			case "rate":
				s.LIF = false
			case "lif":
				s.LIF = true
			default:
				bad(k, "%q is not rate (ordinary units) or lif (spiking); using %s", str, neuronKey(s.LIF))
			}
		case "snn.t":
			parseInt(&s.Steps, k, str, 1, MaxSteps, bad)
		case "snn.decay":
			parseFloat(&s.Decay, k, str, 0, 1, bad)
		case "snn.threshold":
			parseFloat(&s.Threshold, k, str, MinThreshold, MaxThreshold, bad)
		case "snn.mpr":
			parseBool(&s.MPR, k, str, bad)
		case "snn.reset":
			parseChoice(&s.Reset, k, str, nn.ResetKeys(), bad)
		case "snn.coding":
			parseChoice(&s.Coding, k, str, nn.CodingKeys(), bad)
		case "snn.readout":
			parseChoice(&s.Readout, k, str, nn.ReadoutKeys(), bad)
		}
	}
	if info, ok := rule.Lookup(e.Rule); ok && info.Spiking && !s.LIF {
		if _, ok := vals["neuron"]; ok {
			bad("neuron", "the rule %s trains spiking networks; using lif", e.Rule)
		}
		s.LIF = true
	}
	if !s.LIF {
		return
	}
	if len(e.Hidden) == 0 {
		e.Hidden = Default().Hidden
		bad("hidden", "a spiking network needs a hidden layer of spiking neurons; using %s", joinInts(e.Hidden))
	}
	if units := spikeUnits(e.Hidden); s.Steps*units > MaxSpikeUnits {
		if units > MaxSpikeUnits {
			e.Hidden = Default().Hidden
			bad("hidden", "%d spiking neurons keep more traces than a browser tab holds (T × units ≤ %d); using %s", units, MaxSpikeUnits, joinInts(e.Hidden))
		} else {
			t := MaxSpikeUnits / units
			bad("snn.t", "%d steps of %d spiking neurons keep more traces than a browser tab holds (T × units ≤ %d); using %d", s.Steps, units, MaxSpikeUnits, t)
			s.Steps = t
		}
	}
}

func neuronKey(lif bool) string {
	if lif {
		return "lif"
	}
	return "rate"
}

func spikeUnits(hidden []int) int {
	n := 0
	for _, h := range hidden {
		n += h
	}
	return n
}

func parseChoice(dst *string, k, s string, keys []string, bad func(string, string, ...any)) {
	for _, c := range keys {
		if c == s {
			*dst = s
			return
		}
	}
	bad(k, "%q is not one of %v; using %s", s, keys, *dst)
}

// encode writes s's keys that differ from DefaultSpiking into v.
func (s Spiking) encode(v url.Values) {
	d := DefaultSpiking()
	if s.LIF {
		v.Set("neuron", "lif")
	}
	if s.Steps != d.Steps {
		v.Set("snn.t", strconv.Itoa(s.Steps))
	}
	if s.Decay != d.Decay {
		v.Set("snn.decay", fmtFloat(s.Decay))
	}
	if s.Threshold != d.Threshold {
		v.Set("snn.threshold", fmtFloat(s.Threshold))
	}
	if s.Reset != d.Reset {
		v.Set("snn.reset", s.Reset)
	}
	if s.MPR != d.MPR {
		v.Set("snn.mpr", "1")
	}
	if s.Coding != d.Coding {
		v.Set("snn.coding", s.Coding)
	}
	if s.Readout != d.Readout {
		v.Set("snn.readout", s.Readout)
	}
}

// validateSpiking reports what is wrong with e.Spiking.
func (e Experiment) validateSpiking(bad func(key, format string, args ...any)) {
	s := e.Spiking
	if s.Steps < 1 || s.Steps > MaxSteps {
		bad("snn.t", "%d is outside [1, %d]", s.Steps, MaxSteps)
	}
	if !(s.Decay >= 0 && s.Decay <= 1) {
		bad("snn.decay", "%g is outside [0, 1]", s.Decay)
	}
	if !(s.Threshold >= MinThreshold && s.Threshold <= MaxThreshold) {
		bad("snn.threshold", "%g is outside [%g, %g]", s.Threshold, MinThreshold, MaxThreshold)
	}
	if _, err := nn.ParseReset(s.Reset); err != nil {
		bad("snn.reset", "%v", err)
	}
	if _, err := nn.ParseCoding(s.Coding); err != nil {
		bad("snn.coding", "%v", err)
	}
	if _, err := nn.ParseReadout(s.Readout); err != nil {
		bad("snn.readout", "%v", err)
	}
	if info, ok := rule.Lookup(e.Rule); ok && info.Spiking && !s.LIF {
		bad("neuron", "the rule %s trains spiking networks: set neuron=lif", e.Rule)
	}
	if !s.LIF {
		return
	}
	if len(e.Hidden) == 0 {
		bad("hidden", "a spiking network needs a hidden layer of spiking neurons")
	}
	if n := s.Steps * spikeUnits(e.Hidden); n > MaxSpikeUnits {
		bad("snn.t", "T × spiking units = %d; at most %d", n, MaxSpikeUnits)
	}
}

// spikingConfig returns the network's spiking configuration, nil for
// ordinary units. The rate coding's draws come from the "spikes" stream.
func (e Experiment) spikingConfig() *nn.SpikingConfig {
	s := e.Spiking
	if !s.LIF {
		return nil
	}
	reset, _ := nn.ParseReset(s.Reset)
	coding, _ := nn.ParseCoding(s.Coding)
	readout, _ := nn.ParseReadout(s.Readout)
	return &nn.SpikingConfig{
		Steps: s.Steps, Decay: s.Decay, Threshold: s.Threshold,
		Reset: reset, Rectify: s.MPR, Coding: coding, Readout: readout,
		Seed: Stream(e.Seed, "spikes").Uint64(),
	}
}

// checkSpiking refuses a spiking network for a rule that computes its own
// forward pass (rule.Forwarder, rule.Predictor): the network would never
// spike, and the run would silently be an ordinary one.
func (r *Run) checkSpiking() error {
	if !r.Net.IsSpiking() {
		return nil
	}
	_, fw := r.Rule.(rule.Forwarder)
	_, pr := r.Rule.(rule.Predictor)
	if fw || pr {
		return &LinkError{Problems: []Problem{{Key: "neuron",
			Msg: fmt.Sprintf("the rule %s computes its own forward pass, so its network cannot spike; use neuron=rate", r.RuleInfo.Title)}}}
	}
	return nil
}

// spikingProbes measures the spiking layers on the examples the sparsity
// probe uses (up to evalChunk test examples, or training examples without
// test data): firing rate, the quantisation error between potential and
// spike that Guo et al. (2022) reduce, and the potential lost to hard
// resets (nn.SpikeStat defines them). A network of ordinary units has none.
func (r *Run) spikingProbes() []probe.Metric {
	if !r.Net.IsSpiking() {
		return nil
	}
	s := r.Test
	if s.N == 0 {
		s = r.Train
	}
	n := min(s.N, evalChunk)
	r.forward(s.X[:n*s.Dim], n)
	stats := r.Net.SpikeStats()
	L := r.Net.NumLayers()
	rate, quant, lost := make([]float64, L), make([]float64, L), make([]float64, L)
	for l := range rate {
		rate[l], quant[l], lost[l] = math.NaN(), math.NaN(), math.NaN()
		if l < len(stats) {
			rate[l], quant[l], lost[l] = stats[l].Rate, stats[l].QuantError, stats[l].ResetLoss
		}
	}
	return []probe.Metric{
		{Key: "firing_rate", Label: "Firing rate", PerLayer: true, Values: rate,
			Help: "Spikes per neuron and time step in each spiking layer, over examples: 0 is silent, 1 fires at every step."},
		{Key: "quant_error", Label: "Quantisation error", PerLayer: true, Values: quant,
			Help: "Mean |ρ(u)/2θ − s| between each neuron's potential (rectified with snn.mpr=1) and its spike: the information lost by turning potentials into 0/1 spikes (Guo et al. 2022)."},
		{Key: "reset_loss", Label: "Potential lost to resets", Unit: "θ", PerLayer: true, Values: lost,
			Help: "Potential above threshold that hard resets throw away, per neuron and step, in units of θ; the soft reset keeps it (0)."},
	}
}

// SpikeTrace returns, for the single example x, what each spiking layer
// did at every time step: the input each step, the spike raster (T ×
// units booleans per hidden layer) and the potentials before the spikes
// (T × units). ok is false for a network of ordinary units. It runs a
// forward pass, as Paint does; call it between steps.
func (r *Run) SpikeTrace(x []float64) (tr nn.SpikeTrace, ok bool) {
	if !r.Net.IsSpiking() {
		return nn.SpikeTrace{}, false
	}
	r.forward(x, 1)
	return r.Net.SpikeTrace(0), true
}
