package components

import goapp "github.com/maxence-charriere/go-app/v10/pkg/app"

// Notice is #notice: what went wrong with a link, a setting or the run, in
// words. It is always in the page, and hidden and empty when there is
// nothing to say.
type Notice struct {
	goapp.Compo

	// Kind is "error" (the run stopped), "warning" (a link or setting was
	// not accepted as given) or "info".
	Kind  string
	Title string   // a sentence above the items, or empty
	Items []string // one line each, e.g. `lr: "banana" is not a number; using 0.03`
}

// Render implements goapp.Composer.
func (n *Notice) Render() goapp.UI {
	empty := n.Title == "" && len(n.Items) == 0
	kind := n.Kind
	if kind == "" {
		kind = "info"
	}
	role := "status"
	if kind == "error" {
		role = "alert"
	}
	return goapp.Div().ID("notice").Class("notice", "notice-"+kind).
		Role(role).Aria("live", "polite").Hidden(empty).
		Body(
			goapp.If(!empty, func() goapp.UI {
				return goapp.Div().Class("notice-body").Body(
					goapp.If(n.Title != "", func() goapp.UI {
						return goapp.P().Class("notice-title").Text(n.Title)
					}),
					goapp.If(len(n.Items) > 0, func() goapp.UI {
						return goapp.Ul().Class("notice-items").Body(
							goapp.Range(n.Items).Slice(func(i int) goapp.UI {
								return goapp.Li().Text(n.Items[i])
							}),
						)
					}),
				)
			}),
			goapp.If(!empty, func() goapp.UI {
				return goapp.Button().Class("btn", "btn-icon", "notice-close").
					Aria("label", "Dismiss").Title("Hide this message").
					OnClick(n.onDismiss).
					Body(icon(iconClose...))
			}),
		)
}

func (n *Notice) onDismiss(ctx goapp.Context, e goapp.Event) { post(ctx, ActionDismiss, nil) }
