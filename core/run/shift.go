package run

import (
	"fmt"
	"math"
	"net/url"
	"strconv"
	"strings"

	"plasticity/core/data"
	"plasticity/core/nn"
	"plasticity/core/probe"
	"plasticity/core/rule"
)

// Shift is a change of the input distribution during a run: after epoch
// At, every input of the training and the test set is transformed, once
// and for all (a fixed shifted data set, like the corruption benchmarks).
//
// What happens next depends on Labels. Without labels (the default) the
// run is a test-time adaptation (RULES.md §6.8): from the shift on, the
// rule's Step is replaced by its Adapt (rule.Adapter), which sees batches
// with the targets withheld (Y zero, Labels −1), and the network's last
// layer, the readout, is frozen: the optimizer updates only the other
// parameters. A rule without Adapt stops learning: the frozen source model,
// the baseline adaptation has to beat. With Labels the shifted data are a
// new task that is trained as usual (continual learning): the shift is then
// the boundary between two tasks, where HLOP (hlop.go) freezes the input
// subspaces of the first.
//
// The link writes it as shift=<kind>:<amount>&shiftat=<epoch>, plus
// shiftmode=task for Labels; for example shift=rotate:60&shiftat=50.
type Shift struct {
	Kind   string  // "" (no shift), "rotate", "noise" or "permute"
	Amount float64 // rotate: degrees; noise: standard deviation; permute: share of the inputs moved
	At     int     // the epoch after which the inputs change (≥ 1 with a Kind)
	Labels bool    // go on training with labels (a new task) instead of adapting without them
}

// The kinds of shift, with the range of their amounts.
var shiftKinds = []struct {
	kind     string
	min, max float64
	help     string
}{
	{"rotate", -180, 180, "degrees, anticlockwise: points of the plane about the origin, square images about their centre"},
	{"noise", 0, 1, "standard deviation of Gaussian noise added to every input"},
	{"permute", 0, 1, "share of the input coordinates moved by a random permutation (1: all, as in permuted MNIST)"},
}

// ShiftKinds returns the kinds of shift a link may name.
func ShiftKinds() []string {
	ks := make([]string, len(shiftKinds))
	for i, k := range shiftKinds {
		ks[i] = k.kind
	}
	return ks
}

// MaxHLOP is the largest HLOP subspace a link may ask for, per layer and
// task.
const MaxHLOP = 256

// parseShift reads "rotate:30".
func parseShift(s string) (Shift, error) {
	kind, amount, ok := strings.Cut(s, ":")
	if !ok {
		return Shift{}, fmt.Errorf("%q is not <kind>:<amount> (kinds: %s)", s, strings.Join(ShiftKinds(), ", "))
	}
	a, err := strconv.ParseFloat(amount, 64)
	if err != nil || math.IsNaN(a) || math.IsInf(a, 0) {
		return Shift{}, fmt.Errorf("%q is not a number", amount)
	}
	sh := Shift{Kind: kind, Amount: a}
	return sh, sh.checkKind()
}

// checkKind checks the kind and the amount.
func (s Shift) checkKind() error {
	for _, k := range shiftKinds {
		if k.kind == s.Kind {
			if !(s.Amount >= k.min && s.Amount <= k.max) {
				return fmt.Errorf("%s amount %g is outside [%g, %g] (%s)", s.Kind, s.Amount, k.min, k.max, k.help)
			}
			return nil
		}
	}
	return fmt.Errorf("unknown shift %q (known: %s)", s.Kind, strings.Join(ShiftKinds(), ", "))
}

// decodeShift reads the keys shift, shiftat and shiftmode into e.Shift
// after Decode's loop (they depend on each other). A shift without
// shiftat, or shiftat or shiftmode without a shift, is a problem and leaves
// the run without a shift.
func decodeShift(vals url.Values, e *Experiment, bad func(key, format string, args ...any)) {
	_, hasShift := vals["shift"]
	_, hasAt := vals["shiftat"]
	_, hasMode := vals["shiftmode"]
	if !hasShift {
		if hasAt {
			bad("shiftat", "there is no shift (shift=<kind>:<amount>); ignored")
		}
		if hasMode {
			bad("shiftmode", "there is no shift (shift=<kind>:<amount>); ignored")
		}
		return
	}
	sh, err := parseShift(last(vals["shift"]))
	if err != nil {
		bad("shift", "%v; no shift", err)
		return
	}
	if !hasAt {
		bad("shiftat", "a shift needs the epoch after which it happens (shiftat=<epoch>); no shift")
		return
	}
	n, err := strconv.Atoi(last(vals["shiftat"]))
	if err != nil || n < 1 || n > MaxEpochs {
		bad("shiftat", "%q is not an epoch in [1, %d]; no shift", last(vals["shiftat"]), MaxEpochs)
		return
	}
	sh.At = n
	if in, _ := e.shape(); sh.Kind == "rotate" && in != 2 {
		if _, ok := imageSide(in); !ok {
			bad("shift", "rotate needs points in the plane or square images; %s has %d inputs; no shift", e.Data, in)
			return
		}
	}
	if hasMode {
		switch m := last(vals["shiftmode"]); m {
		case "adapt":
		case "task":
			sh.Labels = true
		default:
			bad("shiftmode", "%q is not adapt or task; using adapt", m)
		}
	}
	e.Shift = sh
}

