package components

import (
	"strconv"

	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"
)

// SettleLayer is one layer's states over the settling steps.
type SettleLayer struct {
	Title string
	// Lines[j][t] is unit j's state at step t (Gap where unknown).
	Lines [][]float64
	// Colors are the lines' CSS colours (a class's for the output); empty
	// draws every line in the layer's colour.
	Colors []string
}

// SettleView shows how a rule that learns by letting the network settle
// (predictive coding, equilibrium propagation, contrastive Hebbian
// learning) relaxes on the picked input: the energy over the settling
// steps, a colour per phase (free, nudged, clamped …) with the phases'
// boundaries marked, and every unit's state over the same steps, a small
// chart per layer. The lines draw themselves over about a second, as the
// network relaxes (CSS, no timer; restarted when Gen changes parity, that
// is when another input is picked).
type SettleView struct {
	goapp.Compo

	Energy []float64 // per step t = 0 … T; Gap where not finite
	Phases []string  // per step: the phase's name
	Layers []SettleLayer
	Where  string // which input, e.g. "at (0.31, −0.52)"
	Gen    int
}

// Settle chart geometry in view box units.
const (
	settleW, settleH   = 320.0, 120.0
	settleL, settleR   = 40.0, 8.0
	settleT, settleB   = 16.0, 20.0
	layerW, layerH     = 160.0, 90.0
	layerL, layerR     = 6.0, 6.0
	layerT, layerB     = 6.0, 6.0
	settleMaxLines     = 32 // units drawn per layer
	settleTickFontSize = "9"
)

// PhaseSpans returns the runs of equal phase names: for each, its name and
// the first and last step.
func PhaseSpans(phases []string) (names []string, from, to []int) {
	for t, p := range phases {
		if t == 0 || p != phases[t-1] {
			names, from, to = append(names, p), append(from, t), append(to, t)
			continue
		}
		to[len(to)-1] = t
	}
	return names, from, to
}

// Render implements goapp.Composer.
func (s *SettleView) Render() goapp.UI {
	gen := "settle-gen-" + strconv.Itoa(s.Gen&1)
	steps := len(s.Energy)
	layers := make([]goapp.UI, len(s.Layers))
	for l, layer := range s.Layers {
		layers[l] = s.layerChart(layer, steps, l)
	}
	return goapp.Figure().Class("diag", "settle-view", gen).Body(
		goapp.Div().Class("diag-head").Body(
			goapp.H4().Class("diag-title").Text("Settling "+s.Where),
			goapp.Span().Class("diag-note").Text(strconv.Itoa(max(steps-1, 0))+" steps"),
		),
		s.energyChart(),
		goapp.Div().Class("settle-layers").Body(layers...),
		goapp.P().Class("help").Text("The rule relaxes the network's state on the picked input before it learns: the energy it descends (top; each phase in its colour, a jump where a phase begins), "+
			"and each unit's state over the same steps, a chart per layer (the output as class probabilities). Pick another point on the map to watch it settle again."),
	)
}

