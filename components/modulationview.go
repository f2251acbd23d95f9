package components

import (
	"strings"

	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"
)

// The canvases of a ModulationView for images, which app/ paints (Side×Side
// pixels each).
const (
	ModulationCleanID = "modulation-clean"
	ModulationInputID = "modulation-input"
	ModulationDiffID  = "modulation-diff" // x̃ − x, scaled to its largest value
)

// Arrows are arrows in the plane [−1, 1]², from (X0[i], Y0[i]) to
// (X1[i], Y1[i]), drawn alike.
type Arrows struct {
	Color          string // CSS colour
	X0, Y0, X1, Y1 []float64
}

// ModulationView shows what a rule that perturbs its input (PEPITA) feeds
// its second pass: for data in the plane, an arrow from each example x to
// its modulated input x̃ (drawn Scale times longer when the shifts are too
// small to see), with the picked point's arrow in bold; for images, the
// clean and the modulated picture side by side (canvases
// ModulationCleanID and ModulationInputID), with buttons for the previous
// and next example (ActionPick with Step), and their difference x̃ − x
// scaled to be seen (canvas ModulationDiffID).
type ModulationView struct {
	goapp.Compo

	Plane  bool
	Groups []Arrows // the examples' arrows, one group per class
	Focus  Arrows   // the picked input's arrow (one)
	Scale  float64  // drawn length ÷ true length; 0 or 1 means true length
	Side   int      // of the pictures, for images
	// Readout describes the picked input: where x is, where x̃ is, and how
	// far apart.
	Readout string
}

// arrowTip is the radius of the arrows' tips in the 100×100 view box.
const arrowTip = 0.9

// ArrowPath returns the SVG path data of arrows from (x0[i], y0[i])
// towards (x1[i], y1[i]), points of the plane [−1, 1]² in a 100×100 view
// box (y up), each drawn scale times its length (from x0), for stroking.
// Arrows of zero length are left out.
func ArrowPath(x0, y0, x1, y1 []float64, scale float64) string {
	if scale <= 0 {
		scale = 1
	}
	var b strings.Builder
	n := min(len(x0), len(y0), len(x1), len(y1))
	for i := range n {
		if !finite(x0[i]) || !finite(y0[i]) || !finite(x1[i]) || !finite(y1[i]) {
			continue
		}
		ax, ay := (x0[i]+1)*50, (1-y0[i])*50
		bx, by := (x0[i]+scale*(x1[i]-x0[i])+1)*50, (1-(y0[i]+scale*(y1[i]-y0[i])))*50
		if ax == bx && ay == by {
			continue
		}
		b.WriteString("M" + coord(ax) + " " + coord(ay) + "L" + coord(bx) + " " + coord(by))
	}
	return b.String()
}

// ArrowHeads returns the SVG path data of the tips of the arrows
// ArrowPath draws: a dot of radius r at each end, for filling.
func ArrowHeads(x0, y0, x1, y1 []float64, scale, r float64) string {
	if scale <= 0 {
		scale = 1
	}
	n := min(len(x0), len(y0), len(x1), len(y1))
	xs, ys := make([]float64, 0, n), make([]float64, 0, n)
	for i := range n {
		if !finite(x0[i]) || !finite(y0[i]) || !finite(x1[i]) || !finite(y1[i]) {
			continue
		}
		xs = append(xs, x0[i]+scale*(x1[i]-x0[i]))
		ys = append(ys, y0[i]+scale*(y1[i]-y0[i]))
	}
	return PointsPath(0, xs, ys, r)
}

// Render implements goapp.Composer.
func (m *ModulationView) Render() goapp.UI {
	var body goapp.UI
	help := "PEPITA's second pass sees the input shifted by the projected error, x̃ = x − F·e. "
	if m.Plane {
		var parts []goapp.UI
		for _, g := range m.Groups {
			parts = append(parts,
				svg("path").Class("arrow").Attr("stroke", g.Color).Attr("d", ArrowPath(g.X0, g.Y0, g.X1, g.Y1, m.Scale)),
				svg("path").Class("arrow-tip").Attr("fill", g.Color).Attr("d", ArrowHeads(g.X0, g.Y0, g.X1, g.Y1, m.Scale, arrowTip)),
			)
		}
		f := m.Focus
		parts = append(parts,
			svg("path").Class("arrow", "arrow-focus").Attr("d", ArrowPath(f.X0, f.Y0, f.X1, f.Y1, m.Scale)),
			svg("path").Class("arrow-tip", "arrow-focus-tip").Attr("d", ArrowHeads(f.X0, f.Y0, f.X1, f.Y1, m.Scale, 1.6)),
			svg("path").Class("arrow-origin").Attr("d", PointsPath(0, f.X0, f.Y0, 1.2)),
		)
		body = goapp.Div().Class("modulation-plane").Body(
			svg("svg").Class("modulation-svg").Attr("viewBox", "0 0 100 100").
				Role("img").Aria("label", "Arrows from each training example to its modulated input. "+m.Readout).
				Body(parts...),
		)
		help += "Each arrow goes from a training example x to x̃"
		if m.Scale > 1 {
			help += ", drawn " + FormatNumber(m.Scale) + "× longer than it is"
		}
		help += "; the bold one is the picked point's (move the pointer over the map)."
	} else {
		body = goapp.Div().Class("modulation-tiles").Body(
			goapp.Div().Class("modulation-tile").Body(
				goapp.Canvas().ID(ModulationCleanID).Class("modulation-canvas").Width(max(m.Side, 1)).Height(max(m.Side, 1)).
					Role("img").Aria("label", "The clean input x"),
				goapp.Div().Class("heatmap-title").Text("x (clean)"),
			),
			goapp.Div().Class("modulation-tile").Body(
				goapp.Canvas().ID(ModulationInputID).Class("modulation-canvas").Width(max(m.Side, 1)).Height(max(m.Side, 1)).
					Role("img").Aria("label", "The modulated input x̃"),
				goapp.Div().Class("heatmap-title").Text("x̃ (modulated)"),
			),
			goapp.Div().Class("modulation-tile").Body(
				goapp.Canvas().ID(ModulationDiffID).Class("modulation-canvas").Width(max(m.Side, 1)).Height(max(m.Side, 1)).
					Role("img").Aria("label", "The modulation x̃ − x, scaled to its largest value"),
				goapp.Div().Class("heatmap-title").Text("x̃ − x (scaled)"),
			),
			goapp.Div().Class("example-step").Body(
				goapp.Button().ID("pick-prev").Class("btn", "btn-text").Title("The previous training example").
					OnClick(m.onPrev).Text("‹ Previous"),
				goapp.Button().ID("pick-next").Class("btn", "btn-text").Title("The next training example").
					OnClick(m.onNext).Text("Next ›"),
			),
		)
		help += "Left the example, then what the second pass sees (light 0, dark 1), then their difference, orange negative and blue positive, scaled to its largest pixel."
	}
	return goapp.Figure().Class("diag", "modulation-view").Body(
		goapp.Div().Class("diag-head").Body(goapp.H4().Class("diag-title").Text("Clean and modulated input")),
		body,
		goapp.P().Class("diag-figures").Text(m.Readout),
		goapp.P().Class("help").Text(help),
	)
}

func (m *ModulationView) onPrev(ctx goapp.Context, e goapp.Event) {
	post(ctx, ActionPick, Pick{Step: -1})
}

func (m *ModulationView) onNext(ctx goapp.Context, e goapp.Event) {
	post(ctx, ActionPick, Pick{Step: 1})
}
