package components

import (
	"math"
	"strings"

	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"
)

// Arrow is a direction in the input plane, drawn from the origin.
type Arrow struct {
	X, Y float64 // the tip, in the plane's coordinates (|x|, |y| ≤ 1 to stay inside)
	// Color is a CSS colour (e.g. "#1f6fb4").
	Color string
	// Weight in [0, 1] sets the line's thickness and opacity.
	Weight float64
	Label  string // a tooltip
}

// LessonArrows draws directions in the input plane (#lesson-arrows): the
// first layer's weight vectors as arrows from the origin, the data's
// directions as dashed guides, and each arrow's path so far as a faint
// trail, so that one sees the neurons turn towards the data.
type LessonArrows struct {
	goapp.Compo

	Title  string
	Help   string
	Arrows []Arrow
	Guides []Arrow
	// Trails[i] holds the earlier tips of arrow i, oldest first, as x, y
	// pairs.
	Trails [][]float64
}

// The plane [−1, 1]² is drawn 100 view box units to a unit, with a margin:
// arrowBox is the view box's half-width.
const (
	arrowScale = 100.0
	arrowBox   = 110.0
)

// Render implements goapp.Composer.
func (a *LessonArrows) Render() goapp.UI {
	var shapes []goapp.UI
	shapes = append(shapes,
		svg("circle").Class("arrows-unit").Attr("cx", "0").Attr("cy", "0").Attr("r", "100"),
		svg("path").Class("arrows-axis").Attr("d", "M-100 0H100M0 -100V100"),
	)
	for _, g := range a.Guides {
		shapes = append(shapes, svg("path").Class("arrows-guide").Attr("d", NeuronArrowPath(g.X, g.Y)).
			Style("stroke", g.Color).Body(svg("title").Text(g.Label)))
	}
	for i, t := range a.Trails {
		if len(t) < 4 {
			continue
		}
		color := ""
		if i < len(a.Arrows) {
			color = a.Arrows[i].Color
		}
		shapes = append(shapes, svg("path").Class("arrows-trail").Attr("d", NeuronTrailPath(t)).Style("stroke", color))
	}
	for _, ar := range a.Arrows {
		w := math.Max(0, math.Min(1, ar.Weight))
		shapes = append(shapes, svg("path").Class("arrows-neuron").Attr("d", NeuronArrowPath(ar.X, ar.Y)).
			Style("stroke", ar.Color).Style("stroke-width", coord(0.8+2.2*w)).
			Style("opacity", coord(0.35+0.65*w)).Body(svg("title").Text(ar.Label)))
	}
	box := coord(-arrowBox) + " " + coord(-arrowBox) + " " + coord(2*arrowBox) + " " + coord(2*arrowBox)
	return goapp.Figure().ID("lesson-arrows").Class("lesson-arrows").Body(
		goapp.FigCaption().Class("chart-head").Body(goapp.Span().Class("chart-title").Text(a.Title)),
		svg("svg").Class("arrows-plane").Attr("viewBox", box).Role("img").
			Aria("label", a.Title).Body(
			// y grows upwards in the plane and downwards in SVG.
			svg("g").Attr("transform", "scale(1,-1)").Body(shapes...),
		),
		goapp.P().Class("help").Text(a.Help),
	)
}

// NeuronArrowPath returns an SVG path from the origin to (x, y) with a small
// head, in view box units (arrowScale to a unit of the plane).
func NeuronArrowPath(x, y float64) string {
	x, y = x*arrowScale, y*arrowScale
	n := math.Hypot(x, y)
	if n == 0 || math.IsNaN(n) {
		return "M0 0"
	}
	ux, uy := x/n, y/n
	h := math.Min(8, 0.4*n)
	// The head's two barbs, ±25° off the shaft, pointing back.
	c, s := math.Cos(25*math.Pi/180), math.Sin(25*math.Pi/180)
	b1x, b1y := x-h*(ux*c-uy*s), y-h*(uy*c+ux*s)
	b2x, b2y := x-h*(ux*c+uy*s), y-h*(uy*c-ux*s)
	return "M0 0L" + coord(x) + " " + coord(y) +
		"M" + coord(b1x) + " " + coord(b1y) + "L" + coord(x) + " " + coord(y) + "L" + coord(b2x) + " " + coord(b2y)
}

// NeuronTrailPath returns an SVG polyline through the points xy (x, y pairs of
// the plane), in view box units.
func NeuronTrailPath(xy []float64) string {
	var b strings.Builder
	for i := 0; i+1 < len(xy); i += 2 {
		if i == 0 {
			b.WriteString("M")
		} else {
			b.WriteString("L")
		}
		b.WriteString(coord(xy[i]*arrowScale) + " " + coord(xy[i+1]*arrowScale))
	}
	return b.String()
}
