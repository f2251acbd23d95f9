package run

import (
	"cmp"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"plasticity/core/nn"
	"plasticity/core/rule"
)

// MaxRuns is the most runs a comparison holds: the base run and three more.
const MaxRuns = 4

// PerRunKeys are the common link keys that may differ between the runs of
// a comparison (as rN.<key>). Every other common key — the data, the
// network, the initialisation, the batch size, the seed, the length — is
// shared, so that the runs see the same examples in the same batches from
// the same initial weights. A run's rule hyperparameters may differ too
// (as rN.<rule>.<param>).
var PerRunKeys = []string{"lr", "opt", "l1", "l2", "constraint", "rehearsal", "homeostasis", "sample", "neuron", "snn.reset", "snn.mpr"}

// CompareSpec describes a comparison: up to MaxRuns runs that share the
// data, the network, the initial weights and the batch order, stepping in
// lockstep, each with its own rule and, optionally, its own learning rate,
// optimizer, penalties (PerRunKeys) and rule hyperparameters.
//
// Runs[0] is the base run: its link keys are the comparison's shared keys.
// A spec with one run is a plain experiment; its link is the experiment's
// own link, so a page can treat single runs and comparisons alike.
//
// # The link
//
// A comparison link is the base experiment's link plus
//
//	cmp=fa,kp,dfa           the rules of runs 2, 3, 4 (run 1's is rule=…)
//	r2.lr=0.01, r3.opt=sgd  a common key of run N that differs from run 1's
//	r4.dfa.scale=2          a hyperparameter of run N's rule that differs
//	                        from the shared value
//
// (so no rule may be keyed rN, N a number; a test checks the registry).
// Rule hyperparameters keep their <rule>.<param> namespace and are shared
// by every run of that rule: `fa.scale=0.5` applies to all fa runs, and
// rN.fa.scale overrides it for run N alone. For example
//
//	v=1&cmp=fa,fa,dfa&fa.scale=0.5&r3.fa.scale=2&r4.lr=0.01
//
// compares backprop (the default rule) with feedback alignment at two
// feedback scales and direct feedback alignment at a smaller learning rate,
// all on the default spiral from the same initial weights. Encode writes
// the shortest such link: the shared value of a rule's hyperparameter is
// that of the first run using the rule, and rN keys appear only where run N
// differs.
type CompareSpec struct {
	Runs []Experiment
}

// OneRun returns the comparison of the single run e.
func OneRun(e Experiment) CompareSpec { return CompareSpec{Runs: []Experiment{e}} }

// Base returns the base run, whose keys the runs share (Default if the spec
// is empty).
func (c CompareSpec) Base() Experiment {
	if len(c.Runs) == 0 {
		return Default()
	}
	return c.Runs[0]
}

// Derive returns a new run for the comparison: the base with rule r (and
// the base's learning rate, optimizer and penalties). Append it to Runs.
func (c CompareSpec) Derive(r string) Experiment {
	e := c.Base().Clone()
	e.Rule = r
	return e
}

// Clone returns a deep copy of c.
func (c CompareSpec) Clone() CompareSpec {
	runs := make([]Experiment, len(c.Runs))
	for i, e := range c.Runs {
		runs[i] = e.Clone()
	}
	return CompareSpec{Runs: runs}
}

// Equal reports whether c and d describe the same comparison.
func (c CompareSpec) Equal(d CompareSpec) bool { return c.Encode() == d.Encode() }

// IsComparison reports whether link describes more than one run (has a
// cmp key); such links need DecodeComparison rather than Decode.
func IsComparison(link string) bool {
	vals, _ := url.ParseQuery(linkQuery(link))
	_, ok := vals["cmp"]
	return ok
}

// runKeyRE matches a per-run key: rN.<key>.
var runKeyRE = regexp.MustCompile(`^r([0-9]+)\.(.+)$`)

