package components

import (
	"strconv"

	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"
)

// FieldLayer is one hidden layer of a FieldsView: its units' pictures as
// one mosaic canvas of Width×Height pixels (id ID, painted by app/), Cols
// tiles a row, each Tile pixels square with a pixel between tiles.
type FieldLayer struct {
	ID            string
	Title         string // "Hidden 1"
	Note          string // what the tiles show
	Shown, Units  int    // tiles drawn; units in the layer
	Cols, Tile    int
	Width, Height int
}

// FieldsID returns the id of the mosaic of hidden layer l (1-based).
func FieldsID(l int) string { return "fields-" + strconv.Itoa(l) }

// FieldsView is #fields: for image data, what each hidden unit looks for.
// The first hidden layer's tiles are its units' receptive fields (their
// weights from each pixel); a deeper unit's tile is built from the tiles of
// its strongest inputs, as app/ says in Note. Orange is negative, blue
// positive. A layer taller than the view scrolls.
type FieldsView struct {
	goapp.Compo

	Layers []FieldLayer
	// Scale is how many screen pixels draw one pixel of a tile.
	Scale int
}

// Render implements goapp.Composer.
func (f *FieldsView) Render() goapp.UI {
	scale := max(1, f.Scale)
	return goapp.Figure().ID("fields").Class("fields").DataSet("layers", len(f.Layers)).Body(
		goapp.Range(f.Layers).Slice(func(i int) goapp.UI {
			l := f.Layers[i]
			head := l.Title + ": " + FormatCount(l.Units) + plural(l.Units, " neuron", " neurons")
			if l.Shown < l.Units {
				head += ", the first " + strconv.Itoa(l.Shown) + " shown"
			}
			return goapp.Div().Class("fields-layer").Body(
				goapp.H4().Class("fields-title").Text(head),
				goapp.P().Class("help").Text(l.Note),
				goapp.Div().Class("fields-scroll").Body(
					goapp.Canvas().ID("%s", l.ID).Class("fields-map").
						Width(l.Width).Height(l.Height).
						Style("width", "%dpx", l.Width*scale).
						Role("img").Aria("label", l.Title+": "+l.Note).
						DataSet("shown", l.Shown).DataSet("tile", l.Tile),
				),
			)
		}),
	)
}
