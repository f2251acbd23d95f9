package rule

import (
	"fmt"
	"math"
	"math/rand/v2"
	"regexp"
	"slices"
	"sort"
	"sync"

	"plasticity/core/data"
	"plasticity/core/nn"
	"plasticity/core/probe"
)

// Rule is a learning rule bound to one network.
type Rule interface {
	// Step computes the rule's update for the batch b into the Grad
	// buffers of the parameters it trains (the net's and its own), in the
	// descent convention W ← W − η·Grad. It must not apply the update:
	// the run's optimizer does. Step must not allocate.
	Step(b *data.Batch)
}

// Predictor is implemented by rules that predict otherwise than with a
// forward pass (forward-forward predicts by goodness over labels). Predict
// writes the N×n_L outputs for the N examples of x into out (class
// probabilities or scores for classification). If a rule does not
// implement Predictor, the run uses the network's forward pass.
type Predictor interface {
	Predict(out, x []float64, N int)
}

// Feedbacker is implemented by rules that send errors backwards through
// matrices other than the forward weights. Feedback returns, for weight
// layer l, the matrix that stands in for the forward matrix W and the
// forward matrix it stands in for, both in W's shape; ok is false when the
// layer has no such pathway. The run draws them side by side and reports
// the angle between them. Rules that do not implement it have no alignment
// angle.
type Feedbacker interface {
	Feedback(l int) (feedback, forward []float64, ok bool)
}

// Prober is implemented by rules with diagnostics of their own (goodness,
// energy, …). Probe appends the rule's current metrics to dst. It is
// called when the run records a point of history, never inside Step.
type Prober interface {
	Probe(dst []probe.Metric) []probe.Metric
}

// ParamOwner is implemented by rules with trainable parameters beyond the
// network's (learned feedback, readouts). The optimizer updates them with
// the network's. Rules that do not implement it train only the network.
type ParamOwner interface {
	Params() []*nn.Param
}

// AfterStepper is implemented by rules that act after the optimizer has
// applied their update (weight normalisation, mirror phases). Rules that
// do not implement it do nothing after the update.
type AfterStepper interface {
	AfterStep(b *data.Batch)
}

// PassCounter is implemented by rules whose step costs other than one
// forward and one backward pass. Passes returns the cost of one step on a
// batch of N examples in forward-pass equivalents (a backward pass counts
// as one forward pass). Rules that do not implement it cost 2·N.
type PassCounter interface {
	Passes(N int) float64
}

// Encoder is implemented by rules whose network sees more than the
// example itself (forward-forward embeds a label in the input). Encode
// returns the network's input for the N examples of x, in a buffer the rule
// owns and may grow; the run uses it wherever it shows the network's own
// response to examples (unit maps, sparsity). Rules that do not implement
// it feed examples to the network as they are.
type Encoder interface {
	Encode(x []float64, N int) []float64
}

// Forwarder is implemented by rules whose network computes otherwise than
// nn.Net.Forward (forward-forward normalises every layer's input). Forward
// runs the N examples of x (as they come, before any Encoder) through the
// network the way the rule computes it, leaving the pre-activations,
// activities and outputs in the net's A, H and Output(), exactly where
// nn.Net.Forward leaves them; the run uses it wherever it shows the
// network's own response to examples (unit maps, sparsity). Rules that do
// not implement it are shown through Encode and nn.Net.Forward.
type Forwarder interface {
	Forward(x []float64, N int)
}

// LabelScorer is implemented by rules that score every label for an input
// by running the network once per label (forward-forward). LabelGoodness
// returns, for the single example x, one row per hidden layer (L−1 rows)
// holding that layer's score under each label (row[k] for label k; for
// forward-forward the goodness Σ_j h_j²); the page draws it as a bar chart
// per layer. The result is freshly allocated. Rules that do not implement
// it have no per-label scores.
type LabelScorer interface {
	LabelGoodness(x []float64) [][]float64
}

// Modulator is implemented by rules that perturb the network's input with
// top-down feedback (PEPITA). Modulate returns, for the single example x
// with target y (one-hot for classification), the input the rule's
// modulated pass sees (x̃ = x − F·e for PEPITA, e the error of the clean
// pass), freshly allocated, so that the page can show it next to x. Rules
// that do not implement it never change their input.
type Modulator interface {
	Modulate(x, y []float64) []float64
}

