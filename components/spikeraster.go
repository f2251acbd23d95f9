package components

import (
	"strconv"
	"strings"

	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"
)

// ActionSpikeNeuron chooses a spiking neuron whose membrane potential
// MembraneTrace shows, or unchooses it if it is chosen (value
// SpikeNeuron).
const ActionSpikeNeuron = "plasticity/spike-neuron"

// SpikeNeuron names a neuron of a spiking network: unit Unit of hidden
// layer Layer (both from 0).
type SpikeNeuron struct {
	Layer, Unit int
}

// RasterLayer is one spiking layer's spikes over the time steps for one
// example.
type RasterLayer struct {
	Title string
	// Spikes[t][j] says whether neuron j fired at step t.
	Spikes [][]bool
	// Chosen are the units whose traces show, drawn highlighted.
	Chosen []int
	// Note is a line of figures under the raster, e.g. the layer's firing
	// rate and quantisation error on this example.
	Note string
}

// SpikeRaster shows, for the example under the cursor (or a chosen one),
// every spiking layer's spikes: a dot where neuron j (a row) fired at time
// step t (a column). Clicking a row, or the select under the rasters,
// chooses the neuron whose membrane potential MembraneTrace draws
// (ActionSpikeNeuron). With Stepper, buttons move to the previous and next
// training example (ActionPick with Step), for data that are not in the
// plane.
type SpikeRaster struct {
	goapp.Compo

	Layers  []RasterLayer
	Steps   int
	Where   string // which input, e.g. "at (0.31, −0.52)"
	Stepper bool
}

// SpikeRasterID is the id of the raster's figure.
const SpikeRasterID = "spike-raster"

// Raster geometry in view box units: a layer's chart is rasterW wide and
// its rows share about rasterRows high, each between rasterMinRow and
// rasterMaxRow (at most rasterMaxRows rows).
const (
	rasterW, rasterRows        = 160.0, 120.0
	rasterMinRow, rasterMaxRow = 3.0, 12.0
	rasterL, rasterT           = 4.0, 4.0
	rasterB                    = 14.0
	rasterMaxRows              = 64
)

// RasterRows returns how many of a layer's units the raster draws.
func RasterRows(units int) int { return min(units, rasterMaxRows) }

// RasterCell returns the rectangle (x, y, width, height) of the cell of
// step t and row j in a raster of steps columns and rows rows.
func RasterCell(t, j, steps, rows int) (x, y, w, h float64) {
	w = (rasterW - 2*rasterL) / float64(max(steps, 1))
	h = min(rasterMaxRow, max(rasterMinRow, rasterRows/float64(max(rows, 1))))
	return rasterL + float64(t)*w, rasterT + float64(j)*h, w, h
}

// Render implements goapp.Composer.
func (s *SpikeRaster) Render() goapp.UI {
	layers := make([]goapp.UI, len(s.Layers))
	var options []goapp.UI
	options = append(options, goapp.Option().Value("").Text("Trace a neuron…"))
	for l, layer := range s.Layers {
		layers[l] = s.layerChart(l, layer)
		units := 0
		if len(layer.Spikes) > 0 {
			units = len(layer.Spikes[0])
		}
		for j := 0; j < RasterRows(units); j++ {
			options = append(options, goapp.Option().Value(strconv.Itoa(l)+":"+strconv.Itoa(j)).
				Text(layer.Title+", neuron "+strconv.Itoa(j+1)))
		}
	}
	var step goapp.UI
	if s.Stepper {
		step = goapp.Div().Class("example-step").Body(
			goapp.Button().ID("spike-prev").Class("btn", "btn-text").Title("The previous training example").
				OnClick(s.onPrev).Text("‹ Previous"),
			goapp.Button().ID("spike-next").Class("btn", "btn-text").Title("The next training example").
				OnClick(s.onNext).Text("Next ›"),
		)
	}
	return goapp.Figure().ID(SpikeRasterID).Class("diag", "spike-raster").DataSet("steps", s.Steps).DataSet("layers", len(s.Layers)).Body(
		goapp.Div().Class("diag-head").Body(
			goapp.H4().Class("diag-title").Text("Spikes "+s.Where),
			goapp.Span().Class("diag-note").Text(strconv.Itoa(s.Steps)+plural(s.Steps, " time step", " time steps")),
		),
		goapp.Div().Class("raster-layers").Body(layers...),
		goapp.If(s.Stepper, func() goapp.UI { return step }),
		goapp.Label().Class("raster-choose").Body(
			goapp.Span().Class("sr-only").Text("Trace a neuron's membrane potential"),
			goapp.Select().ID("spike-choose").OnChange(s.onChoose).Body(options...),
		),
		goapp.P().Class("help").Text("Each row is a neuron, each column a time step: a tick where the neuron fired. "+
			"Click a row (or pick it in the list) to trace its membrane potential below; click it again to drop it."),
	)
}

