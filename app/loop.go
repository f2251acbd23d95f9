package app

import (
	"time"

	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"

	"plasticity/components"
	"plasticity/core/run"
)

// The run loop (DESIGN.md §4). Where the runs train in Web Workers
// (worker.go), a frame only asks them for their state (workerFrame); what
// follows is the loop that trains on the page's own thread, the fallback.
//
// WebAssembly runs Go on the page's only
// thread and a goroutine never yields to the browser, so training is driven
// by requestAnimationFrame: each frame does at most frameWork of Go work and
// returns the thread to the browser, which then lays out and draws.
//
// A frame's work is training (whole steps, Run.Advance), and on some frames:
//
//   - painting the maps: Run.Paint, then one putImageData per canvas. It is
//     the dearest part (about 8 to 11 ms in WebAssembly for the default
//     2-16-16-2 network at mapGrid 48), so it happens every few frames, as
//     often as keeps it under about a third of the time;
//   - publishing, on a painting frame: refreshing the page's numbers (every
//     publishEvery) and its charts and links (every publishChartsEvery)
//     through go-app, which re-renders the components whose inputs changed.
//
// Training gets what is left of frameWork after the painting (as last
// measured) and the re-rendering (publishCost), and at least one step. A hidden tab gets
// no animation frames, so training pauses there and resumes with the tab.
//
// At most one frame is pending at a time (loop.id). Stopping cancels it and
// bumps loop.gen; a frame that was already dispatched when the loop stopped
// sees another generation and does nothing, like TensorFlow Playground's
// Player.timerIndex.
const (
	frameWork          = 11 * time.Millisecond
	minTrain           = time.Millisecond
	publishEvery       = 125 * time.Millisecond
	publishChartsEvery = 400 * time.Millisecond
	mapGrid            = 48 // pixels of the decision map and of every unit map
	minGrid            = 16 // the coarsest maps, for rules whose forward pass is dear
	slowPaint          = 30 * time.Millisecond
	maxPaintEvery      = 60 // frames: the maps refresh at least once a second
	// publishCost is what a publish frame leaves to go-app: it re-renders
	// the page after the frame, in a task of its own (measured: 1 to 3 ms
	// for the numbers, a few more with the charts).
	publishCost = 4 * time.Millisecond
)

type loop struct {
	raf    goapp.Func // the animation-frame callback, made once
	id     int        // of the pending animation frame, 0 when none
	gen    int
	frames int // since the last paint

	paintCost time.Duration // of a paint, smoothed
	paints    int           // measured at the current grid
	published time.Time     // figures
	charted   time.Time     // charts and links

	// speed caps the steps per frame (0: as many as fit).
	speed int

	// nextRun is the run of a comparison (besides run 1) painted last.
	nextRun int

	// grid is the maps' resolution now: mapGrid, or less for a rule and
	// network whose paint took longer than slowPaint (some rules settle
	// their network at every input, which the maps' thousands of points
	// make dear). It goes back to mapGrid when the rule or the network
	// changes (gridFor).
	grid    int
	gridFor string

	// Measured over about a second, for the footer.
	meterStart          time.Time
	meterSteps, meterFr int
	stepsPerSec, fps    float64
}

// speeds are the choices of the speed select: steps per frame (0: no cap).
var speeds = []struct {
	steps int
	label string
}{
	{1, "Slow"},
	{10, "Medium"},
	{0, "Fast"},
}

// startLoop starts training, if the run can train.
func (p *Playground) startLoop() {
	if !p.m.play() {
		return
	}
	p.loop.meterStart, p.loop.meterSteps, p.loop.meterFr = time.Now(), 0, 0
	p.requestFrame()
}

// stopLoop pauses training and cancels the pending frame.
func (p *Playground) stopLoop() {
	p.m.pause()
	p.pauseWorkers() // worker.go
	p.loop.gen++
	if p.loop.id != 0 {
		goapp.Window().Call("cancelAnimationFrame", p.loop.id)
		p.loop.id = 0
	}
}

func (p *Playground) requestFrame() {
	if p.loop.id != 0 || p.loop.raf == nil {
		return
	}
	p.loop.id = goapp.Window().Call("requestAnimationFrame", p.loop.raf).Int()
}

