package components

import (
	"math"
	"strconv"

	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"
)

// NeuronTrace is one spiking neuron's membrane potential over the time
// steps t = 1 … T of one example.
type NeuronTrace struct {
	Neuron SpikeNeuron
	Title  string // e.g. "Hidden 1, neuron 3"
	// Before[t] is the potential u after charging at step t+1, before the
	// spike; After[t] the potential v after the reset (u when the neuron
	// did not fire).
	Before, After []float64
	// Rectified[t] is ρ(u), the potential the membrane potential rectifier
	// hands the spike function; nil without the rectifier.
	Rectified []float64
	Spikes    []bool
}

// MembraneTrace draws the chosen neurons' membrane potentials for the
// example the SpikeRaster shows, a small chart each: the potential
// charging from step to step and dropping at every reset (to 0 for the
// hard reset, by θ for the soft one), the threshold θ as a dashed line,
// a mark above each spike, and with the rectifier the rectified potential
// ρ(u) beside u at every step. Clicking a chart's ✕ drops the neuron
// (ActionSpikeNeuron).
type MembraneTrace struct {
	goapp.Compo

	Traces    []NeuronTrace
	Threshold float64
	Reset     string // "hard" or "soft"
	MPR       bool
	// Auto says the neuron was chosen by the page (none was clicked).
	Auto bool
}

// MembraneTraceID is the id of the traces' figure.
const MembraneTraceID = "membrane-trace"

// Trace chart geometry in view box units.
const (
	traceW, traceH = 200.0, 110.0
	traceL, traceR = 30.0, 8.0
	traceT, traceB = 14.0, 18.0
)

// TracePath returns the points of a neuron's potential as the chart draws
// it: from 0 at t = 0, for each step t the charged potential u (at x = t)
// and then the potential after the reset (also at x = t, so that a reset
// is a vertical drop).
func TracePath(before, after []float64) (xs, ys []float64) {
	xs, ys = []float64{0}, []float64{0}
	for t := range before {
		xs, ys = append(xs, float64(t+1)), append(ys, before[t])
		if t < len(after) && after[t] != before[t] {
			xs, ys = append(xs, float64(t+1)), append(ys, after[t])
		}
	}
	return xs, ys
}

// Render implements goapp.Composer.
func (m *MembraneTrace) Render() goapp.UI {
	charts := make([]goapp.UI, len(m.Traces))
	for i, tr := range m.Traces {
		charts[i] = m.chart(i, tr)
	}
	reset := "hard reset: a neuron that fires drops to 0, forgetting how far it overshot θ"
	if m.Reset == "soft" {
		reset = "soft reset: a neuron that fires drops by θ, keeping the excess for the next step"
	}
	help := "The potential u charges at every step (u = λv + I) and the neuron fires when it reaches the threshold θ (dashed); then the " + reset + "."
	if m.MPR {
		help += " With the membrane potential rectifier the spike function sees ρ(u) (hollow dots) instead of u: pushed towards 0 or 2θ, the two values a spike stands for, which shrinks the quantisation error; ρ(u) ≥ θ exactly when u ≥ θ."
	}
	if m.Auto {
		help += " The page chose the first neuron that fires; click rows of the raster to choose others."
	}
	return goapp.Figure().ID(MembraneTraceID).Class("diag", "membrane-trace").DataSet("traces", len(m.Traces)).Body(
		goapp.Div().Class("diag-head").Body(
			goapp.H4().Class("diag-title").Text("Membrane potential"),
			goapp.Span().Class("diag-note").Text("θ = "+FormatNumber(m.Threshold)+", "+m.Reset+" reset"+map[bool]string{true: ", rectifier on", false: ""}[m.MPR]),
		),
		goapp.Div().Class("trace-charts").Body(charts...),
		goapp.P().Class("help").Text(help),
	)
}

