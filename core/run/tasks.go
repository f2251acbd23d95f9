package run

import (
	"fmt"
	"math"
	"math/rand/v2"
	"net/url"
	"strconv"
	"strings"

	"plasticity/core/data"
	"plasticity/core/probe"
)

// Tasks turn a run into a sequence of tasks (link keys tasks, taskepochs
// and rehearsal), for continual learning: the classes are split into N
// groups of consecutive classes (with 8 classes and tasks=4: {0, 1},
// {2, 3}, {4, 5}, {6, 7}), and the run trains on the examples of one group
// at a time, Epochs epochs each, in order. The network keeps one output per
// class throughout (class-incremental learning), so that learning a new
// task can overwrite what the earlier ones needed: catastrophic
// interference.
//
// Rehearsal mixes examples of earlier tasks into every epoch: Replay times
// as many as the current task has, each drawn from an earlier task k chosen
// with weight 1 (uniform) or (t − k)^−1 (powerlaw), where t is the current
// task: the older a task, the less often it comes back, as in environments
// where the chance of meeting a task again falls as a power of the time
// since it was last met (Anderson & Schooler 1991; Gandhi et al. 2024,
// arXiv:2401.10393, train in such environments). It is an option of the
// run, like hlop, not a rule.
//
//	tasks=4&taskepochs=5                  four tasks of five epochs, no rehearsal
//	tasks=4&taskepochs=5&rehearsal=powerlaw:0.25
//
// With hlop=<k> (hlop.go) the task boundaries are HLOP's: at each, the
// subspace of the inputs of the task that ended is frozen and later
// updates are projected out of it.
//
// The test accuracy stays the accuracy on the whole test set (all tasks);
// the probe task_acc gives it per task, so that forgetting shows.
type Tasks struct {
	N         int     // tasks; 0: none
	Epochs    int     // epochs per task (1 when N > 0 and the link has no taskepochs)
	Rehearsal string  // "", "uniform" or "powerlaw"
	Replay    float64 // examples of earlier tasks per example of the current one, in (0, 1]
}

// MaxTasks is the most tasks a link may ask for.
const MaxTasks = 10

// Rehearsals are the kinds of rehearsal a link may name.
var Rehearsals = []string{"uniform", "powerlaw"}

// decodeTasks reads tasks, taskepochs and rehearsal (after the data and
// classes are known).
func decodeTasks(vals url.Values, e *Experiment, bad func(key, format string, args ...any)) {
	_, hasN := vals["tasks"]
	if !hasN {
		for _, k := range []string{"taskepochs", "rehearsal"} {
			if _, ok := vals[k]; ok {
				bad(k, "there are no tasks (tasks=<n>); ignored")
			}
		}
		return
	}
	var t Tasks
	n, err := strconv.Atoi(last(vals["tasks"]))
	if err != nil || n < 2 || n > MaxTasks {
		bad("tasks", "%q is not a number of tasks in [2, %d]; no tasks", last(vals["tasks"]), MaxTasks)
		return
	}
	t.N, t.Epochs = n, 1
	if v, ok := vals["taskepochs"]; ok {
		parseInt(&t.Epochs, "taskepochs", last(v), 1, MaxEpochs, bad)
	}
	if v, ok := vals["rehearsal"]; ok {
		kind, frac, err := parseRehearsal(last(v))
		if err != nil {
			bad("rehearsal", "%v; no rehearsal", err)
		} else {
			t.Rehearsal, t.Replay = kind, frac
		}
	}
	f := *e
	f.Tasks = t
	if err := f.checkTasks(); err != nil {
		bad("tasks", "%v; no tasks", err)
		return
	}
	e.Tasks = t
}

// parseRehearsal reads "powerlaw:0.25".
func parseRehearsal(s string) (string, float64, error) {
	kind, frac, ok := strings.Cut(s, ":")
	known := false
	for _, k := range Rehearsals {
		known = known || k == kind
	}
	if !known {
		return "", 0, fmt.Errorf("%q is not <kind>:<share> (kinds: %s)", s, strings.Join(Rehearsals, ", "))
	}
	f := 0.25
	if ok {
		v, err := strconv.ParseFloat(frac, 64)
		if err != nil || !(v > 0 && v <= 1) {
			return "", 0, fmt.Errorf("%q is not a share in (0, 1] of replayed examples", frac)
		}
		f = v
	}
	return kind, f, nil
}

// checkTasks reports tasks that e's data cannot split.
func (e Experiment) checkTasks() error {
	t := e.Tasks
	if t.N == 0 {
		if t.Epochs != 0 || t.Rehearsal != "" || t.Replay != 0 {
			return fmt.Errorf("taskepochs or rehearsal without tasks")
		}
		return nil
	}
	_, classes := e.shape()
	switch {
	case t.N < 2 || t.N > MaxTasks:
		return fmt.Errorf("%d tasks; 2 to %d", t.N, MaxTasks)
	case t.Epochs < 1 || t.Epochs > MaxEpochs:
		return fmt.Errorf("%d epochs per task; 1 to %d", t.Epochs, MaxEpochs)
	case e.isRegression() || classes < t.N:
		return fmt.Errorf("%d tasks need at least as many classes; %s has %d", t.N, e.Data, classes)
	case t.Rehearsal == "" && t.Replay != 0, t.Rehearsal != "" && !(t.Replay > 0 && t.Replay <= 1):
		return fmt.Errorf("rehearsal %q with share %g", t.Rehearsal, t.Replay)
	}
	if t.Rehearsal != "" {
		if _, _, err := parseRehearsal(t.Rehearsal); err != nil {
			return err
		}
	}
	return nil
}

