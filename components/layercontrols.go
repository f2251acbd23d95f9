package components

import (
	"strconv"

	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"
)

// LayerControls adds and removes hidden layers (ActionLayers with Layer
// −1).
type LayerControls struct {
	goapp.Compo

	Layers    int // hidden layers now
	MaxLayers int
	// Locked shows the buttons disabled: a link locks them (lock=net).
	Locked bool
}

// Render implements goapp.Composer.
func (c *LayerControls) Render() goapp.UI {
	return goapp.Div().Class("stepper").Role("group").Aria("label", "Hidden layers").Body(
		goapp.Button().ID("remove-layer").Class("btn", "btn-icon").
			Aria("label", "Remove a hidden layer").Title(lockedOr("Remove the last hidden layer", c.Locked)).
			Disabled(c.Layers <= 0 || c.Locked).
			OnClick(c.onRemove).
			Body(icon(iconMinus...)),
		goapp.Span().Class("stepper-value").Aria("live", "polite").Body(
			goapp.Span().Class("num").Text(strconv.Itoa(c.Layers)),
			goapp.Text(plural(c.Layers, " hidden layer", " hidden layers")),
		),
		goapp.Button().ID("add-layer").Class("btn", "btn-icon").
			Aria("label", "Add a hidden layer").Title(lockedOr("Add a hidden layer after the last one", c.Locked)).
			Disabled(c.Layers >= c.MaxLayers || c.Locked).
			OnClick(c.onAdd).
			Body(icon(iconPlus...)),
	)
}

func (c *LayerControls) onAdd(ctx goapp.Context, e goapp.Event) {
	post(ctx, ActionLayers, LayerEdit{Layer: -1, Delta: 1})
}

func (c *LayerControls) onRemove(ctx goapp.Context, e goapp.Event) {
	post(ctx, ActionLayers, LayerEdit{Layer: -1, Delta: -1})
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
