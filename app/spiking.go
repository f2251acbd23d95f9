package app

import (
	"fmt"
	"math"
	"slices"
	"strconv"

	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"

	"plasticity/components"
	"plasticity/core/nn"
	"plasticity/core/run"
)

// The views of a spiking network (issue 13): the spike raster of every
// spiking layer for the picked input (the point under the pointer on the
// decision map, or a training example), and the membrane potentials of the
// neurons the learner chose by clicking rows of the raster. Both are pure
// functions of a run, the pick and the chosen neurons; they run one
// forward pass of the picked input (run.Run.SpikeTrace). The firing rates
// and quantisation errors over the test set are probes, charted with the
// others (core/run/spiking.go).

// maxTraced is the most neurons whose traces show; choosing another
// drops the one chosen first.
const maxTraced = 4

// spikeState is what the page keeps for the spiking views.
type spikeState struct {
	chosen []components.SpikeNeuron // oldest first
	raster *components.SpikeRaster
	trace  *components.MembraneTrace
}

// toggleNeuron returns chosen with n removed if it is there, else added
// (dropping the oldest beyond maxTraced); a fresh slice.
func toggleNeuron(chosen []components.SpikeNeuron, n components.SpikeNeuron) []components.SpikeNeuron {
	if i := slices.Index(chosen, n); i >= 0 {
		return slices.Delete(slices.Clone(chosen), i, i+1)
	}
	out := append(slices.Clone(chosen), n)
	if len(out) > maxTraced {
		out = out[len(out)-maxTraced:]
	}
	return out
}

// spikeViews returns the raster and the traces of r at the picked input,
// or nils for a network of ordinary units. Chosen neurons that r's network
// does not have are ignored; with none, the trace shows the first neuron
// of the first layer that fires on this input (or neuron 1).
func spikeViews(r *run.Run, pk pick, chosen []components.SpikeNeuron) (*components.SpikeRaster, *components.MembraneTrace) {
	if r == nil || !r.Net.IsSpiking() {
		return nil, nil
	}
	x, _, where := pickedInput(r, pk)
	if x == nil {
		return nil, nil
	}
	tr, ok := r.SpikeTrace(x)
	if !ok || len(tr.Spikes) == 0 {
		return nil, nil
	}
	sp := r.Exp.Spiking
	var valid []components.SpikeNeuron
	for _, n := range chosen {
		if n.Layer >= 0 && n.Layer < len(tr.Spikes) && n.Unit >= 0 && n.Unit < components.RasterRows(len(tr.Spikes[n.Layer][0])) {
			valid = append(valid, n)
		}
	}
	auto := len(valid) == 0
	if auto {
		valid = []components.SpikeNeuron{firstFiring(tr)}
	}
	raster := &components.SpikeRaster{Steps: tr.Steps, Where: where, Stepper: !(r.DataInfo.Plane && r.Train.Dim == 2)}
	for l, spikes := range tr.Spikes {
		layer := components.RasterLayer{Title: "Hidden " + strconv.Itoa(l+1), Spikes: spikes}
		if !auto {
			for _, n := range valid {
				if n.Layer == l {
					layer.Chosen = append(layer.Chosen, n.Unit)
				}
			}
		}
		rate, quant := traceStats(tr, l, sp.MPR)
		layer.Note = fmt.Sprintf("firing rate %s, quantisation error %s on this input", components.FormatNumber(rate), components.FormatNumber(quant))
		raster.Layers = append(raster.Layers, layer)
	}
	trace := &components.MembraneTrace{Threshold: tr.Threshold, Reset: sp.Reset, MPR: sp.MPR, Auto: auto}
	for _, n := range valid {
		trace.Traces = append(trace.Traces, neuronTrace(tr, n, sp))
	}
	return raster, trace
}

// firstFiring returns the first neuron (by layer, then unit) that fires
// at some step of tr, or neuron 1 of hidden layer 1.
func firstFiring(tr nn.SpikeTrace) components.SpikeNeuron {
	for l, spikes := range tr.Spikes {
		for j := 0; j < components.RasterRows(len(spikes[0])); j++ {
			for _, st := range spikes {
				if st[j] {
					return components.SpikeNeuron{Layer: l, Unit: j}
				}
			}
		}
	}
	return components.SpikeNeuron{}
}

// neuronTrace returns neuron n's potential over the steps of tr: before
// the spike, after the reset (0 for a hard reset, u − θ for a soft one),
// and rectified by ρ when the rectifier is on.
func neuronTrace(tr nn.SpikeTrace, n components.SpikeNeuron, sp run.Spiking) components.NeuronTrace {
	theta := tr.Threshold
	out := components.NeuronTrace{Neuron: n, Title: "Hidden " + strconv.Itoa(n.Layer+1) + ", neuron " + strconv.Itoa(n.Unit+1)}
	for t := range tr.Potential[n.Layer] {
		u := tr.Potential[n.Layer][t][n.Unit]
		s := tr.Spikes[n.Layer][t][n.Unit]
		v := u
		if s {
			if sp.Reset == "soft" {
				v = u - theta
			} else {
				v = 0
			}
		}
		out.Before = append(out.Before, gap(u))
		out.After = append(out.After, gap(v))
		out.Spikes = append(out.Spikes, s)
		if sp.MPR {
			out.Rectified = append(out.Rectified, gap(rectify(u, theta)))
		}
	}
	return out
}

