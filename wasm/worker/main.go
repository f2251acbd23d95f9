//go:build js && wasm

// Command worker is the playground's training worker, built with
// GOOS=js GOARCH=wasm into web/worker.wasm and started by web/worker.js in
// a Web Worker. It holds the core alone (no go-app), trains the runs the
// page gives it at full speed off the page's thread, and answers in the
// protocol of core/run/protocol.go.
//
// Go in WebAssembly runs on one thread and hears of incoming messages only
// when it gives the thread back to the worker's event loop. While training
// it does so every slice (about 10 ms) through a MessageChannel, which,
// unlike setTimeout, costs no clamped delay.
package main

import (
	"errors"
	"fmt"
	"runtime/debug"
	"time"

	"syscall/js"

	"plasticity/core/data"
	"plasticity/core/run"
)

// slice is how long the worker trains between two looks at its messages.
const slice = 10 * time.Millisecond

// tick is the period of the speed cap (Play.Speed steps per tick).
const tick = time.Second / 60

// quiet is how long the worker trains without hearing from the page (at
// least; ten times its last reply's cost if more). A page asks for its
// state on every animation frame it gets, and a hidden tab gets none: as
// on the page's thread, training then waits for the tab to show again.
const quiet = 2 * time.Second

type worker struct {
	self  js.Value
	inbox chan js.Value

	gen     int
	index   []int // the runs' indices in the comparison
	runs    []*run.Run
	snaps   []*run.Snapshot
	sent    []int // history points the page holds, per run
	playing bool
	speed   int
	grid    int // the maps' side the page last asked for

	// Measuring the runs' metrics (a pass over both data sets) costs
	// evalCost. While training, a reply measures them only if the last
	// measurement (a reply's, or a run's at the end of an epoch) is older
	// than run.MeasureShare·evalCost, and otherwise sends the last ones
	// measured: none when epochs end more often (MNIST's do).
	evalAt   time.Time
	evalCost time.Duration

	heard     time.Time     // the page's last message
	replyCost time.Duration // of the last reply

	resume chan struct{}
	port   js.Value // posting to it wakes resume: a yield without a delay
	buf    []byte
}

func main() {
	w := &worker{
		self:   js.Global(),
		inbox:  make(chan js.Value, 1024),
		resume: make(chan struct{}, 1),
	}
	ch := js.Global().Get("MessageChannel").New()
	ch.Get("port1").Set("onmessage", js.FuncOf(func(js.Value, []js.Value) any {
		select {
		case w.resume <- struct{}{}:
		default:
		}
		return nil
	}))
	w.port = ch.Get("port2")
	receive := js.FuncOf(func(_ js.Value, args []js.Value) any {
		if len(args) > 0 {
			w.inbox <- args[0].Get("data")
		}
		return nil
	})
	// worker.js queued what arrived before Go started.
	if q := w.self.Get("plasticityQueue"); q.Truthy() {
		for i := 0; i < q.Length(); i++ {
			w.inbox <- q.Index(i)
		}
	}
	w.self.Set("onmessage", receive)
	w.post(&run.Message{Kind: run.MsgReady, Version: run.ProtocolVersion})
	w.loop()
}

func (w *worker) loop() {
	for {
		if !w.playing || time.Since(w.heard) > max(quiet, 10*w.replyCost) {
			w.handle(<-w.inbox) // blocks: the event loop runs meanwhile
			continue
		}
		for drained := false; !drained; {
			select {
			case v := <-w.inbox:
				w.handle(v)
			default:
				drained = true
			}
		}
		if !w.playing {
			continue
		}
		if w.speed > 0 {
			start := time.Now()
			w.train(time.Hour, w.speed)
			time.Sleep(tick - time.Since(start)) // yields too
		} else {
			w.train(slice, 0)
			w.yield()
		}
	}
}

// yield gives the thread to the event loop for as short as it can: a
// message to ourselves, behind any message already queued.
func (w *worker) yield() {
	w.port.Call("postMessage", nil)
	<-w.resume
}

// train advances the runs in lockstep for about budget (or maxSteps steps)
// and, when none can go on, stops and tells the page.
func (w *worker) train(budget time.Duration, maxSteps int) {
	start := time.Now()
	for n := 0; maxSteps <= 0 || n < maxSteps; n++ {
		if !w.step() {
			w.playing = false
			w.reply(run.MsgState, 0, w.grid, true)
			return
		}
		if time.Since(start) >= budget {
			return
		}
	}
}

// step trains every Ready run on its next minibatch; false if none was.
func (w *worker) step() bool { return stepRuns(w.runs) }

func stepRuns(runs []*run.Run) bool {
	any := false
	for _, r := range runs {
		if r.State() == run.Ready {
			r.Step() // errors are in the run's State and Message
			any = true
		}
	}
	return any
}

