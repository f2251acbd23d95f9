package components

import goapp "github.com/maxence-charriere/go-app/v10/pkg/app"

// RulePanel picks the learning rule and explains the one picked: its title,
// the paper, a paragraph on what it does, its update equation and a
// paragraph on what is biologically plausible about it and what is not. Picking
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
	// Plausibility is the paragraph shown under "Biologically plausible?";
	// the block is left out when it is empty.
	Plausibility string
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
			// Focusable: a long equation scrolls sideways, by keyboard too.
			goapp.Div().Class("equation").Role("group").Aria("label", "Update equation").TabIndex(0).
				Title("The rule's update. η is the learning rate, δ an error signal, h a layer's activity, f′ the activation's slope.").
				Body(equation(r.Equation)...),
			goapp.If(r.Plausibility != "", func() goapp.UI {
				return goapp.Div().Class("plausibility").Body(
					goapp.H4().Class("plausibility-title").Text("Biologically plausible?"),
					goapp.P().Class("plausibility-text").Text(r.Plausibility),
				)
			}),
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

// mathNS is MathML's namespace: go-app creates the elements in it, which
// the browser needs to lay them out as mathematics.
const mathNS = "http://www.w3.org/1998/Math/MathML"

// equation renders an update equation as MathML (no script or font to
// load: browsers lay it out themselves), one statement per line.
func equation(eq string) []goapp.UI {
	lines := EquationLines(eq)
	out := make([]goapp.UI, len(lines))
	for i, line := range lines {
		out[i] = goapp.Div().Class("eq-line").Body(
			goapp.Elem("math").XMLNS(mathNS).Body(
				goapp.Elem("mrow").XMLNS(mathNS).Body(mathNodes(MathLine(line))...),
			),
		)
	}
	return out
}

// mathNodes renders MathLine's nodes.
func mathNodes(ns []MathNode) []goapp.UI {
	out := make([]goapp.UI, len(ns))
	for i, n := range ns {
		el := goapp.Elem(n.Tag).XMLNS(mathNS)
		switch {
		case n.Tag == "mspace":
			el = el.Attr("width", "0.3em")
		case n.Normal:
			el = el.Attr("mathvariant", "normal")
		}
		if len(n.Kids) > 0 {
			out[i] = el.Body(mathNodes(n.Kids)...)
		} else if n.Text != "" {
			out[i] = el.Text(n.Text)
		} else {
			out[i] = el
		}
	}
	return out
}
