package run

import (
	"fmt"
	"net/url"
	"slices"
	"strconv"

	"plasticity/core/data"
)

// The user's own data: points drawn on the page, or an uploaded CSV file.
//
//	data=drawn&points=<3 base64url characters a point>
//	                 the drawing (core/data/drawn.go has the format); up to
//	                 data.MaxPoints points. Without points= the example
//	                 drawing (data.ExampleDrawing); points= empty is a blank
//	                 plane, which cannot train until a point is drawn. Read
//	                 only with data=drawn.
//	data=csv&csv=<name>:<hash>
//	                 the uploaded file, named by its data.Table ID. A link
//	                 cannot carry the file: a run needs the same file loaded
//	                 (data.SetCSV; the page's upload, `plasticity run -csv`).
//	                 Read only with data=csv.
//
// Own data have their own number of examples, so train and test give only
// the ratio of the split: a share test/(train+test) of each class is held
// out, chosen by the seed's stream "data/split" (the default 400 and 200
// hold out a third; test=0 trains on everything). Noise and classes do not
// apply: a drawing has one more class than its highest, at least 2; a file
// as many as its distinct labels.

// IsOwnData reports whether e trains on the user's own data (drawn points
// or an uploaded file) rather than a generated set.
func (e Experiment) IsOwnData() bool { return e.Data == data.DrawnKey || e.Data == data.CSVKey }

// Drawing returns the points of a drawn experiment: e.Points, or the
// example drawing when it has none (a fresh slice either way).
func (e Experiment) Drawing() []data.Point {
	if e.Points == nil {
		return data.ExampleDrawing()
	}
	return slices.Clone(e.Points)
}

// TestShare returns the share of own data held out for testing:
// test/(train+test).
func (e Experiment) TestShare() float64 {
	if e.Train+e.Test <= 0 {
		return 0
	}
	return float64(e.Test) / float64(e.Train+e.Test)
}

// decodeOwn reads points= and csv=. Decode calls it after its loop, before
// it checks the network's size, which depends on the data's shape.
func decodeOwn(vals url.Values, e *Experiment, bad func(key, format string, args ...any)) {
	if v, ok := vals["points"]; ok && e.Data == data.DrawnKey {
		ps, err := data.ParsePoints(last(v))
		if err != nil {
			bad("points", "%v; using the example drawing", err)
		} else {
			e.Points = ps // empty: a blank plane, which trains once a point is drawn
		}
	}
	if v, ok := vals["csv"]; ok && e.Data == data.CSVKey {
		if s := last(v); data.ValidCSVID(s) {
			e.CSV = s
		} else {
			bad("csv", "%q does not name an uploaded file (name:8 hex digits); upload the file again", s)
		}
	}
}

// encodeOwn writes points= and csv= for the data that use them.
func (e Experiment) encodeOwn(v url.Values) {
	switch e.Data {
	case data.DrawnKey:
		if e.Points != nil {
			v.Set("points", data.EncodePoints(e.Points))
		}
	case data.CSVKey:
		if e.CSV != "" {
			v.Set("csv", e.CSV)
		}
	}
}

// validateOwn checks the drawing and the file's name, and, for a loaded
// file, the work of evaluating all its rows: fitWork counts train+test
// examples, which for own data are only a ratio.
func (e Experiment) validateOwn(bad func(key, format string, args ...any)) {
	if e.Data == data.DrawnKey && e.Points != nil {
		if len(e.Points) > data.MaxPoints {
			bad("points", "%d points; at most %d fit a link", len(e.Points), data.MaxPoints)
		}
		for i, p := range e.Points {
			if p.X >= data.PointLevels || p.Y >= data.PointLevels || p.Class >= data.MaxDrawnClasses {
				bad("points", "point %d is off the grid or of class %d", i+1, p.Class)
				break
			}
		}
	}
	if e.Data == data.CSVKey && e.CSV != "" && !data.ValidCSVID(e.CSV) {
		bad("csv", "%q does not name an uploaded file", e.CSV)
	}
	if t := e.table(); t != nil {
		if c := e.ExampleCost(); t.N*c > MaxEvalWork {
			bad("hidden", "the %d rows of %s through a network of %d multiply-adds an example are too many to evaluate at once in a phone's browser (at most %.2g); use a smaller network",
				t.N, t.Name, c, float64(MaxEvalWork))
		}
	}
}

