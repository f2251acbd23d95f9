package run

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"plasticity/core/rule"
)

// exampleComparison is the comparison CompareSpec's doc describes:
// backprop, feedback alignment at two feedback scales, and direct feedback
// alignment at a smaller learning rate.
const exampleComparison = "v=1&cmp=fa,fa,dfa&fa.scale=0.5&r3.fa.scale=2&r4.lr=0.01"

// needRules fails the test if a rule the comparison tests use is missing.
func needRules(t testing.TB, keys ...string) {
	t.Helper()
	for _, k := range keys {
		if _, ok := rule.Lookup(k); !ok {
			t.Fatalf("rule %q is not registered (known: %v)", k, rule.Keys())
		}
	}
}

func mustCompare(t testing.TB, link string) *Comparison {
	t.Helper()
	spec, err := DecodeComparison(link)
	if err != nil {
		t.Fatalf("DecodeComparison(%q): %v", link, err)
	}
	c, err := NewComparison(spec)
	if err != nil {
		t.Fatalf("NewComparison(%q): %v", link, err)
	}
	return c
}

// TestCompareLinkGolden pins example comparison links: changing their
// encoding breaks links people have shared.
func TestCompareLinkGolden(t *testing.T) {
	needRules(t, "fa", "dfa", "kp")
	var got strings.Builder
	for _, link := range []string{
		exampleComparison,
		"v=1&rule=fa&cmp=kp,dfa&act=relu&r3.opt=sgd&r3.lr=0.1&epochs=100",
		// Out of order and with defaults spelled out: Encode sorts and drops them.
		"cmp=bp&r2.lr=0.1&lr=0.03&seed=7&v=1",
	} {
		c, err := DecodeComparison(link)
		if err != nil {
			t.Fatalf("DecodeComparison(%q): %v", link, err)
		}
		got.WriteString(c.Encode() + "\n")
	}
	path := filepath.Join("testdata", "compare_link.golden")
	if *update {
		if err := os.WriteFile(path, []byte(got.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if got.String() != string(want) {
		t.Errorf("got\n%s\nwant\n%s", got.String(), want)
	}
}

func TestDecodeComparison(t *testing.T) {
	needRules(t, "fa", "dfa", "kp")
	// rN. prefixes belong to runs: a rule keyed like one would be unreachable.
	for _, k := range rule.Keys() {
		if runKeyRE.MatchString(k + ".x") {
			t.Errorf("rule key %q reads as a run prefix in links", k)
		}
	}
	type run struct {
		rule  string
		lr    float64
		opt   string
		hyper map[string]float64 // the run's own rule hyperparameters that must hold
	}
	d := Default()
	for _, test := range []struct {
		name    string
		link    string
		runs    []run
		badKeys []string // keys the error must name, in order
	}{
		{"plain link is one run", "v=1&lr=0.1", []run{{"bp", 0.1, "adam", nil}}, nil},
		{"empty", "", []run{{"bp", d.LR, d.Opt, nil}}, nil},
		{"empty cmp", "cmp=", []run{{"bp", d.LR, d.Opt, nil}}, nil},
		{"example", exampleComparison, []run{
			{"bp", d.LR, d.Opt, nil},
			{"fa", d.LR, d.Opt, map[string]float64{"scale": 0.5}},
			{"fa", d.LR, d.Opt, map[string]float64{"scale": 2}},
			{"dfa", 0.01, d.Opt, map[string]float64{"scale": 1}},
		}, nil},
		{"shared hyper reaches every run of the rule", "rule=fa&cmp=fa,bp&fa.scale=3&r2.opt=sgd", []run{
			{"fa", d.LR, d.Opt, map[string]float64{"scale": 3}},
			{"fa", d.LR, "sgd", map[string]float64{"scale": 3}},
			{"bp", d.LR, d.Opt, nil},
		}, nil},
		{"choice hyper per run", "cmp=fa&r2.fa.init=he", []run{
			{"bp", d.LR, d.Opt, nil},
			{"fa", d.LR, d.Opt, map[string]float64{"init": 2}},
		}, nil},
		{"whole url", "http://127.0.0.1:8000/?v=1&cmp=kp&r2.lr=0.5#x", []run{{"bp", d.LR, d.Opt, nil}, {"kp", 0.5, d.Opt, nil}}, nil},
		{"unknown rule in cmp", "cmp=fa,magic", []run{{"bp", d.LR, d.Opt, nil}, {"fa", d.LR, d.Opt, nil}, {"bp", d.LR, d.Opt, nil}}, []string{"cmp"}},
		{"too many runs", "cmp=fa,fa,fa,fa", []run{{"bp", d.LR, d.Opt, nil}, {"fa", d.LR, d.Opt, nil}, {"fa", d.LR, d.Opt, nil}, {"fa", d.LR, d.Opt, nil}}, []string{"cmp"}},
		{"bad base key", "lr=banana&cmp=fa", []run{{"bp", d.LR, d.Opt, nil}, {"fa", d.LR, d.Opt, nil}}, []string{"lr"}},
		{"bad run lr", "cmp=fa&r2.lr=banana", []run{{"bp", d.LR, d.Opt, nil}, {"fa", d.LR, d.Opt, nil}}, []string{"r2.lr"}},
		{"run lr out of bounds", "cmp=fa&r2.lr=1000", []run{{"bp", d.LR, d.Opt, nil}, {"fa", d.LR, d.Opt, nil}}, []string{"r2.lr"}},
		{"bad run opt", "cmp=fa&r2.opt=lbfgs", []run{{"bp", d.LR, d.Opt, nil}, {"fa", d.LR, d.Opt, nil}}, []string{"r2.opt"}},
		{"run key of a run that is not there", "cmp=fa&r3.lr=0.1", []run{{"bp", d.LR, d.Opt, nil}, {"fa", d.LR, d.Opt, nil}}, []string{"r3.lr"}},
		{"r1 is the base", "cmp=fa&r1.lr=0.1", []run{{"bp", d.LR, d.Opt, nil}, {"fa", d.LR, d.Opt, nil}}, []string{"r1.lr"}},
		{"r9", "cmp=fa&r9.lr=0.1", []run{{"bp", d.LR, d.Opt, nil}, {"fa", d.LR, d.Opt, nil}}, []string{"r9.lr"}},
		{"shared key per run", "cmp=fa&r2.seed=3&r2.data=xor", []run{{"bp", d.LR, d.Opt, nil}, {"fa", d.LR, d.Opt, nil}}, []string{"r2.data", "r2.seed"}},
		{"hyper of another rule", "cmp=fa&r2.dfa.scale=2", []run{{"bp", d.LR, d.Opt, nil}, {"fa", d.LR, d.Opt, map[string]float64{"scale": 1}}}, []string{"r2.dfa.scale"}},
		{"bad hyper value", "cmp=fa&r2.fa.scale=1000", []run{{"bp", d.LR, d.Opt, nil}, {"fa", d.LR, d.Opt, map[string]float64{"scale": 1}}}, []string{"r2.fa.scale"}},
		{"unknown hyper", "cmp=fa&r2.fa.magic=1", []run{{"bp", d.LR, d.Opt, nil}, {"fa", d.LR, d.Opt, nil}}, []string{"r2.fa.magic"}},
		{"several", "data=nosuch&cmp=fa,zz&r2.lr=x", []run{{"bp", d.LR, d.Opt, nil}, {"fa", d.LR, d.Opt, nil}, {"bp", d.LR, d.Opt, nil}}, []string{"data", "cmp", "r2.lr"}},
		{"bad escape", "cmp=fa&x=%zz", []run{{"bp", d.LR, d.Opt, nil}, {"fa", d.LR, d.Opt, nil}}, []string{"link"}},
		{"newer version", "v=99&cmp=fa", []run{{"bp", d.LR, d.Opt, nil}}, []string{"v"}},
	} {
		t.Run(test.name, func(t *testing.T) {
			c, err := DecodeComparison(test.link)
			if verr := c.Validate(); verr != nil {
				t.Errorf("DecodeComparison(%q) returned an invalid spec: %v", test.link, verr)
			}
			if len(c.Runs) != len(test.runs) {
				t.Fatalf("DecodeComparison(%q) has %d runs, want %d (%s)", test.link, len(c.Runs), len(test.runs), c.Encode())
			}
			for i, want := range test.runs {
				e := c.Runs[i]
				if e.Rule != want.rule || e.LR != want.lr || e.Opt != want.opt {
					t.Errorf("run %d: rule %s, lr %g, opt %s; want %s, %g, %s", i+1, e.Rule, e.LR, e.Opt, want.rule, want.lr, want.opt)
				}
				h := e.RuleHyper()
				for k, v := range want.hyper {
					if h[k] != v {
						t.Errorf("run %d: %s.%s = %g, want %g", i+1, e.Rule, k, h[k], v)
					}
				}
			}
			if test.badKeys == nil {
				if err != nil {
					t.Errorf("DecodeComparison(%q): unexpected error %v", test.link, err)
				}
				return
			}
			var le *LinkError
			if !errors.As(err, &le) {
				t.Fatalf("DecodeComparison(%q): got error %v, want a *LinkError", test.link, err)
			}
			if got := le.Keys(); !slices.Equal(got, test.badKeys) {
				t.Errorf("DecodeComparison(%q) named keys %v, want %v (%v)", test.link, got, test.badKeys, err)
			}
		})
	}
}

// TestCompareRoundTrip: specs built in code (as the page builds them) and
// decoded links survive Encode and DecodeComparison, in the shortest form.
func TestCompareRoundTrip(t *testing.T) {
	needRules(t, "fa", "dfa", "kp")
	// A spec the page might build: run 2's own fa.scale set on run 2 only.
	built := OneRun(Default())
	fa := built.Derive("fa")
	fa.SetHyper("fa", "scale", 0.25)
	fa.LR = 0.1
	dfa := built.Derive("dfa")
	dfa.Opt = "sgd"
	dfa.L2 = 0.001
	built.Runs = append(built.Runs, fa, dfa)
	for _, test := range []struct {
		name string
		spec CompareSpec
		link string // the expected encoding
	}{
		{"one run", OneRun(Default()), "v=1"},
		{"built", built, "v=1&cmp=fa,dfa&fa.scale=0.25&r2.lr=0.1&r3.l2=0.001&r3.opt=sgd"},
		{"same rule twice", CompareSpec{Runs: []Experiment{Default(), func() Experiment {
			e := Default()
			e.LR = 0.3
			return e
		}()}}, "v=1&cmp=bp&r2.lr=0.3"},
	} {
		t.Run(test.name, func(t *testing.T) {
			if err := test.spec.Validate(); err != nil {
				t.Fatal(err)
			}
			link := test.spec.Encode()
			if link != test.link {
				t.Errorf("Encode = %q, want %q", link, test.link)
			}
			back, err := DecodeComparison(link)
			if err != nil {
				t.Fatalf("DecodeComparison(%q): %v", link, err)
			}
			if !back.Equal(test.spec) {
				t.Errorf("round trip: %q became %q", link, back.Encode())
			}
			for i := range back.Runs {
				a, b := back.Runs[i], test.spec.Runs[i]
				if a.Rule != b.Rule || a.LR != b.LR || a.Opt != b.Opt || a.L2 != b.L2 || !maps2Equal(a.RuleHyper(), b.RuleHyper()) {
					t.Errorf("run %d: %+v became %+v", i+1, b, a)
				}
			}
		})
	}
	// A one-run spec encodes exactly as its experiment.
	for _, link := range []string{"v=1", fullLink(), "v=1&fa.scale=2&rule=fa"} {
		c, err := DecodeComparison(link)
		if err != nil || len(c.Runs) != 1 {
			t.Fatalf("DecodeComparison(%q) = %d runs, %v", link, len(c.Runs), err)
		}
		if got := c.Encode(); got != link {
			t.Errorf("Encode(DecodeComparison(%q)) = %q", link, got)
		}
	}
}

func maps2Equal(a, b rule.Hyper) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func TestCompareValidate(t *testing.T) {
	base := Default()
	other := base.Clone()
	other.Seed, other.Hidden, other.LR = 5, []int{4}, 0.5 // lr may differ, the rest may not
	bad := base.Clone()
	bad.LR = 1000
	for _, test := range []struct {
		name    string
		spec    CompareSpec
		badKeys []string
	}{
		{"no runs", CompareSpec{}, []string{"cmp"}},
		{"five runs", CompareSpec{Runs: []Experiment{base, base, base, base, base}}, []string{"cmp"}},
		{"shared keys differ", CompareSpec{Runs: []Experiment{base, other}}, []string{"r2.hidden", "r2.seed"}},
		{"bad run", CompareSpec{Runs: []Experiment{base, bad}}, []string{"r2.lr"}},
	} {
		t.Run(test.name, func(t *testing.T) {
			err := test.spec.Validate()
			var le *LinkError
			if !errors.As(err, &le) {
				t.Fatalf("got %v, want a *LinkError", err)
			}
			if got := le.Keys(); !slices.Equal(got, test.badKeys) {
				t.Errorf("named keys %v, want %v (%v)", got, test.badKeys, err)
			}
			if _, err := NewComparison(test.spec); err == nil {
				t.Errorf("NewComparison accepted an invalid spec")
			}
		})
	}
}

// FuzzComparisonLink: whatever DecodeComparison accepts is valid and
// survives Encode and DecodeComparison again unchanged.
func FuzzComparisonLink(f *testing.F) {
	for _, s := range []string{"", "v=1", exampleComparison, "cmp=", "cmp=fa,kp,dfa,bp", "cmp=fa&r2.fa.scale=3",
		"cmp=fa&r3.lr=1", "r2.lr=0.1", "cmp=fa&r2.seed=1", "rule=fa&cmp=fa&fa.scale=2&r2.fa.scale=3", "cmp=zz", "cmp=fa,%zz",
		"v=2&cmp=fa", "cmp=bp&r2.opt=sgd&r2.l1=0.1&r2.l2=0.01"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, link string) {
		c, _ := DecodeComparison(link) // a bad link still yields a valid spec
		if err := c.Validate(); err != nil {
			t.Fatalf("DecodeComparison(%q) gave an invalid spec: %v", link, err)
		}
		enc := c.Encode()
		g, err := DecodeComparison(enc)
		if err != nil {
			t.Fatalf("DecodeComparison(Encode(DecodeComparison(%q))) = %v (encoded %q)", link, err, enc)
		}
		if got := g.Encode(); got != enc {
			t.Fatalf("round trip of %q: %q became %q", link, enc, got)
		}
		if len(g.Runs) != len(c.Runs) {
			t.Fatalf("round trip of %q: %d runs became %d", link, len(c.Runs), len(g.Runs))
		}
		for i := range g.Runs {
			a, b := g.Runs[i], c.Runs[i]
			if a.Rule != b.Rule || a.LR != b.LR || a.Opt != b.Opt || a.L1 != b.L1 || a.L2 != b.L2 || !maps2Equal(a.RuleHyper(), b.RuleHyper()) {
				t.Fatalf("round trip of %q: run %d changed: %q", link, i+1, enc)
			}
		}
	})
}

// TestComparisonShares: the runs of a comparison that differ only in the
// rule see the same training and test data, start from the same forward
// weights and train on the same batch at every step (the named streams at
// work); the rules then make the weights part.
func TestComparisonShares(t *testing.T) {
	needRules(t, "fa", "dfa", "kp")
	c := mustCompare(t, "v=1&cmp=fa,dfa,kp&r3.lr=0.01&epochs=3&hidden=8,8")
	runs := c.Runs()
	if len(runs) != 4 {
		t.Fatalf("got %d runs, want 4", len(runs))
	}
	a := runs[0]
	for i, r := range runs[1:] {
		if !slices.Equal(a.Train.X, r.Train.X) || !slices.Equal(a.Train.Y, r.Train.Y) ||
			!slices.Equal(a.Test.X, r.Test.X) || !slices.Equal(a.Test.Y, r.Test.Y) {
			t.Errorf("run %d has other data than run 1", i+2)
		}
		if !c.SameStart(i + 1) {
			t.Errorf("run %d (%s) starts from other weights than run 1", i+2, r.Exp.Rule)
		}
		if !sameWeights(a, r) {
			t.Errorf("run %d: sameWeights is false", i+2)
		}
	}
	steps := 0
	for c.Ready() {
		if err := c.Step(); err != nil {
			t.Fatal(err)
		}
		steps++
		for i, r := range runs[1:] {
			if r.StepCount() != a.StepCount() || r.Epoch() != a.Epoch() {
				t.Fatalf("step %d: run %d at step %d epoch %d, run 1 at %d, %d", steps, i+2, r.StepCount(), r.Epoch(), a.StepCount(), a.Epoch())
			}
			if !slices.Equal(r.batch.Index[:r.batch.N], a.batch.Index[:a.batch.N]) {
				t.Fatalf("step %d: run %d trained on another batch than run 1", steps, i+2)
			}
		}
	}
	for i, r := range runs {
		if r.State() != Finished {
			t.Errorf("run %d: %s (%s)", i+1, r.State(), r.Message())
		}
		if len(r.History()) != 4 {
			t.Errorf("run %d: %d history points, want 4", i+1, len(r.History()))
		}
	}
	// The rules did differ: a test that cannot fail is a defect.
	for i, r := range runs[1:] {
		if sameWeights(a, r) {
			t.Errorf("run %d (%s) ended with backprop's weights", i+2, r.Exp.Rule)
		}
	}
	for _, ax := range Axes() {
		if got, want := c.Extent(ax), ax.Now(a); got < want || got <= 0 {
			t.Errorf("Extent(%s) = %g, want ≥ %g", ax, got, want)
		}
	}
}

// TestComparisonMatchesSingleRuns: each run of a comparison gives, bit for
// bit, the numbers of the same experiment run on its own, so that a
// comparison shares exactly what a link promises.
func TestComparisonMatchesSingleRuns(t *testing.T) {
	needRules(t, "fa")
	c := mustCompare(t, "v=1&cmp=fa,bp&r3.lr=0.1&r3.opt=momentum&epochs=3")
	for c.Ready() {
		c.Step()
	}
	for i, r := range c.Runs() {
		alone, err := New(c.Spec.Runs[i])
		if err != nil {
			t.Fatal(err)
		}
		train(alone)
		if alone.Digest() != r.Digest() {
			t.Errorf("run %d (%s) differs from the same experiment alone (%s)", i+1, r.Exp.Rule, r.Exp.Encode())
		}
	}
	one := mustCompare(t, "v=1&epochs=2")
	alone := mustRun(t, "v=1&epochs=2")
	one.Advance(1<<62, 0)
	train(alone)
	if one.Len() != 1 || one.Runs()[0].Digest() != alone.Digest() {
		t.Errorf("a comparison of one run differs from the run")
	}
}

// TestComparisonDivergence: a run that diverges stops and reports; the
// others go on to the end.
func TestComparisonDivergence(t *testing.T) {
	c := mustCompare(t, "v=1&cmp=bp&r2.lr=100&r2.opt=sgd&act=relu&epochs=20")
	var stepErr error
	for c.Ready() {
		if err := c.Step(); err != nil && stepErr == nil {
			stepErr = err
		}
	}
	if stepErr == nil || !strings.Contains(stepErr.Error(), "run 2") {
		t.Errorf("Step error = %v, want one naming run 2", stepErr)
	}
	if s := c.Runs()[0].State(); s != Finished {
		t.Errorf("run 1: %s, want finished", s)
	}
	if s := c.Runs()[1].State(); s != Diverged {
		t.Errorf("run 2: %s, want diverged", s)
	}
}

func TestHeadlessCompare(t *testing.T) {
	needRules(t, "fa")
	var out bytes.Buffer
	if err := Headless(&out, "v=1&data=xor&cmp=fa,bp&r3.lr=0.1&epochs=2", 0); err != nil {
		t.Fatal(err)
	}
	var got []string
	sc := bufio.NewScanner(&out)
	for sc.Scan() {
		var rec Record
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			t.Fatalf("%v: %s", err, sc.Text())
		}
		got = append(got, strings.Join([]string{strconv.Itoa(rec.Run), rec.Rule, strconv.Itoa(rec.Epoch)}, " "))
		if !strings.HasPrefix(sc.Text(), `{"run":`) {
			t.Errorf("line does not start with the run: %s", sc.Text())
		}
	}
	want := []string{"1 bp 0", "2 fa 0", "3 bp 0", "1 bp 1", "2 fa 1", "3 bp 1", "1 bp 2", "2 fa 2", "3 bp 2"}
	if !slices.Equal(got, want) {
		t.Errorf("got lines\n%v\nwant\n%v", got, want)
	}
	// A single run keeps its format: no run field.
	out.Reset()
	if err := Headless(&out, "v=1&data=xor&epochs=1", 0); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out.String(), `"run"`) {
		t.Errorf("single-run output has a run field:\n%s", out.String())
	}
	// Bad links name their keys; a diverging run is reported by index.
	for _, test := range []struct{ link, key string }{
		{"cmp=fa&r2.lr=banana", "r2.lr"}, {"cmp=nosuch", "cmp"}, {"cmp=fa&r2.seed=1", "r2.seed"},
		{"cmp=bp&r2.lr=100&r2.opt=sgd&act=relu", "run 2"},
	} {
		err := Headless(&out, test.link, 30)
		if err == nil || !strings.Contains(err.Error(), test.key) {
			t.Errorf("Headless(%q) = %v, want an error naming %s", test.link, err, test.key)
		}
	}
}

