package app

import (
	"net/url"
	"strconv"
	"time"

	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"

	"plasticity/components"
	"plasticity/core/run"
)

// Training in Web Workers (issue 12). Each worker runs web/worker.wasm
// (wasm/worker: the core alone) and trains some runs of the comparison: run
// i goes to worker i mod n, n = min(runs, navigator.hardwareConcurrency,
// run.MaxRuns). The page keeps its own runs as replicas (model.cmp) and
// makes them adopt what the workers report (run.Run.Adopt), so that every
// view reads the workers' numbers; core/run/protocol.go describes the
// messages.
//
// The replicas are real runs until the workers first train them: built
// from the link, or trained on this thread (a lesion's replay, training
// before the workers were ready). The workers take them over with a Load
// that replays as many steps (deterministic: the same state), and hold them
// until the comparison changes (model.rebuild makes a new one; loaded tells
// them apart). After that the page never trains a replica itself: playing,
// a step and pausing go to the workers, whose replies (State) repaint and
// republish the page.
//
// While playing, the page's frame (workerFrame) only asks each worker for
// its state (Sync), one request at a time per worker and, as the replies'
// cost shows, rarely enough that making them (the metrics, the maps) takes
// at most about a quarter of a worker's time. The maps come painted by the
// workers; the replicas paint themselves only while paused. Each worker
// trains at its own pace, so a comparison's runs may stand at different
// steps while playing; pausing brings them to the same one (alignWorkers).
// A hidden tab gets no animation frames, so it asks for nothing: the
// workers, hearing nothing for a while (wasm/worker's quiet), wait for it,
// and training pauses there as on the page's thread.
//
// What the page computes on a replica, from the workers' parameters: the
// rule's diagnostics at a picked input, the network's weights, receptive
// fields, the lessons' views. A rule that keeps state outside its
// parameters (weight mirror's feedback, running statistics) shows that part
// as the replica has it.
//
// Fallback: the page trains on its own thread, with the loop of loop.go,
// where Worker is missing, with the link key worker=0 (read at load and
// dropped from the address bar), when workerDefault is false and the link
// does not say worker=1, and when a worker fails to start or fails (its
// replicas are then built again and replayed to where they were, for up to
// workerReplay). A comparison that the workers cannot build (data only the
// page has, such as an uploaded CSV file) trains on the page's thread.

// workerDefault says whether the page trains in workers unless the link
// says worker=0.
const workerDefault = true

const (
	workerStart = 15 * time.Second // for a worker's Ready
	// workerWait is how long training waits for the first worker before it
	// starts on the page's thread (to be handed over when a worker is ready).
	workerWait   = 3 * time.Second
	syncEvery    = 50 * time.Millisecond
	workerReplay = 5 * time.Second
)

// The workers' status.
const (
	workersOff = iota
	workersStarting
	workersReady
	workersFailed
)

type workers struct {
	want    bool // the link or the default asks for workers
	status  int
	started time.Time
	why     string // why the page trains on its own thread
	conns   []*workerConn
	max     int    // workers the machine can use
	src     string // the worker's script, with the version

	gen, seq int
	loaded   *run.Comparison // the comparison the workers hold
	local    *run.Comparison // one the workers could not build: the page trains it
	adopted  bool            // the replicas hold the workers' state
	playSent bool
	speed    int

	cost       time.Duration // of a State reply, smoothed
	lastParams time.Time
	// paramsGen counts the replies that brought parameters.
	paramsGen int
	lastStep  int // run 1's step at the last meter
	debug     goapp.Func
}

type workerConn struct {
	js      goapp.Value
	onmsg   goapp.Func
	onerr   goapp.Func
	ready   bool
	queue   [][]byte // sent before Ready
	runs    []int    // the comparison's runs it trains
	pending int      // Syncs not answered yet
	asked   time.Time
	playing bool
}

// workerSetting reads the link key worker (0 or 1) and returns the query
// without it, and whether to train in workers.
func workerSetting(query string) (string, bool) {
	q, err := url.ParseQuery(query)
	if err != nil || !q.Has("worker") {
		return query, workerDefault
	}
	on := q.Get("worker") != "0"
	q.Del("worker")
	return q.Encode(), on
}

