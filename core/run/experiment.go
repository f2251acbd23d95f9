package run

import (
	"errors"
	"fmt"
	"math"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"

	"plasticity/core/data"
	"plasticity/core/nn"
	"plasticity/core/rule"
)

// Version is the link format this package writes. Decode migrates links of
// older versions (there are none yet) and refuses newer ones.
const Version = 1

// Experiment is the full description of a run: the value a link encodes.
type Experiment struct {
	Rule      string
	Hyper     map[string]float64 // rule hyperparameters by "<rule>.<param>"; missing means default
	Data      string
	Noise     float64
	Classes   int // 0 means the dataset's default
	Dim       int // inputs, for datasets with a dimension knob (data.Info.MaxDim); 0 means the dataset's default
	Train     int // training examples
	Test      int // test examples
	Hidden    []int
	Act       string
	Init      string
	InitScale float64
	Opt       string
	LR        float64
	Batch     int
	L1, L2    float64
	Seed      uint64
	Play      bool  // start training when the page opens
	Epochs    int   // pause after this many epochs; 0 means never
	Shift     Shift // a change of the inputs during the run (shift.go); zero: none
	HLOP      int   // HLOP subspace neurons per layer and task (hlop.go); 0: off
	// Lock and Hide name the control groups (Controls) the page shows
	// disabled or not at all, for a class; nil: none (controls.go).
	Lock, Hide []string
	// Spiking is the hidden layers' neuron model (spiking.go); Default's
	// is ordinary units.
	Spiking Spiking
	// Constraint is a sign constraint on the weights: "" (none), "nonneg"
	// or "dale" (constraint.go).
	Constraint string
	// Lesion lists silenced hidden units, from epoch LesionAt on (0: from
	// the start) (lesion.go).
	Lesion   []Unit
	LesionAt int
	// Lesson and LessonStep are the lesson the page shows beside the run
	// and its step (from 1; 0 means 1); the run ignores them (lessonlink.go).
	Lesson     string
	LessonStep int
	// Tasks is a sequence of tasks, with or without rehearsal (tasks.go).
	Tasks Tasks
	// Drift moves every label to the next class every Drift epochs (0:
	// never); Homeostasis is the gain of the learning rate's homeostatic
	// modulation (0: off) (drift.go).
	Drift       int
	Homeostasis float64
	// Deficit impairs the training inputs for some epochs (deficit.go).
	Deficit Deficit
	// Pathways splits the first Pathways weight layers into two pathways
	// (pathways.go); 0: one network.
	Pathways int
	// Active labels the training points a few at a time, chosen by a
	// sampling strategy (active.go); zero: every point labelled.
	Active Active
	// View lists the display options the page shows the run with
	// (display.go); nil: the ordinary page.
	View []string
	// Points are a drawn dataset's points (data=drawn; nil: the example
	// drawing); CSV names the uploaded file of data=csv (owndata.go).
	Points []data.Point
	CSV    string
}

// Limits on sizes, so that no link can freeze a phone or exhaust its
// memory. A link is a program anyone can send, and it runs on whoever opens
// it, often a phone; Decode keeps the default for any value outside these
// bounds and says why, and Validate refuses it. The sizes alone are not
// enough: within them a link could still ask for minutes of arithmetic that
// the page cannot interrupt, so the work of one evaluation and of one step
// is capped too (MaxEvalWork, MaxStepWork: workcap.go).
const (
	MaxTrain  = 60000 // the MNIST training split; 60,000 points of a 2-D set take 1 MB
	MaxTest   = 10000 // the MNIST test split
	MaxLayers = 8     // hidden layers
	MaxWidth  = 1024  // units per hidden layer
	// MaxWeights bounds the weights in all. Each is held about seven times
	// (value, gradient, two Adam moments, the divergence checkpoint, the
	// update-angle probe's gradient, the snapshot's copy): 110 MB a run.
	MaxWeights = 2000000
	MaxBatch   = 1024      // examples a step (MaxStepWork bounds it further for large networks)
	MaxEpochs  = 1000000   // where a link may ask the run to pause; 0 is never
	MaxSeed    = 1<<53 - 1 // seeds survive a round trip through a JavaScript number
	// MaxLearnRate is large enough to show divergence on purpose: a run
	// whose weights or loss blow up stops as Diverged (run.go, metrics.go).
	MaxLearnRate  = 100
	MinLearnRate  = 1e-6
	MaxInitScale  = 100 // weights 100 times their usual size: enough to saturate every unit
	MinInitScale  = 1e-3
	MaxPenalty    = 1 // the L1 and L2 penalties' factors
	MaxNoise      = 1 // relative to the datasets' extent
	MinHiddenUnit = 1
)

