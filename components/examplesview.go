package components

import (
	"strconv"

	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"
)

// ExamplesID returns the id of the canvas of class c's examples.
func ExamplesID(c int) string { return "examples-" + strconv.Itoa(c) }

// ExampleClass is one class of an ExamplesView.
type ExampleClass struct {
	Label string
	Color string // CSS colour of the class
	Shape int    // the class's marker (see ShapePath)
}

// ExamplesView shows training examples of data that are not points in the
// plane (images), one mosaic per class (canvases ExamplesID(c), Grid
// pixels square, painted by app/), where the decision map would be.
type ExamplesView struct {
	goapp.Compo

	Classes []ExampleClass
	Grid    int
	Note    string // what the examples are, one line
}

// Render implements goapp.Composer.
func (v *ExamplesView) Render() goapp.UI {
	return goapp.Figure().Class("examples").Body(
		goapp.Div().Class("examples-grid").Body(
			goapp.Range(v.Classes).Slice(func(c int) goapp.UI {
				cl := v.Classes[c]
				return goapp.Div().Class("examples-class").Body(
					&CanvasMap{ID: ExamplesID(c), Grid: v.Grid, Class: "examples-map",
						Label: "Training examples of " + cl.Label},
					goapp.Div().Class("legend-item").Body(marker(cl.Shape, cl.Color, true), goapp.Text(cl.Label)),
				)
			}),
		),
		goapp.FigCaption().Class("help").Text(v.Note),
	)
}
