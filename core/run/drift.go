package run

import (
	"fmt"
	"math"
	"net/url"
	"strconv"

	"plasticity/core/data"
	"plasticity/core/nn"
	"plasticity/core/probe"
)

// Concept drift and homeostasis (link keys drift and homeostasis).
//
// drift=<n> changes the concept every n epochs: after epochs n, 2n, 3n …
// every label of the training and the test set moves to the next class,
// c → (c + 1) mod k, so that the same inputs now call for other answers
// (a concept shift: the inputs' distribution stays, their meaning changes).
//
// homeostasis=<g> makes the learning rate follow the network's need, in
// the spirit of Man, Damasio & Neven (2022): the worse the network does now
// compared with how it usually does, the faster it learns. With ℒ_b the loss
// of the current batch, ℒ_fast and ℒ_slow its running means over about 10
// and 200 batches, the step's learning rate is
//
//	η_t = η · clamp((ℒ_fast / ℒ_slow)^g, 1, 10),
//
// η when nothing changes (need only ever raises the rate), larger for a
// while after a concept shift. The
// batch loss is read from the network's outputs after the rule's step, so
// it is exact for rules that predict with a forward pass over the batch.
// The probe lr_factor charts η_t / η.

// MaxHomeostasis bounds the gain g; maxNeed the factor η_t / η.
const (
	MaxHomeostasis = 10
	maxNeed        = 10
)

// Running-mean rates of the homeostatic need.
const (
	needFast = 0.1
	needSlow = 0.005
)

// decodeDrift reads drift and homeostasis.
func decodeDrift(vals url.Values, e *Experiment, bad func(key, format string, args ...any)) {
	if v, ok := vals["drift"]; ok {
		n, err := strconv.Atoi(last(v))
		switch {
		case err != nil || n < 1 || n > MaxEpochs:
			bad("drift", "%q is not a number of epochs in [1, %d]; no drift", last(v), MaxEpochs)
		case e.isRegression():
			bad("drift", "labels drift only in classification; %s is a regression; no drift", e.Data)
		default:
			e.Drift = n
		}
	}
	if v, ok := vals["homeostasis"]; ok {
		parseFloat(&e.Homeostasis, "homeostasis", last(v), 0, MaxHomeostasis, bad)
	}
}

// encodeDrift writes drift and homeostasis into v.
func (e Experiment) encodeDrift(v url.Values) {
	if e.Drift > 0 {
		v.Set("drift", strconv.Itoa(e.Drift))
	}
	if e.Homeostasis > 0 {
		v.Set("homeostasis", fmtFloat(e.Homeostasis))
	}
}

// checkDrift reports bad drift or homeostasis values.
func (e Experiment) checkDrift() error {
	switch {
	case e.Drift < 0 || e.Drift > MaxEpochs:
		return fmt.Errorf("drift %d is outside [0, %d]", e.Drift, MaxEpochs)
	case e.Drift > 0 && e.isRegression():
		return fmt.Errorf("labels drift only in classification")
	case !(e.Homeostasis >= 0 && e.Homeostasis <= MaxHomeostasis):
		return fmt.Errorf("homeostasis %g is outside [0, %d]", e.Homeostasis, MaxHomeostasis)
	}
	return nil
}

// homeostat is what a run keeps of its need.
type homeostat struct {
	fast, slow float64
	started    bool
	factor     float64 // the latest η_t / η
}

// stepRate returns the learning rate of the step on b: Exp.LR, or with
// homeostasis Exp.LR times the need's factor.
func (r *Run) stepRate(b *data.Batch) float64 {
	g := r.Exp.Homeostasis
	if g == 0 {
		return r.Exp.LR
	}
	h := &r.homeo
	out := r.Net.Output()
	if len(out) < b.N*b.Outputs || b.N == 0 {
		return r.Exp.LR
	}
	loss := nn.MeanLoss(r.Net.Loss, out[:b.N*b.Outputs], b.Y[:b.N*b.Outputs], b.N)
	if math.IsNaN(loss) || math.IsInf(loss, 0) {
		return r.Exp.LR
	}
	if !h.started {
		h.fast, h.slow, h.started = loss, loss, true
	}
	h.fast += needFast * (loss - h.fast)
	h.slow += needSlow * (loss - h.slow)
	h.factor = 1
	if h.slow > 0 {
		h.factor = math.Max(1, math.Min(maxNeed, math.Pow(h.fast/h.slow, g)))
	}
	return r.Exp.LR * h.factor
}

// driftNow moves every label to the next class after each Exp.Drift
// epochs, and records the run on the new concept as a second point of the
// epoch.
func (r *Run) driftNow() {
	n := r.Exp.Drift
	if n == 0 || r.epoch == 0 || r.epoch%n != 0 {
		return
	}
	r.Train = relabel(r.Train)
	r.Test = relabel(r.Test)
	r.eval = evalCache{}
	m := r.Metrics()
	r.driftLoss = math.Max(r.driftLoss, m.TrainLoss)
	r.history = append(r.history, Point{Metrics: m, Probes: r.Probes()})
	r.saveCheckpoint()
}

// relabel returns a copy of s with every label c moved to (c + 1) mod k.
func relabel(s *data.Set) *data.Set {
	c := *s
	if s.Labels == nil || s.Classes == 0 {
		return &c
	}
	k := s.Classes
	c.Labels = make([]int, len(s.Labels))
	c.Y = make([]float64, len(s.Y))
	for i, l := range s.Labels {
		l = (l + 1) % k
		c.Labels[i] = l
		c.Y[i*s.Outputs+l] = 1
	}
	return &c
}

// Concepts returns how many times the labels have drifted so far.
func (r *Run) Concepts() int {
	if r.Exp.Drift == 0 {
		return 0
	}
	return r.epoch / r.Exp.Drift
}

// driftProbes returns the learning rate's homeostatic factor.
func (r *Run) driftProbes() []probe.Metric {
	if r.Exp.Homeostasis == 0 {
		return nil
	}
	f := r.homeo.factor
	if !r.homeo.started {
		f = 1
	}
	return []probe.Metric{{Key: "lr_factor", Label: "Homeostatic learning-rate factor", Values: []float64{f},
		Help: "η_t / η: above 1 when the network does worse than it usually does (after a concept shift), so that it learns faster."}}
}