// DecodeComparison parses a link like Decode, with the comparison keys
// described at CompareSpec. A link without cmp gives a comparison of one
// run. Bad keys are Problems named by their key, as in Decode: the spec
// returned keeps every good key, the base rule for an unknown cmp rule, and
// the shared value for each bad per-run key.
func DecodeComparison(link string) (CompareSpec, error) {
	q := linkQuery(link)
	vals, err := url.ParseQuery(q)
	if v, ok := vals["v"]; ok {
		if n, err := strconv.Atoi(last(v)); err == nil && n > Version {
			e, err := Decode(link)
			return OneRun(e), err
		}
	}
	var probs []Problem
	bad := func(key, format string, args ...any) {
		probs = append(probs, Problem{Key: key, Msg: fmt.Sprintf(format, args...)})
	}
	// Split the shared keys, handed to Decode, from the comparison's own.
	shared := url.Values{}
	var runKeys []string
	for k, v := range vals {
		switch {
		case k == "cmp":
		case runKeyRE.MatchString(k):
			runKeys = append(runKeys, k)
		default:
			shared[k] = v
		}
	}
	if err != nil {
		// ParseQuery keeps the pairs it could parse; report the rest.
		bad("link", "part of it is not a valid query string (%v); that part was ignored", err)
	}
	base, berr := Decode(shared.Encode())
	var le *LinkError
	if errors.As(berr, &le) {
		probs = append(probs, le.Problems...)
	}
	c := OneRun(base)

	if v, ok := vals["cmp"]; ok && strings.TrimSpace(last(v)) != "" {
		rules := strings.Split(last(v), ",")
		if len(rules) > MaxRuns-1 {
			bad("cmp", "%d rules; a comparison holds at most %d runs besides run 1; using the first %d", len(rules), MaxRuns-1, MaxRuns-1)
			rules = rules[:MaxRuns-1]
		}
		for i, r := range rules {
			r = strings.TrimSpace(r)
			if info, found := rule.Lookup(r); !found {
				bad("cmp", "unknown rule %q for run %d (known: %s); using %s", r, i+2, strings.Join(rule.Keys(), ", "), base.Rule)
				r = base.Rule
			} else if info.Spiking && !base.Spiking.LIF { // the runs share the network (spiking.go)
				bad("cmp", "the rule %s of run %d trains spiking networks, and the runs share a network of ordinary units (add neuron=lif); using %s", r, i+2, base.Rule)
				r = base.Rule
			}
			c.Runs = append(c.Runs, c.Derive(r))
		}
	}

	sort.Strings(runKeys) // report problems in a stable order
	for _, k := range runKeys {
		m := runKeyRE.FindStringSubmatch(k)
		n, err := strconv.Atoi(m[1])
		key, s := m[2], last(vals[k])
		switch {
		case err != nil || n < 1 || n > MaxRuns:
			bad(k, "no run %s: a comparison has runs 1 to %d; ignored", m[1], MaxRuns)
			continue
		case n == 1:
			bad(k, "run 1 is the base run: write %s=… without the r1. prefix; ignored", key)
			continue
		case n > len(c.Runs):
			bad(k, "no run %d: this comparison has %d (cmp lists the rules of runs 2 and up); ignored", n, len(c.Runs))
			continue
		}
		e := &c.Runs[n-1]
		rbad := func(_, format string, args ...any) { bad(k, format, args...) }
		switch key {
		case "lr":
			parseFloat(&e.LR, k, s, MinLearnRate, MaxLearnRate, rbad)
		case "l1":
			parseFloat(&e.L1, k, s, 0, MaxPenalty, rbad)
		case "l2":
			parseFloat(&e.L2, k, s, 0, MaxPenalty, rbad)
		case "homeostasis": // drift.go
			parseFloat(&e.Homeostasis, k, s, 0, MaxHomeostasis, rbad)
		case "sample": // active.go: the strategy only; the schedule is shared
			parseRunSample(e, k, s, rbad)
		case "neuron", "snn.reset", "snn.mpr": // spiking_twin.go
			parseRunSpiking(e, key, k, s, rbad)
		case "rehearsal": // tasks.go; "none" undoes the shared one
			if s == "none" {
				e.Tasks.Rehearsal, e.Tasks.Replay = "", 0
			} else if kind, frac, err := parseRehearsal(s); err != nil {
				bad(k, "%v; using the shared rehearsal", err)
			} else {
				e.Tasks.Rehearsal, e.Tasks.Replay = kind, frac
			}
		case "constraint": // constraint.go
			if s == "none" {
				e.Constraint = ""
			} else {
				parseConstraint(&e.Constraint, k, s, rbad)
			}
		case "opt":
			if _, err := nn.ParseMethod(s); err != nil {
				bad(k, "%v; using %s", err, e.Opt)
			} else {
				e.Opt = s
			}
		default:
			r, _, isHyper := strings.Cut(key, ".")
			switch {
			case !isHyper:
				bad(k, "the runs of a comparison share %s; only %s and the run's own rule parameters can differ; ignored", key, strings.Join(PerRunKeys, ", "))
			case r != e.Rule:
				bad(k, "run %d uses rule %s, not %s; ignored", n, e.Rule, r)
			default:
				decodeHyper(e, key, s, rbad)
			}
		}
	}
	if len(probs) > 0 {
		return c, &LinkError{Problems: probs}
	}
	return c, nil
}

// linkQuery returns the query string of a link: a whole URL, a query
// string, or a query string with a leading '?' (as Decode reads it).
func linkQuery(link string) string {
	q := link
	if i := strings.IndexByte(q, '?'); i >= 0 {
		q = q[i+1:]
	} else if strings.Contains(q, "://") {
		q = ""
	}
	if i := strings.IndexByte(q, '#'); i >= 0 {
		q = q[:i]
	}
	return q
}

