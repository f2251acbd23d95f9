package run

import (
	"errors"
	"fmt"
	"math"
	"time"

	"plasticity/core/data"
	"plasticity/core/nn"
	"plasticity/core/probe"
	"plasticity/core/rule"
)

// Run is one training run of an Experiment.
type Run struct {
	Exp      Experiment
	RuleInfo rule.Info
	DataInfo data.Info
	Net      *nn.Net
	Rule     rule.Rule
	Opt      *nn.Optimizer
	Train    *data.Set
	Test     *data.Set

	params  []*nn.Param // the net's and the rule's, in the optimizer's order
	order   []int       // this epoch's order of training examples
	pos     int         // next position in order
	batch   *data.Batch
	shuffle *randSource

	step, epoch int
	passes      float64 // forward-pass equivalents per example, summed over steps
	state       State
	message     string

	history    []Point
	checkpoint [][]float64 // parameter values at the last history point

	// The update-angle probe: backprop's gradient on the same batch.
	refGrad     [][]float64
	updateAngle []float64
	eval        evalCache
	predictBuf  []float64
	evalNZ      nn.NonZero // the window of the evaluated set's nonzero list (predictRows)

	shift shiftState // the inputs' shift (shift.go)
	hlop  *hlop      // orthogonal projection, nil without (hlop.go)
	// limits are the sign constraint and the lesions, enforced after every
	// update (constraint.go, lesion.go).
	limits limits
	tasks  *taskState // a sequence of tasks, nil without (tasks.go)
	homeo  homeostat  // the homeostatic need (drift.go)
	// driftLoss is the largest training loss right after a drift of the
	// labels (drift.go), a reference for the divergence check.
	driftLoss float64
	paths     *pathways    // two pathways, nil without (pathways.go)
	active    *activeState // active learning, nil without (active.go)
}

// State is what a run is doing, as the page's #status shows it.
type State string

// The states of a run. Playback (running or paused) belongs to the page;
// a Run knows only whether it can go on.
const (
	Ready    State = "ready"
	Diverged State = "diverged"
	Failed   State = "error"
	Finished State = "finished" // reached Exp.Epochs
)

// ErrDiverged is returned by Step when the parameters stop being finite.
var ErrDiverged = errors.New("training diverged")

// New builds the run e describes: its data, network and rule, all drawn
// from e.Seed. It returns an error if e is not valid.
func New(e Experiment) (*Run, error) {
	if err := e.Validate(); err != nil {
		return nil, err
	}
	e = e.Clone()
	r := &Run{Exp: e, state: Ready}
	r.RuleInfo, _ = rule.Lookup(e.Rule)
	r.DataInfo, _ = data.Lookup(e.Data)
	if own, err := r.ownData(); err != nil { // owndata.go: drawn points, an uploaded file
		return nil, err
	} else if !own {
		if err := r.DataInfo.CheckReady(); err != nil {
			return nil, err // MNIST before the page has loaded it (data.ErrMNISTNotLoaded)
		}
		p := data.Params{Noise: e.Noise, Classes: e.Classes, Dim: e.Dim}
		r.Train = r.DataInfo.Generate(e.Train, p, Stream(e.Seed, "data/train"))
		p.Split = data.TestSplit
		r.Test = r.DataInfo.Generate(e.Test, p, Stream(e.Seed, "data/test"))
	}

	act, _ := nn.ParseActivation(e.Act)
	init, _ := nn.ParseInit(e.Init)
	loss := nn.CrossEntropy
	if r.DataInfo.Kind == data.Regression {
		loss = nn.MSE
	}
	inputs := r.Train.Dim
	if r.RuleInfo.Inputs != nil {
		inputs = r.RuleInfo.Inputs(r.Train.Dim, r.Train.Classes)
	}
	r.Net = nn.New(nn.Config{
		Sizes: e.Sizes(inputs, r.Train.Outputs), Hidden: act, Loss: loss,
		Init: init, Scale: e.InitScale, Spiking: e.spikingConfig(),
	}, Stream(e.Seed, "init"))
	r.limits = newLimits(r)  // constraint.go: before the rule sees the weights
	r.paths = newPathways(r) // pathways.go: likewise
	method, _ := nn.ParseMethod(e.Opt)
	r.Opt = &nn.Optimizer{Method: method, LearningRate: e.LR, L1: e.L1, L2: e.L2}

	if err := r.guard(func() { r.Rule = r.RuleInfo.New(r.Net, e.RuleHyper(), Stream(e.Seed, "rule")) }); err != nil {
		return nil, err
	}
	if err := r.checkSpiking(); err != nil {
		return nil, err
	}
	r.params = r.Net.Params()
	if po, ok := r.Rule.(rule.ParamOwner); ok {
		r.params = append(r.params, po.Params()...)
	}

	bs := min(e.Batch, r.Train.N)
	r.batch = data.NewBatch(r.Train, bs)
	r.shuffle = newRandSource(Stream(e.Seed, "batches"))
	r.order = make([]int, r.Train.N)
	r.tasks = newTaskState(r) // tasks.go
	r.active = newActive(r)   // active.go
	r.newOrder()
	r.Net.Reserve(max(bs, evalChunk))
	r.refGrad = make([][]float64, r.Net.NumLayers())
	r.updateAngle = make([]float64, r.Net.NumLayers())
	for l, ly := range r.Net.Layers {
		r.refGrad[l] = make([]float64, len(ly.W.Value))
		r.updateAngle[l] = math.NaN()
	}
	r.hlop = newHLOP(r)
	r.saveCheckpoint()
	r.record()
	if r.state == Failed { // the rule panicked in its first evaluation
		return nil, errors.New(r.message)
	}
	return r, nil
}