func (m *MembraneTrace) chart(i int, tr NeuronTrace) goapp.UI {
	theta := m.Threshold
	xs, ys := TracePath(tr.Before, tr.After)
	lo, hi, ok := Extent(ys, tr.Rectified, []float64{0, theta})
	if !ok {
		lo, hi = 0, 1
	}
	yt := NiceTicks(lo, math.Max(hi, 1.2*theta), 3)
	lo, hi = yt[0], yt[len(yt)-1]
	T := float64(max(len(tr.Before), 1))
	sx := Linear{D0: 0, D1: T, R0: traceL, R1: traceW - traceR}
	sy := Linear{D0: lo, D1: hi, R0: traceH - traceB, R1: traceT}
	var parts []goapp.UI
	ystep := yt[min(1, len(yt)-1)] - yt[0]
	for _, v := range yt {
		y := coord(sy.At(v))
		parts = append(parts,
			svg("line").Class("grid").Attr("x1", coord(traceL)).Attr("x2", coord(traceW-traceR)).Attr("y1", y).Attr("y2", y),
			svg("text").Class("tick").Attr("x", coord(traceL-3)).Attr("y", y).Attr("text-anchor", "end").
				Attr("dominant-baseline", "middle").Attr("font-size", settleTickFontSize).Text(TickLabel(v, ystep, false)),
		)
	}
	ty := coord(sy.At(theta))
	parts = append(parts,
		svg("line").Class("trace-threshold").Attr("x1", coord(traceL)).Attr("x2", coord(traceW-traceR)).Attr("y1", ty).Attr("y2", ty),
		svg("text").Class("trace-theta").Attr("x", coord(traceW-traceR)).Attr("y", coord(sy.At(theta)-3)).
			Attr("text-anchor", "end").Attr("font-size", settleTickFontSize).Text("θ"),
		svg("text").Class("axis-label").Attr("x", coord((traceL+traceW-traceR)/2)).Attr("y", coord(traceH-4)).
			Attr("text-anchor", "middle").Attr("font-size", settleTickFontSize).Text("time step"),
		svg("path").Class("trace-potential", "series-"+strconv.Itoa(2+i%8)).Attr("d", LinePath(xs, ys, sx, sy)),
	)
	spikes := 0
	for t, on := range tr.Spikes {
		x := coord(sx.At(float64(t + 1)))
		if on {
			spikes++
			parts = append(parts, svg("line").Class("trace-spike").Attr("x1", x).Attr("x2", x).
				Attr("y1", coord(traceT-10)).Attr("y2", coord(traceT-2)))
		}
		if t < len(tr.Rectified) && t < len(tr.Before) {
			y0, y1 := coord(sy.At(tr.Before[t])), coord(sy.At(tr.Rectified[t]))
			parts = append(parts,
				svg("line").Class("trace-rectify").Attr("x1", x).Attr("x2", x).Attr("y1", y0).Attr("y2", y1),
				svg("circle").Class("trace-rectified").Attr("cx", x).Attr("cy", y1).Attr("r", "2.5"))
		}
	}
	ref := tr.Neuron
	label := tr.Title + ": " + strconv.Itoa(spikes) + plural(spikes, " spike", " spikes") + " in " + strconv.Itoa(len(tr.Before)) + " steps"
	return goapp.Div().Class("trace-chart").DataSet("spikes", spikes).Body(
		goapp.Div().Class("bar-chart-title").Body(
			goapp.Span().Text(tr.Title),
			goapp.If(!m.Auto, func() goapp.UI {
				return goapp.Button().Class("btn", "btn-text", "trace-drop").Title("Stop tracing "+tr.Title).Aria("label", "Stop tracing "+tr.Title).
					OnClick(func(ctx goapp.Context, e goapp.Event) { post(ctx, ActionSpikeNeuron, ref) },
						goapp.EventScope(strconv.Itoa(ref.Layer)+":"+strconv.Itoa(ref.Unit))).Text("✕")
			}),
		),
		svg("svg").Class("trace-svg").Attr("viewBox", "0 0 "+coord(traceW)+" "+coord(traceH)).
			Role("img").Aria("label", label).Body(parts...),
	)
}