// encode writes s's keys into v.
func (s Shift) encode(v url.Values) {
	if s.Kind == "" {
		return
	}
	v.Set("shift", s.Kind+":"+fmtFloat(s.Amount))
	v.Set("shiftat", strconv.Itoa(s.At))
	if s.Labels {
		v.Set("shiftmode", "task")
	}
}

// validate reports what is wrong with e's shift and HLOP settings.
func (e Experiment) validateShift(bad func(key, format string, args ...any)) {
	if e.HLOP < 0 || e.HLOP > MaxHLOP {
		bad("hlop", "%d is outside [0, %d]", e.HLOP, MaxHLOP)
	}
	s := e.Shift
	if s.Kind == "" {
		if s.At != 0 || s.Labels || s.Amount != 0 {
			bad("shift", "shiftat or shiftmode without a shift")
		}
		return
	}
	if err := s.checkKind(); err != nil {
		bad("shift", "%v", err)
	}
	if s.At < 1 || s.At > MaxEpochs {
		bad("shiftat", "%d is not an epoch in [1, %d]", s.At, MaxEpochs)
	}
	if s.Kind == "rotate" {
		in, _ := e.shape()
		if _, ok := imageSide(in); in != 2 && !ok {
			bad("shift", "rotate needs points in the plane or square images; %s has %d inputs", e.Data, in)
		}
	}
}

// imageSide returns the side of a square image of d pixels (d > 2).
func imageSide(d int) (int, bool) {
	s := int(math.Round(math.Sqrt(float64(d))))
	return s, d > 2 && s*s == d
}

// shiftState is what a run keeps of its shift.
type shiftState struct {
	done      bool
	startLoss float64   // training loss right after the shift
	source    *data.Set // the test set before the shift
	frozen    []*nn.Param
}

// Shifted reports whether the run's inputs have shifted (Exp.Shift).
func (r *Run) Shifted() bool { return r.shift.done }

// adapting reports whether the run learns without labels now.
func (r *Run) adapting() bool { return r.shift.done && !r.Exp.Shift.Labels }

// frozen reports whether the rule has stopped learning: it is adapting
// without labels and cannot (it does not implement rule.Adapter).
func (r *Run) frozen() bool {
	_, ok := r.Rule.(rule.Adapter)
	return r.adapting() && !ok
}

// ruleStep runs the rule's update on b: its Step, or, while adapting, its
// Adapt on b with the targets withheld (nothing for a rule without Adapt).
func (r *Run) ruleStep(b *data.Batch) {
	if !r.adapting() {
		r.Rule.Step(b)
		return
	}
	clear(b.Y[:b.N*b.Outputs])
	for i := range b.Labels[:b.N] {
		b.Labels[i] = -1
	}
	if a, ok := r.Rule.(rule.Adapter); ok {
		a.Adapt(b)
	}
}

// learning returns the parameters the optimizer updates now: all of them,
// or, while adapting, all but the readout's (none for a rule without
// Adapt).
func (r *Run) learning() []*nn.Param {
	if !r.adapting() {
		return r.params
	}
	if r.shift.frozen == nil {
		r.shift.frozen = []*nn.Param{}
		if _, ok := r.Rule.(rule.Adapter); ok {
			out := r.Net.Layers[r.Net.NumLayers()-1]
			for _, p := range r.params {
				if p != out.W && p != out.B {
					r.shift.frozen = append(r.shift.frozen, p)
				}
			}
		}
	}
	return r.shift.frozen
}

// applyShift shifts the inputs if the run has just finished epoch
// Exp.Shift.At, and records a second history point for that epoch: the
// first shows the model before the shift, the second the same model on the
// shifted data, before any adaptation.
func (r *Run) applyShift() {
	s := r.Exp.Shift
	if s.Kind == "" || r.shift.done || r.epoch != s.At {
		return
	}
	rnd := Stream(r.Exp.Seed, "shift")
	t := newTransform(s, r.Train.Dim, rnd)
	r.shift.source = r.Test
	r.Train = t.apply(r.Train, rnd)
	r.Test = t.apply(r.Test, rnd)
	r.shift.done = true
	r.Opt.Reset() // a new phase: no momentum from before the shift
	r.hlop.boundary(r)
	r.eval = evalCache{}
	// The second point of the epoch: the same model on the shifted data.
	// It is not checked for divergence (a confident model can be very
	// wrong on shifted data) and its loss becomes the reference the later
	// points are checked against.
	m := r.Metrics()
	r.shift.startLoss = m.TrainLoss
	r.history = append(r.history, Point{Metrics: m, Probes: r.Probes()})
	r.saveCheckpoint()
}

