package run

import "fmt"

// Limits on the arithmetic one link may ask for at once. The page trains in
// slices of a few milliseconds and yields between whole steps, but it cannot
// yield inside a step or inside an evaluation (the loss and accuracy on
// both splits, at every epoch's end and whenever the page shows new
// figures): each runs to its end while the page stands still. Within the
// size caps alone (MaxWeights, MaxTrain, MaxTest, MaxBatch), a link such as
// hidden=1024,1024&train=60000&test=10000&batch=1024 took 42 s natively to
// build (its first evaluation) and 3 s a step on the 2-core build machine,
// which is several times slower in a phone's WebAssembly: the tab froze.
//
// The caps count multiply-adds of forward passes: weights × examples, times
// T for a spiking network (its forward pass runs T time steps). Measured at
// about 3·10⁹ multiply-adds a second natively on one core, two to three
// times fewer in WebAssembly, and fewer again on a phone:
//
//   - MaxEvalWork (2³² ≈ 4.3·10⁹) bounds (train + test) × cost: an
//     evaluation takes at most about 1.4 s natively. MNIST 784-256-10, the
//     browser budget of ../shared/REFERENCES.md, on the whole asset
//     (10,000 + 2,000 images: 2.4·10⁹) fits, as does 784-256-256-10
//     (3.2·10⁹); the kernels skip the ~81 % of pixels that are zero, so
//     MNIST evaluates several times faster than the count says.
//   - MaxStepWork (2²⁷ ≈ 1.3·10⁸) bounds batch × cost: a step (forward and
//     backward, about three times a forward pass) takes at most about 0.1 s
//     natively. MNIST 784-128-10 fits with any batch up to 1024.
//
// Decode lowers train and test (keeping their ratio) or batch to fit, and
// says so; Validate reports them. The bounds do not count rules that
// predict with several passes (forward-forward: one per class), nor the
// runs of a comparison (up to MaxRuns, stepping in lockstep).
const (
	MaxEvalWork = 1 << 32
	MaxStepWork = 1 << 27
)

// ExampleCost returns the multiply-adds of one example's forward pass
// through e's network: its weights, times T for a spiking network. The
// server uses it to decline prerendering links that would cost it much.
func (e Experiment) ExampleCost() int {
	inputs, outputs := e.shape()
	sizes := e.Sizes(inputs, outputs)
	w := 0
	for i := 1; i < len(sizes); i++ {
		w += sizes[i-1] * sizes[i]
	}
	if e.Spiking.LIF {
		w *= max(1, e.Spiking.Steps)
	}
	return max(1, w)
}

// fitWork checks e against MaxEvalWork and MaxStepWork. With clamp
// (Decode) it lowers the split sizes or the batch to fit and reports it;
// without (Validate) it only reports. The network must already be within
// MaxWeights: then one example costs at most MaxWeights × MaxSteps
// (6.4·10⁷ multiply-adds), so at least 33 examples and a batch of 2 fit.
func (e *Experiment) fitWork(clamp bool, bad func(key, format string, args ...any)) {
	c := e.ExampleCost()
	net := fmt.Sprintf("a network of %d multiply-adds an example", c)
	if n := e.Train + e.Test; n*c > MaxEvalWork {
		fit := MaxEvalWork / c
		train := max(10, e.Train*fit/n)
		test := min(e.Test, fit-train)
		if clamp {
			bad("train", "%d training and %d test examples through %s are too many to evaluate at once in a phone's browser (at most %.2g multiply-adds); using train=%d and test=%d",
				e.Train, e.Test, net, float64(MaxEvalWork), train, test)
			e.Train, e.Test = train, test
		} else {
			bad("train", "%d training and %d test examples through %s exceed %.2g multiply-adds an evaluation", e.Train, e.Test, net, float64(MaxEvalWork))
		}
	}
	if e.Batch*c > MaxStepWork {
		batch := max(1, MaxStepWork/c)
		if clamp {
			bad("batch", "a batch of %d through %s is too much for one step in a phone's browser (at most %.2g multiply-adds); using %d",
				e.Batch, net, float64(MaxStepWork), batch)
			e.Batch = batch
		} else {
			bad("batch", "a batch of %d through %s exceeds %.2g multiply-adds a step", e.Batch, net, float64(MaxStepWork))
		}
	}
}
