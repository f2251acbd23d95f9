package app

import (
	"math"
	"time"

	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"

	"plasticity/components"
	"plasticity/core/run"
)

// Keyboard, screen readers and screens: the page's shortcuts, the help
// overlay (components.HelpOverlay), the summary a screen reader announces,
// and the colours of the maps, which follow the system's colour scheme and
// contrast and the link's view=contrast.

// a11y is the page's state for this file.
type a11y struct {
	help      bool        // the help overlay is open
	returnTo  goapp.Value // what had the focus when the overlay opened
	dark      bool        // the system's colour scheme is dark
	moreCon   bool        // the system asks for more contrast
	media     []mediaWatch
	summary   string    // what the live region says
	summaryAt time.Time // when it last changed while training
	said      string    // the state the summary last described
}

// mediaWatch is a media query the page follows, and its listener.
type mediaWatch struct {
	list goapp.Value
	fn   goapp.Func
}

// announceEvery spaces the live region's updates while training: a screen
// reader reads each one out, and a new figure every frame would drown the
// user (and the reader). Any change of state, and every step taken by hand,
// is announced at once.
const announceEvery = 15 * time.Second

// Shortcuts of the page (the help overlay lists them).
const (
	keyPlay      = "play"
	keyStep      = "step"
	keyEpoch     = "epoch"
	keyReset     = "reset"
	keyHelp      = "help"
	keyProjector = "projector"
)

// shortcuts are the keys the help overlay lists.
var shortcuts = []components.Shortcut{
	{Keys: []string{"Space"}, Does: "Play or pause training"},
	{Keys: []string{"S", "→"}, Does: "Train one step (one minibatch); Shift+S to the end of the epoch"},
	{Keys: []string{"R"}, Does: "Reset: the same run again from its seed"},
	{Keys: []string{"P"}, Does: "Projector mode on or off"},
	{Keys: []string{"?"}, Does: "This help"},
	{Keys: []string{"Esc"}, Does: "Close this help or the share dialog"},
	{Keys: []string{"Tab", "Shift+Tab"}, Does: "Move between controls; arrow keys pick a dataset or move a slider"},
	{Keys: []string{"Arrows", "Enter", "Delete"}, Does: "On the map of your own points (focus it with Tab): move the cross, add a point of the selected class, erase the points under the cross (Shift+arrow: bigger moves)"},
}

// plotHelp says what each picture of the page shows.
var plotHelp = []components.PlotHelp{
	{Title: "Decision map", Help: "The network's prediction at every point of the input plane: orange for class 0 (or below zero), blue for class 1 (or above), paler where it is unsure; other classes have their own colours. The points are the data, each class with its own shape: filled for training, outlined for test."},
	{Title: "Network", Help: "Each square is one unit's response over the same plane (or, for images, its receptive field), on the same orange–blue scale. Each line is a weight: blue and solid when positive, orange and dashed when negative, thicker when larger."},
	{Title: "Loss", Help: "How wrong the network is, on average, over the training set (solid) and the test set (dashed): lower is better. A test curve that rises while the training curve falls is overfitting."},
	{Title: "Accuracy", Help: "The share of examples whose most likely class is right, on the training set (solid) and the test set (dashed)."},
	{Title: "Diagnostics", Help: "The rule's own measurements, one line per layer: for example the angle between the rule's update and the true gradient (0° agrees, 90° unrelated), or its goodness and energy."},
	{Title: "Comparisons", Help: "With several runs, every run has its colour and its marker shape on every curve; test curves are dashed."},
}

// shortcut returns the shortcut a keydown is, or "" when it is none or
// belongs to the element that has the focus: nothing fires while typing in
// a field, a select keeps its letters and arrows, buttons and links keep
// the space bar, radio groups and sliders keep the arrows, and the drawing
// map (role application) keeps every key.
func shortcut(key string, shift, ctrl, meta, alt, repeat bool, tag, typ, role string, editable bool) string {
	if ctrl || meta || alt {
		return ""
	}
	typing := editable || tag == "TEXTAREA" || tag == "SELECT" || role == "application" ||
		tag == "INPUT" && typ != "checkbox" && typ != "radio" && typ != "button" && typ != "range"
	if typing {
		return ""
	}
	control := tag == "INPUT" || tag == "BUTTON" || tag == "A" || tag == "SUMMARY" || role == "radio" || role == "button"
	switch key {
	case " ", "Spacebar":
		if control || repeat {
			return ""
		}
		return keyPlay
	case "ArrowRight":
		if control || role == "slider" {
			return ""
		}
		return keyStep
	case "s", "S":
		if shift {
			return keyEpoch
		}
		return keyStep
	case "r", "R":
		if repeat {
			return ""
		}
		return keyReset
	case "p", "P":
		if repeat {
			return ""
		}
		return keyProjector
	case "?":
		return keyHelp
	}
	return ""
}

