package app

import (
	"errors"
	"fmt"
	"net/url"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"time"

	"plasticity/components"
	"plasticity/core/data"
	"plasticity/core/rule"
	"plasticity/core/run"
)

// model is the playground's state: the comparison the address bar holds
// (one run, or up to run.MaxRuns runs stepping in lockstep), its runs, and
// playback. It is plain Go, with no browser in it, so that the tests drive
// it natively; the page (playground.go) owns one and the frame loop
// (loop.go) advances it.
//
// A single run is a comparison of one: its link is the experiment's own
// link. Run 1 is the base run, whose settings the panels edit and whose
// figures #status shows; exp and run name it.
//
// Every change of setting goes through the link: the new value is written
// into the comparison's query string, which run.DecodeComparison
// validates, so that a value typed in the page is checked exactly as a
// value in a link is and rejected with the same words.
type model struct {
	spec    run.CompareSpec
	cmp     *run.Comparison // nil when the comparison could not be built
	exp     run.Experiment  // run 1's: spec.Runs[0]
	run     *run.Run        // run 1: cmp.Runs()[0]; nil with cmp
	playing bool

	// failure explains why run is nil, or the panic that stopped training.
	failure string
	// awaitingData says the runs wait for data the page fetches first
	// (MNIST, data.ErrMNISTNotLoaded): run is nil, and mnist.go loads them
	// and rebuilds.
	awaitingData bool
	// problems are what the link (at load) or the last change of setting
	// could not accept, with what was used instead.
	problems      []run.Problem
	problemSource string // "link" or "setting"
	dismissed     string // the notice text the user dismissed
	// workerNote says why training moved to the page's own thread after
	// the training workers failed (worker.go); empty otherwise.
	workerNote string

	// snaps are the runs' last pictures, one per run. Each run gets its
	// own: a Snapshot keeps its buffers shaped for one network.
	snaps []*run.Snapshot

	// remote, if set, steps the runs elsewhere (in Web Workers: worker.go)
	// and reports whether it did; the new state arrives later.
	remote func(epoch bool) bool

	// measured holds, per run, when its metrics were last measured for
	// the page and what that cost (metricsOf).
	measured map[*run.Run]measure
}

// measure is when a run's metrics were measured and what it cost.
type measure struct {
	at   time.Time
	cost time.Duration
}

// metricsOf returns r's metrics for the page. While training it measures
// them anew only when its last measurement is older than run.MeasureShare
// times what that one cost, and otherwise returns the last ones measured
// (Run.LastMetrics: at the latest epoch's end at least); paused, always
// the current ones. A run trained in a worker has its metrics from the
// worker, and measuring them costs nothing.
func (m *model) metricsOf(r *run.Run) run.Metrics {
	last, ok := m.measured[r]
	if m.playing && ok && time.Since(last.at) < run.MeasureShare*last.cost {
		return r.LastMetrics()
	}
	start := time.Now()
	f := r.Metrics()
	if m.measured == nil || len(m.measured) > 64 { // runs of earlier links
		m.measured = make(map[*run.Run]measure)
	}
	m.measured[r] = measure{at: time.Now(), cost: time.Since(start)}
	return f
}

// snapshot returns run 1's Snapshot, for Paint to fill.
func (m *model) snapshot() *run.Snapshot { return m.snapshotOf(0) }

// snapshotOf returns the Snapshot of run i (0-based).
func (m *model) snapshotOf(i int) *run.Snapshot {
	for len(m.snaps) <= i {
		m.snaps = append(m.snaps, nil)
	}
	if m.snaps[i] == nil {
		m.snaps[i] = &run.Snapshot{}
	}
	return m.snaps[i]
}

// runs returns the comparison's runs, run 1 first (nil without one). The
// slice is shared.
func (m *model) runs() []*run.Run {
	if m.cmp == nil {
		return nil
	}
	return m.cmp.Runs()
}

