package components

import goapp "github.com/maxence-charriere/go-app/v10/pkg/app"

// AxisSwitch chooses what every chart's x axis counts (#axis): minibatch
// steps, epochs, or the cost in forward-pass equivalents, which charges a
// rule for every extra pass its update needs. It is a group of toggle
// buttons; a click posts ActionView "axis" with the option's value.
type AxisSwitch struct {
	goapp.Compo

	Options []Option
	Value   string
}

const axisHelp = "What the charts' horizontal axis counts: updates, passes over the training set, or the cost in forward passes per example (a backward pass counts as one), which charges each rule for the passes its update needs."

// Render implements goapp.Composer.
func (a *AxisSwitch) Render() goapp.UI {
	return goapp.Div().ID("axis").Class("axis-switch").Role("group").Aria("label", "Curves against").Title(axisHelp).Body(
		goapp.Span().Class("axis-switch-label").Text("Curves against"),
		goapp.Div().Class("segmented").Body(
			goapp.Range(a.Options).Slice(func(i int) goapp.UI {
				o := a.Options[i]
				on := o.Value == a.Value
				return goapp.Button().ID("axis-%s", o.Value).Class("seg").
					Aria("pressed", on).
					DataSet("value", o.Value).
					OnClick(a.onPick, goapp.EventScope(o.Value)).
					Text(o.Label)
			}),
		),
	)
}

func (a *AxisSwitch) onPick(ctx goapp.Context, e goapp.Event) {
	if v := ctx.JSSrc().Get("dataset").Get("value").String(); v != a.Value {
		post(ctx, ActionView, ViewOption{Key: "axis", Value: v})
	}
}