// onKeyDown is the document's keydown listener: the page's shortcuts,
// unless a dialog has the keyboard.
func (p *Playground) onKeyDown(_ goapp.Value, args []goapp.Value) any {
	if len(args) == 0 || p.sharing.open || p.a11y.help {
		return nil // the dialogs handle their own keys
	}
	e := args[0]
	t := e.Get("target")
	str := func(v goapp.Value) string {
		if v.IsUndefined() || v.IsNull() {
			return ""
		}
		return v.String()
	}
	tag, typ, role := "", "", ""
	editable := false
	if !t.IsNull() && !t.IsUndefined() {
		tag, typ = str(t.Get("tagName")), str(t.Get("type"))
		if t.Get("getAttribute").Truthy() {
			role = str(t.Call("getAttribute", "role"))
		}
		editable = t.Get("isContentEditable").Truthy()
	}
	k := shortcut(e.Get("key").String(), e.Get("shiftKey").Bool(), e.Get("ctrlKey").Bool(),
		e.Get("metaKey").Bool(), e.Get("altKey").Bool(), e.Get("repeat").Bool(), tag, typ, role, editable)
	if k == "" {
		return nil
	}
	e.Call("preventDefault")
	p.ctx.Dispatch(func(ctx goapp.Context) { p.doShortcut(ctx, k) })
	return nil
}

// doShortcut does what shortcut k asks: what the matching control's action
// does, when the control is enabled (components.PlayBar).
func (p *Playground) doShortcut(ctx goapp.Context, k string) {
	switch k {
	case keyPlay:
		if p.m.playing || p.m.canTrain() {
			p.onPlay(ctx, goapp.Action{Name: components.ActionPlay})
		}
	case keyStep, keyEpoch:
		if p.m.canTrain() {
			p.onStep(ctx, goapp.Action{Name: components.ActionStep, Value: components.StepRequest{Epoch: k == keyEpoch}})
		}
	case keyReset:
		p.onReset(ctx, goapp.Action{Name: components.ActionReset})
	case keyProjector:
		p.setView(ctx, "projector", !p.m.exp.HasView("projector"))
	case keyHelp:
		p.openHelp(ctx)
	}
}

// onHelp opens (value true) or closes the help overlay.
func (p *Playground) onHelp(ctx goapp.Context, a goapp.Action) {
	if open, _ := a.Value.(bool); open {
		p.openHelp(ctx)
		return
	}
	p.a11y.help = false
	back := p.a11y.returnTo
	p.a11y.returnTo = nil
	ctx.Defer(func(goapp.Context) {
		if back != nil && !back.IsNull() && !back.IsUndefined() && back.Get("isConnected").Truthy() {
			back.Call("focus")
			return
		}
		focusElement("help", "")
	})
}

// openHelp opens the help overlay and gives it the focus.
func (p *Playground) openHelp(ctx goapp.Context) {
	if p.a11y.help {
		return
	}
	p.a11y.help = true
	p.a11y.returnTo = goapp.Window().Get("document").Get("activeElement")
	ctx.Defer(func(goapp.Context) { focusElement(components.HelpOverlayID, ".dialog") })
}

// helpOverlay is the help overlay's component.
func (p *Playground) helpOverlay() *components.HelpOverlay {
	return &components.HelpOverlay{
		Open: p.a11y.help, Shortcuts: shortcuts, Plots: plotHelp,
		Projector: p.m.exp.HasView("projector"), Contrast: p.m.exp.HasView("contrast"), ContrastAuto: p.a11y.moreCon,
	}
}

// setView turns the display option v on or off. It changes the link but
// not the run, which goes on.
func (p *Playground) setView(ctx goapp.Context, v string, on bool) {
	if p.m.exp.HasView(v) == on {
		return
	}
	for i := range p.m.spec.Runs {
		p.m.spec.Runs[i].SetView(v, on)
	}
	p.m.exp.SetView(v, on)
	showLink(p.m.link())
	if v == "contrast" {
		p.applyPalette(ctx)
	}
	p.publishCharts() // the charts' lines and the maps' sizes change with the view
	p.paintLater(ctx)
}