// State returns what the run can do now.
func (r *Run) State() State { return r.state }

// Message explains a Diverged or Failed state.
func (r *Run) Message() string { return r.message }

// StepCount returns the number of minibatch updates so far.
func (r *Run) StepCount() int { return r.step }

// Epoch returns the number of whole passes over the training set so far.
func (r *Run) Epoch() int { return r.epoch }

// Passes returns the cost so far in forward-pass equivalents per training
// example (a backward pass counts as one forward pass).
func (r *Run) Passes() float64 { return r.passes }

// StepsPerEpoch returns the number of minibatch updates in one epoch.
func (r *Run) StepsPerEpoch() int {
	bs := r.batch.Index[:cap(r.batch.Index)]
	return (r.examplesPerEpoch() + len(bs) - 1) / len(bs) // active.go
}

// probeEvery is how often (in steps) the update-angle probe runs: it costs a
// forward and a backward pass, so once every 8 steps costs at most an
// eighth more than backprop itself.
const probeEvery = 8

// Step trains on one minibatch. It returns ErrDiverged if the parameters
// stopped being finite (the run then goes back to its last checkpoint and
// stays Diverged), or the rule's failure as an error (the run becomes
// Failed). A run that is not Ready does nothing and returns nil.
func (r *Run) Step() error {
	if r.state != Ready {
		return nil
	}
	bs := cap(r.batch.Index)
	end := min(r.pos+bs, len(r.order))
	b := r.batch
	b.Fill(r.Train, r.order[r.pos:end])
	r.deprive(b) // deficit.go
	r.pos = end

	probeNow := r.step%probeEvery == 0
	selfRef := probeNow && r.selfReference() // selfref.go
	err := r.guard(func() {
		if probeNow && !selfRef {
			r.referenceGradient(b)
		}
		for _, p := range r.params {
			clear(p.Grad)
		}
		r.ruleStep(b) // Step, or Adapt without labels after a shift (shift.go)
		if probeNow {
			for l, ly := range r.Net.Layers {
				ref := r.refGrad[l]
				if selfRef {
					ref = ly.W.Grad // the same bits referenceGradient would give
				}
				r.updateAngle[l] = probe.Angle(ly.W.Grad, ref)
			}
		}
		r.hlop.project(r.Net)
		r.Opt.LearningRate = r.stepRate(b) // drift.go: η, or η times the homeostatic need
		r.Opt.Step(r.learning())
		if as, ok := r.Rule.(rule.AfterStepper); ok && !r.frozen() {
			as.AfterStep(b)
		}
		r.hlop.learn(r, b)
		r.limits.apply(r.Net)
		r.paths.apply(r.Net) // pathways.go
	})
	if err != nil {
		return err
	}
	r.step++
	if pc, ok := r.Rule.(rule.PassCounter); ok {
		r.passes += pc.Passes(b.N) / float64(r.Train.N)
	} else {
		r.passes += 2 * float64(b.N) / float64(r.Train.N)
	}
	if !r.paramsFinite() {
		r.diverge("the weights became infinite or NaN")
		return ErrDiverged
	}
	if r.pos >= len(r.order) {
		r.pos = 0
		r.epoch++
		r.newOrder() // a permutation, the next task's examples (tasks.go) or the labelled ones (active.go)
		r.record()
		switch r.state {
		case Failed:
			return errors.New(r.message)
		case Diverged:
			return ErrDiverged
		}
		r.applyShift()
		r.lesionNow() // lesion.go
		r.driftNow()  // drift.go
		if r.Exp.Epochs > 0 && r.epoch >= r.Exp.Epochs {
			r.state = Finished
			r.message = fmt.Sprintf("Finished the %d epochs the link asks for.", r.Exp.Epochs)
		}
	}
	return nil
}

