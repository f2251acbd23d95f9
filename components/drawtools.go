package components

import (
	"strconv"

	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"
)

// The actions of drawing points on the decision map.
const (
	// ActionDraw adds or erases points at a place of the map (value Draw).
	ActionDraw = "plasticity/draw"
	// ActionDrawTool picks the class to draw, the eraser, or a fresh
	// drawing (value DrawTool).
	ActionDrawTool = "plasticity/draw-tool"
)

// Draw is the value of ActionDraw: a point of the plane in [−1, 1]² where
// the user clicked or tapped (Erase false: add a point of the selected
// class, or erase if the eraser is on), or that a drag passed over (Erase
// true: erase there).
type Draw struct {
	X, Y  float64
	Erase bool
	Key   bool // from the keyboard (DecisionView's cross), not a pointer
}

// DrawTool is the value of ActionDrawTool: Class picks the class new
// points get (and turns the eraser off), Eraser turns the eraser on,
// Example starts again from the example drawing and Clear from an empty
// plane.
type DrawTool struct {
	Class   int
	Eraser  bool
	Example bool
	Clear   bool
}

// DrawTools (#draw-tools) are the tools of a drawn dataset, shown above the
// decision map: one button per class (a radio group, in the class's colour
// and marker shape), the eraser, and buttons to clear the plane or go back
// to the example drawing. A click or tap on the map adds a point of the
// selected class; a drag, or a click with the eraser on, erases.
type DrawTools struct {
	goapp.Compo

	// Colors are the CSS colours of the classes that can be drawn, one per
	// button; Class is the selected one.
	Colors []string
	Class  int
	Eraser bool
	// Count is the number of points drawn, Max the most a link carries.
	Count, Max int
	// Locked shows the tools disabled: a link locks the data (lock=data).
	Locked bool
}

// Render implements goapp.Composer.
func (d *DrawTools) Render() goapp.UI {
	help := "Click or tap the map to add a point of the chosen class; drag the mouse across points to erase them (on a touch screen, pick the eraser)."
	if d.Eraser {
		help = "Eraser: click, tap or drag over points to remove them. Pick a class to draw again."
	}
	return lockable(goapp.Div().ID("draw-tools").Class("draw-tools"), d.Locked).Body(
		goapp.Div().Class("draw-row").Role("radiogroup").Aria("label", "Class of new points").Body(
			goapp.Range(d.Colors).Slice(func(i int) goapp.UI {
				on := !d.Eraser && i == d.Class
				return disabledIf(goapp.Button().ID("draw-class-%d", i).Class("btn", "draw-class"), d.Locked).
					Role("radio").Aria("checked", on).
					Title("%s", lockedOr("Draw points of "+ClassName(i), d.Locked)).
					DataSet("class", i).
					OnClick(d.onClass, goapp.EventScope(strconv.Itoa(i))).
					Body(marker(i, d.Colors[i], true), goapp.Span().Text(strconv.Itoa(i)))
			}),
			disabledIf(goapp.Button().ID("draw-eraser").Class("btn", "draw-eraser"), d.Locked).
				Role("radio").Aria("checked", d.Eraser).
				Title("%s", lockedOr("Erase points: click, tap or drag over them", d.Locked)).
				OnClick(d.onEraser).Text("Eraser"),
		),
		goapp.Div().Class("draw-row").Body(
			goapp.Span().ID("draw-count").Class("draw-count").Aria("live", "polite").
				Text(strconv.Itoa(d.Count)+" of at most "+strconv.Itoa(d.Max)+" points"),
			disabledIf(goapp.Button().ID("draw-clear").Class("btn", "btn-text"), d.Locked).
				Title("%s", lockedOr("Remove every point, to draw on an empty plane", d.Locked)).
				OnClick(d.onClear).Text("Clear"),
			disabledIf(goapp.Button().ID("draw-example").Class("btn", "btn-text"), d.Locked).
				Title("%s", lockedOr("Go back to the example drawing", d.Locked)).
				OnClick(d.onExample).Text("Example"),
		),
		goapp.P().Class("help").Text(help),
	)
}

func (d *DrawTools) onClass(ctx goapp.Context, e goapp.Event) {
	if d.Locked {
		return
	}
	c, err := strconv.Atoi(ctx.JSSrc().Get("dataset").Get("class").String())
	if err == nil {
		post(ctx, ActionDrawTool, DrawTool{Class: c})
	}
}

func (d *DrawTools) onEraser(ctx goapp.Context, e goapp.Event) {
	if !d.Locked {
		post(ctx, ActionDrawTool, DrawTool{Class: d.Class, Eraser: true})
	}
}

func (d *DrawTools) onClear(ctx goapp.Context, e goapp.Event) {
	if !d.Locked {
		post(ctx, ActionDrawTool, DrawTool{Class: d.Class, Eraser: d.Eraser, Clear: true})
	}
}

func (d *DrawTools) onExample(ctx goapp.Context, e goapp.Event) {
	if !d.Locked {
		post(ctx, ActionDrawTool, DrawTool{Class: d.Class, Eraser: d.Eraser, Example: true})
	}
}