// Default returns the experiment a bare link opens: backprop learning the
// spiral with a 2-16-16-2 tanh network.
func Default() Experiment {
	return Experiment{
		Rule: "bp", Data: "spiral", Noise: 0.1,
		Train: 400, Test: 200,
		Hidden: []int{16, 16}, Act: "tanh", Init: "auto", InitScale: 1,
		Opt: "adam", LR: 0.03, Batch: 16,
		Seed: 1, Spiking: DefaultSpiking(),
	}
}

// Clone returns a deep copy of e.
func (e Experiment) Clone() Experiment {
	e.Hidden = slices.Clone(e.Hidden)
	e.Lock, e.Hide = slices.Clone(e.Lock), slices.Clone(e.Hide)
	e.View = slices.Clone(e.View)
	e.Lesion = slices.Clone(e.Lesion)
	e.Points = slices.Clone(e.Points)
	if e.Hyper != nil {
		h := make(map[string]float64, len(e.Hyper))
		for k, v := range e.Hyper {
			h[k] = v
		}
		e.Hyper = h
	}
	return e
}

// Equal reports whether e and f describe the same run (hyperparameters at
// their defaults count as equal to missing ones).
func (e Experiment) Equal(f Experiment) bool {
	return e.Encode() == f.Encode()
}

// RuleHyper returns the full hyperparameters of e's rule: defaults
// overridden by e.Hyper.
func (e Experiment) RuleHyper() rule.Hyper {
	info, ok := rule.Lookup(e.Rule)
	if !ok {
		return rule.Hyper{}
	}
	h := info.Defaults()
	for _, p := range info.Params {
		if v, ok := e.Hyper[e.Rule+"."+p.Key]; ok {
			h[p.Key] = v
		}
	}
	return h
}

// SetHyper sets hyperparameter key of rule r.
func (e *Experiment) SetHyper(r, key string, v float64) {
	if e.Hyper == nil {
		e.Hyper = map[string]float64{}
	}
	e.Hyper[r+"."+key] = v
}

// Sizes returns the layer sizes of e's network for a dataset of the given
// shape: inputs, hidden sizes, outputs.
func (e Experiment) Sizes(inputs, outputs int) []int {
	s := append([]int{inputs}, e.Hidden...)
	return append(s, outputs)
}

// Problem is one thing wrong with a link.
type Problem struct {
	Key string // the link key, e.g. "lr" or "fa.scale"
	Msg string // what is wrong and what was done instead
}

// LinkError lists what Decode could not accept. The experiment Decode
// returns with it keeps every good key and the default for each bad one.
type LinkError struct {
	Problems []Problem
}

func (e *LinkError) Error() string {
	parts := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		parts[i] = fmt.Sprintf("%s: %s", p.Key, p.Msg)
	}
	return "bad link: " + strings.Join(parts, "; ")
}

// Keys returns the keys of the problems.
func (e *LinkError) Keys() []string {
	ks := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		ks[i] = p.Key
	}
	return ks
}

// ErrNewerVersion is reported for a link written by a newer playground.
var ErrNewerVersion = errors.New("the link was made by a newer version of the playground")

