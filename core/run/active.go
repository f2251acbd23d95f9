package run

import (
	"fmt"
	"math"
	"net/url"
	"sort"
	"strconv"

	"plasticity/core/data"
	"plasticity/core/probe"
)

// Active learning (link keys sample, labels, budget, labelevery), after
// Tifrea, Clarysse & Yang (2023), "Margin-based sampling in high
// dimensions: when being active is less efficient than being passive": the
// training set is a pool of unlabelled points, and the run labels a few of
// them at a time and trains on the labelled ones only.
//
//	sample=margin   which points to label next: random (passive) or margin
//	                (the pool's points closest to the current boundary)
//	labels=10       points labelled per round; the first round is random
//	budget=100      the labels in all; labelling stops there
//	labelevery=5    epochs (passes over the labelled points) between rounds
//
// The first round and the random strategy's choices come from the seed's
// "active" stream, in one permutation of the pool drawn when the run
// starts, so that random and margin sampling start from the same labelled
// points. Margin sampling takes the unlabelled points with the smallest
// margin p₁ − p₂ between the two most probable classes under the current
// network (ties to the lower index). The training accuracy is that on the
// whole pool: how well the network labels the points it could have asked
// about.

// Active is a run's labelling schedule; the zero value labels everything.
type Active struct {
	Strategy string // "" (every point labelled), "random" or "margin"
	Labels   int    // per round
	Budget   int    // in all
	Every    int    // epochs between rounds
}

// Strategies are the sampling strategies a link may name.
var Strategies = []string{"random", "margin"}

// The labelling schedule's defaults.
const (
	defaultLabels     = 10
	defaultBudget     = 100
	defaultLabelEvery = 5
)

func defaultActive(strategy string) Active {
	return Active{Strategy: strategy, Labels: defaultLabels, Budget: defaultBudget, Every: defaultLabelEvery}
}

// parseDim reads the dim key: the inputs of a dataset that has a
// dimension knob (data.Info.MaxDim).
func parseDim(e *Experiment, k, s string, bad func(string, string, ...any)) {
	info, _ := data.Lookup(e.Data)
	if info.MaxDim == 0 {
		bad(k, "the dataset %s has a fixed number of inputs; ignored", e.Data)
		return
	}
	parseInt(&e.Dim, k, s, 2, info.MaxDim, bad)
}

// checkDim reports a dim the dataset cannot take.
func (e Experiment) checkDim() error {
	if e.Dim == 0 {
		return nil
	}
	info, _ := data.Lookup(e.Data)
	if info.MaxDim == 0 {
		return fmt.Errorf("the dataset %s has a fixed number of inputs", e.Data)
	}
	if e.Dim < 2 || e.Dim > info.MaxDim {
		return fmt.Errorf("%d is outside [2, %d]", e.Dim, info.MaxDim)
	}
	return nil
}

// decodeActive reads sample, labels, budget and labelevery.
func decodeActive(vals url.Values, e *Experiment, bad func(key, format string, args ...any)) {
	v, ok := vals["sample"]
	if !ok {
		for _, k := range []string{"labels", "budget", "labelevery"} {
			if _, ok := vals[k]; ok {
				bad(k, "belongs to active learning (sample=random or sample=margin); ignored")
			}
		}
		return
	}
	s := last(v)
	if s != "random" && s != "margin" {
		bad("sample", "%q is not random or margin; every point labelled", s)
		return
	}
	a := defaultActive(s)
	for _, k := range []struct {
		key string
		dst *int
		hi  int
	}{{"labels", &a.Labels, MaxTrain}, {"budget", &a.Budget, MaxTrain}, {"labelevery", &a.Every, MaxEpochs}} {
		if v, ok := vals[k.key]; ok {
			parseInt(k.dst, k.key, last(v), 1, k.hi, bad)
		}
	}
	if err := a.check(e.Train); err != nil {
		bad("sample", "%v; every point labelled", err)
		return
	}
	if e.Tasks.N > 0 {
		bad("sample", "active learning and a sequence of tasks do not mix; every point labelled")
		return
	}
	e.Active = a
}

// parseRunSample reads rN.sample, a comparison run's own strategy: the
// schedule (labels, budget, labelevery) is the base run's, which must
// have one.
func parseRunSample(e *Experiment, k, s string, bad func(string, string, ...any)) {
	switch {
	case e.Active.Strategy == "":
		bad(k, "a run's own sampling strategy needs a shared one (sample=random or sample=margin); ignored")
	case s != "random" && s != "margin":
		bad(k, "%q is not random or margin; using %s", s, e.Active.Strategy)
	default:
		e.Active.Strategy = s
	}
}

// encode writes a's keys into v.
func (a Active) encode(v url.Values) {
	if a.Strategy == "" {
		return
	}
	v.Set("sample", a.Strategy)
	d := defaultActive(a.Strategy)
	if a.Labels != d.Labels {
		v.Set("labels", strconv.Itoa(a.Labels))
	}
	if a.Budget != d.Budget {
		v.Set("budget", strconv.Itoa(a.Budget))
	}
	if a.Every != d.Every {
		v.Set("labelevery", strconv.Itoa(a.Every))
	}
}

