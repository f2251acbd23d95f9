package app

import (
	"fmt"
	"math"
	"net/url"
	"strconv"

	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"

	"plasticity/components"
	"plasticity/core/data"
	"plasticity/core/run"
)

// The user's own data: points drawn on the decision map (data=drawn, the
// points in the link) and an uploaded CSV file (data=csv, the file in
// data.SetCSV and only its name and hash in the link). Every change goes
// through the link, like any setting (model.apply), and starts the run
// afresh: the split into training and test points follows from the seed.

// ownState is the page's state of its own data that no link holds: the
// drawing tool, and the last upload's outcome.
type ownState struct {
	class  int  // the class new points get
	eraser bool // clicks erase instead of adding
	// The keyboard's cross on the drawing map after a keyboard draw, for
	// the map the draw makes anew (components.DecisionView.KeyFocus).
	keyFocus   bool
	keyX, keyY float64
	csvErr     string
	reading    bool // a chosen file is being read
}

// eraseRadius is how near a point must be to an erasing click or drag to
// go, in the plane's units: 4 % of the plane's width, 12 pixels of a
// 300-pixel map, about a fingertip.
const eraseRadius = 0.08

// handleOwnData registers the handlers of the drawing tools, the map's
// drawing gestures and the CSV upload.
func (p *Playground) handleOwnData(ctx goapp.Context) {
	ctx.Handle(components.ActionDraw, p.onDraw)
	ctx.Handle(components.ActionDrawTool, p.onDrawTool)
	ctx.Handle(components.ActionUpload, p.onUpload)
}

// onDraw adds a point where the map was clicked or tapped, or erases the
// points near where it was dragged over (or clicked with the eraser).
func (p *Playground) onDraw(ctx goapp.Context, a goapp.Action) {
	d, ok := a.Value.(components.Draw)
	e := p.m.exp
	if !ok || e.Data != data.DrawnKey || e.IsLocked("data") || math.IsNaN(d.X) || math.IsNaN(d.Y) {
		return
	}
	p.own.keyFocus, p.own.keyX, p.own.keyY = d.Key, d.X, d.Y
	pts := e.Drawing()
	switch {
	case d.Erase || p.own.eraser:
		kept := data.ErasePoints(pts, d.X, d.Y, eraseRadius)
		if len(kept) == len(pts) {
			return
		}
		pts = kept
	case len(pts) >= data.MaxPoints:
		return // the tools show the count at its most
	default:
		pts = append(pts, data.NewPoint(d.X, d.Y, min(max(p.own.class, 0), data.MaxDrawnClasses-1)))
	}
	p.m.setPoints(pts)
	p.drawChanged(ctx)
}

// drawChanged is changed for a new drawing: a blank plane has no run to
// paint the map, so the map is painted blank.
func (p *Playground) drawChanged(ctx goapp.Context) {
	p.changed(ctx)
	if p.m.run != nil {
		return
	}
	g := p.mapGrid()
	ctx.Defer(func(goapp.Context) {
		pix := make([]byte, 4*g*g)
		for i := 0; i < g*g; i++ {
			setPixel(pix, i, run.Background)
		}
		p.paint.put(components.DecisionMapID, g, pix)
	})
}

// onDrawTool picks the class or the eraser, or starts the drawing afresh.
func (p *Playground) onDrawTool(ctx goapp.Context, a goapp.Action) {
	t, ok := a.Value.(components.DrawTool)
	if !ok {
		return
	}
	p.own.class, p.own.eraser = min(max(t.Class, 0), data.MaxDrawnClasses-1), t.Eraser
	if p.m.exp.IsLocked("data") || p.m.exp.Data != data.DrawnKey {
		return
	}
	switch {
	case t.Clear:
		p.m.setPoints([]data.Point{})
		p.drawChanged(ctx)
	case t.Example:
		p.m.setPoints(nil)
		p.drawChanged(ctx)
	}
}

