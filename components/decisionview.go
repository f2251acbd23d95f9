package components

import (
	"strconv"

	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"
)

// DecisionMapID is the id of the decision map's canvas.
const DecisionMapID = "decision-map"

// PointGroup is a set of points drawn alike: one class, or one band of
// target values for regression.
type PointGroup struct {
	Label string
	Color string // CSS colour
	Shape int    // see ShapePath
	// Train and Test hold the points' coordinates in [−1, 1]²: x then y.
	TrainX, TrainY []float64
	TestX, TestY   []float64
}

// DecisionView is the large map of what the network predicts over the
// plane (the canvas DecisionMapID, Grid pixels square, painted by app/) with
// the data on top: training points filled, test points outlined, each class
// with its own colour and shape. A checkbox shows or hides the test points
// (ActionView "test").
type DecisionView struct {
	goapp.Compo

	Grid     int
	Groups   []PointGroup
	ShowTest bool
	HasTest  bool
	// Legend explains the map's colours, e.g. "Colour: the predicted class;
	// paler where the network is less sure".
	Legend string
}

// markerRadius is the radius of a point's marker in the 100×100 view box.
const markerRadius = 1.25

// Render implements goapp.Composer.
func (d *DecisionView) Render() goapp.UI {
	var marks []goapp.UI
	for _, g := range d.Groups {
		marks = append(marks, svg("path").Class("pt", "pt-train").
			Attr("fill", g.Color).
			Attr("d", PointsPath(g.Shape, g.TrainX, g.TrainY, markerRadius)))
	}
	if d.ShowTest {
		for _, g := range d.Groups {
			marks = append(marks, svg("path").Class("pt", "pt-test").
				Attr("stroke", g.Color).
				Attr("d", PointsPath(g.Shape, g.TestX, g.TestY, markerRadius)))
		}
	}
	return goapp.Figure().Class("decision").Body(
		goapp.Div().Class("map-frame").Body(
			goapp.Div().Class("map-box").Body(
				&CanvasMap{ID: DecisionMapID, Grid: d.Grid, Class: "decision-map",
					Label: "Decision map: what the network predicts at every point of the plane, with the data on top. " + d.Legend},
				svg("svg").Class("points").Attr("viewBox", "0 0 100 100").Aria("hidden", "true").Body(marks...),
			),
			goapp.Div().Class("axis-x").Aria("hidden", "true").Body(
				goapp.Span().Text("−1"), goapp.Span().Text("x₁"), goapp.Span().Text("1"),
			),
			goapp.Div().Class("axis-y").Aria("hidden", "true").Body(
				goapp.Span().Text("1"), goapp.Span().Text("x₂"), goapp.Span().Text("−1"),
			),
		),
		goapp.FigCaption().Class("legend").Body(
			goapp.Ul().Class("legend-items").Body(
				goapp.Range(d.Groups).Slice(func(i int) goapp.UI {
					g := d.Groups[i]
					return goapp.Li().Class("legend-item").Body(
						marker(g.Shape, g.Color, true),
						goapp.Text(g.Label),
					)
				}),
				goapp.Li().Class("legend-item", "legend-kind").Body(
					marker(0, "currentColor", true), goapp.Text("training"),
				),
				goapp.If(d.HasTest, func() goapp.UI {
					return goapp.Li().Class("legend-item", "legend-kind").Body(
						marker(0, "currentColor", false), goapp.Text("test"),
					)
				}),
			),
			goapp.P().Class("help").Text(d.Legend),
			goapp.If(d.HasTest, func() goapp.UI {
				return goapp.Label().Class("check").Title("Draw the held-out test points (outlined) as well as the training points").Body(
					goapp.Input().Type("checkbox").ID("show-test").Checked(d.ShowTest).OnChange(d.onShowTest),
					goapp.Text("Show test points"),
				)
			}),
		),
	)
}

// marker is a small legend swatch: the shape, filled or outlined.
func marker(shape int, color string, filled bool) goapp.UI {
	p := svg("path").Attr("d", ShapePath(shape, 7, 7, 4.2))
	if filled {
		p = p.Attr("fill", color)
	} else {
		p = p.Attr("fill", "none").Attr("stroke", color).Attr("stroke-width", "1.5")
	}
	return svg("svg").Class("marker").Attr("viewBox", "0 0 14 14").
		Attr("width", "14").Attr("height", "14").Aria("hidden", "true").Body(p)
}

func (d *DecisionView) onShowTest(ctx goapp.Context, e goapp.Event) {
	post(ctx, ActionView, ViewOption{Key: "test", On: ctx.JSSrc().Get("checked").Bool()})
}

// ClassName returns the display name of class c.
func ClassName(c int) string { return "class " + strconv.Itoa(c) }
