package run

import (
	"fmt"
	"math"

	"plasticity/core/data"
	"plasticity/core/nn"
	"plasticity/core/probe"
	"plasticity/core/rule"
)

// Metrics are a run's figures at one step.
type Metrics struct {
	Step      int
	Epoch     int
	Passes    float64 // forward-pass equivalents per training example so far
	TrainLoss float64
	TestLoss  float64 // NaN without test data
	TrainAcc  float64 // NaN for regression
	TestAcc   float64 // NaN for regression or without test data
}

// Point is one point of a run's history, recorded at the start and after
// every epoch.
type Point struct {
	Metrics
	Probes []probe.Metric
}

// evalChunk is how many examples an evaluation forwards at a time.
const evalChunk = 256

type evalCache struct {
	valid bool
	step  int
	m     Metrics
}

// Metrics returns the loss and accuracy of the current parameters on the
// whole training and test sets. The result is cached until the next step.
//
// A loss that is not finite makes a Ready run Diverged, whenever it is
// measured: weights can stay finite while the network's outputs overflow
// (forward-forward's goodness Σh² does, with large weights), and the step
// checks only the weights. The figures are then those of the restored
// checkpoint, so nothing NaN reaches the page.
func (r *Run) Metrics() Metrics {
	if r.eval.valid && r.eval.step == r.step {
		return r.eval.m
	}
	m := Metrics{Step: r.step, Epoch: r.epoch, Passes: r.passes}
	m.TrainLoss, m.TrainAcc = r.Evaluate(r.Train)
	m.TestLoss, m.TestAcc = r.Evaluate(r.Test)
	if r.state == Ready {
		switch {
		case !isFinite(m.TrainLoss):
			r.diverge("the training loss became " + fmtFloat(m.TrainLoss))
		case r.Test.N > 0 && !isFinite(m.TestLoss):
			r.diverge("the test loss became " + fmtFloat(m.TestLoss))
		}
		if r.state == Diverged {
			return r.Metrics() // of the checkpoint diverge restored
		}
	}
	if r.state == Failed && math.IsNaN(m.TrainLoss) && len(r.history) > 0 {
		// The rule panicked while predicting: show the last figures known.
		h := r.history[len(r.history)-1].Metrics
		m.TrainLoss, m.TestLoss, m.TrainAcc, m.TestAcc = h.TrainLoss, h.TestLoss, h.TrainAcc, h.TestAcc
	}
	r.eval = evalCache{valid: true, step: r.step, m: m}
	return m
}

// MeasureShare bounds the time the page and the workers spend measuring
// a training run's metrics (a pass over both data sets: MNIST's 12,000
// images take about 0.2 s in WebAssembly): they measure anew only when the
// last measurement is older than MeasureShare times what it cost, so at
// most one part in MeasureShare+1 of their time goes to it, and otherwise
// show LastMetrics.
const MeasureShare = 19

// LastMetrics returns the metrics last measured (by Metrics, by the
// record at the end of the latest epoch, or adopted from a worker) without
// measuring, so possibly of an earlier step (their Step says which); before
// the first measurement it measures.
func (r *Run) LastMetrics() Metrics {
	if r.eval.valid {
		return r.eval.m
	}
	return r.Metrics()
}

// Evaluate returns the mean loss on s and, for classification, the share
// of examples whose most probable class is the label. Both are NaN for an
// empty set, and when the rule panics (the run is then Failed; see guard).
func (r *Run) Evaluate(s *data.Set) (loss, acc float64) {
	loss, acc = math.NaN(), math.NaN()
	r.guard(func() { loss, acc = r.evaluate(s) })
	return loss, acc
}

func (r *Run) evaluate(s *data.Set) (loss, acc float64) {
	if s.N == 0 {
		return math.NaN(), math.NaN()
	}
	k := s.Outputs
	if len(r.predictBuf) < evalChunk*k {
		r.predictBuf = make([]float64, evalChunk*k)
	}
	correct := 0
	sum := 0.0
	for start := 0; start < s.N; start += evalChunk {
		n := min(evalChunk, s.N-start)
		out := r.predictBuf[:n*k]
		r.predictRows(out, s, start, n)
		y := s.Y[start*k : (start+n)*k]
		sum += nn.MeanLoss(r.Net.Loss, out, y, 1)
		if s.Labels != nil {
			for i := 0; i < n; i++ {
				if probe.Argmax(out[i*k:(i+1)*k]) == s.Labels[start+i] {
					correct++
				}
			}
		}
	}
	loss = sum / float64(s.N)
	acc = math.NaN()
	if s.Labels != nil {
		acc = float64(correct) / float64(s.N)
	}
	return loss, acc
}

// Predict writes the outputs for the N examples of x into out (N×n_L):
// class probabilities for classification, values for regression. It uses
// the rule's own prediction where the rule has one.
func (r *Run) Predict(out, x []float64, N int) {
	if p, ok := r.Rule.(rule.Predictor); ok {
		p.Predict(out, x, N)
		return
	}
	r.forward(x, N)
	copy(out, r.Net.Output())
}

// predictRows is Predict for the n examples of s from start on. Where the
// network sees the examples as they are (the rule has no Predictor,
// Forwarder or Encoder), it hands the network the set's list of nonzero
// inputs (data.Set.NonZero), which spares it looking for them in every
// evaluation.
func (r *Run) predictRows(out []float64, s *data.Set, start, n int) {
	x := s.X[start*s.Dim : (start+n)*s.Dim]
	nz := s.NonZero()
	if nz == nil || !r.plainForward() {
		r.Predict(out, x, n)
		return
	}
	r.evalNZ = nn.NonZero{Start: nz.Start[start : start+n+1], Col: nz.Col}
	r.Net.ForwardIndexed(x, n, &r.evalNZ)
	copy(out, r.Net.Output())
}