// rectify is the membrane potential rectifier ρ(u) = 2θ·φ(u/2θ)
// (core/nn/spiking.go).
func rectify(u, theta float64) float64 { return 2 * theta * nn.MPR(u/(2*theta)) }

// traceStats returns hidden layer l's firing rate (spikes per neuron and
// step) and quantisation error (mean |ρ(u)/2θ − s|, nn.SpikeStat's) on the
// traced input.
func traceStats(tr nn.SpikeTrace, l int, mpr bool) (rate, quant float64) {
	n := 0
	for t, st := range tr.Spikes[l] {
		for j, on := range st {
			u := tr.Potential[l][t][j]
			if mpr {
				u = rectify(u, tr.Threshold)
			}
			s := 0.0
			if on {
				s = 1
			}
			rate += s
			quant += math.Abs(u/(2*tr.Threshold) - s)
			n++
		}
	}
	if n == 0 {
		return math.NaN(), math.NaN()
	}
	return rate / float64(n), quant / float64(n)
}

// publishSpiking computes the spiking views of r (nil for other networks).
func (p *Playground) publishSpiking(r *run.Run) {
	p.spike.raster, p.spike.trace = spikeViews(r, p.pick, p.spike.chosen)
}

// onSpikeNeuron chooses or drops a neuron to trace.
func (p *Playground) onSpikeNeuron(ctx goapp.Context, a goapp.Action) {
	n, ok := a.Value.(components.SpikeNeuron)
	if !ok {
		return
	}
	p.spike.chosen = toggleNeuron(p.spike.chosen, n)
	p.publishDiagnostics()
}

// spikingViews returns the spiking views to show among the diagnostics.
func (p *Playground) spikingViews() []goapp.UI {
	var out []goapp.UI
	if p.spike.raster != nil {
		r := *p.spike.raster
		out = append(out, &r)
	}
	if p.spike.trace != nil {
		t := *p.spike.trace
		out = append(out, &t)
	}
	return out
}

// spikingFields returns the neuron model's settings for the network
// panel: ordinary units or spiking neurons, and for spiking neurons the
// time steps, the threshold, the leak, the reset and the rectifier. Each
// sets its link key (core/run/spiking.go), like every other field.
func spikingFields(e run.Experiment, locked bool) goapp.UI {
	s := e.Spiking
	neuron := &components.SelectField{
		ID: "neuron", Key: "neuron", Label: "Neurons", Value: map[bool]string{true: "lif", false: "rate"}[s.LIF],
		Help:    "Ordinary units, or leaky integrate-and-fire neurons that spike over time steps (train them with surrogate-gradient BPTT).",
		Options: []components.Option{{Value: "rate", Label: "Ordinary units"}, {Value: "lif", Label: "Spiking (LIF)"}},
		Locked:  locked,
	}
	if !s.LIF {
		return goapp.Div().Class("field-row3", "spiking-fields").Body(neuron)
	}
	return goapp.Div().Class("field-row3", "spiking-fields").Body(
		neuron,
		&components.ParamSlider{
			ID: "snn-t", Key: "snn.t", Label: "Time steps T", Value: float64(s.Steps),
			Help:   "How many steps each example is simulated for: more steps, finer firing rates, slower training.",
			Scale:  components.SliderScale{Min: 1, Max: run.MaxSteps, Integer: true},
			Locked: locked,
		},
		&components.ParamSlider{
			ID: "snn-threshold", Key: "snn.threshold", Label: "Threshold θ", Value: s.Threshold,
			Help:   "A neuron fires when its potential reaches θ.",
			Scale:  components.SliderScale{Min: run.MinThreshold, Max: run.MaxThreshold, Log: true},
			Locked: locked,
		},
		&components.ParamSlider{
			ID: "snn-decay", Key: "snn.decay", Label: "Leak λ", Value: s.Decay,
			Help:   "The share of the potential kept from one step to the next (1: no leak).",
			Scale:  components.SliderScale{Min: 0, Max: 1},
			Locked: locked,
		},
		&components.SelectField{
			ID: "snn-reset", Key: "snn.reset", Label: "Reset", Value: s.Reset,
			Help:    "After a spike: back to 0 (hard), or down by θ, keeping the overshoot (soft, Guo et al. 2022).",
			Options: []components.Option{{Value: "hard", Label: "Hard: to 0"}, {Value: "soft", Label: "Soft: subtract θ"}},
			Locked:  locked,
		},
		&components.SelectField{
			ID: "snn-mpr", Key: "snn.mpr", Label: "Rectifier", Value: map[bool]string{true: "1", false: "0"}[s.MPR],
			Help:    "The membrane potential rectifier of Guo et al. (2022): pushes the potential towards 0 or 2θ before the spike, cutting the quantisation error.",
			Options: []components.Option{{Value: "0", Label: "Off"}, {Value: "1", Label: "On (MPR)"}},
			Locked:  locked,
		},
	)
}