// setPoints makes pts the drawing (nil: the example drawing; empty: a
// blank plane, which cannot train until a point is drawn).
func (m *model) setPoints(pts []data.Point) {
	q, _ := url.ParseQuery(m.spec.Encode())
	q.Set("data", data.DrawnKey)
	if pts == nil {
		q.Del("points")
	} else {
		q.Set("points", data.EncodePoints(pts))
	}
	m.apply(q)
}

// fitOwnData completes the query q of a change of dataset to key: the
// csv dataset picked among the others trains on the file loaded last, if
// there is one.
func fitOwnData(q url.Values, key string) {
	if t := data.CSV(); key == data.CSVKey && t != nil && q.Get("csv") == "" {
		q.Set("csv", t.ID)
	}
}

// onUpload reads the chosen file, checks it whole and, if it is good,
// trains on it. A bad file changes nothing but the message under the
// input: the run, the link and any loaded file stay as they were.
func (p *Playground) onUpload(ctx goapp.Context, a goapp.Action) {
	u, ok := a.Value.(components.Upload)
	if !ok || p.m.exp.IsLocked("data") {
		return
	}
	if u.Size > data.MaxCSVBytes {
		p.own.csvErr = fmt.Sprintf("%s has %d bytes; at most %d (1 MiB).", u.Name, u.Size, data.MaxCSVBytes)
		return
	}
	p.own.reading, p.own.csvErr = true, ""
	readFile(u.File, func(b []byte, err error) {
		ctx.Dispatch(func(ctx goapp.Context) {
			p.own.reading = false
			if err != nil {
				p.own.csvErr = "could not read " + u.Name + ": " + err.Error()
				return
			}
			t, err := data.ParseCSV(u.Name, b, 0)
			if err != nil {
				p.own.csvErr = err.Error()
				return
			}
			p.m.useTable(t)
			p.changed(ctx)
		})
	})
}

// useTable loads t as the csv dataset's table and trains on it.
func (m *model) useTable(t *data.Table) {
	data.SetCSV(t)
	before := m.spec.Encode()
	q, _ := url.ParseQuery(before)
	q.Set("data", data.CSVKey)
	q.Set("csv", t.ID)
	q.Del("classes")
	m.apply(q)
	if m.spec.Encode() == before { // the same file again: the link named it already
		m.rebuild()
	}
}

// readFile reads a browser File whole and calls done with its bytes, on
// the browser's event loop (the caller dispatches to the UI goroutine).
func readFile(f goapp.Value, done func([]byte, error)) {
	var ok, fail goapp.Func
	release := func() {
		ok.Release()
		fail.Release()
	}
	ok = goapp.FuncOf(func(_ goapp.Value, args []goapp.Value) any {
		defer release()
		if len(args) == 0 {
			done(nil, fmt.Errorf("no data"))
			return nil
		}
		arr := goapp.Window().Get("Uint8Array").New(args[0])
		b := make([]byte, arr.Length())
		goapp.CopyBytesToGo(b, arr)
		done(b, nil)
		return nil
	})
	fail = goapp.FuncOf(func(_ goapp.Value, args []goapp.Value) any {
		defer release()
		msg := "the browser refused"
		if len(args) > 0 && args[0].Truthy() {
			msg = args[0].Call("toString").String()
		}
		done(nil, fmt.Errorf("%s", msg))
		return nil
	})
	f.Call("arrayBuffer").Call("then", ok, fail)
}

// drawTools returns the drawing tools' inputs for the current drawing.
func (p *Playground) drawTools() *components.DrawTools {
	e := p.m.exp
	pts := e.Drawing()
	// One class more than drawn so far, to start a new one, up to the most.
	n := min(data.DrawnClasses(pts)+1, data.MaxDrawnClasses)
	n = max(n, p.own.class+1)
	colors := make([]string, n)
	for c := range colors {
		colors[c] = hexColor(run.ClassColor(c))
	}
	return &components.DrawTools{
		Colors: colors, Class: p.own.class, Eraser: p.own.eraser,
		Count: len(pts), Max: data.MaxPoints, Locked: e.IsLocked("data"),
	}
}

