package components

import (
	"strconv"

	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"
)

// ActionLesion lesions a hidden unit, or restores it (value UnitRef).
const ActionLesion = "plasticity/lesion"

// UnitRef names a hidden unit as links count them: Layer 1 is the first
// hidden layer, Unit 1 its first unit.
type UnitRef struct {
	Layer, Unit int
}

// UnitCell is one hidden unit in LessonUnits.
type UnitCell struct {
	// Selectivity in [0, 1] shades the cell; negative for a unit with no
	// activity to measure.
	Selectivity float64
	Color       string // the preferred class's CSS colour
	Dead        bool   // never active on the test examples
	Lesioned    bool
}

// LessonUnits shows the hidden units of a network as a grid per layer
// (#lesson-units): each cell is shaded by the unit's class selectivity in
// its preferred class's colour, dead units are struck through, lesioned
// units crossed out. Clicking a cell posts ActionLesion for that unit.
type LessonUnits struct {
	goapp.Compo

	Title  string
	Help   string
	Layers [][]UnitCell // per hidden layer
}

// Render implements goapp.Composer.
func (u *LessonUnits) Render() goapp.UI {
	rows := make([]goapp.UI, len(u.Layers))
	for l, cells := range u.Layers {
		items := make([]goapp.UI, len(cells))
		for j, c := range cells {
			items[j] = u.cell(l, j, c)
		}
		rows[l] = goapp.Div().Class("units-layer").Body(
			goapp.Span().Class("units-name").Text("Layer "+strconv.Itoa(l+1)),
			goapp.Div().Class("units-cells").Body(items...),
		)
	}
	return goapp.Figure().ID("lesson-units").Class("lesson-units").Body(
		goapp.FigCaption().Class("chart-head").Body(goapp.Span().Class("chart-title").Text(u.Title)),
		goapp.Div().Body(rows...),
		goapp.P().Class("help").Text(u.Help),
	)
}

func (u *LessonUnits) cell(l, j int, c UnitCell) goapp.UI {
	ref := UnitRef{Layer: l + 1, Unit: j + 1}
	name := "unit " + strconv.Itoa(l+1) + ":" + strconv.Itoa(j+1)
	label := name
	switch {
	case c.Lesioned:
		label += ", lesioned: click to restore"
	case c.Dead:
		label += ", dead (never active): click to lesion"
	case c.Selectivity >= 0:
		label += ", selectivity " + FormatNumber(c.Selectivity) + ": click to lesion"
	default:
		label += ": click to lesion"
	}
	class := []string{"unit-cell"}
	if c.Dead {
		class = append(class, "unit-dead")
	}
	if c.Lesioned {
		class = append(class, "unit-lesioned")
	}
	b := goapp.Button().ID("unit-cell-%d-%d", l+1, j+1).Class(class...).
		Aria("label", label).Aria("pressed", c.Lesioned).Title(label).
		OnClick(func(ctx goapp.Context, e goapp.Event) { post(ctx, ActionLesion, ref) })
	if c.Selectivity >= 0 && c.Color != "" {
		b = b.Style("--unit-color", c.Color).Style("--unit-sel", strconv.FormatFloat(c.Selectivity, 'f', 2, 64))
	}
	return b
}