// check reports a schedule that cannot run on train training points.
func (a Active) check(train int) error {
	switch {
	case a == Active{}:
		return nil
	case a.Strategy != "random" && a.Strategy != "margin":
		return fmt.Errorf("unknown sampling strategy %q (known: random, margin)", a.Strategy)
	case a.Labels < 1 || a.Every < 1 || a.Every > MaxEpochs:
		return fmt.Errorf("labels %d and labelevery %d must be at least 1", a.Labels, a.Every)
	case a.Budget < a.Labels || a.Budget > train:
		return fmt.Errorf("a budget of %d labels must lie between labels (%d) and the training points (%d)", a.Budget, a.Labels, train)
	}
	return nil
}

// activeState is a run's labelled points; nil when every point is.
type activeState struct {
	a        Active
	pool     []int  // the pool in the random order of the "active" stream
	next     int    // the random strategy's next position in pool
	labelled []int  // in the order they were labelled
	has      []bool // by pool index
	margin   []float64
}

func newActive(r *Run) *activeState {
	a := r.Exp.Active
	if a.Strategy == "" {
		return nil
	}
	s := &activeState{a: a, pool: make([]int, r.Train.N), has: make([]bool, r.Train.N)}
	newRandSource(Stream(r.Exp.Seed, "active")).permutation(s.pool)
	s.take(s.a.Labels, nil)
	return s
}

// take labels n more points: the next ones of the pool's random order, or
// those of smallest margin.
func (s *activeState) take(n int, margin []float64) {
	n = min(n, s.a.Budget-len(s.labelled))
	if margin == nil {
		for ; n > 0 && s.next < len(s.pool); s.next++ {
			if i := s.pool[s.next]; !s.has[i] {
				s.label(i)
				n--
			}
		}
		return
	}
	var cand []int
	for i, h := range s.has {
		if !h {
			cand = append(cand, i)
		}
	}
	sort.SliceStable(cand, func(a, b int) bool { return margin[cand[a]] < margin[cand[b]] })
	for _, i := range cand[:min(n, len(cand))] {
		s.label(i)
	}
}

func (s *activeState) label(i int) {
	s.has[i] = true
	s.labelled = append(s.labelled, i)
}

// newOrder sets the order of the next epoch: every training point, or
// (with active learning) the labelled ones, after labelling a round's
// worth more when one is due.
func (r *Run) newOrder() {
	s := r.active
	if s == nil {
		r.nextOrder()
		return
	}
	if r.epoch > 0 && r.epoch%s.a.Every == 0 && len(s.labelled) < s.a.Budget {
		var m []float64
		if s.a.Strategy == "margin" {
			m = r.margins()
		}
		s.take(s.a.Labels, m)
	}
	r.order = r.order[:0]
	for range s.labelled {
		r.order = append(r.order, 0)
	}
	r.shuffle.permutation(r.order)
	for i, j := range r.order {
		r.order[i] = s.labelled[j]
	}
}

// margins returns, for every training point, the gap between the
// network's two largest class probabilities.
func (r *Run) margins() []float64 {
	s := r.Train
	k := s.Outputs
	if len(r.active.margin) != s.N {
		r.active.margin = make([]float64, s.N)
	}
	out := make([]float64, evalChunk*k)
	for start := 0; start < s.N; start += evalChunk {
		n := min(evalChunk, s.N-start)
		r.Predict(out[:n*k], s.X[start*s.Dim:(start+n)*s.Dim], n)
		for i := 0; i < n; i++ {
			p := out[i*k : (i+1)*k]
			a, b := math.Inf(-1), math.Inf(-1)
			for _, v := range p {
				if v > a {
					a, b = v, a
				} else if v > b {
					b = v
				}
			}
			r.active.margin[start+i] = a - b
		}
	}
	return r.active.margin
}

// Labelled returns the training points this run labelled so far (all of
// them without active learning), in the order it labelled them. A page's
// replica of a run trained elsewhere (Adopt) keeps its own first round:
// read the labels probe of the history for the count.
func (r *Run) Labelled() []int {
	if r.active == nil {
		all := make([]int, r.Train.N)
		for i := range all {
			all[i] = i
		}
		return all
	}
	return r.active.labelled
}

// examplesPerEpoch returns how many examples an epoch trains on: every
// training example, or with active learning the labelled ones, as the
// latest history point counts them (a page's replica of a run trained in a
// worker has the worker's history, not its labels).
func (r *Run) examplesPerEpoch() int {
	if r.active == nil {
		return r.Train.N
	}
	n := len(r.active.labelled)
	if h := r.history; len(h) > 0 {
		for _, m := range h[len(h)-1].Probes {
			if m.Key == "labels" && len(m.Values) == 1 {
				n = int(m.Values[0])
			}
		}
	}
	return max(n, 1)
}

func (r *Run) activeProbes() []probe.Metric {
	if r.active == nil {
		return nil
	}
	return []probe.Metric{{Key: "labels", Label: "Labelled points", Values: []float64{float64(len(r.active.labelled))},
		Help: "Training points labelled so far; the network trains on these only."}}
}