func (s *SettleView) energyChart() goapp.UI {
	box := svg("svg").Class("settle-svg").Attr("viewBox", "0 0 "+coord(settleW)+" "+coord(settleH)).
		Role("img").Aria("label", "Energy over the settling steps "+s.Where)
	lo, hi, ok := Extent(s.Energy)
	if !ok || len(s.Energy) == 0 {
		return box.Body(svg("text").Class("chart-empty").Attr("x", coord(settleW/2)).Attr("y", coord(settleH/2)).
			Attr("text-anchor", "middle").Text("No settling"))
	}
	yt := NiceTicks(lo, hi, 3)
	lo, hi = yt[0], yt[len(yt)-1]
	T := float64(max(len(s.Energy)-1, 1))
	sx := Linear{D0: 0, D1: T, R0: settleL, R1: settleW - settleR}
	sy := Linear{D0: lo, D1: hi, R0: settleH - settleB, R1: settleT}
	var parts []goapp.UI
	ystep := yt[min(1, len(yt)-1)] - yt[0]
	for _, v := range yt {
		y := coord(sy.At(v))
		parts = append(parts,
			svg("line").Class("grid").Attr("x1", coord(settleL)).Attr("x2", coord(settleW-settleR)).Attr("y1", y).Attr("y2", y),
			svg("text").Class("tick").Attr("x", coord(settleL-4)).Attr("y", y).Attr("text-anchor", "end").
				Attr("dominant-baseline", "middle").Attr("font-size", settleTickFontSize).Text(TickLabel(v, ystep, false)),
		)
	}
	parts = append(parts,
		svg("line").Class("axis").Attr("x1", coord(settleL)).Attr("x2", coord(settleW-settleR)).
			Attr("y1", coord(settleH-settleB)).Attr("y2", coord(settleH-settleB)),
		svg("text").Class("axis-label").Attr("x", coord((settleL+settleW-settleR)/2)).Attr("y", coord(settleH-8)).
			Attr("text-anchor", "middle").Attr("font-size", settleTickFontSize).Text("settling step"),
		svg("text").Class("tick").Attr("x", coord(settleL)).Attr("y", coord(settleH-8)).
			Attr("text-anchor", "middle").Attr("font-size", settleTickFontSize).Text("0"),
		svg("text").Class("tick").Attr("x", coord(settleW-settleR)).Attr("y", coord(settleH-8)).
			Attr("text-anchor", "middle").Attr("font-size", settleTickFontSize).Text(strconv.Itoa(int(T))),
	)
	names, from, to := PhaseSpans(s.Phases)
	for i, name := range names {
		color := "series-" + strconv.Itoa(2+i%8)
		if i > 0 {
			x := coord(sx.At(float64(from[i]) - 0.5))
			parts = append(parts, svg("line").Class("phase-edge").
				Attr("x1", x).Attr("x2", x).Attr("y1", coord(settleT-4)).Attr("y2", coord(settleH-settleB)))
		}
		// A phase's line starts at the last step of the one before, so that
		// the jump between them shows.
		a := max(from[i]-1, 0)
		if i == 0 {
			a = 0
		}
		xs, ys := make([]float64, 0, to[i]-a+1), make([]float64, 0, to[i]-a+1)
		for t := a; t <= to[i] && t < len(s.Energy); t++ {
			xs, ys = append(xs, float64(t)), append(ys, s.Energy[t])
		}
		parts = append(parts,
			svg("path").Class("line", "trace", color).Attr("pathLength", "1").Attr("d", LinePath(xs, ys, sx, sy)),
			phaseLabel(name, color, sx.At(float64(from[i]))),
		)
	}
	return box.Body(parts...)
}

func (s *SettleView) layerChart(layer SettleLayer, steps, l int) goapp.UI {
	var all [][]float64
	for _, line := range layer.Lines {
		all = append(all, line)
	}
	lo, hi, ok := Extent(all...)
	if !ok {
		lo, hi = 0, 1
	}
	if hi == lo {
		lo, hi = lo-0.5, hi+0.5
	}
	T := float64(max(steps-1, 1))
	sx := Linear{D0: 0, D1: T, R0: layerL, R1: layerW - layerR}
	sy := Linear{D0: lo, D1: hi, R0: layerH - layerB, R1: layerT}
	xs := make([]float64, steps)
	for t := range xs {
		xs[t] = float64(t)
	}
	var parts []goapp.UI
	if lo < 0 && hi > 0 {
		y := coord(sy.At(0))
		parts = append(parts, svg("line").Class("grid").Attr("x1", coord(layerL)).Attr("x2", coord(layerW-layerR)).Attr("y1", y).Attr("y2", y))
	}
	for j, line := range layer.Lines {
		if j >= settleMaxLines {
			break
		}
		p := svg("path").Class("unit-trace", "trace").Attr("pathLength", "1").Attr("d", LinePath(xs, line, sx, sy))
		if j < len(layer.Colors) && layer.Colors[j] != "" {
			p = p.Attr("stroke", layer.Colors[j]).Class("unit-trace-strong")
		} else {
			p = p.Class("series-" + strconv.Itoa(2+l%8))
		}
		parts = append(parts, p)
	}
	shown := len(layer.Lines)
	note := strconv.Itoa(shown) + plural(shown, " unit", " units")
	if shown > settleMaxLines {
		note = strconv.Itoa(settleMaxLines) + " of " + strconv.Itoa(shown) + " units"
	}
	return goapp.Div().Class("settle-layer").Body(
		goapp.Div().Class("bar-chart-title").Body(
			goapp.Span().Text(layer.Title),
			goapp.Span().Class("bar-chart-note").Text(FormatNumber(lo)+" to "+FormatNumber(hi)),
		),
		svg("svg").Class("settle-svg").Attr("viewBox", "0 0 "+coord(layerW)+" "+coord(layerH)).
			Role("img").Aria("label", layer.Title+": the states of "+note+" over the settling steps").
			Body(parts...),
	)
}

// phaseLabel names a phase above the energy chart from x on, or ending at
// the chart's right edge when x is near it.
func phaseLabel(name, color string, x float64) goapp.UI {
	t := svg("text").Class("phase-label", color).Attr("y", coord(settleT-5)).Attr("font-size", settleTickFontSize)
	if x > 0.6*settleW {
		return t.Attr("x", coord(settleW-settleR)).Attr("text-anchor", "end").Text(name)
	}
	return t.Attr("x", coord(x+2)).Text(name)
}