// isRegression reports whether e's dataset is a regression.
func (e Experiment) isRegression() bool {
	info, ok := data.Lookup(e.Data)
	return ok && info.Kind == data.Regression
}

// encode writes t's keys into v.
func (t Tasks) encode(v url.Values) {
	if t.N == 0 {
		return
	}
	v.Set("tasks", strconv.Itoa(t.N))
	if t.Epochs != 1 {
		v.Set("taskepochs", strconv.Itoa(t.Epochs))
	}
	if t.Rehearsal != "" {
		v.Set("rehearsal", t.Rehearsal+":"+fmtFloat(t.Replay))
	}
}

// TaskOf returns the task (from 0) of class c out of k classes.
func (t Tasks) TaskOf(c, k int) int { return c * t.N / k }

// taskState is what a run keeps of its tasks.
type taskState struct {
	t      Tasks
	train  [][]int // training examples of each task
	test   [][]int // test examples of each task
	rnd    *rand.Rand
	weight []float64 // scratch: the rehearsal weights of earlier tasks
}

// newTaskState splits r's examples into tasks, or returns nil.
func newTaskState(r *Run) *taskState {
	t := r.Exp.Tasks
	if t.N == 0 || r.Train.Classes == 0 {
		return nil
	}
	s := &taskState{t: t, train: make([][]int, t.N), test: make([][]int, t.N), rnd: Stream(r.Exp.Seed, "tasks")}
	k := r.Train.Classes
	for i, c := range r.Train.Labels {
		s.train[t.TaskOf(c, k)] = append(s.train[t.TaskOf(c, k)], i)
	}
	for i, c := range r.Test.Labels {
		s.test[t.TaskOf(c, k)] = append(s.test[t.TaskOf(c, k)], i)
	}
	return s
}

// Task returns the task (from 0) the run trains on now, or −1 without
// tasks.
func (r *Run) Task() int {
	if r.tasks == nil {
		return -1
	}
	return min(r.epoch/r.tasks.t.Epochs, r.tasks.t.N-1)
}

// nextOrder sets the order of the next epoch's examples: a permutation of
// the training set, or, with tasks, the current task's examples and the
// rehearsed ones, shuffled.
func (r *Run) nextOrder() {
	s := r.tasks
	if s == nil {
		r.shuffle.permutation(r.order)
		return
	}
	cur := r.Task()
	if r.epoch > 0 && r.epoch%s.t.Epochs == 0 && r.epoch/s.t.Epochs < s.t.N && r.hlop != nil {
		// A task boundary: HLOP freezes the subspaces of the task that
		// ended (hlop.go), and the optimizer starts afresh, as at a shift.
		r.hlop.boundary(r)
		r.Opt.Reset()
	}
	own := s.train[cur]
	n := len(own)
	replay := 0
	if cur > 0 && s.t.Rehearsal != "" {
		replay = int(math.Round(s.t.Replay * float64(n)))
	}
	order := make([]int, 0, n+replay)
	order = append(order, own...)
	if replay > 0 {
		s.weight = s.weight[:0]
		total := 0.0
		for k := 0; k < cur; k++ {
			w := 1.0
			if s.t.Rehearsal == "powerlaw" {
				w = 1 / float64(cur-k)
			}
			s.weight = append(s.weight, w)
			total += w
		}
		for i := 0; i < replay; i++ {
			u, k := s.rnd.Float64()*total, 0
			for ; k < cur-1 && u >= s.weight[k]; k++ {
				u -= s.weight[k]
			}
			if len(s.train[k]) > 0 {
				order = append(order, s.train[k][s.rnd.IntN(len(s.train[k]))])
			}
		}
	}
	perm := make([]int, len(order))
	r.shuffle.permutation(perm)
	r.order = r.order[:0]
	for _, p := range perm {
		r.order = append(r.order, order[p])
	}
}

// TaskAccuracy returns the test accuracy on each task's examples (the
// training examples' without test data), NaN for a task without any.
func (r *Run) TaskAccuracy() []float64 {
	s := r.tasks
	if s == nil {
		return nil
	}
	set, idx := r.Test, s.test
	if set.N == 0 {
		set, idx = r.Train, s.train
	}
	out := make([]float64, s.t.N)
	k := set.Outputs
	buf := make([]float64, evalChunk*k)
	x := make([]float64, evalChunk*set.Dim)
	for t, ids := range idx {
		out[t] = math.NaN()
		if len(ids) == 0 {
			continue
		}
		correct := 0
		for start := 0; start < len(ids); start += evalChunk {
			n := min(evalChunk, len(ids)-start)
			for i, j := range ids[start : start+n] {
				copy(x[i*set.Dim:(i+1)*set.Dim], set.Row(j))
			}
			r.Predict(buf[:n*k], x[:n*set.Dim], n)
			for i, j := range ids[start : start+n] {
				if probe.Argmax(buf[i*k:(i+1)*k]) == set.Labels[j] {
					correct++
				}
			}
		}
		out[t] = float64(correct) / float64(len(ids))
	}
	return out
}

// taskProbes returns the accuracy per task, for runs with tasks.
func (r *Run) taskProbes() []probe.Metric {
	if r.tasks == nil {
		return nil
	}
	return []probe.Metric{{Key: "task_acc", Label: "Test accuracy per task", Values: r.TaskAccuracy(),
		Help: "Accuracy on the test examples of each task, one line per task: a task's line falls when a later task makes the network forget it."}}
}
