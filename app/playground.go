package app

import (
	"strconv"
	"time"

	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"

	"plasticity/components"
	"plasticity/core/rule"
	"plasticity/core/run"
)

// Playground is the page. It owns the model, composes the components from
// it, handles their actions, and drives the run loop (loop.go).
//
// On the server (prerendering) it renders the experiment of the requested
// link with #status in the loading state; only the browser builds the
// state the page acts on, from the address bar, in OnInit, and goes further
// in OnMount: handlers, the animation-frame callback, the first paint, and
// training if the link says play=1.
//
// The link keeps play=1 only if it was there at load: play is "start when
// opened", and pausing or playing in the page does not rewrite it.
type Playground struct {
	goapp.Compo

	m      *model
	client bool          // mounted in a browser
	ctx    goapp.Context // the page's context, for the run loop
	loop   loop
	paint  painter
	// fieldPix is the buffer of one receptive field (image data).
	fieldPix []byte
	keys     goapp.Func // the document's keydown listener

	view     view
	showTest bool
	share    components.LinkShare
}

// view is what the page last published from the model: the figures and
// charts are refreshed at most every publishEvery while training.
type view struct {
	fig     figures
	charts  charts
	net     *components.NetworkView
	points  []components.PointGroup
	run     *run.Run // the run the points were taken from
	history int      // history points the charts were drawn from
}

// OnInit builds the model: from the address bar in the browser, from the
// defaults on the server (OnPreRender then reads the requested link).
func (p *Playground) OnInit() {
	p.showTest = true
	q := ""
	if goapp.IsClient {
		q = pageQuery()
	}
	p.m = newModel(q)
	p.publish()
}

// OnPreRender renders the requested experiment on the server, so that the
// first paint shows its settings. #status stays "loading".
func (p *Playground) OnPreRender(ctx goapp.Context) {
	p.m = newModel(ctx.Page().URL().RawQuery)
	p.publish()
}

// OnMount starts the client: action handlers, the frame callback and the
// keyboard shortcut; then the first paint and, for play=1, training.
func (p *Playground) OnMount(ctx goapp.Context) {
	p.ctx = ctx
	p.client = true
	ctx.Handle(components.ActionSet, p.onSet)
	ctx.Handle(components.ActionPlay, p.onPlay)
	ctx.Handle(components.ActionStep, p.onStep)
	ctx.Handle(components.ActionReset, p.onReset)
	ctx.Handle(components.ActionCopyLink, p.onCopyLink)
	ctx.Handle(components.ActionNewSeed, p.onNewSeed)
	ctx.Handle(components.ActionLayers, p.onLayers)
	ctx.Handle(components.ActionSuggested, p.onSuggested)
	ctx.Handle(components.ActionDismiss, p.onDismiss)
	ctx.Handle(components.ActionView, p.onView)
	p.loop.raf = goapp.FuncOf(p.onAnimationFrame)
	p.keys = goapp.FuncOf(p.onKeyDown)
	goapp.Window().Get("document").Call("addEventListener", "keydown", p.keys)

	showLink(p.m.link())
	p.publish()
	ctx.Defer(func(goapp.Context) { p.paintThumbnails() })
	p.paintLater(ctx)
	if p.m.exp.Play {
		p.startLoop()
	}
}

// OnDismount stops training and releases the callbacks.
func (p *Playground) OnDismount() {
	p.stopLoop()
	if p.loop.raf != nil {
		p.loop.raf.Release()
		p.loop.raf = nil
	}
	if p.keys != nil {
		goapp.Window().Get("document").Call("removeEventListener", "keydown", p.keys)
		p.keys.Release()
		p.keys = nil
	}
}

// publish copies the model's figures, charts and weights into the view.
func (p *Playground) publish() {
	p.publishFigures()
	p.publishCharts()
}

// publishFigures copies the figures #status shows.
func (p *Playground) publishFigures() {
	p.view.fig = figuresOf(p.m, p.client)
	p.loop.published = time.Now()
}

// publishCharts copies the charts, the points and the weights.
func (p *Playground) publishCharts() {
	r := p.m.run
	if r != p.view.run {
		p.view.run = r
		p.view.points = pointGroups(r)
		p.view.history = -1
	}
	if r == nil {
		p.view.charts, p.view.net = charts{}, networkView(nil, nil, 0)
		return
	}
	if n := len(r.History()); n != p.view.history {
		p.m.protect("drawing the charts", func() { p.view.charts = chartsOf(r) })
		p.view.history = n
	}
	p.view.net = networkView(r, currentWeights(r), p.mapGrid())
}