func TestColumnsAndSeries(t *testing.T) {
	needRules(t, "fa")
	r := mustRun(t, "v=1&rule=fa&epochs=2")
	train(r)
	p := r.History()[len(r.History())-1]
	cols := Columns(p)
	L := r.Net.NumLayers()
	for _, want := range []string{TrainLoss, TestLoss, TrainAcc, TestAcc, "update_angle_l1", LayerColumn("update_angle", L-1), "alignment_angle_l2", "sparsity_l1"} {
		if !slices.Contains(cols, want) {
			t.Errorf("Columns has no %s: %v", want, cols)
		}
	}
	for _, name := range cols {
		if _, ok := Value(p, name); !ok {
			t.Errorf("Value(%s) not found", name)
		}
	}
	if v, _ := Value(p, TrainAcc); v != p.TrainAcc {
		t.Errorf("Value(train_acc) = %g, want %g", v, p.TrainAcc)
	}
	if v, _ := Value(p, "update_angle_l2"); v != r.History()[2].Probes[0].Values[1] {
		t.Errorf("Value(update_angle_l2) = %g", v)
	}
	for _, name := range []string{"nosuch", "update_angle_l0", "update_angle_l9", "update_angle_l01", "update_angle"} {
		if _, ok := Value(p, name); ok {
			t.Errorf("Value(%q) found", name)
		}
	}
	for _, test := range []struct {
		axis Axis
		xs   []float64
	}{
		{AxisStep, []float64{0, 25, 50}},
		{AxisEpoch, []float64{0, 1, 2}},
		{AxisPasses, []float64{0, 2, 4}}, // fa costs a forward and a backward pass
	} {
		xs, ys := Series(r, test.axis, TrainLoss)
		// Passes are sums of 0.08 per step: equal up to rounding.
		if len(xs) != len(test.xs) || len(ys) != 3 || !slices.EqualFunc(xs, test.xs, func(a, b float64) bool { return math.Abs(a-b) < 1e-12 }) {
			t.Errorf("Series(%s) xs = %v, want %v", test.axis, xs, test.xs)
		}
		if a, err := ParseAxis(test.axis.String()); err != nil || a != test.axis {
			t.Errorf("ParseAxis(%s) = %v, %v", test.axis, a, err)
		}
	}
	if _, err := ParseAxis("time"); err == nil {
		t.Errorf("ParseAxis(time) accepted")
	}
	reg := mustRun(t, "v=1&data=plane&epochs=1")
	train(reg)
	if xs, _ := Series(reg, AxisEpoch, TrainAcc); len(xs) != 0 {
		t.Errorf("a regression has an accuracy curve: %v", xs)
	}
	if math.IsNaN(reg.History()[0].TrainLoss) {
		t.Errorf("regression loss is NaN")
	}
}