// startWorkers starts the first worker, if the page should train in
// workers and can. More start when a comparison needs them.
func (p *Playground) startWorkers() {
	w := &p.work
	p.m.remote = p.stepWorkers
	p.debugHook()
	switch {
	case !w.want:
		w.why = "the link says worker=0"
		return
	case !goapp.Window().Get("Worker").Truthy() || !goapp.Window().Get("WebAssembly").Truthy():
		w.why = "this browser has no Web Workers"
		return
	}
	w.max = min(run.MaxRuns, max(1, goapp.Window().Get("navigator").Get("hardwareConcurrency").Int()))
	w.status, w.started = workersStarting, time.Now()
	p.spawnWorkers(1)
	p.ctx.After(workerStart, func(goapp.Context) {
		for _, c := range w.conns {
			if !c.ready && w.status != workersFailed {
				p.workersFailed("a training worker did not start within " + workerStart.String())
				return
			}
		}
	})
}

// spawnWorkers starts workers until there are n (at most w.max).
func (p *Playground) spawnWorkers(n int) {
	w := &p.work
	for len(w.conns) < min(n, w.max) {
		c := &workerConn{}
		// The URL the service worker precached: the server's resolver
		// (handler.go) appends the version to every /web/ file.
		w.src = "/web/worker.js"
		if v := goapp.Getenv("GOAPP_VERSION"); v != "" {
			w.src += "?v=" + url.QueryEscape(v)
		}
		c.js = goapp.Window().Get("Worker").New(w.src)
		c.onmsg = goapp.FuncOf(func(_ goapp.Value, args []goapp.Value) any {
			d := args[0].Get("data")
			if d.InstanceOf(goapp.Window().Get("ArrayBuffer")) {
				u := goapp.Window().Get("Uint8Array").New(d)
				b := make([]byte, u.Length())
				goapp.CopyBytesToGo(b, u)
				p.ctx.Dispatch(func(ctx goapp.Context) { p.onWorkerMessage(ctx, c, b) })
				return nil
			}
			why := "the training worker sent an unknown message"
			if f := d.Get("fatal"); f.Truthy() {
				why = f.String()
			}
			p.ctx.Dispatch(func(goapp.Context) { p.workersFailed(why) })
			return nil
		})
		c.onerr = goapp.FuncOf(func(_ goapp.Value, args []goapp.Value) any {
			why := "the training worker failed"
			if len(args) > 0 && args[0].Get("message").Truthy() {
				why += ": " + args[0].Get("message").String()
			}
			args[0].Call("preventDefault")
			p.ctx.Dispatch(func(goapp.Context) { p.workersFailed(why) })
			return nil
		})
		c.js.Call("addEventListener", "message", c.onmsg)
		c.js.Call("addEventListener", "error", c.onerr)
		w.conns = append(w.conns, c)
	}
}

// workersFailed stops using workers: the page trains on its own thread
// from now on. Replicas that hold a worker's state (not its inner state:
// the optimizer's moments, the batch order…) are built again and replayed
// to where they were.
func (p *Playground) workersFailed(why string) {
	w := &p.work
	if w.status == workersFailed {
		return
	}
	println("plasticity: training on the page's thread:", why)
	w.status, w.why = workersFailed, why
	p.m.workerNote = why
	for _, c := range w.conns {
		c.js.Call("terminate")
		c.onmsg.Release()
		c.onerr.Release()
	}
	w.conns = nil
	if w.adopted && w.loaded == p.m.cmp && p.m.cmp != nil {
		steps, playing := run.ReplaySteps(p.m.runs()), p.m.playing
		p.m.rebuild()
		start := time.Now()
		for run.ReplaySteps(p.m.runs()) < steps && p.m.canTrain() && time.Since(start) < workerReplay {
			p.m.advance(time.Hour, 1)
		}
		p.m.playing = playing && p.m.canTrain()
	}
	w.loaded, w.adopted, w.playSent = nil, false, false
	p.paintRun()
	p.publish()
	if p.m.playing {
		p.requestFrame()
	}
}

