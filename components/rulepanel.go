package components

import goapp "github.com/maxence-charriere/go-app/v10/pkg/app"

// RulePanel picks the learning rule and explains the one picked: its title,
// the paper, a paragraph on what it does and its update equation. Picking
// posts ActionSet with key "rule"; the suggested-settings button posts
// ActionSuggested.
type RulePanel struct {
	goapp.Compo

	Rules    []Option // every registered rule: key and title
	Selected string
	Title    string
	Cite     string
	Summary  string
	Equation string
	// Suggested lists the settings that suit the rule, as link keys
	// ("act=relu"); empty when the defaults suit it.
	Suggested string
	// SuggestedApplied says the experiment already has them.
	SuggestedApplied bool
	// Locked shows the rule select and the suggested settings disabled (a
	// link's lock=rule); NoSelect leaves them out and keeps the
	// explanation (hide=rule).
	Locked, NoSelect bool
}

const ruleHelp = "How the network's weights change after each minibatch. Every rule trains the same network on the same data, so their results compare fairly."

// Render implements goapp.Composer.
func (r *RulePanel) Render() goapp.UI {
	return goapp.Div().Class("rule-panel").Body(
		goapp.If(!r.NoSelect, func() goapp.UI { return r.selectField() }),
		goapp.Article().Class("rule-card").Aria("label", "About "+r.Title).Body(
			goapp.H3().Class("rule-title").Text(r.Title),
			goapp.P().Class("rule-summary").Text(r.Summary),
			goapp.Div().Class("equation").Role("math").Aria("label", "Update equation: "+r.Equation).
				Title("The rule's update. η is the learning rate, δ an error signal, h a layer's activity, f′ the activation's slope.").
				Body(equation(r.Equation)...),
			goapp.P().Class("cite").Body(goapp.Cite().Text(r.Cite)),
			goapp.If(r.Suggested != "" && !r.NoSelect, func() goapp.UI {
				return goapp.Div().Class("suggested").Body(
					goapp.Button().ID("use-suggested").Class("btn", "btn-text").
						Disabled(r.SuggestedApplied || r.Locked).
						Title("Apply the settings this rule works best with: %s", r.Suggested).
						OnClick(r.onSuggested).
						Text("Use suggested settings"),
					goapp.Code().Class("suggested-keys").Text(r.Suggested),
				)
			}),
		),
	)
}

// selectField is the rule's select with its label.
func (r *RulePanel) selectField() goapp.UI {
	return lockable(goapp.Div().Class("field").DataSet("key", "rule"), r.Locked).Body(
		goapp.Div().Class("field-head").Body(
			goapp.Label().For("rule").Title(ruleHelp).Text("Learning rule"),
		),
		disabledIf(goapp.Select().ID("rule").Class("select", "select-rule"), r.Locked).
			Title(lockedOr(ruleHelp, r.Locked)).
			OnChange(r.onChange).
			Body(
				goapp.Range(r.Rules).Slice(func(i int) goapp.UI {
					o := r.Rules[i]
					return goapp.Option().Value(o.Value).Selected(o.Value == r.Selected).Text(o.Label)
				}),
			),
	)
}

func (r *RulePanel) onChange(ctx goapp.Context, e goapp.Event) {
	if v := ctx.JSSrc().Get("value").String(); v != r.Selected {
		post(ctx, ActionSet, Setting{Key: "rule", Value: v})
	}
}

func (r *RulePanel) onSuggested(ctx goapp.Context, e goapp.Event) { post(ctx, ActionSuggested, nil) }

// equation renders an update equation one statement per line, with real
// subscripts and superscripts.
func equation(eq string) []goapp.UI {
	lines := EquationLines(eq)
	out := make([]goapp.UI, len(lines))
	for i, line := range lines {
		parts := make([]goapp.UI, len(line))
		for j, p := range line {
			switch {
			case p.Sub:
				parts[j] = goapp.Sub().Text(p.Text)
			case p.Sup:
				parts[j] = goapp.Sup().Text(p.Text)
			default:
				parts[j] = goapp.Text(p.Text)
			}
		}
		out[i] = goapp.Div().Class("eq-line").Body(parts...)
	}
	return out
}
