package components

import goapp "github.com/maxence-charriere/go-app/v10/pkg/app"

// ActionHelp opens the help overlay (value true) or closes it (false).
const ActionHelp = "plasticity/help"

// HelpOverlayID is the id of the help overlay's root; its dialog is the
// element with class "dialog" inside.
const HelpOverlayID = "help-dialog"

// Shortcut is one keyboard shortcut of the page: the keys (each shown as a
// key cap) and what they do.
type Shortcut struct {
	Keys []string
	Does string
}

// PlotHelp says what one of the page's pictures shows and how to read it.
type PlotHelp struct {
	Title, Help string
}

// HelpOverlay (#help-dialog) lists the keyboard shortcuts, the display
// options (projector mode, high contrast: ActionView with Key "projector"
// or "contrast" and On) and what each picture of the page means. It is a
// modal dialog: the keyboard stays inside it (Tab from the last control
// goes to the first), and Escape, the close button or a click outside
// close it (ActionHelp false). app/ focuses the dialog when it opens and
// gives the focus back when it closes.
type HelpOverlay struct {
	goapp.Compo

	Open      bool
	Shortcuts []Shortcut
	Plots     []PlotHelp
	// Projector and Contrast are the display options now; ContrastAuto says
	// the system asks for more contrast, which the page follows whatever
	// Contrast says.
	Projector, Contrast, ContrastAuto bool
}

// focusable selects the elements Tab moves between inside the dialog.
const focusable = `button:not([disabled]), [href], input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])`

// Render implements goapp.Composer.
func (h *HelpOverlay) Render() goapp.UI {
	if !h.Open {
		return goapp.Div().ID(HelpOverlayID).Class("dialog-root").Hidden(true)
	}
	contrastHelp := "Darker colours on white (lighter on black in the dark scheme), and thicker outlines."
	if h.ContrastAuto {
		contrastHelp = "Your system asks for more contrast, so the page uses it already."
	}
	return goapp.Div().ID(HelpOverlayID).Class("dialog-root").Body(
		goapp.Div().Class("dialog-backdrop").OnClick(h.onClose),
		goapp.Div().Class("dialog", "help-dialog").Role("dialog").Aria("modal", "true").
			Aria("labelledby", "help-title").Aria("describedby", "help-intro").
			TabIndex(-1).OnKeyDown(h.onKey).Body(
			goapp.Div().Class("dialog-head").Body(
				goapp.H2().ID("help-title").Text("Keys, display and how to read the page"),
				goapp.Button().ID("help-close").Class("btn", "btn-icon").
					Aria("label", "Close").Title("Close (Esc)").
					OnClick(h.onClose).Body(icon(iconClose...)),
			),
			goapp.P().ID("help-intro").Class("help").Text(
				"Every control is reachable with Tab and Shift+Tab; the keys below work anywhere but in a text or number field."),
			goapp.Div().Class("help-grid").Body(
				goapp.Section().Aria("labelledby", "help-keys").Body(
					goapp.H3().ID("help-keys").Class("group-title").Text("Keyboard"),
					goapp.Dl().Class("shortcuts").Body(goapp.Range(h.Shortcuts).Slice(func(i int) goapp.UI {
						s := h.Shortcuts[i]
						keys := make([]goapp.UI, 0, 2*len(s.Keys))
						for j, k := range s.Keys {
							if j > 0 {
								keys = append(keys, goapp.Span().Class("key-or").Text(" or "))
							}
							keys = append(keys, goapp.Kbd().Text(k))
						}
						return goapp.Div().Class("shortcut").Body(
							goapp.Dt().Body(keys...),
							goapp.Dd().Text(s.Does),
						)
					})),
					goapp.H3().Class("group-title", "help-display").Text("Display"),
					h.toggle("projector", "Projector mode", h.Projector, false,
						"Large type, thick lines and only the controls a lecture needs, readable from the back of a room (key P)."),
					h.toggle("contrast", "High contrast", h.Contrast || h.ContrastAuto, h.ContrastAuto, contrastHelp),
					goapp.P().Class("help").Text("Light or dark follows your system's setting. Both options live in the link (view=…), so a shared link opens the same way."),
				),
				goapp.Section().Aria("labelledby", "help-plots").Body(
					goapp.H3().ID("help-plots").Class("group-title").Text("What the pictures show"),
					goapp.Dl().Class("plot-help").Body(goapp.Range(h.Plots).Slice(func(i int) goapp.UI {
						p := h.Plots[i]
						return goapp.Div().Body(goapp.Dt().Text(p.Title), goapp.Dd().Text(p.Help))
					})),
				),
			),
		),
	)
}

// toggle is a labelled checkbox of a display option (ActionView key).
func (h *HelpOverlay) toggle(key, label string, on, disabled bool, help string) goapp.UI {
	id := "view-" + key
	return goapp.Div().Class("help-toggle").Body(
		goapp.Label().Class("check").Body(
			disabledIf(goapp.Input().Type("checkbox").ID("%s", id), disabled).
				Checked(on).DataSet("key", key).Aria("describedby", id+"-help").
				OnChange(h.onToggle, goapp.EventScope(key)),
			goapp.Text(label),
		),
		goapp.P().ID("%s-help", id).Class("help").Text(help),
	)
}

func (h *HelpOverlay) onToggle(ctx goapp.Context, e goapp.Event) {
	src := ctx.JSSrc()
	post(ctx, ActionView, ViewOption{Key: src.Get("dataset").Get("key").String(), On: src.Get("checked").Bool()})
}

func (h *HelpOverlay) onClose(ctx goapp.Context, e goapp.Event) { post(ctx, ActionHelp, false) }

// onKey closes the dialog with Escape and keeps Tab inside it.
func (h *HelpOverlay) onKey(ctx goapp.Context, e goapp.Event) {
	switch e.Get("key").String() {
	case "Escape":
		e.PreventDefault()
		e.Call("stopPropagation")
		post(ctx, ActionHelp, false)
	case "Tab":
		els := ctx.JSSrc().Call("querySelectorAll", focusable)
		n := els.Length()
		if n == 0 {
			e.PreventDefault()
			return
		}
		first, last := els.Index(0), els.Index(n-1)
		active := goapp.Window().Get("document").Get("activeElement")
		back := e.Get("shiftKey").Bool()
		switch {
		case back && (active.Equal(first) || active.Equal(ctx.JSSrc())):
			e.PreventDefault()
			last.Call("focus")
		case !back && (active.Equal(last) || active.Equal(ctx.JSSrc())):
			e.PreventDefault()
			first.Call("focus")
		}
	}
}
