package app

import (
	"slices"
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
	work   workers // training in Web Workers (worker.go)
	paint  painter
	// fieldPix is the buffer of one receptive field (image data).
	fieldPix []byte
	keys     goapp.Func // the document's keydown listener

	view     view
	showTest bool
	share    components.LinkShare

	// axis is what the charts' x axis counts (components.AxisSwitch).
	axis run.Axis
	// pick is the input the rule's diagnostics look at; diagRun the run
	// (0-based) whose diagnostics show; fbLayer the weight layer of the
	// feedback heatmaps (−1: the first that has one).
	pick    pick
	diagRun int
	fbLayer int
	// settleGen counts the picks, to replay the settling view's drawing.
	settleGen int
	sharing   share       // the share dialog (share.go)
	lesson    lessonState // the lesson beside the playground (lesson.go)
	own       ownState    // drawing tools and uploads (owndata.go)
	a11y      a11y        // shortcuts, help, live summary, palette (a11y.go)
	heatPix   []byte

	// The MNIST asset arriving (mnist.go), the confusion matrix and
	// gallery (gallery.go), the receptive fields' mosaics (fields.go).
	load    dataLoad
	classes classesState
	fields  fieldsState
	spike   spikeState // spiking networks' raster and traces (spiking.go)
}

// view is what the page last published from the model: the figures and
// charts are refreshed at most every publishEvery while training.
type view struct {
	fig     figures
	charts  charts
	net     *components.NetworkView
	points  []components.PointGroup
	run     *run.Run // the run the points were taken from
	history string   // the history the charts were drawn from (historyKey)
	chips   []components.RunChip
	tiles   []components.MapTile
	// joinable are the rules a new run may have (joinableRules), for the
	// comparison whose link is joinFor.
	joinable []string
	joinFor  string
	diag     diagnostics
}

// diagnostics are the inputs of the rule's own views (diagnostics.go) for
// the run whose diagnostics show; nil where its rule has none.
type diagnostics struct {
	feedback   *components.FeedbackView
	fbLayer    int // the layer feedback shows
	goodness   *components.GoodnessBars
	modulation modulation
	settle     *components.SettleView
}

// OnInit builds the model: from the address bar in the browser, from the
// defaults on the server (OnPreRender then reads the requested link).
func (p *Playground) OnInit() {
	p.showTest = true
	p.axis, p.fbLayer = run.AxisEpoch, -1
	q := ""
	if goapp.IsClient {
		q, p.work.want = workerSetting(pageQuery()) // worker.go
	}
	p.m = newModel(lessonQuery(q)) // lesson.go: a bare lesson link opens its step
	p.m.checkLesson()
	p.publish()
}

// OnPreRender renders the requested experiment on the server, so that the
// first paint shows its settings. #status stays "loading".
func (p *Playground) OnPreRender(ctx goapp.Context) {
	q, _ := workerSetting(ctx.Page().URL().RawQuery) // worker.go
	p.m = newModel(lessonQuery(q))
	p.m.checkLesson()
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
	ctx.Handle(components.ActionCompare, p.onCompare)
	ctx.Handle(components.ActionPick, p.onPick)
	ctx.Handle(components.ActionSpikeNeuron, p.onSpikeNeuron) // spiking.go
	ctx.Handle(components.ActionShare, p.onShare)
	ctx.Handle(components.ActionDownload, p.onDownload)
	ctx.Handle(components.ActionLesson, p.onLesson) // lesson.go
	ctx.Handle(components.ActionLesion, p.onLesion)
	p.handleOwnData(ctx) // owndata.go
	// mnist.go, gallery.go:
	ctx.Handle(components.ActionRetryLoad, p.onRetryLoad)
	ctx.Handle(components.ActionGallery, p.onGallery)
	ctx.Handle(components.ActionHelp, p.onHelp) // a11y.go
	p.startWorkers()                            // worker.go
	p.loop.raf = goapp.FuncOf(p.onAnimationFrame)
	p.keys = goapp.FuncOf(p.onKeyDown)
	goapp.Window().Get("document").Call("addEventListener", "keydown", p.keys)
	p.watchMedia(ctx) // a11y.go: the maps' palette

	showLink(p.m.link())
	p.publish()
	ctx.Defer(func(goapp.Context) { p.paintThumbnails() })
	p.paintLater(ctx)
	if p.m.exp.Play {
		p.startLoop()
	}
	p.fetchData() // mnist.go: the link's data, if the page must fetch them
}

// OnDismount stops training and releases the callbacks.
func (p *Playground) OnDismount() {
	p.stopLoop()
	p.stopWorkers()
	if p.loop.raf != nil {
		p.loop.raf.Release()
		p.loop.raf = nil
	}
	if p.keys != nil {
		goapp.Window().Get("document").Call("removeEventListener", "keydown", p.keys)
		p.keys.Release()
		p.keys = nil
	}
	p.unwatchMedia()
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
	p.updateSummary() // a11y.go
}