// Advance trains whole steps until budget has passed, maxSteps steps are
// done (if maxSteps > 0), or the run stops being Ready. It returns the
// number of steps done and the first error.
func (r *Run) Advance(budget time.Duration, maxSteps int) (int, error) {
	start := time.Now()
	n := 0
	for r.state == Ready && (maxSteps <= 0 || n < maxSteps) {
		if err := r.Step(); err != nil {
			return n + 1, err
		}
		n++
		if time.Since(start) >= budget {
			break
		}
	}
	return n, nil
}

// referenceGradient stores backprop's gradient on b in refGrad, using the
// network's own buffers; the rule's Step then overwrites them.
func (r *Run) referenceGradient(b *data.Batch) {
	x := b.X
	if enc, ok := r.Rule.(rule.Encoder); ok {
		x = enc.Encode(b.X, b.N) // the network's input is wider than the example
	}
	r.Net.Forward(x, b.N)
	r.Net.Backward(b.Y, nil)
	for l, ly := range r.Net.Layers {
		copy(r.refGrad[l], ly.W.Grad)
	}
}

// forward runs the network on the N examples of x as the rule feeds it
// (through the rule's Forwarder or Encoder, if any).
func (r *Run) forward(x []float64, N int) {
	if f, ok := r.Rule.(rule.Forwarder); ok {
		f.Forward(x, N)
		return
	}
	if enc, ok := r.Rule.(rule.Encoder); ok {
		x = enc.Encode(x, N)
	}
	r.Net.Forward(x, N)
}

// UpdateAngle returns, per weight layer, the angle in degrees between the
// rule's latest update and backprop's gradient on the same batch (NaN where
// either is zero). Backprop's own angle is 0.
func (r *Run) UpdateAngle() []float64 { return r.updateAngle }

// guard runs f and turns a panic into a Failed run with the rule named.
// Everything that calls into the rule goes through it: Step, New's binding
// of the rule, Evaluate (and so Metrics), Probes and Paint. A run that has
// failed keeps the message of its first failure.
func (r *Run) guard(f func()) (err error) {
	defer func() {
		if p := recover(); p != nil {
			if r.state != Failed {
				r.state = Failed
				r.message = fmt.Sprintf("The rule %s failed at step %d: %v", r.RuleInfo.Title, r.step, p)
			}
			err = errors.New(r.message)
		}
	}()
	f()
	return nil
}

func (r *Run) paramsFinite() bool {
	for _, p := range r.params {
		if !nn.AllFinite(p.Value) { // Σ v² finite (kernel.go)
			return false
		}
	}
	return true
}

// diverge stops the run and restores the last finite parameters, so that
// nothing is drawn from NaN.
func (r *Run) diverge(why string) {
	r.state = Diverged
	r.message = fmt.Sprintf("Training diverged at step %d: %s. Try a smaller learning rate (now %g), then reset.", r.step, why, r.Exp.LR)
	for i, p := range r.params {
		copy(p.Value, r.checkpoint[i])
	}
	r.eval = evalCache{}
}

func (r *Run) saveCheckpoint() {
	if r.checkpoint == nil {
		r.checkpoint = make([][]float64, len(r.params))
		for i, p := range r.params {
			r.checkpoint[i] = make([]float64, len(p.Value))
		}
	}
	for i, p := range r.params {
		copy(r.checkpoint[i], p.Value)
	}
}