// Encode returns c as a query string (without '?'), in the shortest form
// described at CompareSpec: the base run's link, cmp, and the per-run keys
// where a run differs, all sorted after v. A spec of one run encodes as
// that run's own link. Keys the runs must share are written from the base
// run only (Validate reports runs that differ in them).
func (c CompareSpec) Encode() string {
	if len(c.Runs) <= 1 {
		return c.Base().Encode()
	}
	base := c.Runs[0].Clone()
	// The shared value of a rule's hyperparameter is that of the first run
	// using the rule.
	seen := map[string]bool{base.Rule: true}
	for _, e := range c.Runs[1:] {
		if seen[e.Rule] {
			continue
		}
		seen[e.Rule] = true
		h := e.RuleHyper()
		for k, v := range h {
			base.SetHyper(e.Rule, k, v)
		}
	}
	vals, _ := url.ParseQuery(base.Encode())
	rules := make([]string, 0, len(c.Runs)-1)
	for i, e := range c.Runs[1:] {
		n := i + 2
		rules = append(rules, e.Rule)
		setIf := func(key, val, def string) {
			if val != def {
				vals.Set(fmt.Sprintf("r%d.%s", n, key), val)
			}
		}
		setIf("lr", fmtFloat(e.LR), fmtFloat(base.LR))
		setIf("opt", e.Opt, base.Opt)
		setIf("l1", fmtFloat(e.L1), fmtFloat(base.L1))
		setIf("l2", fmtFloat(e.L2), fmtFloat(base.L2))
		if r := e.Tasks.Rehearsal + ":" + fmtFloat(e.Tasks.Replay); r != base.Tasks.Rehearsal+":"+fmtFloat(base.Tasks.Replay) {
			if e.Tasks.Rehearsal == "" {
				r = "none"
			}
			vals.Set(fmt.Sprintf("r%d.rehearsal", n), r) // tasks.go
		}
		setIf("homeostasis", fmtFloat(e.Homeostasis), fmtFloat(base.Homeostasis)) // drift.go
		setIf("sample", e.Active.Strategy, base.Active.Strategy)                  // active.go
		encodeRunSpiking(setIf, e, base)                                          // spiking_twin.go
		if e.Constraint != base.Constraint {                                      // constraint.go; "none" undoes the shared one
			vals.Set(fmt.Sprintf("r%d.constraint", n), cmp.Or(e.Constraint, "none"))
		}
		info, ok := rule.Lookup(e.Rule)
		if !ok {
			continue
		}
		mine, shared := e.RuleHyper(), base.ruleHyperOf(e.Rule)
		for _, p := range info.Params {
			if mine[p.Key] == shared[p.Key] {
				continue
			}
			val := fmtFloat(mine[p.Key])
			if p.Choices != nil {
				val = p.Choices[int(mine[p.Key])]
			}
			vals.Set(fmt.Sprintf("r%d.%s.%s", n, e.Rule, p.Key), val)
		}
	}
	vals.Set("cmp", strings.Join(rules, ","))
	return encodeQuery(vals)
}

// ruleHyperOf returns the full hyperparameters of rule r as e holds them:
// defaults overridden by e.Hyper.
func (e Experiment) ruleHyperOf(r string) rule.Hyper {
	f := e
	f.Rule = r
	return f.RuleHyper()
}

// Validate checks every run and that the runs share what they must: the
// same keys as run 1 except PerRunKeys, the rule and its hyperparameters.
// Problems of run N ≥ 2 are named by their rN. key.
func (c CompareSpec) Validate() error {
	var probs []Problem
	if len(c.Runs) == 0 || len(c.Runs) > MaxRuns {
		probs = append(probs, Problem{Key: "cmp", Msg: fmt.Sprintf("%d runs; a comparison has 1 to %d", len(c.Runs), MaxRuns)})
	}
	for i, e := range c.Runs {
		prefix := ""
		if i > 0 {
			prefix = fmt.Sprintf("r%d.", i+1)
		}
		var le *LinkError
		if errors.As(e.Validate(), &le) {
			for _, p := range le.Problems {
				probs = append(probs, Problem{Key: prefix + p.Key, Msg: p.Msg})
			}
		}
		if i == 0 {
			continue
		}
		for _, k := range sharedDiff(c.Runs[0], e) {
			probs = append(probs, Problem{Key: prefix + k, Msg: fmt.Sprintf("run %d differs from run 1 in %s, which the runs of a comparison share", i+1, k)})
		}
	}
	if len(probs) > 0 {
		return &LinkError{Problems: probs}
	}
	return nil
}