// Decode parses a link: a whole URL, a query string, or a query string
// with a leading '?'. A missing key keeps its default. A present but
// malformed or out-of-bounds key is a Problem, and so is an unknown key;
// the experiment returned keeps every good key and the default for each
// bad one, and the error (a *LinkError) names them all.
func Decode(link string) (Experiment, error) {
	q := link
	if i := strings.IndexByte(q, '?'); i >= 0 {
		q = q[i+1:]
	} else if strings.Contains(q, "://") {
		q = ""
	}
	if i := strings.IndexByte(q, '#'); i >= 0 {
		q = q[:i]
	}
	e := Default()
	var probs []Problem
	bad := func(key, format string, args ...any) {
		probs = append(probs, Problem{Key: key, Msg: fmt.Sprintf(format, args...)})
	}
	vals, err := url.ParseQuery(q)
	if err != nil {
		// ParseQuery keeps the pairs it could parse; report the rest.
		bad("link", "part of it is not a valid query string (%v); that part was ignored", err)
	}
	if v, ok := vals["v"]; ok {
		n, err := strconv.Atoi(last(v))
		switch {
		case err != nil || n < 1:
			bad("v", "%q is not a version number; read as version %d", last(v), Version)
		case n > Version:
			return Default(), &LinkError{Problems: []Problem{{Key: "v", Msg: fmt.Sprintf("%v (version %d; this playground reads up to %d); defaults loaded", ErrNewerVersion, n, Version)}}}
		}
		// Versions below Version would be migrated here.
	}

	keys := make([]string, 0, len(vals))
	for k := range vals {
		keys = append(keys, k)
	}
	sort.Strings(keys) // report problems in a stable order
	// The rule comes first: its hyperparameters are checked against it.
	if v, ok := vals["rule"]; ok {
		if _, found := rule.Lookup(last(v)); found {
			e.Rule = last(v)
		} else {
			bad("rule", "unknown rule %q (known: %s); using %s", last(v), strings.Join(rule.Keys(), ", "), e.Rule)
		}
	}
	if v, ok := vals["data"]; ok {
		if _, found := data.Lookup(last(v)); found {
			e.Data = last(v)
		} else {
			bad("data", "unknown dataset %q (known: %s); using %s", last(v), strings.Join(data.Keys(), ", "), e.Data)
		}
	}
	for _, k := range keys {
		s := last(vals[k])
		switch k {
		case "v", "rule", "data":
		case "noise":
			parseFloat(&e.Noise, k, s, 0, MaxNoise, bad)
		case "classes":
			parseInt(&e.Classes, k, s, 2, 8, bad)
		case "dim":
			parseDim(&e, k, s, bad) // active.go
		case "train":
			parseInt(&e.Train, k, s, 10, MaxTrain, bad)
		case "test":
			parseInt(&e.Test, k, s, 0, MaxTest, bad)
		case "hidden":
			h, err := parseHidden(s)
			if err != nil {
				bad(k, "%v; using %s", err, joinInts(e.Hidden))
			} else {
				e.Hidden = h
			}
		case "act":
			if _, err := nn.ParseActivation(s); err != nil {
				bad(k, "%v; using %s", err, e.Act)
			} else {
				e.Act = s
			}
		case "init":
			if _, err := nn.ParseInit(s); err != nil {
				bad(k, "%v; using %s", err, e.Init)
			} else {
				e.Init = s
			}
		case "initscale":
			parseFloat(&e.InitScale, k, s, MinInitScale, MaxInitScale, bad)
		case "opt":
			if _, err := nn.ParseMethod(s); err != nil {
				bad(k, "%v; using %s", err, e.Opt)
			} else {
				e.Opt = s
			}
		case "lr":
			parseFloat(&e.LR, k, s, MinLearnRate, MaxLearnRate, bad)
		case "batch":
			parseInt(&e.Batch, k, s, 1, MaxBatch, bad)
		case "l1":
			parseFloat(&e.L1, k, s, 0, MaxPenalty, bad)
		case "l2":
			parseFloat(&e.L2, k, s, 0, MaxPenalty, bad)
		case "seed":
			n, err := strconv.ParseUint(s, 10, 64)
			if err != nil || n > MaxSeed {
				bad(k, "%q is not a whole number in [0, %d]; using %d", s, uint64(MaxSeed), e.Seed)
			} else {
				e.Seed = n
			}
		case "play":
			parseBool(&e.Play, k, s, bad)
		case "epochs":
			parseInt(&e.Epochs, k, s, 0, MaxEpochs, bad)
		case "shift", "shiftat", "shiftmode": // read together by decodeShift, below
		case "lock":
			parseControls(&e.Lock, k, s, bad)
		case "hide":
			parseControls(&e.Hide, k, s, bad)
		case "view":
			parseViews(&e.View, k, s, bad) // display.go
		case "hlop":
			parseInt(&e.HLOP, k, s, 0, MaxHLOP, bad)
		case "neuron", "snn.t", "snn.decay", "snn.threshold", "snn.reset", "snn.mpr", "snn.coding", "snn.readout":
			// read together by decodeSpiking, below
		case "points", "csv": // read by decodeOwn, below
		case "pathways", "sample", "labels", "budget", "labelevery": // read by decodePathways and decodeActive, below
		case "lesson", "step", "constraint", "lesion", "lesionat", "tasks", "taskepochs", "rehearsal", "drift", "homeostasis", "deficit", "deficitat": // read by decodeExtras, below
		default:
			decodeHyper(&e, k, s, bad)
		}
	}
	decodeShift(vals, &e, bad)
	decodeOwn(vals, &e, bad) // owndata.go; before the sizes, which depend on the data's shape
	e.fitDataset(true, bad)  // datasize.go
	if p := e.sizeProblem(); p != nil {
		probs = append(probs, *p)
		d := Default()
		e.Hidden, e.Train, e.Test = d.Hidden, d.Train, d.Test
	}
	decodeSpiking(vals, &e, bad)  // after the network's size is settled
	e.fitWork(true, bad)          // workcap.go; after the network and T are settled
	decodeExtras(vals, &e, bad)   // lessonlink.go; after the network's size is settled
	decodePathways(vals, &e, bad) // pathways.go
	decodeActive(vals, &e, bad)   // active.go
	if len(probs) > 0 {
		return e, &LinkError{Problems: probs}
	}
	return e, nil
}

