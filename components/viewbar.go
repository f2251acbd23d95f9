package components

import goapp "github.com/maxence-charriere/go-app/v10/pkg/app"

// ViewBar holds the top bar's display buttons: projector mode (#projector,
// a toggle button, aria-pressed while on: ActionView with Key "projector")
// and help (#help, ActionHelp
// true), which opens the overlay of keys, display options and what each
// picture means.
type ViewBar struct {
	goapp.Compo

	Projector bool // projector mode is on
}

// Render implements goapp.Composer.
func (v *ViewBar) Render() goapp.UI {
	help := "Projector mode: large type, thick lines and only the controls a lecture needs (P)"
	if v.Projector {
		help = "Leave projector mode: every control again (P)"
	}
	return goapp.Div().Class("viewbar").Role("group").Aria("label", "Display").Body(
		goapp.Button().ID("projector").Class("btn", "btn-text").
			Aria("pressed", v.Projector).
			Title("%s", help).
			OnClick(v.onProjector).
			Body(icon(iconProjector...), goapp.Span().Text("Projector")),
		goapp.Button().ID("help").Class("btn", "btn-icon", "btn-help").
			Aria("label", "Help: keyboard shortcuts, display and what the pictures mean").
			Aria("haspopup", "dialog").
			Title("Keyboard shortcuts, display options and what each picture means (?)").
			OnClick(v.onHelp).
			Text("?"),
	)
}

// iconProjector is a screen on a stand.
var iconProjector = []iconShape{
	{d: "M3 3.5h14v9H3zM10 12.5v3.5M6.5 16.5h7", stroke: true},
}

func (v *ViewBar) onProjector(ctx goapp.Context, e goapp.Event) {
	post(ctx, ActionView, ViewOption{Key: "projector", On: !v.Projector})
}

func (v *ViewBar) onHelp(ctx goapp.Context, e goapp.Event) { post(ctx, ActionHelp, true) }