// newModel returns the model of the experiment or comparison a link's
// query string describes. Problems with the link are kept for the notice;
// the comparison keeps the good keys and defaults for the bad ones.
func newModel(query string) *model {
	m := &model{}
	c, err := run.DecodeComparison(query)
	m.spec, m.exp = c, c.Base()
	m.setProblems(err, "link")
	m.rebuild()
	return m
}

func (m *model) setProblems(err error, source string) {
	m.problems, m.problemSource = nil, ""
	var le *run.LinkError
	if errors.As(err, &le) {
		m.problems, m.problemSource = le.Problems, source
	} else if err != nil {
		m.problems, m.problemSource = []run.Problem{{Key: "link", Msg: err.Error()}}, source
	}
}

// rebuild builds new runs of m.spec, all from their start. Playback goes
// on if it was on and the new runs can train.
func (m *model) rebuild() {
	m.failure, m.awaitingData = "", false
	var c *run.Comparison
	var err error
	if !m.protect("building the run", func() { c, err = run.NewComparison(m.spec) }) {
		m.cmp, m.run = nil, nil
		return
	}
	if errors.Is(err, data.ErrMNISTNotLoaded) {
		m.cmp, m.run, m.awaitingData, m.playing = nil, nil, true, false
		return
	}
	if err != nil {
		m.cmp, m.run, m.failure, m.playing = nil, nil, "This experiment could not be built: "+err.Error(), false
		return
	}
	m.cmp, m.run, m.snaps = c, c.Runs()[0], nil
	if !m.canTrain() {
		m.playing = false
	}
}

// link returns the comparison's query string (without '?'): run 1's own
// link when it is alone.
func (m *model) link() string { return m.spec.Encode() }

// set changes one setting: key is a link key, value as a link writes it.
func (m *model) set(key, value string) {
	q, _ := url.ParseQuery(m.spec.Encode())
	q.Set(key, value)
	if key == "data" {
		m.fitClasses(q, value)
		fitOwnData(q, value) // owndata.go
	}
	m.apply(q)
}

// fitClasses keeps the class count within what dataset key accepts.
func (m *model) fitClasses(q url.Values, key string) {
	info, ok := data.Lookup(key)
	if !ok || q.Get("classes") == "" {
		return
	}
	n, _ := strconv.Atoi(q.Get("classes"))
	switch {
	case info.MaxClasses == 0:
		q.Del("classes")
	case n > info.MaxClasses:
		q.Set("classes", strconv.Itoa(info.MaxClasses))
	}
}

// apply makes the comparison that the query q describes current.
func (m *model) apply(q url.Values) {
	c, err := run.DecodeComparison(q.Encode())
	m.setProblems(err, "setting")
	if c.Equal(m.spec) && err == nil {
		return
	}
	m.spec, m.exp = c, c.Base()
	m.rebuild()
}

// addRun appends a run of rule r to the comparison (the base run with
// another rule: CompareSpec.Derive) and starts every run afresh, so that
// they step in lockstep from the same initial weights.
func (m *model) addRun(r string) {
	if len(m.spec.Runs) >= run.MaxRuns {
		return
	}
	c := m.spec.Clone()
	c.Runs = append(c.Runs, c.Derive(r))
	m.applySpec(c)
}

// removeRun removes run i (0-based) from the comparison. Removing run 1
// makes run 2 the base run.
func (m *model) removeRun(i int) {
	if i < 0 || i >= len(m.spec.Runs) || len(m.spec.Runs) < 2 {
		return
	}
	c := m.spec.Clone()
	c.Runs = slices.Delete(c.Runs, i, i+1)
	m.applySpec(c)
}

// applySpec makes c current through its link, so that it is validated
// like any link.
func (m *model) applySpec(c run.CompareSpec) {
	q, _ := url.ParseQuery(c.Encode())
	m.apply(q)
}