// sharedDiff returns the link keys, other than the per-run ones, in which
// e differs from base.
func sharedDiff(base, e Experiment) []string {
	e = e.Clone()
	e.Rule, e.Hyper = base.Rule, base.Hyper
	e.LR, e.Opt, e.L1, e.L2 = base.LR, base.Opt, base.L1, base.L2
	e.Constraint = base.Constraint
	e.Tasks.Rehearsal, e.Tasks.Replay = base.Tasks.Rehearsal, base.Tasks.Replay
	e.Homeostasis = base.Homeostasis
	e.Active.Strategy = base.Active.Strategy
	e.Spiking.LIF, e.Spiking.Reset, e.Spiking.MPR = base.Spiking.LIF, base.Spiking.Reset, base.Spiking.MPR
	a, _ := url.ParseQuery(base.Encode())
	b, _ := url.ParseQuery(e.Encode())
	var keys []string
	for k := range a {
		if a.Get(k) != b.Get(k) {
			keys = append(keys, k)
		}
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	return keys
}

// Comparison trains the runs of a CompareSpec in lockstep: Step advances
// every run that is Ready by one minibatch. Because the runs share the
// seed, the data, the network and the batch size, the named streams (see
// Stream) give them the same training and test examples, the same initial
// forward weights and the same batch at every step; only what the rule
// itself draws (from the "rule" stream) differs. The one exception is a
// rule whose network has a different input layer (Info.Inputs, as in
// forward-forward): its initial weights are drawn for that shape, and
// SameStart reports it.
type Comparison struct {
	Spec CompareSpec

	runs      []*Run
	sameStart []bool
}

// NewComparison builds the runs of c. It returns an error if c is not
// valid or a run cannot start (naming the run).
func NewComparison(c CompareSpec) (*Comparison, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	cmp := &Comparison{Spec: c.Clone()}
	for i, e := range cmp.Spec.Runs {
		r, err := New(e)
		if err != nil {
			return nil, fmt.Errorf("run %d (%s): %w", i+1, e.Rule, err)
		}
		cmp.runs = append(cmp.runs, r)
		cmp.sameStart = append(cmp.sameStart, sameWeights(cmp.runs[0], r))
	}
	return cmp, nil
}

// sameWeights reports whether a and b have the same forward weights and
// biases now.
func sameWeights(a, b *Run) bool {
	if !slices.Equal(a.Net.Sizes, b.Net.Sizes) {
		return false
	}
	for l, ly := range a.Net.Layers {
		if !slices.Equal(ly.W.Value, b.Net.Layers[l].W.Value) || !slices.Equal(ly.B.Value, b.Net.Layers[l].B.Value) {
			return false
		}
	}
	return true
}

// Runs returns the runs, run 1 first. The slice is shared: callers must
// not modify it.
func (c *Comparison) Runs() []*Run { return c.runs }

// Len returns the number of runs.
func (c *Comparison) Len() int { return len(c.runs) }

// SameStart reports whether run i (0-based) started from run 1's initial
// forward weights; false only for a rule whose network differs in shape.
func (c *Comparison) SameStart(i int) bool { return c.sameStart[i] }

// Ready reports whether any run can still step.
func (c *Comparison) Ready() bool {
	for _, r := range c.runs {
		if r.State() == Ready {
			return true
		}
	}
	return false
}

// Step trains every Ready run on its next minibatch (the same examples for
// all). Runs that are not Ready keep their state. It returns nil, or an
// error naming each run that diverged or failed in this step; the other
// runs go on.
func (c *Comparison) Step() error {
	var errs []error
	for i, r := range c.runs {
		if err := r.Step(); err != nil {
			errs = append(errs, fmt.Errorf("run %d (%s): %w", i+1, r.Exp.Rule, err))
		}
	}
	return errors.Join(errs...)
}

// Advance steps the comparison until budget has passed, maxSteps lockstep
// steps are done (if maxSteps > 0), or no run is Ready. It returns the
// number of lockstep steps and the errors of runs that stopped.
func (c *Comparison) Advance(budget time.Duration, maxSteps int) (int, error) {
	start := time.Now()
	n := 0
	var errs []error
	for c.Ready() && (maxSteps <= 0 || n < maxSteps) {
		if err := c.Step(); err != nil {
			errs = append(errs, err)
		}
		n++
		if time.Since(start) >= budget {
			break
		}
	}
	return n, errors.Join(errs...)
}

// Extent returns the largest position on axis a that any run has reached:
// the right end of a shared x-axis.
func (c *Comparison) Extent(a Axis) float64 {
	x := 0.0
	for _, r := range c.runs {
		x = max(x, a.Now(r))
	}
	return x
}
