package components

import goapp "github.com/maxence-charriere/go-app/v10/pkg/app"

// ViewSelect picks one of a few values of a display option that is not
// part of the experiment (ActionView with Key and the value), with a label
// before it on the same line: e.g. which run's diagnostics show.
type ViewSelect struct {
	goapp.Compo

	ID      string
	Key     string // the ViewOption key
	Label   string
	Help    string
	Options []Option
	Value   string
}

// Render implements goapp.Composer.
func (v *ViewSelect) Render() goapp.UI {
	return goapp.Div().Class("view-select").Body(
		goapp.Label().For("%s", v.ID).Title("%s", v.Help).Text(v.Label),
		goapp.Select().ID("%s", v.ID).Class("select", "select-inline").
			Title("%s", v.Help).
			OnChange(v.onChange).
			Body(goapp.Range(v.Options).Slice(func(i int) goapp.UI {
				o := v.Options[i]
				return goapp.Option().Value(o.Value).Selected(o.Value == v.Value).Text(o.Label)
			})),
	)
}

func (v *ViewSelect) onChange(ctx goapp.Context, e goapp.Event) {
	if s := ctx.JSSrc().Get("value").String(); s != v.Value {
		post(ctx, ActionView, ViewOption{Key: v.Key, Value: s})
	}
}
