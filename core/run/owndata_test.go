package run

import (
	"slices"
	"strings"
	"testing"

	"plasticity/core/data"
)

func TestDrawnLink(t *testing.T) {
	ps := []data.Point{data.NewPoint(-0.5, 0.5, 0), data.NewPoint(0.5, -0.5, 1), data.NewPoint(0.1, 0.9, 2)}
	e := Default()
	e.Data, e.Points = data.DrawnKey, ps
	link := e.Encode()
	if want := "points=" + data.EncodePoints(ps); !strings.Contains(link, want) {
		t.Fatalf("got %q, want it to carry %q", link, want)
	}
	d, err := Decode(link)
	if err != nil || !slices.Equal(d.Points, ps) || !d.Equal(e) {
		t.Fatalf("round trip of %q: got %v, %v", link, d.Points, err)
	}
	in, out := d.shape()
	if in != 2 || out != 3 {
		t.Errorf("shape: got %d → %d, want 2 → 3 (classes 0 to 2 drawn)", in, out)
	}
	// Without points=: the example drawing, and no points= in the link.
	b, err := Decode("data=drawn")
	if err != nil || b.Points != nil || len(b.Drawing()) != len(data.ExampleDrawing()) || strings.Contains(b.Encode(), "points") {
		t.Errorf("data=drawn: got %v, %v, link %q", b.Points, err, b.Encode())
	}
	// points= empty: a blank plane, kept in the link, that cannot train.
	z, err := Decode("data=drawn&points=")
	if err != nil || z.Points == nil || len(z.Points) != 0 || !strings.Contains(z.Encode(), "points=") {
		t.Errorf("points=: got %v, %v, link %q", z.Points, err, z.Encode())
	}
	if _, err := New(z); err == nil || !strings.Contains(err.Error(), "blank") {
		t.Errorf("a blank plane: got %v, want an error", err)
	}
	// Other datasets neither read nor write points.
	s, err := Decode("data=spiral&points=" + data.EncodePoints(ps))
	if err != nil || s.Points != nil || strings.Contains(s.Encode(), "points") {
		t.Errorf("points with data=spiral: got %v, %v", s.Points, err)
	}
}

func TestDrawnLinkErrors(t *testing.T) {
	for _, test := range []struct{ name, link, msg string }{
		{"bad length", "data=drawn&points=AAAA", "each point takes 3"},
		{"bad character", "data=drawn&points=AA*", "not a base64url character"},
		{"bad class", "data=drawn&points=AAI", "class 9"},
		{"too many", "data=drawn&points=" + strings.Repeat("AAB", data.MaxPoints+1), "at most 500"},
		{"bad csv id", "data=csv&csv=../etc/passwd", "does not name an uploaded file"},
	} {
		t.Run(test.name, func(t *testing.T) {
			e, err := Decode(test.link)
			le, ok := err.(*LinkError)
			if !ok || len(le.Problems) != 1 || !strings.Contains(le.Problems[0].Msg, test.msg) {
				t.Fatalf("got %v, want one problem saying %q", err, test.msg)
			}
			if e.Points != nil || e.CSV != "" {
				t.Errorf("kept %v %q from a bad key", e.Points, e.CSV)
			}
			if err := e.Validate(); err != nil {
				t.Errorf("Decode returned an invalid experiment: %v", err)
			}
		})
	}
}

func TestDrawnRun(t *testing.T) {
	var ps []data.Point
	for i := 0; i < 12; i++ {
		x := -0.8 + 0.13*float64(i)
		ps = append(ps, data.NewPoint(x, 0.5, 0), data.NewPoint(x, -0.5, 1))
	}
	e := Default()
	e.Data, e.Points = data.DrawnKey, ps
	r, err := New(e)
	if err != nil {
		t.Fatal(err)
	}
	// A third of each class held out: round(12/3) = 4 of 12, twice.
	if r.Train.N != 16 || r.Test.N != 8 || r.Train.Classes != 2 || !r.DataInfo.Plane {
		t.Fatalf("got %d training and %d test points, %d classes", r.Train.N, r.Test.N, r.Train.Classes)
	}
	r2, _ := New(e)
	if !slices.Equal(r.Test.X, r2.Test.X) {
		t.Errorf("same seed, different split")
	}
	e.Seed = 2
	r3, _ := New(e)
	if slices.Equal(r.Test.X, r3.Test.X) {
		t.Errorf("another seed, the same split")
	}
	for range 60 {
		if err := r.Step(); err != nil {
			t.Fatal(err)
		}
	}
	if m := r.Metrics(); m.TrainAcc < 0.99 {
		t.Errorf("two rows of points: training accuracy %g after 60 steps, want 1", m.TrainAcc)
	}
	// test=0 trains on every point.
	e.Test = 0
	r4, err := New(e)
	if err != nil || r4.Train.N != 24 || r4.Test.N != 0 {
		t.Errorf("test=0: got %v, %v", r4, err)
	}
}

