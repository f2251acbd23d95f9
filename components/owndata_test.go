package components

import (
	"testing"

	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"
)

func TestCSVUploadError(t *testing.T) {
	t.Parallel()
	c := &CSVUpload{Error: `line 4: column 2 ("b"): "oops" is not a number`, Limits: "At most 1 MiB."}
	load(t, c)
	match(t, goapp.Div().ID("csv-upload").Class("field", "csv-upload"), c, 0)
	match(t, goapp.P().ID("csv-error").Class("csv-error").Role("alert"), c, 0, 2)
	match(t, goapp.Text(`That file was not loaded, and nothing changed: line 4: column 2 ("b"): "oops" is not a number`), c, 0, 2, 0)
	match(t, goapp.Text("At most 1 MiB."), c, 0, 3, 0)
}

func TestCSVUploadNeeded(t *testing.T) {
	t.Parallel()
	c := &CSVUpload{Needed: "iris.csv:3fa2b9c1", Locked: true}
	load(t, c)
	match(t, goapp.Div().ID("csv-upload").Class("field", "csv-upload", "locked").Title(lockedHelp), c, 0)
	match(t, goapp.Text("This link trains on the file iris.csv:3fa2b9c1, which a link cannot carry: upload the same file to run it."), c, 0, 2, 0)
}

func TestDrawTools(t *testing.T) {
	t.Parallel()
	d := &DrawTools{Colors: []string{"#e07b39", "#3a7abf", "#2a9d8f"}, Class: 1, Count: 7, Max: 500}
	load(t, d)
	match(t, goapp.Div().ID("draw-tools").Class("draw-tools"), d, 0)
	match(t, goapp.Text("7 of at most 500 points"), d, 0, 1, 0, 0)
}

func TestDrawAt(t *testing.T) {
	t.Parallel()
	for _, test := range []struct {
		u, v float64
		want Draw
	}{
		{0.5, 0.5, Draw{X: 0, Y: 0}},
		{0, 0, Draw{X: -1, Y: 1}},
		{1.2, 0.75, Draw{X: 1, Y: -0.5}}, // clamped to the plane
	} {
		if got := drawAt(test.u, test.v, false); got != test.want {
			t.Errorf("drawAt(%g, %g) = %+v, want %+v", test.u, test.v, got, test.want)
		}
	}
}