// appClasses are the classes of the page's root for the display options:
// view-projector, and contrast (from the link or the system).
func (p *Playground) appClasses() []string {
	c := []string{"app"}
	if p.m.exp.HasView("projector") {
		c = append(c, "view-projector")
	}
	if p.m.exp.HasView("contrast") || p.a11y.moreCon {
		c = append(c, "contrast")
	}
	return c
}

// watchMedia follows the system's colour scheme and contrast: the maps'
// palette changes with them (the stylesheet follows them by itself).
func (p *Playground) watchMedia(ctx goapp.Context) {
	watch := func(query string, set func(bool)) {
		list := goapp.Window().Call("matchMedia", query)
		if list.IsNull() || list.IsUndefined() {
			return
		}
		set(list.Get("matches").Bool())
		fn := goapp.FuncOf(func(_ goapp.Value, args []goapp.Value) any {
			on := len(args) > 0 && args[0].Get("matches").Bool()
			p.ctx.Dispatch(func(ctx goapp.Context) {
				set(on)
				p.applyPalette(ctx)
			})
			return nil
		})
		list.Call("addEventListener", "change", fn)
		p.a11y.media = append(p.a11y.media, mediaWatch{list: list, fn: fn})
	}
	watch("(prefers-color-scheme: dark)", func(on bool) { p.a11y.dark = on })
	watch("(prefers-contrast: more)", func(on bool) { p.a11y.moreCon = on })
	p.applyPalette(ctx)
}

// unwatchMedia removes the listeners of watchMedia.
func (p *Playground) unwatchMedia() {
	for _, w := range p.a11y.media {
		w.list.Call("removeEventListener", "change", w.fn)
		w.fn.Release()
	}
	p.a11y.media = nil
}

// applyPalette paints the maps in the palette of the page's colour scheme
// and contrast, if it changed: the points take its colours, and every
// canvas is painted again.
func (p *Playground) applyPalette(ctx goapp.Context) {
	pal := run.PaletteFor(p.a11y.dark, p.m.exp.HasView("contrast") || p.a11y.moreCon)
	if pal == run.CurrentPalette() {
		return
	}
	run.SetPalette(pal)
	ink = inkOf[pal] // images.go: the examples' lit pixels
	clear(thumbs)    // thumbs.go: painted in the old palette
	p.view.run = nil // the points' colours
	p.publishCharts()
	ctx.Defer(func(goapp.Context) { p.paintThumbnails() })
	p.paintLater(ctx)
}

// inkOf is the colour of an image's lit pixels on each palette's
// background: dark on the light ones, light on the dark ones.
var inkOf = map[run.Palette]run.RGB{
	run.Light:         {R: 0x1d, G: 0x35, B: 0x57},
	run.Dark:          {R: 0xdc, G: 0xe6, B: 0xf5},
	run.LightContrast: {R: 0x00, G: 0x00, B: 0x00},
	run.DarkContrast:  {R: 0xff, G: 0xff, B: 0xff},
}

// updateSummary refreshes what the live region says: at once when the
// state changed or the run is not training (a step by hand, a reset),
// every announceEvery while it trains.
func (p *Playground) updateSummary() {
	f := p.view.fig
	if f.state == stateLoading {
		return
	}
	now := time.Now()
	if f.state == stateRunning && p.a11y.said == stateRunning && now.Sub(p.a11y.summaryAt) < announceEvery {
		return
	}
	p.a11y.summary, p.a11y.said, p.a11y.summaryAt = summaryOf(f), f.state, now
}

// summaryOf is the sentence a screen reader announces for the figures.
func summaryOf(f figures) string {
	s := components.StateLabel(f.state) + ": epoch " + components.FormatCount(f.epoch) +
		", step " + components.FormatCount(f.step) + "."
	if f.state == stateError {
		return components.StateLabel(f.state) + "."
	}
	if !math.IsNaN(f.m.TrainLoss) {
		s += " Loss " + components.FormatNumber(f.m.TrainLoss) + " on the training set"
		if !math.IsNaN(f.m.TestLoss) {
			s += ", " + components.FormatNumber(f.m.TestLoss) + " on the test set"
		}
		s += "."
	}
	if !math.IsNaN(f.m.TrainAcc) {
		s += " Accuracy " + components.FormatPercent(f.m.TrainAcc) + " on the training set"
		if !math.IsNaN(f.m.TestAcc) {
			s += ", " + components.FormatPercent(f.m.TestAcc) + " on the test set"
		}
		s += "."
	}
	return s
}