// Adapter is implemented by rules that can go on learning without labels,
// for test-time adaptation (RULES.md §6.8). After a link's input shift
// (core/run, shift.go) the run calls Adapt instead of Step, on batches whose
// targets are withheld (Y all zero, Labels all −1), and freezes the
// network's last layer, the readout: the optimizer updates every other
// parameter. Adapt writes pseudo-gradients like Step. Rules that do not
// implement it stop learning at the shift (the frozen source model).
type Adapter interface {
	Adapt(b *data.Batch)
}

// LayerLearner is implemented by rules whose layers learn in different
// ways (a Hebbian hidden layer under a readout trained by the delta rule).
// LayerRule names how weight layer l learns, for the panel: for example
// "Hebbian (Oja)" or "delta rule (supervised readout)". Rules that do not
// implement it train every layer the way their Title says.
type LayerLearner interface {
	LayerRule(l int) string
}

// Settler is implemented by rules that learn by letting the network's
// state settle (predictive coding, inference learning, contrastive Hebbian
// learning, equilibrium propagation). Settle relaxes the network on the
// single example x with target y the way a training step does, without
// changing any parameter and without drawing from the rule's random
// stream, and returns the trajectory, freshly allocated. A nil y asks for
// the free phase only: the settling the rule predicts with. Rules that do
// not implement it have no settling to show.
type Settler interface {
	Settle(x, y []float64) SettleTrace
}

// SettleTrace is one example's settling, step by step: t = 0 is the
// starting state (for every rule here the feed-forward sweep), t = 1 … T
// the state after each settling step, phases one after the other.
type SettleTrace struct {
	// Energy[t] is the energy the dynamics descend at step t, whose phase
	// is Phase[t]: within a phase it does not increase; it jumps where the
	// phase changes (equilibrium propagation adds β·C in the nudged phase).
	Energy []float64
	// Phase[t] names the phase of step t: "free", "nudged +β", "nudged −β",
	// "clamped" or "inference"; t = 0 belongs to the first phase.
	Phase []string
	// States[l][t] holds the n_l states of weight layer l's units at step
	// t (l = 0 … L−1, so len(States) = L and len(States[l]) = T+1); the
	// rule's doc says what a hidden state is (a value node, an activity).
	// The last layer is the output read the way the run reads it: class
	// probabilities for classification, values for regression.
	States [][][]float64
}

// Hyper holds a rule's hyperparameter values by key.
type Hyper map[string]float64

// Param describes one hyperparameter of a rule.
type Param struct {
	Key      string  // short, stable: it appears in links as <rule>.<key>
	Label    string  // for the panel
	Help     string  // one line: what it does
	Default  float64 // within [Min, Max]
	Min, Max float64
	Log      bool     // the slider moves on a log scale
	Integer  bool     // only whole numbers
	Choices  []string // if set, the value is an index into Choices and links carry the name
}

// Info describes a registered rule.
type Info struct {
	Key     string // short, stable: it appears in links
	Title   string
	Cite    string // the paper, as a reference line
	Summary string // one paragraph: what the rule does and why it matters
	// Plausibility is one paragraph (2–4 sentences) on what is
	// biologically plausible about the rule and what is not: locality of
	// the update, weight transport, separate phases, global signals, stored
	// activity. Summary says what the rule does and leaves this out.
	Plausibility string
	Equation     string // the update, in Unicode math
	Params       []Param
	// Inputs returns the size of the network's input layer for examples
	// of dim inputs and the given number of classes (0 for regression);
	// nil means dim. Rules that implement Encoder set it.
	Inputs func(dim, classes int) int
	// Suggested holds link keys that suit the rule (for example
	// "lr=0.01&opt=momentum"), applied on top of the common defaults by the
	// conformance test and offered by the page; empty means the defaults.
	Suggested string
	// FollowsGradient says the rule's update equals the gradient of the
	// loss, so the conformance test checks it against finite differences.
	FollowsGradient bool
	// Learns names the conformance tasks the rule is expected to solve
	// with its Suggested settings (see Solves): "xor" and "spiral" (not
	// linearly separable) and "gauss" (linearly separable clusters). Nil
	// means xor and spiral. A rule that names other tasks says why next
	// to its registration (a readout on linear features cannot solve XOR;
	// a rule measured short of the spiral gives the figure), and must
	// name at least one.
	Learns []string
	// Spiking says the rule trains spiking networks only (link key
	// neuron=lif, nn.Net.Spiking): a link naming the rule alone implies
	// neuron=lif, and an experiment with ordinary units is invalid. Rules
	// without it train whatever network the link asks for.
	Spiking bool
	// New binds the rule to net. h holds a value for every Param; rnd is
	// the only source of randomness the rule may use.
	New func(net *nn.Net, h Hyper, rnd *rand.Rand) Rule
}