// handle answers one message from the page; a panic becomes an Error.
func (w *worker) handle(v js.Value) {
	w.heard = time.Now()
	defer func() {
		if p := recover(); p != nil {
			w.playing = false
			println("plasticity worker: panic:", fmt.Sprint(p), "\n", string(debug.Stack()))
			w.post(&run.Message{Kind: run.MsgError, Gen: w.gen, Text: fmt.Sprintf("internal error in the training worker: %v", p)})
		}
	}()
	if !v.InstanceOf(js.Global().Get("ArrayBuffer")) {
		w.handleJS(v)
		return
	}
	b := make([]byte, v.Get("byteLength").Int())
	js.CopyBytesToGo(b, js.Global().Get("Uint8Array").New(v))
	m, err := run.DecodeMessage(b)
	if err != nil {
		w.post(&run.Message{Kind: run.MsgError, Gen: w.gen, Text: err.Error()})
		return
	}
	switch m.Kind {
	case run.MsgSync, run.MsgPause, run.MsgStep:
		// The maps of the reply, and of the frames until the next such
		// message, in the page's palette (its colour scheme, contrast).
		run.SetPalette(run.Palettes[m.Palette])
	}
	switch m.Kind {
	case run.MsgLoad:
		w.load(m)
	case run.MsgPlay:
		w.playing, w.speed = len(w.runs) > 0, m.Speed
	case run.MsgPause:
		w.playing = false
		w.syncHave(m.Have)
		w.reply(run.MsgState, m.Seq, m.Grid, true)
	case run.MsgStep:
		w.playing = false
		switch {
		case m.Steps > 0:
			run.ReplayTo(w.runs, m.Steps)
		case m.Epoch:
			w.stepEpoch()
		default:
			w.step()
		}
		w.syncHave(m.Have)
		w.reply(run.MsgState, m.Seq, m.Grid, true)
	case run.MsgSync:
		w.syncHave(m.Have)
		w.reply(run.MsgState, m.Seq, m.Grid, m.Params)
	default:
		w.post(&run.Message{Kind: run.MsgError, Gen: w.gen, Text: "unexpected message " + m.Kind.String()})
	}
}

// load builds the runs m names and replays them to m.Steps.
func (w *worker) load(m run.Message) {
	w.gen, w.playing = m.Gen, false
	w.runs, w.index, w.snaps, w.sent = nil, nil, nil, nil
	spec, err := run.DecodeComparison(m.Link)
	if err == nil {
		err = spec.Validate()
	}
	for _, i := range m.Runs {
		if err != nil {
			break
		}
		if i < 0 || i >= len(spec.Runs) {
			err = fmt.Errorf("no run %d in the link", i+1)
			break
		}
		var r *run.Run
		r, err = newRun(spec.Runs[i])
		if err != nil {
			err = fmt.Errorf("run %d (%s): %w", i+1, spec.Runs[i].Rule, err)
			break
		}
		w.runs = append(w.runs, r)
		w.index = append(w.index, i)
		w.snaps = append(w.snaps, &run.Snapshot{})
	}
	if err != nil {
		w.runs, w.index, w.snaps = nil, nil, nil
		w.post(&run.Message{Kind: run.MsgError, Gen: w.gen, Link: m.Link, Text: err.Error()})
		return
	}
	run.ReplayTo(w.runs, m.Steps)
	w.sent = make([]int, len(w.runs))
	for i, r := range w.runs {
		w.sent[i] = len(r.History())
	}
}

// newRun builds the run of e, fetching the MNIST asset first if e needs it.
func newRun(e run.Experiment) (*run.Run, error) {
	r, err := run.New(e)
	if errors.Is(err, data.ErrMNISTNotLoaded) {
		if err := loadMNIST(); err != nil {
			return nil, err
		}
		r, err = run.New(e)
	}
	return r, err
}

// loadMNIST fetches the MNIST asset from the page's web directory (the
// service worker has it offline).
func loadMNIST() error {
	get := func(name string) ([]byte, error) {
		url := "/web/mnist/" + name + js.Global().Get("location").Get("search").String()
		done := make(chan struct{})
		var b []byte
		var ferr error
		then := js.FuncOf(func(_ js.Value, args []js.Value) any {
			u := js.Global().Get("Uint8Array").New(args[0])
			b = make([]byte, u.Length())
			js.CopyBytesToGo(b, u)
			close(done)
			return nil
		})
		fail := js.FuncOf(func(_ js.Value, args []js.Value) any {
			ferr = fmt.Errorf("fetching %s: %s", name, args[0].Call("toString").String())
			close(done)
			return nil
		})
		body := js.FuncOf(func(_ js.Value, args []js.Value) any {
			if !args[0].Get("ok").Bool() {
				return js.Global().Get("Promise").Call("reject", fmt.Sprintf("HTTP %d", args[0].Get("status").Int()))
			}
			return args[0].Call("arrayBuffer")
		})
		defer body.Release()
		defer then.Release()
		defer fail.Release()
		js.Global().Call("fetch", url).Call("then", body).Call("then", then).Call("catch", fail)
		<-done
		return b, ferr
	}
	train, err := get(data.MNISTTrainFile)
	if err != nil {
		return err
	}
	test, err := get(data.MNISTTestFile)
	if err != nil {
		return err
	}
	return data.SetMNIST(train, test)
}