// decodeHyper reads a namespaced rule hyperparameter "<rule>.<param>".
func decodeHyper(e *Experiment, k, s string, bad func(key, format string, args ...any)) {
	r, p, ok := strings.Cut(k, ".")
	if !ok {
		bad(k, "unknown key; ignored")
		return
	}
	info, found := rule.Lookup(r)
	if !found {
		bad(k, "no rule %q; ignored", r)
		return
	}
	param, found := info.Param(p)
	if !found {
		bad(k, "rule %s has no parameter %q; ignored", r, p)
		return
	}
	var v float64
	if param.Choices != nil {
		i := slices.Index(param.Choices, s)
		if i < 0 {
			bad(k, "%q is not one of %v; using %s", s, param.Choices, param.Choices[int(param.Default)])
			return
		}
		v = float64(i)
	} else {
		f, err := strconv.ParseFloat(s, 64)
		if err != nil {
			bad(k, "%q is not a number; using %g", s, param.Default)
			return
		}
		v = f
	}
	if err := param.Check(v); err != nil {
		bad(k, "%v; using %g", err, param.Default)
		return
	}
	e.SetHyper(r, p, v)
}

// Validate checks e against the registries and bounds; Decode never
// returns an invalid experiment, but one built in code may be.
func (e Experiment) Validate() error {
	var probs []Problem
	bad := func(key, format string, args ...any) {
		probs = append(probs, Problem{Key: key, Msg: fmt.Sprintf(format, args...)})
	}
	info, ok := rule.Lookup(e.Rule)
	if !ok {
		bad("rule", "unknown rule %q", e.Rule)
	}
	if _, ok := data.Lookup(e.Data); !ok {
		bad("data", "unknown dataset %q", e.Data)
	}
	within := func(key string, v, lo, hi float64) {
		if !(v >= lo && v <= hi) {
			bad(key, "%g is outside [%g, %g]", v, lo, hi)
		}
	}
	within("noise", e.Noise, 0, MaxNoise)
	if e.Classes != 0 {
		within("classes", float64(e.Classes), 2, 8)
	}
	if err := e.checkDim(); err != nil {
		bad("dim", "%v", err) // active.go
	}
	within("train", float64(e.Train), 10, MaxTrain)
	within("test", float64(e.Test), 0, MaxTest)
	e.fitDataset(false, bad) // datasize.go
	within("initscale", e.InitScale, MinInitScale, MaxInitScale)
	within("lr", e.LR, MinLearnRate, MaxLearnRate)
	within("batch", float64(e.Batch), 1, MaxBatch)
	within("l1", e.L1, 0, MaxPenalty)
	within("l2", e.L2, 0, MaxPenalty)
	within("epochs", float64(e.Epochs), 0, MaxEpochs)
	if e.Seed > MaxSeed {
		bad("seed", "%d is larger than %d", e.Seed, uint64(MaxSeed))
	}
	if _, err := nn.ParseActivation(e.Act); err != nil {
		bad("act", "%v", err)
	}
	if _, err := nn.ParseInit(e.Init); err != nil {
		bad("init", "%v", err)
	}
	if _, err := nn.ParseMethod(e.Opt); err != nil {
		bad("opt", "%v", err)
	}
	if len(e.Hidden) > MaxLayers {
		bad("hidden", "%d hidden layers; at most %d", len(e.Hidden), MaxLayers)
	}
	for _, n := range e.Hidden {
		if n < MinHiddenUnit || n > MaxWidth {
			bad("hidden", "a layer of %d units; each needs 1 to %d", n, MaxWidth)
		}
	}
	if p := e.sizeProblem(); p != nil {
		probs = append(probs, *p)
	}
	e.validateShift(bad)
	e.validateSpiking(bad)
	e.fitWork(false, bad) // workcap.go
	e.validateExtras(bad) // lessonlink.go
	e.validateOwn(bad)    // owndata.go
	if err := e.checkPathways(); err != nil {
		bad("pathways", "%v", err) // pathways.go
	}
	if err := e.Active.check(e.Train); err != nil {
		bad("sample", "%v", err) // active.go
	}
	validateControls("lock", e.Lock, bad)
	validateControls("hide", e.Hide, bad)
	validateViews(e.View, bad) // display.go
	for k, v := range e.Hyper {
		r, p, _ := strings.Cut(k, ".")
		ri, ok := rule.Lookup(r)
		if !ok {
			bad(k, "no rule %q", r)
			continue
		}
		param, ok := ri.Param(p)
		if !ok {
			bad(k, "rule %s has no parameter %q", r, p)
			continue
		}
		if err := param.Check(v); err != nil {
			bad(k, "%v", err)
		}
	}
	_ = info
	if len(probs) > 0 {
		return &LinkError{Problems: probs}
	}
	return nil
}

