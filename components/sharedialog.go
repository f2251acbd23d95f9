package components

import (
	"strconv"

	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"
)

// ControlChoice is one group of controls in the classroom link builder.
type ControlChoice struct {
	Key   string // as links name it: "data", "rule" …
	Label string
	Help  string
	Lock  bool // students see it disabled
	Hide  bool // students do not see it
}

// ShareDialog (#share-dialog) shares the experiment: its link as a QR
// code large enough to scan across a lecture hall (black on white in any
// colour scheme), the link in a field to copy (#share-link,
// ActionCopyLink), a classroom link builder where a teacher ticks the
// controls students may not change (ActionShare with Control, Mode and
// On: the link then carries lock=… and hide=…), and downloads
// (ActionDownload). Escape, the close button and a click outside close it
// (ActionShare with Close).
type ShareDialog struct {
	goapp.Compo

	Open bool
	Link string // the whole address, with the classroom keys
	// QRSide is the QR code's side in modules with its quiet zone; QRPath
	// the SVG path data of its dark modules (one unit per module). An empty
	// QRPath shows QRError instead.
	QRSide   int
	QRPath   string
	QRError  string
	Controls []ControlChoice
	// Downloads are the exports on offer: Value an ActionDownload kind.
	Downloads []Option
	Message   string // feedback: "Link copied"
	// Note (#share-note) says what the link cannot carry, e.g. an
	// uploaded file; empty: nothing to say.
	Note string
}

// Render implements goapp.Composer.
func (s *ShareDialog) Render() goapp.UI {
	if !s.Open {
		return goapp.Div().ID("share-dialog").Class("dialog-root").Hidden(true)
	}
	side := strconv.Itoa(max(s.QRSide, 1))
	var qr goapp.UI
	if s.QRPath != "" {
		qr = svg("svg").ID("share-qr").Class("qr-code").
			Attr("viewBox", "0 0 "+side+" "+side).Attr("shape-rendering", "crispEdges").
			Role("img").Aria("label", "QR code of the link: scan it to open this experiment").
			Body(
				svg("rect").Attr("width", side).Attr("height", side).Attr("fill", "#ffffff"),
				svg("path").Attr("fill", "#000000").Attr("d", s.QRPath),
			)
	} else {
		qr = goapp.P().Class("qr-error").Text(s.QRError)
	}
	return goapp.Div().ID("share-dialog").Class("dialog-root").Body(
		goapp.Div().Class("dialog-backdrop").OnClick(s.onClose),
		goapp.Div().Class("dialog").Role("dialog").Aria("modal", "true").Aria("labelledby", "share-title").
			TabIndex(-1).OnKeyDown(s.onKey).Body(
			goapp.Div().Class("dialog-head").Body(
				goapp.H2().ID("share-title").Text("Share this experiment"),
				goapp.Button().ID("share-close").Class("btn", "btn-icon").
					Aria("label", "Close").Title("Close (Esc)").
					OnClick(s.onClose).Body(icon(iconClose...)),
			),
			goapp.Div().Class("share-grid").Body(
				goapp.Figure().Class("qr").Body(
					qr,
					goapp.FigCaption().Class("qr-caption").Text("Scan to open this experiment, exactly as set"),
				),
				goapp.Div().Class("share-side").Body(
					goapp.Div().Class("field").Body(
						goapp.Div().Class("field-head").Body(goapp.Label().For("share-link").Text("Link")),
						goapp.Div().Class("field-row").Body(
							goapp.Input().Type("text").ID("share-link").Class("link-field", "share-link").
								ReadOnly(true).Value(s.Link).OnFocus(s.onSelect),
							goapp.Button().ID("share-copy").Class("btn", "btn-text").
								Title("Copy the link").OnClick(s.onCopy).
								Body(icon(iconLink...), goapp.Span().Text("Copy")),
						),
						goapp.P().Class("share-message").Role("status").Aria("live", "polite").Text(s.Message),
						goapp.If(s.Note != "", func() goapp.UI { return goapp.P().ID("share-note").Class("share-note").Text(s.Note) }),
					),
					goapp.Section().Class("classroom").Aria("labelledby", "classroom-title").Body(
						goapp.H3().ID("classroom-title").Class("group-title").Text("For a class"),
						goapp.P().Class("help").Text("Tick what students may not change: locked controls show but do not move; hidden ones are not shown. The link and the code above carry it."),
						goapp.Table().Class("classroom-table").Body(
							goapp.THead().Body(goapp.Tr().Body(
								goapp.Th().Scope("col").Text("Controls"),
								goapp.Th().Scope("col").Text("Lock"),
								goapp.Th().Scope("col").Text("Hide"),
							)),
							goapp.TBody().Body(goapp.Range(s.Controls).Slice(func(i int) goapp.UI {
								c := s.Controls[i]
								return goapp.Tr().Title("%s", c.Help).Body(
									goapp.Th().Scope("row").Text(c.Label),
									goapp.Td().Body(s.check(c, "lock", c.Lock)),
									goapp.Td().Body(s.check(c, "hide", c.Hide)),
								)
							})),
						),
					),
					goapp.If(len(s.Downloads) > 0, func() goapp.UI {
						return goapp.Section().Class("downloads").Aria("labelledby", "downloads-title").Body(
							goapp.H3().ID("downloads-title").Class("group-title").Text("Download"),
							goapp.Div().Class("download-buttons").Body(goapp.Range(s.Downloads).Slice(func(i int) goapp.UI {
								d := s.Downloads[i]
								return goapp.Button().ID("download-%s", d.Value).Class("btn", "btn-text").
									DataSet("kind", d.Value).
									OnClick(s.onDownload, goapp.EventScope(d.Value)).
									Text(d.Label)
							})),
						)
					}),
				),
			),
		),
	)
}

func (s *ShareDialog) check(c ControlChoice, mode string, on bool) goapp.UI {
	verb := "Lock"
	if mode == "hide" {
		verb = "Hide"
	}
	return goapp.Input().Type("checkbox").ID("%s-%s", mode, c.Key).Class("classroom-check").
		Checked(on).
		DataSet("control", c.Key).DataSet("mode", mode).
		Aria("label", verb+" "+c.Label).
		OnChange(s.onCheck, goapp.EventScope(mode+c.Key))
}

func (s *ShareDialog) onCheck(ctx goapp.Context, e goapp.Event) {
	src := ctx.JSSrc()
	post(ctx, ActionShare, ShareEdit{
		Control: src.Get("dataset").Get("control").String(),
		Mode:    src.Get("dataset").Get("mode").String(),
		On:      src.Get("checked").Bool(),
	})
}

func (s *ShareDialog) onClose(ctx goapp.Context, e goapp.Event) {
	post(ctx, ActionShare, ShareEdit{Close: true})
}

func (s *ShareDialog) onKey(ctx goapp.Context, e goapp.Event) {
	if e.Get("key").String() == "Escape" {
		e.PreventDefault()
		post(ctx, ActionShare, ShareEdit{Close: true})
	}
}

func (s *ShareDialog) onCopy(ctx goapp.Context, e goapp.Event) {
	post(ctx, ActionCopyLink, s.Link)
}

func (s *ShareDialog) onSelect(ctx goapp.Context, e goapp.Event) { ctx.JSSrc().Call("select") }

func (s *ShareDialog) onDownload(ctx goapp.Context, e goapp.Event) {
	post(ctx, ActionDownload, ctx.JSSrc().Get("dataset").Get("kind").String())
}