// csvUpload returns the upload field's inputs.
func (p *Playground) csvUpload() *components.CSVUpload {
	e := p.m.exp
	u := &components.CSVUpload{
		Error: p.own.csvErr, Reading: p.own.reading, Locked: e.IsLocked("data"),
		Limits: fmt.Sprintf("Numeric columns and a label column (the last; labels may be words), with or without a header line. "+
			"At most 1 MiB, %d rows, %d input columns and %d classes. Each column is standardised over the training rows.",
			data.MaxCSVRows, data.MaxCSVColumns, data.MaxCSVClasses),
	}
	if e.Data == data.CSVKey {
		if t := data.CSV(); t != nil && t.ID == e.CSV {
			u.Loaded = t.Describe()
		} else if e.CSV != "" {
			u.Needed = e.CSV
		}
	}
	return u
}

// testShareField is, for own data, the choice of how much of it is held
// out for testing: the link's test size against its training size.
func testShareField(e run.Experiment, locked bool) *components.SelectField {
	opts := []components.Option{{Value: "0", Label: "None: train on everything"}}
	for _, s := range []struct {
		div   int
		label string
	}{{3, "A quarter"}, {2, "A third"}, {1, "Half"}} {
		if t := e.Train / s.div; t <= run.MaxTest && t > 0 {
			opts = append(opts, components.Option{Value: strconv.Itoa(t), Label: s.label})
		}
	}
	found := false
	for _, o := range opts {
		found = found || o.Value == strconv.Itoa(e.Test)
	}
	if !found {
		opts = append(opts, components.Option{Value: strconv.Itoa(e.Test), Label: fmt.Sprintf("%.0f %%", 100*e.TestShare())})
	}
	return &components.SelectField{
		ID: "test-share", Key: "test", Label: "Held out for testing", Value: strconv.Itoa(e.Test),
		Help:    "The share of each class's examples kept out of training to measure generalisation, chosen by the seed.",
		Options: opts, Locked: locked,
	}
}

// ownDataNote is what the share dialog says about data a link cannot
// carry; empty for other data.
func ownDataNote(e run.Experiment) string {
	switch e.Data {
	case data.CSVKey:
		name := e.CSV
		if t := data.CSV(); t != nil && t.ID == e.CSV {
			name = t.Name
		}
		return "This experiment trains on the uploaded file " + name + ", which a link cannot carry: the link names the file and its fingerprint, and whoever opens it must upload the same file to run it."
	case data.DrawnKey:
		return fmt.Sprintf("The link carries your %d drawn points.", len(e.Drawing()))
	}
	return ""
}

// drawable reports whether the map is a drawing surface: a drawn dataset
// whose link neither locks nor hides the data's controls.
func (p *Playground) drawable() bool {
	e := p.m.exp
	return e.Data == data.DrawnKey && !e.IsLocked("data") && !e.IsHidden("data")
}

// ownDataView is the top of the results panel for own data without a run
// to show: the drawing tools on an empty map for a blank drawing, the
// upload's advice for a file not loaded. ok is false otherwise.
func (p *Playground) ownDataView() (goapp.UI, bool) {
	e := p.m.exp
	switch {
	case p.m.run != nil:
		return nil, false
	case p.drawable():
		return goapp.Div().Class("own-data").Body(
			p.drawTools(),
			&components.DecisionView{Grid: p.mapGrid(), Legend: "Draw points to train on.", Draw: true, Erasing: p.own.eraser,
				KeyFocus: p.own.keyFocus, KeyX: p.own.keyX, KeyY: p.own.keyY},
		), true
	case e.Data == data.CSVKey:
		return goapp.P().Class("help").Text("Upload the CSV file in the Data panel: the run starts as soon as it is loaded."), true
	}
	return nil, false
}

// planeNote explains a file that is not in the plane.
func planeNote(r *run.Run) string {
	return fmt.Sprintf("%s has %d input columns, not 2, so there is no plane to draw its points and the network's predictions on: "+
		"the curves below tell how the network does.", r.DataInfo.Title, r.Train.Dim)
}