// sizeProblem reports a network too large to train in a browser tab.
func (e Experiment) sizeProblem() *Problem {
	inputs, outputs := e.shape()
	sizes := e.Sizes(inputs, outputs)
	w := 0
	for i := 1; i < len(sizes); i++ {
		w += sizes[i-1] * sizes[i]
	}
	if w > MaxWeights {
		return &Problem{Key: "hidden", Msg: fmt.Sprintf("the network would have %d weights; at most %d fit a browser tab; using the default network", w, MaxWeights)}
	}
	return nil
}

// shape returns the input and output sizes of e's dataset.
func (e Experiment) shape() (inputs, outputs int) {
	if in, out, ok := e.ownShape(); ok { // owndata.go
		return in, out
	}
	info, ok := data.Lookup(e.Data)
	if !ok {
		return 2, 2
	}
	inputs = 2
	if info.Dim > 0 {
		inputs = info.Dim
	}
	if info.MaxDim > 0 && e.Dim > 0 {
		inputs = e.Dim // active.go
	}
	switch {
	case info.Kind == data.Regression:
		outputs = 1
	case e.Classes >= 2 && info.MaxClasses >= e.Classes:
		outputs = e.Classes
	default:
		outputs = info.Classes
	}
	return inputs, outputs
}

// Encode returns e as a query string (without '?'): `v` first and always,
// then every other key that differs from its default, sorted, so that the
// same experiment always gives the same link.
func (e Experiment) Encode() string {
	d := Default()
	v := url.Values{}
	v.Set("v", strconv.Itoa(Version))
	setIf := func(k, val, def string) {
		if val != def {
			v.Set(k, val)
		}
	}
	setIf("rule", e.Rule, d.Rule)
	setIf("data", e.Data, d.Data)
	setIf("noise", fmtFloat(e.Noise), fmtFloat(d.Noise))
	if e.Classes != 0 {
		setIf("classes", strconv.Itoa(e.Classes), "")
	}
	if e.Dim != 0 {
		v.Set("dim", strconv.Itoa(e.Dim)) // active.go
	}
	setIf("train", strconv.Itoa(e.Train), strconv.Itoa(d.Train))
	setIf("test", strconv.Itoa(e.Test), strconv.Itoa(d.Test))
	setIf("hidden", joinInts(e.Hidden), joinInts(d.Hidden))
	setIf("act", e.Act, d.Act)
	setIf("init", e.Init, d.Init)
	setIf("initscale", fmtFloat(e.InitScale), fmtFloat(d.InitScale))
	setIf("opt", e.Opt, d.Opt)
	setIf("lr", fmtFloat(e.LR), fmtFloat(d.LR))
	setIf("batch", strconv.Itoa(e.Batch), strconv.Itoa(d.Batch))
	setIf("l1", fmtFloat(e.L1), fmtFloat(d.L1))
	setIf("l2", fmtFloat(e.L2), fmtFloat(d.L2))
	setIf("seed", strconv.FormatUint(e.Seed, 10), strconv.FormatUint(d.Seed, 10))
	if e.Play {
		v.Set("play", "1")
	}
	if e.Epochs != 0 {
		v.Set("epochs", strconv.Itoa(e.Epochs))
	}
	e.Shift.encode(v)
	e.Spiking.encode(v)
	if len(e.Lock) > 0 {
		v.Set("lock", strings.Join(e.Lock, ","))
	}
	if len(e.Hide) > 0 {
		v.Set("hide", strings.Join(e.Hide, ","))
	}
	if e.HLOP != 0 {
		v.Set("hlop", strconv.Itoa(e.HLOP))
	}
	if len(e.View) > 0 {
		v.Set("view", strings.Join(e.View, ","))
	}
	e.encodeExtras(v)   // lessonlink.go
	e.encodeOwn(v)      // owndata.go
	e.encodePathways(v) // pathways.go
	e.Active.encode(v)  // active.go
	for k, val := range e.Hyper {
		r, p, _ := strings.Cut(k, ".")
		info, ok := rule.Lookup(r)
		if !ok {
			continue
		}
		param, ok := info.Param(p)
		if !ok || val == param.Default {
			continue
		}
		if param.Choices != nil {
			v.Set(k, param.Choices[int(val)])
		} else {
			v.Set(k, fmtFloat(val))
		}
	}
	return encodeQuery(v)
}