// applyLink merges the link keys of query (e.g. a rule's suggested
// settings) into the experiment.
func (m *model) applyLink(query string) {
	extra, err := url.ParseQuery(query)
	if err != nil {
		return
	}
	q, _ := url.ParseQuery(m.spec.Encode())
	for k, v := range extra {
		q[k] = v
	}
	m.apply(q)
}

// suggestedApplied reports whether the experiment already has the current
// rule's suggested settings (true when it has none).
func (m *model) suggestedApplied() bool {
	info, ok := rule.Lookup(m.exp.Rule)
	if !ok || info.Suggested == "" {
		return true
	}
	extra, err := url.ParseQuery(info.Suggested)
	if err != nil {
		return true
	}
	q, _ := url.ParseQuery(m.exp.Encode())
	for k, v := range extra {
		q[k] = v
	}
	e, err := run.Decode(q.Encode())
	return err == nil && e.Equal(m.exp)
}

// Bounds of the network editor. A link may ask for more (up to
// run.MaxWidth); the + buttons stop here, where the diagram stays legible.
const (
	editMaxWidth  = components.MaxShownUnits
	newLayerWidth = 4 // a new hidden layer when there is none to copy
)

// editLayers adds or removes a hidden layer (layer −1) or a neuron of
// hidden layer layer.
func (m *model) editLayers(layer, delta int) {
	h := slices.Clone(m.exp.Hidden)
	switch {
	case layer < 0 && delta > 0 && len(h) < run.MaxLayers:
		w := newLayerWidth
		if len(h) > 0 {
			w = h[len(h)-1]
		}
		h = append(h, w)
	case layer < 0 && delta < 0 && len(h) > 0:
		h = h[:len(h)-1]
	case layer >= 0 && layer < len(h):
		n := h[layer] + delta
		if n < run.MinHiddenUnit || delta > 0 && n > editMaxWidth {
			return
		}
		h[layer] = n
	default:
		return
	}
	m.set("hidden", joinInts(h))
}

// newSeed moves to the next seed: new data, new initial weights, new
// batches. It is seed+1, not a random number, so that the page adds no
// randomness of its own: the seeds a class tries are 1, 2, 3…
func (m *model) newSeed() {
	s := m.exp.Seed + 1
	if s > run.MaxSeed {
		s = 0
	}
	m.set("seed", strconv.FormatUint(s, 10))
}

// reset restarts the run from its seed: the same data, initial weights and
// batches, so the same curves again.
func (m *model) reset() {
	m.rebuild()
}

// canTrain reports whether a run can take another step.
func (m *model) canTrain() bool {
	return m.cmp != nil && m.failure == "" && m.cmp.Ready()
}

// play starts training; it reports whether it did.
func (m *model) play() bool {
	m.playing = m.canTrain()
	return m.playing
}

func (m *model) pause() { m.playing = false }

// advance trains for about budget while playing, or once when step is set
// (one minibatch, or to the end of the epoch when epoch is set). A panic
// anywhere in training becomes a failure: the page shows it and stops, and
// the tab lives on. It returns the steps taken.
func (m *model) advance(budget time.Duration, maxSteps int) (steps int) {
	if !m.canTrain() {
		m.playing = false
		return 0
	}
	m.protect("training", func() {
		steps, _ = m.cmp.Advance(budget, maxSteps) // the errors are in each run's State and Message
	})
	if !m.canTrain() {
		m.playing = false
	}
	return steps
}

// protect runs f, which uses the run, and turns a panic into a failure
// that stops training: the page then shows the message in #notice and
// data-state "error", and the tab lives on. It reports whether f returned.
func (m *model) protect(doing string, f func()) (ok bool) {
	defer func() {
		if p := recover(); p != nil {
			m.failure = fmt.Sprintf("Stopped on an internal error while %s: %v. Change a setting or reset to go on.", doing, p)
			m.playing = false
			println("plasticity: panic while", doing+":", fmt.Sprint(p), "\n", string(debug.Stack()))
			ok = false
		}
	}()
	f()
	return true
}