// onAnimationFrame is the requestAnimationFrame callback. It runs on its own
// goroutine; the frame itself runs on go-app's UI goroutine, like every
// event handler, so that it never races with one.
func (p *Playground) onAnimationFrame(goapp.Value, []goapp.Value) any {
	gen := p.loop.gen
	p.ctx.Dispatch(func(ctx goapp.Context) {
		p.loop.id = 0
		if gen != p.loop.gen || !p.m.playing {
			ctx.PreventUpdate()
			return
		}
		p.frame(ctx)
	})
	return nil
}

// frame trains, then paints and maybe publishes, and asks for the next
// frame. The page's numbers are published only on frames that paint, so
// that they always describe the maps on screen.
func (p *Playground) frame(ctx goapp.Context) {
	if p.workerFrame(ctx) { // the workers train (worker.go)
		return
	}
	l := &p.loop
	l.frames++
	paint := l.frames >= p.paintEvery()
	publish := paint && time.Since(l.published) >= publishEvery
	budget := frameWork
	if paint {
		budget -= l.paintCost
	}
	if publish {
		budget -= publishCost
	}
	steps := p.m.advance(max(budget, minTrain), l.speed)
	running := p.m.playing
	p.meter(steps)
	if !running {
		// Stopped by itself (finished, diverged, failed): show the end.
		l.gen++
		p.paintRun()
		p.publishNow()
		return
	}
	p.requestFrame()
	if paint && !p.paintRun() {
		publish = true // it failed: show why
	}
	if publish {
		p.publishNow()
		return
	}
	ctx.PreventUpdate() // the Dispatch that ran this frame asked for one
}

// paintEvery returns how many frames apart the maps are painted: often
// enough to look alive, rarely enough that painting takes at most about a
// third of the frames' work (for dear paints, the page then stays
// responsive between them).
func (p *Playground) paintEvery() int {
	n := int(3*p.loop.paintCost/frameWork) + 1
	return max(2, min(maxPaintEvery, n))
}

// publishNow refreshes the page from the model: its figures, and its
// charts and links every publishChartsEvery while training.
func (p *Playground) publishNow() {
	l := &p.loop
	start := time.Now()
	p.publishFigures()
	if !p.m.playing || start.Sub(l.charted) >= publishChartsEvery {
		p.publishCharts()
		l.charted = start
	}
}

// meter counts steps and frames and updates the rates about once a second.
func (p *Playground) meter(steps int) {
	l := &p.loop
	l.meterSteps += steps
	l.meterFr++
	if d := time.Since(l.meterStart); d >= time.Second {
		l.stepsPerSec = float64(l.meterSteps) / d.Seconds()
		l.fps = float64(l.meterFr) / d.Seconds()
		l.meterStart, l.meterSteps, l.meterFr = time.Now(), 0, 0
	}
}