// encodeQuery writes v=… first and then the other keys sorted, escaping
// values for a query string but leaving commas and colons readable
// ("hidden=16,16", "shift=rotate:30"; RFC 3986 allows both in a query).
func encodeQuery(v url.Values) string {
	keys := make([]string, 0, len(v))
	for k := range v {
		if k != "v" {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	var b strings.Builder
	b.WriteString("v=" + v.Get("v"))
	for _, k := range keys {
		b.WriteByte('&')
		b.WriteString(url.QueryEscape(k))
		b.WriteByte('=')
		b.WriteString(strings.NewReplacer("%2C", ",", "%3A", ":").Replace(url.QueryEscape(v.Get(k))))
	}
	return b.String()
}

// fmtFloat writes the shortest decimal that reads back as the same float64.
func fmtFloat(f float64) string { return strconv.FormatFloat(f, 'g', -1, 64) }

func joinInts(xs []int) string {
	s := make([]string, len(xs))
	for i, x := range xs {
		s[i] = strconv.Itoa(x)
	}
	return strings.Join(s, ",")
}

// parseHidden reads "16,16" (or "" for no hidden layer).
func parseHidden(s string) ([]int, error) {
	s = strings.TrimSpace(s)
	if s == "" || s == "0" {
		return []int{}, nil
	}
	parts := strings.Split(s, ",")
	if len(parts) > MaxLayers {
		return nil, fmt.Errorf("%d hidden layers; at most %d", len(parts), MaxLayers)
	}
	out := make([]int, len(parts))
	for i, p := range parts {
		n, err := strconv.Atoi(strings.TrimSpace(p))
		if err != nil || n < MinHiddenUnit || n > MaxWidth {
			return nil, fmt.Errorf("%q is not a layer size (1 to %d units, comma-separated)", p, MaxWidth)
		}
		out[i] = n
	}
	return out, nil
}

func last(v []string) string { return v[len(v)-1] }

func parseFloat(dst *float64, k, s string, lo, hi float64, bad func(string, string, ...any)) {
	f, err := strconv.ParseFloat(s, 64)
	switch {
	case err != nil || math.IsNaN(f) || math.IsInf(f, 0):
		bad(k, "%q is not a number; using %g", s, *dst)
	case f < lo || f > hi:
		bad(k, "%g is outside [%g, %g]; using %g", f, lo, hi, *dst)
	default:
		*dst = f
	}
}

func parseInt(dst *int, k, s string, lo, hi int, bad func(string, string, ...any)) {
	n, err := strconv.Atoi(s)
	switch {
	case err != nil:
		bad(k, "%q is not a whole number; using %d", s, *dst)
	case n < lo || n > hi:
		bad(k, "%d is outside [%d, %d]; using %d", n, lo, hi, *dst)
	default:
		*dst = n
	}
}

func parseBool(dst *bool, k, s string, bad func(string, string, ...any)) {
	switch s {
	case "1", "true", "":
		*dst = true
	case "0", "false":
		*dst = false
	default:
		bad(k, "%q is not 0 or 1; using %v", s, *dst)
	}
}
