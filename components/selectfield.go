package components

import goapp "github.com/maxence-charriere/go-app/v10/pkg/app"

// Option is one choice of a SelectField.
type Option struct {
	Value string // as a link carries it
	Label string
}

// SelectField picks one of a few values with a labelled select and a help
// line. It posts ActionSet with Key and the chosen value.
type SelectField struct {
	goapp.Compo

	ID      string
	Key     string
	Label   string
	Help    string
	Options []Option
	Value   string
	// Locked shows the field disabled: a link locks it (lock=…).
	Locked bool
}

// Render implements goapp.Composer.
func (s *SelectField) Render() goapp.UI {
	return lockable(goapp.Div().Class("field").DataSet("key", s.Key), s.Locked).Body(
		goapp.Div().Class("field-head").Body(
			goapp.Label().For("%s", s.ID).Title("%s", s.Help).Text(s.Label),
		),
		disabledIf(goapp.Select().ID("%s", s.ID).Class("select"), s.Locked).
			Title("%s", lockedOr(s.Help, s.Locked)).
			Aria("describedby", s.ID+"-help").
			OnChange(s.onChange).
			Body(
				goapp.Range(s.Options).Slice(func(i int) goapp.UI {
					o := s.Options[i]
					return goapp.Option().Value(o.Value).Selected(o.Value == s.Value).Text(o.Label)
				}),
			),
		goapp.P().ID("%s-help", s.ID).Class("help").Text(s.Help),
	)
}

func (s *SelectField) onChange(ctx goapp.Context, e goapp.Event) {
	v := ctx.JSSrc().Get("value").String()
	if v != s.Value {
		post(ctx, ActionSet, Setting{Key: s.Key, Value: v})
	}
}