// startLoss returns the training loss that later losses are compared with
// to detect divergence: the loss before training, or after the shift if
// that is larger.
func (r *Run) startLoss() float64 {
	l0 := r.history[0].TrainLoss
	if r.shift.done {
		l0 = math.Max(l0, r.shift.startLoss)
	}
	return math.Max(l0, r.driftLoss) // after a drift of the labels (drift.go)
}

// shiftProbes returns the accuracy on the test set as it was before the
// shift (the same as the test accuracy until the shift), for runs with a
// shift.
func (r *Run) shiftProbes() []probe.Metric {
	if r.Exp.Shift.Kind == "" {
		return nil
	}
	acc := math.NaN()
	if r.shift.done {
		_, acc = r.Evaluate(r.shift.source)
	} else {
		acc = r.Metrics().TestAcc
	}
	return []probe.Metric{{Key: "source_acc", Label: "Accuracy on unshifted inputs", Values: []float64{acc},
		Help: "Test accuracy on the inputs as they were before the shift: after a test-time adaptation, how much of the source task survives; after a new task (shiftmode=task), how much of the first task is remembered."}}
}

// transform is a fixed change of inputs.
type transform struct {
	s    Shift
	dim  int
	perm []int // permute: where each coordinate goes
}

func newTransform(s Shift, dim int, rnd interface{ IntN(int) int }) *transform {
	t := &transform{s: s, dim: dim}
	if s.Kind == "permute" {
		// Pick round(Amount·dim) coordinates and shuffle them among
		// themselves (Fisher–Yates); the rest stay.
		t.perm = make([]int, dim)
		for i := range t.perm {
			t.perm[i] = i
		}
		idx := make([]int, dim)
		for i := range idx {
			idx[i] = i
		}
		m := int(math.Round(s.Amount * float64(dim)))
		for i := 0; i < m; i++ { // a random m-subset: the first m of a partial shuffle
			j := i + rnd.IntN(dim-i)
			idx[i], idx[j] = idx[j], idx[i]
		}
		sub := append([]int(nil), idx[:m]...)
		for i := m - 1; i > 0; i-- {
			j := rnd.IntN(i + 1)
			sub[i], sub[j] = sub[j], sub[i]
		}
		for i := 0; i < m; i++ {
			t.perm[idx[i]] = sub[i]
		}
	}
	return t
}

// apply returns a copy of s with every input transformed (noise drawn from
// rnd).
func (t *transform) apply(s *data.Set, rnd interface{ NormFloat64() float64 }) *data.Set {
	c := *s
	c.X = make([]float64, len(s.X))
	d := s.Dim
	for n := 0; n < s.N; n++ {
		src, dst := s.X[n*d:(n+1)*d], c.X[n*d:(n+1)*d]
		switch t.s.Kind {
		case "rotate":
			rotate(dst, src, t.s.Amount)
		case "noise":
			for i, v := range src {
				dst[i] = v + t.s.Amount*rnd.NormFloat64()
			}
		case "permute":
			for i, v := range src {
				dst[t.perm[i]] = v
			}
		default:
			copy(dst, src)
		}
	}
	return &c
}

// rotate sets dst to src turned by deg degrees anticlockwise: a point of
// the plane about the origin, or a square image about its centre (bilinear
// interpolation, zero outside the image).
func rotate(dst, src []float64, deg float64) {
	th := deg * math.Pi / 180
	cs, sn := math.Cos(th), math.Sin(th)
	if len(src) == 2 {
		dst[0] = cs*src[0] - sn*src[1]
		dst[1] = sn*src[0] + cs*src[1]
		return
	}
	side, _ := imageSide(len(src))
	c := float64(side-1) / 2
	for i := 0; i < side; i++ { // row i, from the top
		for j := 0; j < side; j++ {
			// The source of pixel (x, y) is it turned back by −θ; image
			// rows grow downwards, so y = c − i.
			x, y := float64(j)-c, c-float64(i)
			sx, sy := cs*x+sn*y, -sn*x+cs*y
			fj, fi := sx+c, c-sy
			j0, i0 := int(math.Floor(fj)), int(math.Floor(fi))
			wj, wi := fj-float64(j0), fi-float64(i0)
			v := 0.0
			for _, p := range [4]struct {
				i, j int
				w    float64
			}{{i0, j0, (1 - wi) * (1 - wj)}, {i0, j0 + 1, (1 - wi) * wj}, {i0 + 1, j0, wi * (1 - wj)}, {i0 + 1, j0 + 1, wi * wj}} {
				if p.i >= 0 && p.i < side && p.j >= 0 && p.j < side {
					v += p.w * src[p.i*side+p.j]
				}
			}
			dst[i*side+j] = v
		}
	}
}
