package components

import goapp "github.com/maxence-charriere/go-app/v10/pkg/app"

// LinkShare is the "Copy link" button (#copy-link; ActionCopyLink). The
// address bar always holds the experiment's link; where the clipboard is
// not available, app/ sets ShowField and the link appears selected in a
// text field (#link-field) to copy by hand.
type LinkShare struct {
	goapp.Compo

	Link      string // the whole address
	Message   string // feedback: "Link copied", "Press Ctrl+C to copy"
	ShowField bool
}

// Render implements goapp.Composer.
func (s *LinkShare) Render() goapp.UI {
	return goapp.Div().Class("share").Body(
		goapp.Button().ID("copy-link").Class("btn", "btn-text").Aria("label", "Copy link").
			Title("Copy this experiment's link: it reproduces the run exactly, step for step").
			OnClick(s.onCopy).
			Body(icon(iconLink...), goapp.Span().Text("Copy link")),
		goapp.If(s.ShowField, func() goapp.UI {
			return goapp.Input().Type("text").ID("link-field").Class("link-field").
				ReadOnly(true).Value(s.Link).Aria("label", "Link to this experiment")
		}),
		goapp.Span().Class("share-message").Role("status").Aria("live", "polite").Text(s.Message),
	)
}

func (s *LinkShare) onCopy(ctx goapp.Context, e goapp.Event) { post(ctx, ActionCopyLink, nil) }