// stepEpoch trains to the end of the epoch of the first run that can.
func (w *worker) stepEpoch() {
	var r *run.Run
	for _, x := range w.runs {
		if x.State() == run.Ready {
			r = x
			break
		}
	}
	if r == nil {
		return
	}
	e0 := r.Epoch()
	for r.State() == run.Ready && r.Epoch() == e0 && w.step() {
	}
}

// syncHave takes the history lengths the page says it holds.
func (w *worker) syncHave(have []int) {
	for i := range w.sent {
		if i < len(have) && have[i] >= 0 {
			w.sent[i] = have[i]
		}
	}
}

// reply sends the runs' state: maps at grid (if the data lie in the plane
// and grid > 0), parameters if params.
func (w *worker) reply(kind run.MsgKind, seq, grid int, params bool) {
	if grid > 0 {
		w.grid = grid
	}
	m := &run.Message{Kind: kind, Gen: w.gen, Seq: seq, Playing: w.playing, Grid: grid}
	m.States = make([]run.RunState, len(w.runs))
	start := time.Now()
	for i, r := range w.runs {
		if len(r.History()) > w.sent[i] {
			w.evalAt = start // an epoch ended since the last reply, and measured
		}
	}
	stale := w.playing && time.Since(w.evalAt) < run.MeasureShare*w.evalCost
	for i, r := range w.runs {
		var snap *run.Snapshot
		if grid > 0 && r.DataInfo.Plane && r.State() != run.Diverged && r.State() != run.Failed {
			r.Paint(w.snaps[i], grid) // measures the metrics too
			snap = w.snaps[i]
		}
		r.Export(&m.States[i], w.index[i], w.sent[i], params, snap, stale)
		w.sent[i] = len(r.History())
	}
	if !stale {
		w.evalAt, w.evalCost = time.Now(), time.Since(start)
	}
	m.CostNanos = int64(time.Since(start))
	w.replyCost = time.Since(start)
	w.post(m)
}

// post encodes m into one ArrayBuffer and transfers it to the page.
func (w *worker) post(m *run.Message) {
	w.buf = m.Encode(w.buf[:0])
	u := js.Global().Get("Uint8Array").New(len(w.buf))
	js.CopyBytesToJS(u, w.buf)
	ab := u.Get("buffer")
	w.self.Call("postMessage", ab, []any{ab})
}

// handleJS answers the plain JavaScript messages of the benchmarks and
// tests, outside the protocol: {bench: link, ms: N} trains the link's runs
// for N milliseconds (after one step, which warms up) and replies
// {bench: link, steps, samples, seconds, trainSamples, trainSeconds}, the
// last two over the steps that end no epoch (training without the
// evaluation at each epoch's end); {digest: link, steps: N} trains
// N lockstep steps and replies {digest: [run 1's, ...]}.
func (w *worker) handleJS(v js.Value) {
	reply := js.Global().Get("Object").New()
	switch {
	case v.Get("bench").Type() == js.TypeString:
		link := v.Get("bench").String()
		runs, err := buildAll(link)
		if err != nil {
			reply.Set("error", err.Error())
			break
		}
		stepRuns(runs)
		d := time.Duration(v.Get("ms").Int()) * time.Millisecond
		start := time.Now()
		steps, samples := 0, 0
		// The steps that end no epoch: training alone, without the
		// evaluation of both data sets that ends each epoch.
		var trainTime time.Duration
		trainSamples := 0
		for time.Since(start) < d {
			e0, t0 := runs[0].Epoch(), time.Now()
			if !stepRuns(runs) {
				break
			}
			n := min(runs[0].Exp.Batch, runs[0].Train.N) * len(runs)
			if runs[0].Epoch() == e0 {
				trainTime += time.Since(t0)
				trainSamples += n
			}
			steps++
			samples += n
		}
		reply.Set("bench", link)
		reply.Set("steps", steps)
		reply.Set("samples", samples)
		reply.Set("seconds", time.Since(start).Seconds())
		reply.Set("trainSamples", trainSamples)
		reply.Set("trainSeconds", trainTime.Seconds())
	case v.Get("digest").Type() == js.TypeString:
		runs, err := buildAll(v.Get("digest").String())
		if err != nil {
			reply.Set("error", err.Error())
			break
		}
		run.ReplayTo(runs, v.Get("steps").Int())
		ds := make([]any, len(runs))
		for i, r := range runs {
			ds[i] = r.Digest()
		}
		reply.Set("digest", ds)
	default:
		reply.Set("error", "unknown message")
	}
	w.self.Call("postMessage", reply)
}

func buildAll(link string) ([]*run.Run, error) {
	spec, err := run.DecodeComparison(link)
	if err != nil {
		return nil, err
	}
	var runs []*run.Run
	for _, e := range spec.Runs {
		r, err := newRun(e)
		if err != nil {
			return nil, err
		}
		runs = append(runs, r)
	}
	return runs, nil
}