// Param returns the hyperparameter with the given key.
func (info Info) Param(key string) (Param, bool) {
	for _, p := range info.Params {
		if p.Key == key {
			return p, true
		}
	}
	return Param{}, false
}

// Solves reports whether the conformance test expects the rule to solve
// task with its Suggested settings: task is in Learns, or Learns is nil and
// task is "xor" or "spiral".
func (info Info) Solves(task string) bool {
	if info.Learns == nil {
		return task == "xor" || task == "spiral"
	}
	return slices.Contains(info.Learns, task)
}

// Defaults returns the rule's hyperparameters at their defaults.
func (info Info) Defaults() Hyper {
	h := make(Hyper, len(info.Params))
	for _, p := range info.Params {
		h[p.Key] = p.Default
	}
	return h
}

// Check returns an error if v is not an allowed value of p.
func (p Param) Check(v float64) error {
	switch {
	case math.IsNaN(v) || math.IsInf(v, 0):
		return fmt.Errorf("%s must be a finite number", p.Key)
	case p.Choices != nil && (v != math.Trunc(v) || v < 0 || int(v) >= len(p.Choices)):
		return fmt.Errorf("%s must be one of %v", p.Key, p.Choices)
	case v < p.Min || v > p.Max:
		return fmt.Errorf("%s = %g is outside [%g, %g]", p.Key, v, p.Min, p.Max)
	case p.Integer && v != math.Trunc(v):
		return fmt.Errorf("%s must be a whole number", p.Key)
	}
	return nil
}

var (
	mu       sync.RWMutex
	registry = map[string]Info{}
	keyRE    = regexp.MustCompile(`^[a-z][a-z0-9-]*$`)
)

// Register makes a rule available under info.Key. Like sql.Register, it
// panics on an invalid key, a duplicate, or a nil New, and also on a
// parameter whose default lies outside its bounds: all programming errors.
func Register(info Info) {
	mu.Lock()
	defer mu.Unlock()
	if !keyRE.MatchString(info.Key) {
		panic(fmt.Sprintf("rule: Register with invalid key %q", info.Key))
	}
	if info.New == nil {
		panic("rule: Register " + info.Key + " with a nil New")
	}
	if _, dup := registry[info.Key]; dup {
		panic("rule: Register called twice for " + info.Key)
	}
	for _, p := range info.Params {
		if !keyRE.MatchString(p.Key) {
			panic(fmt.Sprintf("rule: %s has a parameter with invalid key %q", info.Key, p.Key))
		}
		if err := p.Check(p.Default); err != nil {
			panic(fmt.Sprintf("rule: %s: default: %v", info.Key, err))
		}
	}
	registry[info.Key] = info
}

// Lookup returns the rule registered under key.
func Lookup(key string) (Info, bool) {
	mu.RLock()
	defer mu.RUnlock()
	info, ok := registry[key]
	return info, ok
}

// Rules returns every registered rule, sorted by key.
func Rules() []Info {
	mu.RLock()
	defer mu.RUnlock()
	out := make([]Info, 0, len(registry))
	for _, info := range registry {
		out = append(out, info)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out
}

// Keys returns the registered rule keys, sorted.
func Keys() []string {
	var ks []string
	for _, info := range Rules() {
		ks = append(ks, info.Key)
	}
	return ks
}