// workersOn reports whether the workers train the runs.
func (p *Playground) workersOn() bool {
	return p.work.status == workersReady && p.m.cmp != nil && p.m.cmp != p.work.local
}

// send encodes m for worker c and transfers it, or queues it until the
// worker is ready.
func (c *workerConn) send(m *run.Message) {
	b := m.Encode(nil)
	if !c.ready {
		c.queue = append(c.queue, b)
		return
	}
	c.post(b)
}

func (c *workerConn) post(b []byte) {
	u := goapp.Window().Get("Uint8Array").New(len(b))
	goapp.CopyBytesToJS(u, b)
	buf := u.Get("buffer")
	c.js.Call("postMessage", buf, goapp.Window().Get("Array").Call("of", buf))
}

// ensureLoaded gives the workers the current comparison, if they do not
// hold it: its replicas are real runs then, and the workers replay them to
// the same step.
func (p *Playground) ensureLoaded() {
	w := &p.work
	if w.loaded == p.m.cmp {
		return
	}
	runs := p.m.runs()
	p.spawnWorkers(len(runs))
	w.gen++
	w.loaded, w.adopted, w.playSent = p.m.cmp, false, false
	n := min(len(runs), len(w.conns))
	steps := run.ReplaySteps(runs)
	for k, c := range w.conns {
		c.runs, c.pending, c.playing = nil, 0, false
		for i := k; k < n && i < len(runs); i += n {
			c.runs = append(c.runs, i)
		}
		c.send(&run.Message{Kind: run.MsgLoad, Gen: w.gen, Link: p.m.link(), Runs: c.runs, Steps: steps})
	}
	w.lastStep = runs[0].StepCount()
}

// have returns the history lengths the page holds of c's runs.
func (p *Playground) have(c *workerConn) []int {
	runs := p.m.runs()
	out := make([]int, len(c.runs))
	for k, i := range c.runs {
		out[k] = len(runs[i].History())
	}
	return out
}

// workerGrid is the side of the maps to ask the workers for: 0 for data
// not in the plane.
func (p *Playground) workerGrid() int {
	if p.m.run == nil || !p.m.run.DataInfo.Plane {
		return 0
	}
	return p.mapGrid()
}

// workerFrame is the frame of loop.go while the workers train: it starts
// them if they are not training, and asks each for its state when its last
// answer is in and due. It reports false when the page trains itself.
func (p *Playground) workerFrame(ctx goapp.Context) bool {
	w := &p.work
	if w.status == workersStarting && time.Since(w.started) < workerWait {
		p.requestFrame() // wait for the first worker a little
		ctx.PreventUpdate()
		return true
	}
	if !p.workersOn() {
		return false
	}
	p.requestFrame()
	p.meter(0)
	ctx.PreventUpdate()
	p.ensureLoaded()
	if !w.playSent || w.speed != p.loop.speed {
		w.playSent, w.speed = true, p.loop.speed
		for _, c := range w.conns {
			if len(c.runs) > 0 {
				c.send(&run.Message{Kind: run.MsgPlay, Gen: w.gen, Speed: w.speed})
				c.playing = true
			}
		}
	}
	every := max(syncEvery, 3*w.cost)
	params := time.Since(w.lastParams) >= publishChartsEvery && p.classes.pending == nil
	asked := false
	for _, c := range w.conns {
		if len(c.runs) == 0 || !c.ready || c.pending > 0 || time.Since(c.asked) < every {
			continue
		}
		w.seq++
		c.pending++
		c.asked = time.Now()
		c.send(&run.Message{Kind: run.MsgSync, Seq: w.seq, Have: p.have(c), Grid: p.workerGrid(), Palette: run.PaletteIndex(run.CurrentPalette()), Params: params})
		asked = true
	}
	if asked && params {
		w.lastParams = time.Now()
	}
	return true
}

// pauseWorkers stops the workers' training; their replies bring the state
// they stopped at.
func (p *Playground) pauseWorkers() {
	w := &p.work
	if !p.workersOn() || !w.playSent {
		return
	}
	w.playSent = false
	for _, c := range w.conns {
		if len(c.runs) > 0 {
			w.seq++
			c.pending++
			c.send(&run.Message{Kind: run.MsgPause, Seq: w.seq, Have: p.have(c), Grid: p.workerGrid(), Palette: run.PaletteIndex(run.CurrentPalette())})
		}
	}
}