// iris is the head of a well-known table, enough to train on.
const iris = `sepal_length,sepal_width,petal_length,petal_width,species
5.1,3.5,1.4,0.2,setosa
4.9,3.0,1.4,0.2,setosa
4.7,3.2,1.3,0.2,setosa
4.6,3.1,1.5,0.2,setosa
5.0,3.6,1.4,0.2,setosa
7.0,3.2,4.7,1.4,versicolor
6.4,3.2,4.5,1.5,versicolor
6.9,3.1,4.9,1.5,versicolor
5.5,2.3,4.0,1.3,versicolor
6.5,2.8,4.6,1.5,versicolor
6.3,3.3,6.0,2.5,virginica
5.8,2.7,5.1,1.9,virginica
7.1,3.0,5.9,2.1,virginica
6.3,2.9,5.6,1.8,virginica
6.5,3.0,5.8,2.2,virginica
`

func TestCSVRun(t *testing.T) {
	tb, err := data.ParseCSV("iris.csv", []byte(iris), 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { data.SetCSV(nil) })
	data.SetCSV(nil)
	e, err := Decode("data=csv&csv=" + tb.ID + "&hidden=8")
	if err != nil || e.CSV != tb.ID {
		t.Fatalf("got %q, %v", e.CSV, err)
	}
	if !strings.Contains(e.Encode(), "csv="+tb.ID) {
		t.Errorf("link %q does not name the file", e.Encode())
	}
	// Not uploaded: a clear error that names the file.
	if _, err := New(e); err == nil || !strings.Contains(err.Error(), "upload the same file") || !strings.Contains(err.Error(), tb.ID) {
		t.Errorf("without the file: got %v", err)
	}
	f, _ := Decode("data=csv")
	if _, err := New(f); err == nil || !strings.Contains(err.Error(), "choose one") {
		t.Errorf("data=csv alone: got %v", err)
	}
	data.SetCSV(tb)
	if in, out := e.shape(); in != 4 || out != 3 {
		t.Errorf("shape: got %d → %d, want 4 → 3", in, out)
	}
	r, err := New(e)
	if err != nil {
		t.Fatal(err)
	}
	// round(5/3) = 2 of each species' 5 rows held out.
	if r.Train.N != 9 || r.Test.N != 6 || r.Train.Dim != 4 || r.DataInfo.Plane || r.DataInfo.Title != "iris.csv" {
		t.Fatalf("got %d + %d rows of %d, plane %v, title %q", r.Train.N, r.Test.N, r.Train.Dim, r.DataInfo.Plane, r.DataInfo.Title)
	}
	for range 200 {
		if err := r.Step(); err != nil {
			t.Fatal(err)
		}
	}
	if m := r.Metrics(); m.TrainAcc < 0.9 {
		t.Errorf("iris: training accuracy %g after 200 steps", m.TrainAcc)
	}
	// Another file with the same link: refused, not trained on silently.
	other, _ := data.ParseCSV("iris.csv", []byte(strings.Replace(iris, "5.1", "5.2", 1)), 0)
	data.SetCSV(other)
	if _, err := New(e); err == nil {
		t.Errorf("a different file under the link's name: no error")
	}
	// A file of two columns lies in the plane.
	two, _ := data.ParseCSV("two.csv", []byte("1,2,a\n3,4,b\n5,1,a\n2,2,b\n"), 0)
	data.SetCSV(two)
	g := Default()
	g.Data, g.CSV = data.CSVKey, two.ID
	r2, err := New(g)
	if err != nil || !r2.DataInfo.Plane {
		t.Errorf("two columns: got %v, plane %v", err, r2 != nil && r2.DataInfo.Plane)
	}
}

func TestWithCSV(t *testing.T) {
	tb, err := data.ParseCSV("iris.csv", []byte(iris), 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, test := range []struct{ name, link, want, err string }{
		{"bare", "", "v=1&csv=" + tb.ID + "&data=csv", ""},
		{"other data", "http://host/?v=1&data=spiral&noise=0.3&hidden=8#x", "v=1&csv=" + tb.ID + "&data=csv&hidden=8", ""},
		{"the page's link", "v=1&data=csv&csv=" + tb.ID + "&lr=0.1", "v=1&csv=" + tb.ID + "&data=csv&lr=0.1", ""},
		{"another file", "v=1&data=csv&csv=iris.csv:00000000", "", "another file"},
	} {
		t.Run(test.name, func(t *testing.T) {
			got, err := WithCSV(test.link, tb)
			if test.err != "" {
				if err == nil || !strings.Contains(err.Error(), test.err) {
					t.Errorf("got %q, %v; want an error saying %q", got, err, test.err)
				}
				return
			}
			if err != nil || got != test.want {
				t.Errorf("got %q, %v; want %q", got, err, test.want)
			}
		})
	}
}

// FuzzDrawnLink: whatever points= holds, Decode neither panics nor keeps a
// bad drawing, and a drawing it keeps survives Encode and Decode.
func FuzzDrawnLink(f *testing.F) {
	for _, s := range []string{"", "AAA", "AAA__3", "AAI", "AA*", strings.Repeat("AAB", 10), "%41AA", "AAA&points=BBB"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		e, _ := Decode("data=drawn&hidden=4&points=" + s)
		if len(e.Points) > data.MaxPoints {
			t.Fatalf("kept %d points", len(e.Points))
		}
		if err := e.Validate(); err != nil {
			t.Fatalf("Decode returned an invalid experiment: %v", err)
		}
		d, err := Decode(e.Encode())
		if err != nil || !slices.Equal(d.Points, e.Points) || (d.Points == nil) != (e.Points == nil) {
			t.Fatalf("round trip of %q: %v, %v → %v", e.Encode(), e.Points, err, d.Points)
		}
	})
}