func (s *SpikeRaster) layerChart(l int, layer RasterLayer) goapp.UI {
	units := 0
	if len(layer.Spikes) > 0 {
		units = len(layer.Spikes[0])
	}
	rows := RasterRows(units)
	steps := len(layer.Spikes)
	_, _, _, rowH := RasterCell(0, 0, steps, rows)
	h := rasterT + float64(rows)*rowH + rasterB
	var parts []goapp.UI
	chosen := map[int]bool{}
	for _, j := range layer.Chosen {
		chosen[j] = true
	}
	spikes := 0
	for j := 0; j < rows; j++ {
		x, y, _, _ := RasterCell(0, j, steps, rows)
		ref := SpikeNeuron{Layer: l, Unit: j}
		row := svg("rect").Class("raster-row").Attr("x", coord(x)).Attr("y", coord(y)).
			Attr("width", coord(rasterW-2*rasterL)).Attr("height", coord(rowH)).
			DataSet("unit", j).
			OnClick(func(ctx goapp.Context, e goapp.Event) { post(ctx, ActionSpikeNeuron, ref) }, goapp.EventScope(strconv.Itoa(l)+":"+strconv.Itoa(j)))
		if chosen[j] {
			row = row.Class("raster-chosen")
		}
		parts = append(parts, row)
	}
	for t, st := range layer.Spikes {
		for j, on := range st {
			if !on || j >= rows {
				continue
			}
			spikes++
			// A spike is a short vertical tick in the middle of its cell.
			x, y, w, hh := RasterCell(t, j, steps, rows)
			tw := min(w*0.4, 3)
			parts = append(parts, svg("rect").Class("raster-spike").
				Attr("x", coord(x+(w-tw)/2)).Attr("y", coord(y+hh*0.1)).
				Attr("width", coord(tw)).Attr("height", coord(hh*0.8)))
		}
	}
	// Steps counted from 1 under their columns: the first, the last and
	// about every quarter.
	every := max(1, steps/4)
	for t := 0; t < steps; t++ {
		if t%every != 0 && t != steps-1 {
			continue
		}
		x, _, w, _ := RasterCell(t, 0, steps, rows)
		parts = append(parts, svg("text").Class("tick").Attr("x", coord(x+w/2)).Attr("y", coord(h-3)).
			Attr("font-size", settleTickFontSize).Attr("text-anchor", "middle").Text(strconv.Itoa(t+1)))
	}
	note := strconv.Itoa(units) + plural(units, " neuron", " neurons")
	if rows < units {
		note = strconv.Itoa(rows) + " of " + strconv.Itoa(units) + " neurons"
	}
	return goapp.Div().Class("raster-layer").DataSet("spikes", spikes).Body(
		goapp.Div().Class("bar-chart-title").Body(
			goapp.Span().Text(layer.Title),
			goapp.Span().Class("bar-chart-note").Text(note),
		),
		svg("svg").Class("raster-svg").Attr("viewBox", "0 0 "+coord(rasterW)+" "+coord(h)).
			Role("img").Aria("label", layer.Title+": "+strconv.Itoa(spikes)+" spikes of "+note+" over "+strconv.Itoa(steps)+" time steps").
			Body(parts...),
		goapp.If(layer.Note != "", func() goapp.UI { return goapp.P().Class("diag-note").Text(layer.Note) }),
	)
}

func (s *SpikeRaster) onChoose(ctx goapp.Context, e goapp.Event) {
	a, b, ok := strings.Cut(ctx.JSSrc().Get("value").String(), ":")
	l, err1 := strconv.Atoi(a)
	j, err2 := strconv.Atoi(b)
	if !ok || err1 != nil || err2 != nil {
		return
	}
	post(ctx, ActionSpikeNeuron, SpikeNeuron{Layer: l, Unit: j})
	ctx.JSSrc().Set("value", "")
}

func (s *SpikeRaster) onPrev(ctx goapp.Context, e goapp.Event) {
	post(ctx, ActionPick, Pick{Step: -1})
}

func (s *SpikeRaster) onNext(ctx goapp.Context, e goapp.Event) {
	post(ctx, ActionPick, Pick{Step: 1})
}