// step trains one minibatch, or to the end of the current epoch.
func (m *model) step(epoch bool) int {
	m.playing = false
	if m.remote != nil && m.remote(epoch) {
		return 0
	}
	if !epoch {
		return m.advance(time.Hour, 1)
	}
	// The runs share the data and the batch size, so their epochs end
	// together; follow one that can still train.
	var r *run.Run
	for _, x := range m.runs() {
		if x.State() == run.Ready {
			r = x
			break
		}
	}
	if r == nil {
		return 0
	}
	e0, n := r.Epoch(), 0
	for m.canTrain() && r.State() == run.Ready && r.Epoch() == e0 {
		n += m.advance(time.Hour, 1)
	}
	return n
}

// State values of #status's data-state.
const (
	stateLoading  = "loading"
	stateFetching = "fetching" // the runs wait for their data (mnist.go)
	stateReady    = "ready"
	stateRunning  = "running"
	statePaused   = "paused"
	stateDiverged = "diverged"
	stateError    = "error"
)

// state is what #status shows: ready (a fresh run), running, paused (by
// the user, or finished: a link's epochs reached), diverged or error.
func (m *model) state() string {
	switch {
	case m.awaitingData:
		return stateFetching
	case m.run == nil || m.failure != "":
		return stateError
	case m.run.State() == run.Diverged:
		return stateDiverged
	case m.run.State() == run.Failed:
		return stateError
	case m.playing:
		return stateRunning
	case m.run.State() == run.Finished || m.run.StepCount() > 0:
		return statePaused
	default:
		return stateReady
	}
}

// notice is what #notice says.
type notice struct {
	kind  string // "error", "warning", "info"
	title string
	items []string
}

func (n notice) text() string { return n.kind + "\n" + n.title + "\n" + strings.Join(n.items, "\n") }

// notice returns what the page should say about the run and the link,
// unless the user dismissed exactly that.
func (m *model) notice() notice {
	var n notice
	switch {
	case m.awaitingData: // the page shows the data loading
	case m.failure != "":
		n = notice{kind: "error", title: m.failure}
	case m.run.State() == run.Diverged || m.run.State() == run.Failed:
		n = notice{kind: "error", title: m.run.Message()}
	case m.run.State() == run.Finished:
		n = notice{kind: "info", title: m.run.Message() + " Press reset to watch it again, or raise “Stop after”."}
	}
	// The other runs of a comparison that stopped on their own say why.
	for i, r := range m.runs() {
		if i == 0 || r.State() != run.Diverged && r.State() != run.Failed {
			continue
		}
		if n.kind == "" || n.kind == "info" {
			n.kind = "warning"
		}
		if n.title == "" {
			n.title = "Some runs of the comparison stopped; the others go on:"
		}
		n.items = append(n.items, fmt.Sprintf("Run %d (%s): %s", i+1, r.RuleInfo.Title, r.Message()))
	}
	if len(m.problems) > 0 {
		if n.kind != "error" {
			n.kind = "warning"
		}
		if n.title == "" {
			n.title = "Some settings in the link could not be used; the rest of it was:"
			if m.problemSource == "setting" {
				n.title = "That value could not be used:"
			}
		}
		for _, p := range m.problems {
			n.items = append(n.items, p.Key+": "+p.Msg)
		}
	}
	if n.title == "" && m.workerNote != "" {
		n = notice{kind: "info", title: "Training on the page's own thread, more slowly: " + m.workerNote +
			". Reload the page to try the training workers again."}
	}
	if n.title == "" || n.text() == m.dismissed {
		return notice{}
	}
	return n
}

// dismiss hides the notice until it says something else.
func (m *model) dismiss() { m.dismissed = m.notice().text() }

func joinInts(xs []int) string {
	s := make([]string, len(xs))
	for i, x := range xs {
		s[i] = strconv.Itoa(x)
	}
	return strings.Join(s, ",")
}