// TestHeadlessRuns: for a single link, HeadlessRuns writes exactly what
// Headless writes (diverging or not), and returns the trained runs.
func TestHeadlessRuns(t *testing.T) {
	for _, link := range []string{"v=1&data=xor&epochs=2", "lr=100&opt=sgd&act=relu&epochs=30"} {
		var a, b bytes.Buffer
		errA := Headless(&a, link, 0)
		runs, errB := HeadlessRuns(&b, link, 0)
		if a.String() != b.String() {
			t.Errorf("%s: HeadlessRuns wrote\n%s\nHeadless wrote\n%s", link, b.String(), a.String())
		}
		if (errA == nil) != (errB == nil) || (errA != nil && errA.Error() != errB.Error()) {
			t.Errorf("%s: errors %v and %v", link, errA, errB)
		}
		if len(runs) != 1 || len(runs[0].History()) < 2 {
			t.Errorf("%s: got %d runs", link, len(runs))
		}
	}
	runs, err := HeadlessRuns(io.Discard, "v=1&data=xor&cmp=bp&r2.lr=0.1&epochs=1", 0)
	if err != nil || len(runs) != 2 || runs[1].Exp.LR != 0.1 || runs[0].State() != Finished {
		t.Errorf("comparison: %d runs, %v", len(runs), err)
	}
	if runs, err := HeadlessRuns(io.Discard, "lr=banana", 0); err == nil || runs != nil {
		t.Errorf("bad link: %v, %v", runs, err)
	}
}

// TestDecodeComparisonOfPlainLinks: for a link without cmp,
// DecodeComparison gives Decode's experiment and problems.
func TestDecodeComparisonOfPlainLinks(t *testing.T) {
	for _, link := range []string{"", "v=1&lr=0.1", fullLink(), "lr=banana&seed=5", "lr=0.1&x=%zz", "v=99&lr=0.5",
		"data=nosuch&hidden=1024,1024,1024", "bp.magic=1&colour=red"} {
		e, errE := Decode(link)
		c, errC := DecodeComparison(link)
		if len(c.Runs) != 1 || !c.Runs[0].Equal(e) {
			t.Errorf("%q: DecodeComparison gave %q, Decode %q", link, c.Encode(), e.Encode())
		}
		if fmt.Sprint(errE) != fmt.Sprint(errC) {
			t.Errorf("%q: DecodeComparison error %v, Decode error %v", link, errC, errE)
		}
	}
}
