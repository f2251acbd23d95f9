package components

import (
	"math"
	"strconv"
	"time"

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

// DecisionMapIDOf returns the id of the decision map canvas of run i
// (0-based) of a comparison: DecisionMapID for run 1.
func DecisionMapIDOf(i int) string {
	if i == 0 {
		return DecisionMapID
	}
	return DecisionMapID + "-" + strconv.Itoa(i+1)
}

// MapTile is one run's map among the small multiples of a comparison.
type MapTile struct {
	Title string // the run's rule
	Color int    // the run's chart palette index
	Note  string // e.g. "diverged"; empty when the run is well
}

// DecisionView is the large map of what the network predicts over the
// plane (the canvas DecisionMapID, Grid pixels square, painted by app/) with
// the data on top: training points filled, test points outlined, each class
// with its own colour and shape. A checkbox shows or hides the test points
// (ActionView "test").
//
// With more than one Tile it draws small multiples instead, one map per
// run of a comparison (canvases DecisionMapIDOf(i)), each titled with its
// rule, and one legend for all.
//
// When Pickable, moving the pointer over a map (or touching it) posts
// ActionPick with the point under it, at most every pickEvery; Mark draws
// a cross at (MarkX, MarkY), the point the diagnostics look at.
type DecisionView struct {
	goapp.Compo

	Grid     int
	Groups   []PointGroup
	ShowTest bool
	HasTest  bool
	// Legend explains the map's colours, e.g. "Colour: the predicted class;
	// paler where the network is less sure".
	Legend string
	Tiles  []MapTile

	Pickable     bool
	Mark         bool
	MarkX, MarkY float64

	// Draw makes the map a drawing surface (drawtools.go): a click or tap
	// posts ActionDraw at its point, a drag posts ActionDraw with Erase
	// along its way, at most every pickEvery. It replaces Pickable. A
	// finger's drag scrolls the page instead, unless Erasing (the eraser
	// is on): on a phone the map is as wide as the screen, and a swipe
	// to scroll must not wipe the drawing.
	Draw, Erasing bool
	// KeyFocus, KeyX and KeyY hand back the keyboard's cross after a
	// keyboard draw (Draw.Key) made the page build a new map: the plane's
	// first point makes a run, whose map replaces the blank one. A map
	// mounted with KeyFocus takes the cross there and the focus.
	KeyFocus   bool
	KeyX, KeyY float64

	picked time.Time // when the last ActionPick was posted
	// The pointer pressed on a drawing map: where, and whether it moved
	// far enough to be a drag.
	down, dragged bool
	downU, downV  float64
	drawn         time.Time // when the last ActionDraw of a drag was posted
	// The keyboard's cross on a drawing map, in [−1, 1]², shown while the
	// map has the focus.
	keyX, keyY float64
	keyFocus   bool
}

// keyStep and keyLeap are how far an arrow key (with Shift: keyLeap) moves
// the drawing map's cross, in the plane's units.
const (
	keyStep = 0.05
	keyLeap = 0.2
)

// pickEvery spaces the ActionPick a moving pointer posts: each makes the
// page compute the diagnostics at the point and draw them again.
const pickEvery = 40 * time.Millisecond

// markerRadius is the radius of a point's marker in the 100×100 view box.
const markerRadius = 1.25

// Render implements goapp.Composer.
func (d *DecisionView) Render() goapp.UI {
	label := "Decision map: what the network predicts at every point of the plane, with the data on top. " + d.Legend
	if len(d.Tiles) > 1 {
		tiles := make([]goapp.UI, len(d.Tiles))
		for i, t := range d.Tiles {
			tiles[i] = goapp.Div().Class("map-tile").Body(
				goapp.Div().Class("map-tile-title").Body(
					goapp.Span().Class("swatch", "series-"+strconv.Itoa(t.Color)).Aria("hidden", "true"),
					goapp.Span().Text(t.Title),
					goapp.If(t.Note != "", func() goapp.UI { return goapp.Span().Class("run-flag").Text(t.Note) }),
				),
				d.mapBox(DecisionMapIDOf(i), t.Title+": "+label),
			)
		}
		return goapp.Figure().Class("decision", "decision-tiles").Body(
			goapp.Div().Class("map-tiles").Body(tiles...),
			d.legend(),
		)
	}
	return goapp.Figure().Class("decision").Body(
		goapp.Div().Class("map-frame").Body(
			d.mapBox(DecisionMapID, label),
			goapp.Div().Class("axis-x").Aria("hidden", "true").Body(
				goapp.Span().Text("−1"), goapp.Span().Text("x₁"), goapp.Span().Text("1"),
			),
			goapp.Div().Class("axis-y").Aria("hidden", "true").Body(
				goapp.Span().Text("1"), goapp.Span().Text("x₂"), goapp.Span().Text("−1"),
			),
		),
		d.legend(),
	)
}

// mapBox is one map: the canvas id with the points (and the mark) on top.
func (d *DecisionView) mapBox(id, label string) goapp.UI {
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
	switch {
	case d.Draw && d.keyFocus:
		marks = append(marks, svg("path").Class("pick-mark", "draw-cursor").Attr("d", CrossPath((d.keyX+1)*50, (1-d.keyY)*50, 4)))
	case d.Mark:
		marks = append(marks, svg("path").Class("pick-mark").Attr("d", CrossPath((d.MarkX+1)*50, (1-d.MarkY)*50, 4)))
	}
	box := goapp.Div().Class("map-box").Body(
		&CanvasMap{ID: id, Grid: d.Grid, Class: "decision-map", Label: label},
		svg("svg").Class("points").Attr("viewBox", "0 0 100 100").Aria("hidden", "true").Body(marks...),
	)
	switch {
	case d.Draw:
		box = box.Class("drawable").On("pointerdown", d.onDraw).On("pointermove", d.onDraw).
			On("pointerup", d.onDraw).On("pointercancel", d.onDraw).
			// The keyboard draws too: Tab to the map, move the cross with
			// the arrows, Enter adds a point, Delete erases.
			TabIndex(0).Attr("role", "application").
			Aria("label", "Drawing map: arrow keys move the cross (Shift for bigger moves), Enter or Space adds a point of the selected class, Delete or Backspace erases the points under the cross").
			On("keydown", d.onDrawKey).On("blur", d.onDrawBlur)
		if d.Erasing {
			box = box.Class("erasing")
		}
	case d.Pickable:
		box = box.Class("pickable").On("pointermove", d.onPointer).On("pointerdown", d.onPointer)
	}
	return box
}

// legend is the key to the points, and the test points' checkbox.
func (d *DecisionView) legend() goapp.UI {
	return goapp.FigCaption().Class("legend").Body(
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
	)
}

// onPointer posts the point under the pointer, in [−1, 1]², as
// ActionPick.
func (d *DecisionView) onPointer(ctx goapp.Context, e goapp.Event) {
	if e.Get("type").String() == "pointermove" && time.Since(d.picked) < pickEvery {
		return
	}
	rect := ctx.JSSrc().Call("getBoundingClientRect")
	w, h := rect.Get("width").Float(), rect.Get("height").Float()
	if w <= 0 || h <= 0 {
		return
	}
	u := (e.Get("clientX").Float() - rect.Get("left").Float()) / w
	v := (e.Get("clientY").Float() - rect.Get("top").Float()) / h
	d.picked = time.Now()
	post(ctx, ActionPick, PickAt(u, v))
}

// dragFrom is how far (as a fraction of the map's side) the pointer must
// move while pressed for the gesture to be a drag that erases rather than
// a tap that adds: about 6 pixels of a 300-pixel map, more than a finger
// wobbles.
const dragFrom = 0.02

// onDraw turns pointer events on a drawing map into ActionDraw: a press
// and release in one place adds (or erases, with the eraser) at that
// place; a press that moves erases along its way.
func (d *DecisionView) onDraw(ctx goapp.Context, e goapp.Event) {
	rect := ctx.JSSrc().Call("getBoundingClientRect")
	w, h := rect.Get("width").Float(), rect.Get("height").Float()
	if w <= 0 || h <= 0 {
		return
	}
	u := (e.Get("clientX").Float() - rect.Get("left").Float()) / w
	v := (e.Get("clientY").Float() - rect.Get("top").Float()) / h
	switch e.Get("type").String() {
	case "pointerdown":
		if e.Get("button").Int() != 0 {
			return
		}
		e.PreventDefault()
		d.down, d.dragged, d.downU, d.downV = true, false, u, v
		ctx.JSSrc().Call("setPointerCapture", e.Get("pointerId"))
	case "pointermove":
		if !d.down {
			return
		}
		if !d.dragged && math.Hypot(u-d.downU, v-d.downV) < dragFrom {
			return
		}
		if e.Get("pointerType").String() == "touch" && !d.Erasing {
			d.down = false // a swipe, not a tap: the page scrolls
			return
		}
		if !d.dragged { // erase where the drag began too
			d.dragged = true
			post(ctx, ActionDraw, drawAt(d.downU, d.downV, true))
		}
		if time.Since(d.drawn) >= pickEvery {
			d.drawn = time.Now()
			post(ctx, ActionDraw, drawAt(u, v, true))
		}
	case "pointerup":
		if d.down && !d.dragged {
			post(ctx, ActionDraw, drawAt(u, v, false))
		} else if d.down {
			post(ctx, ActionDraw, drawAt(u, v, true))
		}
		d.down = false
	case "pointercancel":
		d.down = false
	}
}

// onDrawKey draws with the keyboard on a drawing map: the arrows move the
// cross, Enter or Space posts ActionDraw at it, Delete or Backspace posts
// it with Erase. The page's shortcuts leave a role="application" element
// its keys (app/a11y.go).
func (d *DecisionView) onDrawKey(ctx goapp.Context, e goapp.Event) {
	step := keyStep
	if e.Get("shiftKey").Bool() {
		step = keyLeap
	}
	c := func(x float64) float64 { return math.Max(-1, math.Min(1, x)) }
	switch e.Get("key").String() {
	case "ArrowLeft":
		d.keyX = c(d.keyX - step)
	case "ArrowRight":
		d.keyX = c(d.keyX + step)
	case "ArrowUp":
		d.keyY = c(d.keyY + step)
	case "ArrowDown":
		d.keyY = c(d.keyY - step)
	case "Enter", " ":
		post(ctx, ActionDraw, Draw{X: d.keyX, Y: d.keyY, Key: true})
	case "Delete", "Backspace":
		post(ctx, ActionDraw, Draw{X: d.keyX, Y: d.keyY, Erase: true, Key: true})
	default:
		return
	}
	e.PreventDefault() // no scrolling, no click
	d.keyFocus = true
}

// OnMount implements goapp.Mounter: a drawing map made after a keyboard
// draw takes back the cross and the focus (KeyFocus).
func (d *DecisionView) OnMount(ctx goapp.Context) {
	if !d.Draw || !d.KeyFocus {
		return
	}
	d.keyX, d.keyY, d.keyFocus = d.KeyX, d.KeyY, true
	ctx.Defer(func(goapp.Context) {
		if b := goapp.Window().Get("document").Call("querySelector", ".map-box.drawable"); b.Truthy() {
			b.Call("focus")
		}
	})
}

// onDrawBlur hides the keyboard's cross when the drawing map loses the
// focus (the first key pressed on it shows the cross: a click that
// focuses the map does not).
func (d *DecisionView) onDrawBlur(ctx goapp.Context, e goapp.Event) {
	d.keyFocus = false
}

// drawAt returns the Draw at (u, v), fractions of the map as in PickAt.
func drawAt(u, v float64, erase bool) Draw {
	p := PickAt(u, v)
	return Draw{X: p.X, Y: p.Y, Erase: erase}
}

// PickAt returns the point of the plane at (u, v), the fractions of a
// map's width from its left and of its height from its top, clamped to
// [−1, 1]².
func PickAt(u, v float64) Pick {
	c := func(x float64) float64 { return math.Max(-1, math.Min(1, x)) }
	return Pick{X: c(2*u - 1), Y: c(1 - 2*v)}
}

// CrossPath returns the SVG path data of a cross of half-size r centred on
// (x, y).
func CrossPath(x, y, r float64) string {
	return "M" + coord(x-r) + " " + coord(y) + "H" + coord(x+r) + "M" + coord(x) + " " + coord(y-r) + "V" + coord(y+r)
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