// plainForward reports whether the rule predicts with the network's own
// Forward on the examples as they are.
func (r *Run) plainForward() bool {
	switch r.Rule.(type) {
	case rule.Predictor, rule.Forwarder, rule.Encoder:
		return false
	}
	return true
}

// record appends a history point for the current step, with the rule's
// probes, and checkpoints the parameters. A training loss that is not
// finite, or that has grown past 10·ℒ₀ + 1 (ℒ₀ is the loss before
// training), makes the run Diverged: no run that learns comes back from
// there, and a softmax output saturates long before its loss is infinite.
func (r *Run) record() {
	m := r.Metrics()
	if r.state != Ready { // the rule panicked while predicting, or the loss overflowed
		return
	}
	if math.IsNaN(m.TrainLoss) || math.IsInf(m.TrainLoss, 0) {
		r.diverge("the training loss became " + fmtFloat(m.TrainLoss))
		return
	}
	if len(r.history) > 0 {
		l0 := r.startLoss()
		if m.TrainLoss > 10*l0+1 {
			r.diverge(fmt.Sprintf("the training loss grew from %.3g to %.3g", l0, m.TrainLoss))
			return
		}
	}
	r.history = append(r.history, Point{Metrics: m, Probes: r.Probes()})
	r.saveCheckpoint()
}

// History returns the recorded points, oldest first. The slice is shared:
// callers must not modify it.
func (r *Run) History() []Point { return r.history }

// Probes returns the run's diagnostics now: the update angle to backprop's
// gradient per layer, the alignment angle and norm ratio of any feedback
// pathway, the sparsity of each hidden layer, and the rule's own probes.
// A panic in the rule (or in a probe) makes the run Failed (see guard) and
// returns no probes.
func (r *Run) Probes() (ms []probe.Metric) {
	r.guard(func() { ms = r.probes() })
	return ms
}

func (r *Run) probes() []probe.Metric {
	L := r.Net.NumLayers()
	ms := []probe.Metric{{
		Key: "update_angle", Label: "Update angle to backprop", Unit: "°", PerLayer: true,
		Help:   "Angle between this rule's weight update and backprop's gradient on the same batch: 0° is the gradient, 90° is unrelated.",
		Values: append([]float64(nil), r.updateAngle...),
	}}
	if fb, ok := r.Rule.(rule.Feedbacker); ok {
		align := make([]float64, L)
		ratio := make([]float64, L)
		for l := range align {
			align[l], ratio[l] = math.NaN(), math.NaN()
			if b, w, ok := fb.Feedback(l); ok {
				align[l] = probe.Angle(b, w)
				if nw := probe.Norm(w); nw > 0 {
					ratio[l] = probe.Norm(b) / nw
				}
			}
		}
		ms = append(ms,
			probe.Metric{Key: "alignment_angle", Label: "Alignment angle", Unit: "°", PerLayer: true, Values: align,
				Help: "Angle between the feedback matrix and the forward weights it stands in for: below 90° the feedback has aligned."},
			probe.Metric{Key: "norm_ratio", Label: "‖B‖/‖W‖", PerLayer: true, Values: ratio,
				Help: "Size of the feedback matrix relative to the forward weights: far from 1, hidden layers learn too slowly or too wildly."})
	}
	ms = append(ms, r.sparsity()...)
	ms = append(ms, r.spikingProbes()...)
	ms = append(ms, r.shiftProbes()...)
	ms = append(ms, r.hlop.probes()...)
	ms = append(ms, r.taskProbes()...)    // tasks.go
	ms = append(ms, r.driftProbes()...)   // drift.go
	ms = append(ms, r.pathwayProbes()...) // pathways.go
	ms = append(ms, r.activeProbes()...)  // active.go
	if p, ok := r.Rule.(rule.Prober); ok {
		ms = p.Probe(ms)
	}
	return ms
}

// sparsity measures each hidden layer's activity on (up to evalChunk)
// test examples, or training examples without test data: mean Hoyer
// sparseness per example (RULES.md §3.3), and the fraction of units with
// h > 0 (for tanh, negative outputs count as inactive).
func (r *Run) sparsity() []probe.Metric {
	s := r.Test
	if s.N == 0 {
		s = r.Train
	}
	n := min(s.N, evalChunk)
	r.forward(s.X[:n*s.Dim], n)
	L := r.Net.NumLayers()
	vals := make([]float64, L)
	active := make([]float64, L)
	for l := 0; l < L; l++ {
		vals[l], active[l] = math.NaN(), math.NaN()
		if l == L-1 {
			break // the output layer is not a representation
		}
		w := r.Net.Layers[l].Out
		h := r.Net.H[l+1]
		sum, cnt := 0.0, 0
		for i := 0; i < n; i++ {
			if v := probe.Hoyer(h[i*w : (i+1)*w]); !math.IsNaN(v) {
				sum += v
				cnt++
			}
		}
		if cnt > 0 {
			vals[l] = sum / float64(cnt)
		}
		on := 0
		for _, v := range h[:n*w] {
			if v > 0 {
				on++
			}
		}
		if n > 0 {
			active[l] = float64(on) / float64(n*w)
		}
	}
	return []probe.Metric{
		{Key: "sparsity", Label: "Hoyer sparseness", PerLayer: true, Values: vals,
			Help: "How concentrated each hidden layer's activity is, per example: 0 when all units are equally active, 1 when one unit carries everything."},
		{Key: "active_fraction", Label: "Active units", PerLayer: true, Values: active,
			Help: "Share of each hidden layer's units with positive output, over examples: low values mean a sparse code (few units on per example)."},
	}
}

func isFinite(f float64) bool { return !math.IsNaN(f) && !math.IsInf(f, 0) }