// currentWeights returns the run's weights (shared: networkView copies).
func currentWeights(r *run.Run) [][]float64 {
	w := make([][]float64, len(r.Net.Layers))
	for l, ly := range r.Net.Layers {
		w[l] = ly.W.Value
	}
	return w
}

// changed is called after every change of experiment: the address bar
// takes the new link, the view the new run, and the new canvases their
// first picture once go-app has made them. Training goes on if it was on.
func (p *Playground) changed(ctx goapp.Context) {
	showLink(p.m.link())
	p.share.ShowField, p.share.Message = false, ""
	p.publish()
	p.paintLater(ctx)
	if p.m.playing {
		p.requestFrame()
	} else {
		p.stopLoop()
	}
}

func (p *Playground) onSet(ctx goapp.Context, a goapp.Action) {
	if s, ok := a.Value.(components.Setting); ok {
		p.m.set(s.Key, s.Value)
		p.changed(ctx)
	}
}

func (p *Playground) onLayers(ctx goapp.Context, a goapp.Action) {
	if e, ok := a.Value.(components.LayerEdit); ok {
		p.m.editLayers(e.Layer, e.Delta)
		p.changed(ctx)
	}
}

func (p *Playground) onNewSeed(ctx goapp.Context, a goapp.Action) {
	p.m.newSeed()
	p.changed(ctx)
}

func (p *Playground) onSuggested(ctx goapp.Context, a goapp.Action) {
	if info, ok := rule.Lookup(p.m.exp.Rule); ok && info.Suggested != "" {
		p.m.applyLink(info.Suggested)
		p.changed(ctx)
	}
}

func (p *Playground) onReset(ctx goapp.Context, a goapp.Action) {
	p.m.reset()
	p.changed(ctx)
}

func (p *Playground) onPlay(ctx goapp.Context, a goapp.Action) { p.togglePlay() }

func (p *Playground) togglePlay() {
	if p.m.playing {
		p.stopLoop()
		p.paintRun() // the state training stopped at
	} else {
		p.startLoop()
	}
	p.publish()
}

func (p *Playground) onStep(ctx goapp.Context, a goapp.Action) {
	req, _ := a.Value.(components.StepRequest)
	p.stopLoop()
	p.m.step(req.Epoch)
	p.paintRun()
	p.publish()
}

func (p *Playground) onDismiss(ctx goapp.Context, a goapp.Action) { p.m.dismiss() }

func (p *Playground) onView(ctx goapp.Context, a goapp.Action) {
	o, ok := a.Value.(components.ViewOption)
	switch {
	case !ok:
	case o.Key == "test":
		p.showTest = o.On
	case o.Key == "speed":
		if n, err := strconv.Atoi(o.Value); err == nil && n >= 0 {
			p.loop.speed = n
		}
	}
}

func (p *Playground) onCopyLink(ctx goapp.Context, a goapp.Action) {
	link := pageAddress()
	p.share.Link = link
	copyText(link, func(ok bool) {
		ctx.Dispatch(func(ctx goapp.Context) {
			if ok {
				p.share.ShowField, p.share.Message = false, "Link copied"
				ctx.After(3*time.Second, func(goapp.Context) {
					if p.share.Message == "Link copied" {
						p.share.Message = ""
					}
				})
				return
			}
			p.share.ShowField, p.share.Message = true, "Press Ctrl+C (⌘C) to copy"
			ctx.Defer(func(goapp.Context) { selectField("link-field") })
		})
	})
}

// onKeyDown toggles training with the space bar, unless a control has the
// focus (there the space bar belongs to the control).
func (p *Playground) onKeyDown(_ goapp.Value, args []goapp.Value) any {
	if len(args) == 0 {
		return nil
	}
	e := args[0]
	if e.Get("key").String() != " " || e.Get("ctrlKey").Bool() || e.Get("metaKey").Bool() || e.Get("altKey").Bool() {
		return nil
	}
	switch e.Get("target").Get("tagName").String() {
	case "INPUT", "SELECT", "TEXTAREA", "BUTTON", "A", "SUMMARY":
		return nil
	}
	e.Call("preventDefault")
	p.ctx.Dispatch(func(goapp.Context) { p.togglePlay() })
	return nil
}