// paintRun paints the runs' maps into their canvases: every run's
// decision map, run 1's unit maps, and the rule's diagnostics. A run that
// diverged or failed is not painted: nothing new is to be seen, and its
// last maps stay. It reports false if painting failed (the model then says
// why and training has stopped).
func (p *Playground) paintRun() bool {
	p.loop.frames = 0
	r := p.m.run
	if r == nil || p.m.failure != "" {
		return true
	}
	defer p.paintDiagnostics()
	if !r.DataInfo.Plane {
		if r.State() != run.Diverged && r.State() != run.Failed {
			p.paintImages(r)
		}
		return true
	}
	start := time.Now()
	grid := p.mapGrid()
	fresh := false
	runs := p.m.runs()
	// While training, a frame paints run 1 (whose unit maps the network
	// shows) and one other run of a comparison, in turn: the cost of a
	// paint stays about twice a single run's however many runs there are.
	other := 0
	if p.m.playing && len(runs) > 2 {
		p.loop.nextRun = p.loop.nextRun%(len(runs)-1) + 1
		other = p.loop.nextRun
	}
	for i, ri := range runs {
		if ri.State() == run.Diverged || ri.State() == run.Failed || other > 0 && i > 0 && i != other {
			continue
		}
		s := p.m.snapshotOf(i)
		fresh = fresh || s.Grid != grid // the first paint at a size allocates its buffers
		if !p.m.protect("drawing the maps", func() { ri.Paint(s, grid) }) {
			p.stopLoop()
			return false
		}
		p.paint.put(components.DecisionMapIDOf(i), s.Grid, s.Decision)
		if i > 0 {
			continue
		}
		for l, units := range s.Units {
			for j := 0; j < len(units) && j < components.MaxShownUnits; j++ {
				p.paint.put(components.UnitID(l, j), s.Grid, units[j])
			}
		}
	}
	if fresh {
		p.loop.paints = 0
		return true
	}
	// The cost is smoothed over the last few paints, so that one slow
	// paint (a garbage collection, a busy machine) changes little.
	cost := time.Since(start)
	if p.loop.paints == 0 {
		p.loop.paintCost = cost
	} else {
		p.loop.paintCost = (3*p.loop.paintCost + cost) / 4
	}
	p.loop.paints++
	// Coarser maps when painting is too slow, finer again when it has
	// become cheap (the first paints are slow while the browser compiles
	// the WebAssembly); the page re-renders its canvases at the new size.
	// A paint's cost grows as the grid's area.
	tooSlow := p.loop.paints >= 4 && p.loop.paintCost > slowPaint || cost > 3*slowPaint
	finer := min(mapGrid, grid*3/2)
	cheap := p.loop.paints >= 8 && float64(p.loop.paintCost)*float64(finer*finer)/float64(grid*grid) < float64(slowPaint/2)
	switch {
	case tooSlow && grid > minGrid:
		p.loop.grid = max(minGrid, grid*2/3)
		p.publishCharts()
	case cheap && grid < mapGrid:
		p.loop.grid = finer
		p.publishCharts()
	}
	return true
}

// paintLater paints the run once go-app has rendered the page (new
// canvases exist then), and shows a failure if painting failed.
func (p *Playground) paintLater(ctx goapp.Context) {
	ctx.Defer(func(ctx goapp.Context) {
		if !p.paintRun() {
			p.publish()
			ctx.Update()
		}
	})
}

// mapGrid returns the resolution of the maps for the current run.
func (p *Playground) mapGrid() int {
	key := p.m.exp.Rule + "/" + joinInts(p.m.exp.Hidden)
	if p.loop.grid == 0 || p.loop.gridFor != key {
		p.loop.grid, p.loop.gridFor = mapGrid, key
	}
	return p.loop.grid
}

// paintImages paints, for image data, the examples of each class and the
// receptive fields of the first hidden layer.
func (p *Playground) paintImages(r *run.Run) {
	k := imageSide(r.Train)
	if k == 0 {
		return
	}
	start := time.Now()
	for c := 0; c < r.Train.Classes; c++ {
		if p.fields.examplesOf == r && p.paint.painted(components.ExamplesID(c)) {
			continue // the examples do not change: painted once per canvas (fields.go)
		}
		p.paint.put(components.ExamplesID(c), mosaicGrid(k), exampleMosaic(r.Train, c, k))
	}
	p.fields.examplesOf = r
	if len(r.Net.Layers) > 1 && r.Net.Sizes[0] >= k*k {
		w := r.Net.Layers[0].W.Value
		in := r.Net.Sizes[0]
		if len(p.fieldPix) != 4*k*k {
			p.fieldPix = make([]byte, 4*k*k)
		}
		for j := 0; j < r.Net.Sizes[1] && j < components.MaxShownUnits; j++ {
			receptiveField(p.fieldPix, w, in, j, k)
			p.paint.put(components.UnitID(1, j), k, p.fieldPix)
		}
	}
	p.paintFields(r)      // fields.go
	p.paintGallery(false) // gallery.go: canvases go-app made anew
	p.loop.paintCost = time.Since(start)
}

// paintThumbnails paints the datasets' pictures (once per page: they do
// not change).
func (p *Playground) paintThumbnails() {
	for _, d := range datasetChoices() {
		p.paint.put(components.ThumbID(d.Key), thumbGrid, thumbnailOf(d.Key))
	}
}
