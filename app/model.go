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

// model is the playground's state: the experiment the address bar holds,
// the run of it, and playback. It is plain Go, with no browser in it, so
// that the tests drive it natively; the page (playground.go) owns one and
// the frame loop (loop.go) advances it.
//
// Every change of setting goes through the link: the new value is written
// into the experiment's query string, which run.Decode validates, so that
// a value typed in the page is checked exactly as a value in a link is and
// rejected with the same words.
type model struct {
	exp     run.Experiment
	run     *run.Run // nil when the experiment could not be built
	playing bool

	// failure explains why run is nil, or the panic that stopped training.
	failure string
	// problems are what the link (at load) or the last change of setting
	// could not accept, with what was used instead.
	problems      []run.Problem
	problemSource string // "link" or "setting"
	dismissed     string // the notice text the user dismissed

	// snap is the run's last picture. Each run gets its own: a Snapshot
	// keeps its buffers shaped for one network.
	snap *run.Snapshot
}

// snapshot returns the run's Snapshot, for Paint to fill.
func (m *model) snapshot() *run.Snapshot {
	if m.snap == nil {
		m.snap = &run.Snapshot{}
	}
	return m.snap
}

// newModel returns the model of the experiment a link's query string
// describes. Problems with the link are kept for the notice; the
// experiment keeps the good keys and defaults for the bad ones.
func newModel(query string) *model {
	m := &model{}
	e, err := run.Decode(query)
	m.exp = e
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

// rebuild builds a new run of m.exp. Playback goes on if it was on and the
// new run can train.
func (m *model) rebuild() {
	m.failure = ""
	var r *run.Run
	var err error
	if !m.protect("building the run", func() { r, err = run.New(m.exp) }) {
		m.run = nil
		return
	}
	if err != nil {
		m.run, m.failure, m.playing = nil, "This experiment could not be built: "+err.Error(), false
		return
	}
	m.run, m.snap = r, nil
	if !m.canTrain() {
		m.playing = false
	}
}

// link returns the experiment's query string (without '?').
func (m *model) link() string { return m.exp.Encode() }

// set changes one setting: key is a link key, value as a link writes it.
func (m *model) set(key, value string) {
	q, _ := url.ParseQuery(m.exp.Encode())
	q.Set(key, value)
	if key == "data" {
		m.fitClasses(q, value)
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

// apply makes the experiment that the query q describes current.
func (m *model) apply(q url.Values) {
	e, err := run.Decode(q.Encode())
	m.setProblems(err, "setting")
	if e.Equal(m.exp) && err == nil {
		return
	}
	m.exp = e
	m.rebuild()
}

// applyLink merges the link keys of query (e.g. a rule's suggested
// settings) into the experiment.
func (m *model) applyLink(query string) {
	extra, err := url.ParseQuery(query)
	if err != nil {
		return
	}
	q, _ := url.ParseQuery(m.exp.Encode())
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

// canTrain reports whether the run can take another step.
func (m *model) canTrain() bool {
	return m.run != nil && m.failure == "" && m.run.State() == run.Ready
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
		steps, _ = m.run.Advance(budget, maxSteps) // the error is in m.run.State and Message
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
	if !epoch {
		return m.advance(time.Hour, 1)
	}
	r := m.run
	if r == nil {
		return 0
	}
	e0, n := r.Epoch(), 0
	for m.canTrain() && r.Epoch() == e0 {
		n += m.advance(time.Hour, 1)
	}
	return n
}

// State values of #status's data-state.
const (
	stateLoading  = "loading"
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
	case m.failure != "":
		n = notice{kind: "error", title: m.failure}
	case m.run.State() == run.Diverged || m.run.State() == run.Failed:
		n = notice{kind: "error", title: m.run.Message()}
	case m.run.State() == run.Finished:
		n = notice{kind: "info", title: m.run.Message() + " Press reset to watch it again, or raise “Stop after”."}
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