// publishCharts copies the charts, the points, the weights, the runs'
// figures and the rule's diagnostics.
func (p *Playground) publishCharts() {
	r := p.m.run
	if r != p.view.run {
		p.view.run = r
		p.view.points = pointGroups(r)
		p.view.history = ""
	}
	runs := p.m.runs()
	p.view.chips = runChips(p.m, p.client)
	if l := p.m.link(); l != p.view.joinFor {
		p.view.joinFor, p.view.joinable = l, joinableRules(p.m.spec)
	}
	p.view.tiles = mapTiles(runs)
	if r == nil {
		p.view.charts, p.view.net, p.view.diag = charts{}, networkView(nil, nil, 0), diagnostics{}
		p.publishClasses() // gallery.go
		return
	}
	p.diagRun = min(max(p.diagRun, 0), len(runs)-1)
	if k := historyKey(runs, p.axis, p.diagRun); k != p.view.history {
		p.m.protect("drawing the charts", func() {
			if len(runs) == 1 {
				p.view.charts = chartsOn(r, p.axis)
				return
			}
			c := compareCharts(runs, p.axis)
			d := runs[p.diagRun]
			x := make([]float64, len(d.History()))
			for i, pt := range d.History() {
				x[i] = p.axis.Of(pt.Metrics)
			}
			c.probes = probeCharts(d, x, axisLabel(p.axis))
			p.view.charts = c
		})
		p.view.history = k
	}
	p.view.net = networkView(r, currentWeights(r), p.mapGrid())
	p.publishClasses() // gallery.go
	p.publishDiagnostics()
	p.publishLesson() // lesson.go
}

// historyKey says which history the charts show: the runs' lengths of
// history, the axis and the run whose probes show.
func historyKey(runs []*run.Run, a run.Axis, diag int) string {
	k := a.String() + "/" + strconv.Itoa(diag)
	for _, r := range runs {
		k += "/" + strconv.Itoa(len(r.History()))
	}
	return k
}

// publishDiagnostics computes the rule's own views for the run whose
// diagnostics show, at the picked input.
func (p *Playground) publishDiagnostics() {
	p.spike = spikeState{chosen: p.spike.chosen} // spiking.go
	runs := p.m.runs()
	if len(runs) == 0 {
		p.view.diag = diagnostics{}
		return
	}
	r := runs[min(p.diagRun, len(runs)-1)]
	var d diagnostics
	if r.State() != run.Failed {
		p.m.protect("drawing the rule's diagnostics", func() {
			d.feedback, d.fbLayer = feedbackView(r, p.fbLayer)
			d.goodness = goodnessView(r, p.pick)
			d.modulation = modulationView(r, p.pick)
			d.settle = settleView(r, p.pick, p.settleGen)
		})
	}
	if r.State() != run.Failed {
		p.m.protect("drawing the spikes", func() { p.publishSpiking(r) }) // spiking.go
	}
	p.view.diag = d
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
	p.fetchData() // mnist.go
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
	case o.Key == "axis":
		if ax, err := run.ParseAxis(o.Value); err == nil {
			p.axis = ax
			p.publishCharts()
		}
	case o.Key == "diag":
		if n, err := strconv.Atoi(o.Value); err == nil && n >= 0 && n < len(p.m.runs()) {
			p.diagRun = n
			p.publishCharts()
			p.paintLater(ctx)
		}
	case o.Key == "projector" || o.Key == "contrast":
		p.setView(ctx, o.Key, o.On) // a11y.go
	case o.Key == "layer":
		if n, err := strconv.Atoi(o.Value); err == nil {
			p.fbLayer = n
			p.publishDiagnostics()
			p.paintLater(ctx)
		}
	}
}

// onCompare adds a run to the comparison or removes one; every run starts
// afresh, so that they stay in lockstep.
func (p *Playground) onCompare(ctx goapp.Context, a goapp.Action) {
	e, ok := a.Value.(components.CompareEdit)
	if !ok || p.m.exp.IsLocked("compare") {
		return
	}
	if e.Add != "" {
		p.m.addRun(e.Add)
		p.diagRun = len(p.m.runs()) - 1 // the new run's diagnostics
	} else {
		p.m.removeRun(e.Remove)
		if p.diagRun >= e.Remove {
			p.diagRun = max(0, p.diagRun-1)
		}
	}
	p.changed(ctx)
}

// onPick moves the input the diagnostics look at.
func (p *Playground) onPick(ctx goapp.Context, a goapp.Action) {
	pk, ok := a.Value.(components.Pick)
	if !ok {
		return
	}
	if pk.Step != 0 {
		p.pick.index += pk.Step
	} else {
		p.pick.x, p.pick.y = pk.X, pk.Y
	}
	p.pick.set = true
	p.settleGen++ // the settling view draws itself again
	p.publishDiagnostics()
	p.paintDiagnostics()
}

// onShare opens and closes the share dialog and ticks its classroom
// controls.
func (p *Playground) onShare(ctx goapp.Context, a goapp.Action) {
	e, ok := a.Value.(components.ShareEdit)
	s := &p.sharing
	switch {
	case !ok:
	case e.Open:
		s.open, s.message = true, ""
		s.lock, s.hide = slices.Clone(p.m.exp.Lock), slices.Clone(p.m.exp.Hide)
		ctx.Defer(func(goapp.Context) { focusElement("share-dialog", ".dialog") })
	case e.Close:
		s.open = false
		ctx.Defer(func(goapp.Context) { focusElement("share", "") })
	case e.Mode == "lock":
		s.lock = toggleControl(s.lock, e.Control, e.On)
	case e.Mode == "hide":
		s.hide = toggleControl(s.hide, e.Control, e.On)
	}
}

func (p *Playground) onCopyLink(ctx goapp.Context, a goapp.Action) {
	if link, ok := a.Value.(string); ok && link != "" { // from the share dialog
		copyText(link, func(ok bool) {
			ctx.Dispatch(func(ctx goapp.Context) {
				p.sharing.message = "Link copied"
				if !ok {
					p.sharing.message = "Press Ctrl+C (⌘C) to copy"
					selectField("share-link")
				}
			})
		})
		return
	}
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