// table returns the loaded table if e trains on it (data=csv and csv=
// naming it), else nil.
func (e Experiment) table() *data.Table {
	if e.Data != data.CSVKey {
		return nil
	}
	if t := data.CSV(); t != nil && t.ID == e.CSV {
		return t
	}
	return nil
}

// ownShape returns the inputs and outputs of e's own data; ok is false for
// generated data. A file that is not loaded has the registry's shape.
func (e Experiment) ownShape() (inputs, outputs int, ok bool) {
	switch e.Data {
	case data.DrawnKey:
		return 2, data.DrawnClasses(e.Drawing()), true
	case data.CSVKey:
		if t := e.table(); t != nil {
			return t.Dim, t.Classes, true
		}
	}
	return 0, 0, false
}

// ownData builds r's training and test sets from the user's data and
// reports whether it did; for generated data it does nothing. It also
// fits r.DataInfo to the data: a file's inputs, whether it lies in the
// plane (two inputs), its name as the title.
func (r *Run) ownData() (bool, error) {
	e := r.Exp
	var ex *data.Examples
	standardise := false
	switch e.Data {
	case data.DrawnKey:
		if len(e.Drawing()) == 0 {
			return true, fmt.Errorf("the plane is blank: click or tap the map to draw a point")
		}
		ex = data.DrawnExamples(e.Drawing())
	case data.CSVKey:
		t := e.table()
		switch {
		case t == nil && e.CSV == "":
			return true, fmt.Errorf("this experiment trains on a CSV file you upload: choose one in the Data panel (on the command line, -csv FILE)")
		case t == nil:
			return true, fmt.Errorf("this link trains on the uploaded CSV file %s, which a link cannot carry: upload the same file in the Data panel to run it (on the command line, -csv FILE)", e.CSV)
		}
		ex, standardise = &t.Examples, true
		r.DataInfo.Title = t.Name
		r.DataInfo.Summary = t.Describe() + "."
		r.DataInfo.Dim = t.Dim
		r.DataInfo.Plane = t.Dim == 2
	default:
		return false, nil
	}
	r.DataInfo.Classes = ex.Classes
	r.Train, r.Test = ex.Split(e.TestShare(), standardise, Stream(e.Seed, "data/split"))
	return true, nil
}

// WithCSV returns link set to train on table t (data=csv&csv=<t's ID>),
// for `plasticity run LINK -csv FILE`: a link copied from the page names
// its file already, and it must be t; any other link is moved onto t's
// data, keeping its other keys. The result is a query string.
func WithCSV(link string, t *data.Table) (string, error) {
	q := linkQuery(link)
	vals, err := url.ParseQuery(q)
	if err != nil {
		return "", fmt.Errorf("bad link: %v", err)
	}
	if id := vals.Get("csv"); vals.Get("data") == data.CSVKey && id != "" && id != t.ID {
		return "", fmt.Errorf("the link trains on the file %s, and %s is %s: another file, or the same file edited", id, t.Name, t.ID)
	}
	vals.Set("data", data.CSVKey)
	vals.Set("csv", t.ID)
	for _, k := range []string{"points", "noise", "classes"} { // meaningless for a file
		vals.Del(k)
	}
	return encodeValues(vals), nil
}

// encodeValues writes vals as a query string, v first if present.
func encodeValues(vals url.Values) string {
	if _, ok := vals["v"]; !ok {
		vals.Set("v", strconv.Itoa(Version))
	}
	return encodeQuery(vals)
}
