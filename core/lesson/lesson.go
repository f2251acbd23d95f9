// Package lesson holds the playground's lessons: a paper's finding as a
// short text, guided steps that each open an experiment, and claims that
// are checked on the runs, live in the page and natively in this
// package's tests, so that a lesson that stops teaching the truth fails the
// build.
//
// A lesson registers itself from its own file, like rules and datasets:
//
//	func init() { Register(Lesson{Key: "fa-aligns", …}) }
//
// Its key appears in links (lesson=fa-aligns&step=2, core/run's
// lessonlink.go). Each claim names the step whose experiment it is about and
// a Check that reads that experiment's runs: their history, probes and
// networks. The steps' links carry an epochs key, so that a run stops where
// the claim is due and a claim still pending then has failed.
package lesson

import (
	"fmt"
	"regexp"
	"sort"
	"sync"

	"plasticity/core/run"
)

// Lesson is one finding to reproduce.
type Lesson struct {
	Key   string // short, stable: it appears in links as lesson=<key>
	Title string
	// Cite is the paper the finding comes from, as a reference line.
	Cite string
	// Text is the lesson's page: a few short paragraphs.
	Text  []string
	Steps []Step
	// Claims are what the lesson checks; it holds when they all hold.
	Claims []Claim
	// View names an extra view the page shows beside the run ("" for
	// none); see the View… constants.
	View string
	// Figures, if set, draws the lesson's own charts from the runs on the
	// page (for example a sweep's result against the swept setting).
	Figures func(runs []*run.Run) []Figure
}

// Figure is a line chart a lesson draws from its runs.
type Figure struct {
	ID     string // unique within the lesson
	Title  string
	Help   string // how to read it, one line
	XLabel string
	X      []float64
	Series []Series
	Unit   string // of the y axis, e.g. "°"
	// Percent says the values are fractions, shown as percentages.
	Percent bool
}

// Series is one line of a Figure; NaN leaves a gap.
type Series struct {
	Label string
	Y     []float64
}

// Step is one thing to do and watch.
type Step struct {
	// Text says what to do and what to watch.
	Text string
	// Link is the experiment the step opens: a link's query string (a
	// comparison link with cmp for several runs), without the lesson keys.
	// Empty keeps the experiment of the step before.
	Link string
}

// Claim is a checkable statement about the runs of one step.
type Claim struct {
	// Text states the claim with its figures, e.g. "Feedback alignment's
	// last-layer alignment angle falls below 65°".
	Text string
	// Step is the index (from 0) of the step whose experiment the claim is
	// about; its Link must not be empty.
	Step int
	// Check reads the runs of that experiment (run 1 first) as they are
	// now and says whether the claim holds yet. It must be cheap (the page
	// calls it every time the runs record a point) and must not change the
	// runs' training.
	Check func(runs []*run.Run) Verdict
}

// Status is the state of a claim.
type Status int

// The states of a claim: Pending while the runs have not shown it yet,
// Holds once they have, Fails when they stopped without showing it (or
// showed its opposite).
const (
	Pending Status = iota
	Holds
	Fails
)

func (s Status) String() string {
	switch s {
	case Holds:
		return "holds"
	case Fails:
		return "fails"
	}
	return "pending"
}

// Verdict is a claim's state with the figures behind it.
type Verdict struct {
	Status Status
	// Detail gives the measured figures, e.g. "58° after 20 epochs".
	Detail string
}

// The extra views a lesson may ask the page for.
const (
	// ViewNeurons draws the first layer's weight vectors as arrows in the
	// input plane (data in the plane, core/lesson's NeuronArrows).
	ViewNeurons = "neurons"
	// ViewUnits shows the hidden units' class selectivity, dead units and
	// lesions, and lets the learner lesion a unit by clicking it.
	ViewUnits = "units"
)

var (
	mu       sync.RWMutex
	registry = map[string]Lesson{}
	order    []string // in registration order within a file; sorted by Number
)

var keyRE = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,39}$`)

// Register makes a lesson available under its key. It panics on a key that
// is malformed or taken, a lesson without steps or claims, or a claim
// about a step that is not there or has no link: programming errors.
func Register(l Lesson) {
	mu.Lock()
	defer mu.Unlock()
	if !keyRE.MatchString(l.Key) {
		panic(fmt.Sprintf("lesson: Register with a malformed key %q", l.Key))
	}
	if _, dup := registry[l.Key]; dup {
		panic("lesson: Register called twice for " + l.Key)
	}
	if len(l.Steps) == 0 || len(l.Steps) > run.MaxLessonStep || l.Steps[0].Link == "" {
		panic("lesson: " + l.Key + " needs 1 to 50 steps, the first with a link")
	}
	if len(l.Claims) == 0 {
		panic("lesson: " + l.Key + " has no claim")
	}
	for _, c := range l.Claims {
		if c.Step < 0 || c.Step >= len(l.Steps) || l.Steps[c.Step].Link == "" || c.Check == nil {
			panic(fmt.Sprintf("lesson: %s: claim %q is about step %d, which is not there or has no link, or has no Check", l.Key, c.Text, c.Step))
		}
	}
	registry[l.Key] = l
	order = append(order, l.Key)
}

// Lookup returns the lesson registered under key.
func Lookup(key string) (Lesson, bool) {
	mu.RLock()
	defer mu.RUnlock()
	l, ok := registry[key]
	return l, ok
}

// Lessons returns every lesson in the order of the course (Order).
func Lessons() []Lesson {
	mu.RLock()
	defer mu.RUnlock()
	out := make([]Lesson, 0, len(registry))
	for _, k := range order {
		out = append(out, registry[k])
	}
	sort.SliceStable(out, func(i, j int) bool { return rank(out[i].Key) < rank(out[j].Key) })
	return out
}

// Order is the order in which the lesson list shows the lessons; lessons
// not in it come after, in registration order.
var Order = []string{
	"negative-weights", "fa-aligns", "ff-sparse", "hebbian-fields", "pc-approx",
	"early-alignment", "l2-angle", "interference", "homeostasis", "grokking",
	"critical-period", "lesions", "active-sampling",
}

func rank(key string) int {
	for i, k := range Order {
		if k == key {
			return i
		}
	}
	return len(Order)
}

// StepLink returns the link of step i (from 0): its own, or that of the
// nearest step before it with one.
func (l Lesson) StepLink(i int) string {
	for i = min(i, len(l.Steps)-1); i >= 0; i-- {
		if l.Steps[i].Link != "" {
			return l.Steps[i].Link
		}
	}
	return ""
}

// Spec decodes the experiment of step i (from 0).
func (l Lesson) Spec(i int) (run.CompareSpec, error) {
	return run.DecodeComparison(l.StepLink(i))
}
