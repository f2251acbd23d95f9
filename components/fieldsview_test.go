package components

import (
	"testing"

	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"
)

func TestFieldsView(t *testing.T) {
	t.Parallel()
	f := &FieldsView{Scale: 3, Layers: []FieldLayer{{
		ID: "fields-1", Title: "Hidden 1", Note: "receptive fields",
		Shown: 256, Units: 300, Cols: 16, Tile: 14, Width: 239, Height: 239,
	}}}
	load(t, f)
	match(t, goapp.Text("Hidden 1: 300 neurons, the first 256 shown"), f, 0, 0, 0, 0)
	match(t, goapp.Canvas().ID("fields-1").Class("fields-map").Width(239).Height(239).
		Style("width", "%dpx", 717).Role("img").Aria("label", "Hidden 1: receptive fields").
		DataSet("shown", 256).DataSet("tile", 14), f, 0, 0, 2, 0)
}
