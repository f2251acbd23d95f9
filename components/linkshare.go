package components

import goapp "github.com/maxence-charriere/go-app/v10/pkg/app"

// LinkShare is the "Copy link" button (#copy-link; ActionCopyLink). The
// address bar always holds the experiment's link; where the clipboard is
// not available, app/ sets ShowField and the link appears selected in a
// text field (#link-field) to copy by hand. The "Share" button (#share)
// opens the share dialog (ActionShare): a QR code, a classroom link and
// downloads.
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
		goapp.Button().ID("share").Class("btn", "btn-text").Aria("label", "Share").
			Title("Share this experiment: a QR code for a lecture hall, a link for a class with controls locked or hidden, and downloads").
			OnClick(s.onShare).
			Body(icon(iconShare...), goapp.Span().Text("Share")),
		goapp.If(s.ShowField, func() goapp.UI {
			return goapp.Input().Type("text").ID("link-field").Class("link-field").
				ReadOnly(true).Value(s.Link).Aria("label", "Link to this experiment")
		}),
		goapp.Span().Class("share-message").Role("status").Aria("live", "polite").Text(s.Message),
	)
}

func (s *LinkShare) onCopy(ctx goapp.Context, e goapp.Event) { post(ctx, ActionCopyLink, nil) }

func (s *LinkShare) onShare(ctx goapp.Context, e goapp.Event) {
	post(ctx, ActionShare, ShareEdit{Open: true})
}