// stepWorkers is model.remote: a step (or an epoch) in the workers; false
// when the page trains itself.
func (p *Playground) stepWorkers(epoch bool) bool {
	if !p.workersOn() {
		return false
	}
	w := &p.work
	p.ensureLoaded()
	w.playSent = false
	for _, c := range w.conns {
		if len(c.runs) > 0 {
			w.seq++
			c.pending++
			c.send(&run.Message{Kind: run.MsgStep, Seq: w.seq, Epoch: epoch, Have: p.have(c), Grid: p.workerGrid(), Palette: run.PaletteIndex(run.CurrentPalette())})
		}
	}
	return true
}

// onWorkerMessage handles a message of worker c, on the UI goroutine.
func (p *Playground) onWorkerMessage(ctx goapp.Context, c *workerConn, b []byte) {
	w := &p.work
	if w.status == workersFailed {
		ctx.PreventUpdate()
		return
	}
	m, err := run.DecodeMessage(b)
	if err != nil {
		p.workersFailed(err.Error())
		return
	}
	switch m.Kind {
	case run.MsgReady:
		if m.Version != run.ProtocolVersion {
			p.workersFailed("the training worker speaks protocol version " + strconv.Itoa(m.Version) + ", the page " + strconv.Itoa(run.ProtocolVersion))
			return
		}
		c.ready = true
		for _, q := range c.queue {
			c.post(q)
		}
		c.queue = nil
		if w.status == workersStarting {
			w.status = workersReady
			if p.m.playing { // training started on this thread: hand it over
				p.requestFrame()
			}
		}
		ctx.PreventUpdate()
	case run.MsgError:
		switch {
		case m.Gen != w.gen:
			ctx.PreventUpdate()
		case m.Link != "" && !w.adopted && w.loaded == p.m.cmp:
			// The workers cannot build these runs (data only the page
			// has): the page trains them, its replicas being real runs.
			// The workers drop what they hold, and whatever they still
			// send is of an older load.
			println("plasticity: training on the page's thread:", m.Text)
			w.gen++
			w.local, w.loaded, w.playSent = p.m.cmp, nil, false
			for _, c := range w.conns {
				c.runs, c.pending, c.playing = nil, 0, false
				c.send(&run.Message{Kind: run.MsgLoad, Gen: w.gen})
			}
			if p.m.playing {
				p.requestFrame()
			}
		default:
			p.workersFailed(m.Text)
		}
	case run.MsgState:
		p.onWorkerState(ctx, c, &m)
	default:
		ctx.PreventUpdate()
	}
}

// onWorkerState makes the replicas adopt a worker's state, paints the
// maps it brought and publishes the page as often as the loop would.
func (p *Playground) onWorkerState(ctx goapp.Context, c *workerConn, m *run.Message) {
	w := &p.work
	if m.Seq != 0 {
		c.pending = max(0, c.pending-1)
	}
	if m.Gen != w.gen || w.loaded != p.m.cmp || p.m.cmp == nil {
		ctx.PreventUpdate() // of a comparison that is gone
		return
	}
	c.playing = m.Playing
	cost := time.Duration(m.CostNanos)
	w.cost = (3*w.cost + cost) / 4
	runs := p.m.runs()
	fresh := false
	for i := range m.States {
		s := &m.States[i]
		if s.Index < 0 || s.Index >= len(runs) {
			continue
		}
		if err := runs[s.Index].Adopt(s); err != nil {
			p.workersFailed(err.Error())
			return
		}
		if s.Params != nil {
			fresh = true
			w.paramsGen++
		}
		if s.Grid > 0 {
			snap := p.m.snapshotOf(s.Index)
			snap.Grid, snap.Decision, snap.Units = s.Grid, s.Decision, s.Units
			p.putMaps(s.Index, snap)
		}
	}
	w.adopted = true
	if n := runs[0].StepCount(); n >= w.lastStep {
		p.loop.meterSteps += n - w.lastStep
		w.lastStep = n
	}
	if p.m.playing {
		anyPlaying := false
		for _, c := range w.conns {
			anyPlaying = anyPlaying || c.playing
		}
		if !anyPlaying || !p.m.canTrain() { // stopped by itself: show the end
			p.m.playing, w.playSent = false, false
			p.loop.gen++
			p.paintRun()
			p.publish()
			return
		}
		if fresh {
			p.paintExtras()
		}
		// The maps are new at every reply, the figures (a re-render by
		// go-app) every publishEvery, as in loop.go.
		if time.Since(p.loop.published) >= publishEvery {
			p.publishNow()
			return
		}
		ctx.PreventUpdate()
		return
	}
	// A reply to a pause or a step: once every worker has answered, bring
	// the runs to the same step (each worker trained at its own pace), then
	// show where they are.
	for _, c := range w.conns {
		if c.pending > 0 {
			ctx.PreventUpdate()
			return
		}
	}
	if p.alignWorkers() {
		ctx.PreventUpdate()
		return
	}
	p.paintRun()
	p.publish()
}

// alignWorkers asks the workers whose runs are behind the others to catch
// up, so that a paused comparison's runs stand at the same step, as in
// lockstep; it reports whether it asked any.
func (p *Playground) alignWorkers() bool {
	w := &p.work
	runs := p.m.runs()
	target := run.ReplaySteps(runs)
	asked := false
	for _, c := range w.conns {
		behind := false
		for _, i := range c.runs {
			behind = behind || runs[i].State() == run.Ready && runs[i].StepCount() < target
		}
		if behind {
			w.seq++
			c.pending++
			c.send(&run.Message{Kind: run.MsgStep, Seq: w.seq, Steps: target, Have: p.have(c), Grid: p.workerGrid(), Palette: run.PaletteIndex(run.CurrentPalette())})
			asked = true
		}
	}
	return asked
}

// putMaps paints the maps a worker painted for run i: its decision map and,
// for run 1, its units' maps.
func (p *Playground) putMaps(i int, s *run.Snapshot) {
	p.paint.put(components.DecisionMapIDOf(i), s.Grid, s.Decision)
	if i > 0 {
		return
	}
	for l, units := range s.Units {
		for j := 0; j < len(units) && j < components.MaxShownUnits; j++ {
			p.paint.put(components.UnitID(l, j), s.Grid, units[j])
		}
	}
}

// paintExtras paints what the workers do not: the receptive fields of
// image data, and the rule's diagnostics, from the replicas' parameters.
func (p *Playground) paintExtras() {
	r := p.m.run
	if r != nil && !r.DataInfo.Plane && r.State() != run.Diverged && r.State() != run.Failed {
		p.paintImages(r)
	}
	p.paintDiagnostics()
}

// workerMode says where the runs train, for the footer and the tests:
// "worker" or "page".
func (p *Playground) workerMode() string {
	if p.workersOn() {
		return "worker"
	}
	return "page"
}

// debugHook gives the browser tests window.plasticityRuns(): where the
// runs train, and each run's step and digest (run.Run.Digest).
func (p *Playground) debugHook() {
	if p.work.debug != nil {
		return
	}
	p.work.debug = goapp.FuncOf(func(goapp.Value, []goapp.Value) any {
		out := map[string]any{"mode": p.workerMode(), "why": p.work.why, "workers": len(p.work.conns), "max": p.work.max, "src": p.work.src, "playing": p.m.playing}
		var ds, steps []any
		for _, r := range p.m.runs() {
			ds = append(ds, r.Digest())
			steps = append(steps, r.StepCount())
		}
		out["digests"], out["steps"] = ds, steps
		return out
	})
	goapp.Window().Set("plasticityRuns", p.work.debug)
}

// stopWorkers ends the workers, when the page goes.
func (p *Playground) stopWorkers() {
	for _, c := range p.work.conns {
		c.js.Call("terminate")
		c.onmsg.Release()
		c.onerr.Release()
	}
	p.work.conns = nil
	p.work.status = workersOff
	if p.work.debug != nil {
		p.work.debug.Release()
		p.work.debug = nil
	}
}
