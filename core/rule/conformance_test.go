package rule_test

import (
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/diff/fd"
	"gonum.org/v1/gonum/floats"

	"plasticity/core/rule"
	"plasticity/core/run"
)

// TestRules is the conformance test every registered rule passes: complete
// metadata, defaults within bounds, learning XOR and the spiral on a fixed
// seed with the rule's suggested settings, and, for rules that follow the
// gradient, a finite-difference check of their update.
//
// With -short (make test runs the core's tests under WebAssembly so), the
// learning tasks are skipped: they take minutes, the native run checks
// them, and digest_test.go in core/run checks that WebAssembly computes
// the same numbers.
func TestRules(t *testing.T) {
	for _, info := range rule.Rules() {
		t.Run(info.Key, func(t *testing.T) {
			t.Parallel() // runs share nothing but the read-only registries
			t.Run("metadata", func(t *testing.T) { checkMetadata(t, info) })
			tasks := []struct {
				task, data string  // its name in rule.Info.Learns, its link keys
				minAcc     float64 // test accuracy after the budget
			}{
				{"xor", "data=xor", 0.9},
				{"spiral", "data=spiral&hidden=16,16", 0.8},
				// Linearly separable clusters (Bayes accuracy ≈ 0.977 at
				// this noise), for rules whose features are linear
				// projections of the input: they name it in Learns instead
				// of xor or spiral (rule.Info.Learns, rule.Info.Solves).
				{"gauss", "data=gauss&noise=0.5", 0.9},
			}
			for _, name := range info.Learns {
				known := false
				for _, c := range tasks {
					known = known || c.task == name
				}
				if !known {
					t.Errorf("Learns names %q, which is no conformance task", name)
				}
			}
			solved := 0
			for _, test := range tasks {
				if !info.Solves(test.task) {
					continue
				}
				solved++
				t.Run(test.data, func(t *testing.T) {
					if testing.Short() {
						t.Skip("learning tasks run without -short")
					}
					link := "rule=" + info.Key + "&" + test.data + "&epochs=300"
					if info.Suggested != "" {
						link += "&" + info.Suggested
					}
					r := newRun(t, link)
					for r.State() == run.Ready {
						r.Step()
					}
					if r.State() != run.Finished {
						t.Fatalf("%s: state %s: %s", link, r.State(), r.Message())
					}
					if m := r.Metrics(); !(m.TestAcc >= test.minAcc) {
						t.Errorf("%s: test accuracy %.3f after %d epochs, want ≥ %g", link, m.TestAcc, m.Epoch, test.minAcc)
					}
				})
			}
			if solved == 0 {
				t.Errorf("Learns %q names no conformance task: a rule must learn something", info.Learns)
			}
			if info.FollowsGradient {
				t.Run("gradient", func(t *testing.T) { checkGradient(t, info) })
			}
		})
	}
}

func checkMetadata(t *testing.T, info rule.Info) {
	for what, v := range map[string]string{"Title": info.Title, "Cite": info.Cite, "Summary": info.Summary, "Plausibility": info.Plausibility, "Equation": info.Equation} {
		if strings.TrimSpace(v) == "" {
			t.Errorf("%s is empty", what)
		}
	}
	for _, p := range info.Params {
		if p.Label == "" || p.Help == "" {
			t.Errorf("parameter %s: label or help missing", p.Key)
		}
		if p.Check(p.Default) != nil || p.Min > p.Max {
			t.Errorf("parameter %s: default %g outside [%g, %g]", p.Key, p.Default, p.Min, p.Max)
		}
		if p.Log && p.Min <= 0 {
			t.Errorf("parameter %s: log scale needs Min > 0", p.Key)
		}
	}
	if info.Suggested != "" {
		if _, err := run.Decode(info.Suggested); err != nil {
			t.Errorf("Suggested %q: %v", info.Suggested, err)
		}
	}
}

// checkGradient compares one Step's gradients with central finite
// differences of the batch loss (gonum's diff/fd), on a 2-5-4-3 network.
func checkGradient(t *testing.T, info rule.Info) {
	for _, act := range []string{"tanh", "sigmoid", "leakyrelu"} {
		r := newRun(t, "rule="+info.Key+"&data=gauss&classes=3&hidden=5,4&train=12&batch=12&act="+act)
		b := dataBatch(r)
		r.Rule.Step(b)
		for _, p := range r.Net.Params() {
			got := append([]float64(nil), p.Grad...)
			orig := append([]float64(nil), p.Value...)
			loss := func(v []float64) float64 {
				copy(p.Value, v)
				r.Net.Forward(b.X, b.N)
				return r.Net.LossValue(b.Y)
			}
			want := fd.Gradient(nil, loss, orig, &fd.Settings{Formula: fd.Central})
			copy(p.Value, orig)
			// 1e-6: central differences are accurate to about 1e-8 here.
			if !floats.EqualApprox(got, want, 1e-6) {
				t.Errorf("%s %s: got %v, want %v", act, p.Name, got, want)
			}
		}
	}
}

func newRun(t *testing.T, link string) *run.Run {
	t.Helper()
	e, err := run.Decode(link)
	if err != nil {
		t.Fatalf("Decode(%q): %v", link, err)
	}
	r, err := run.New(e)
	if err != nil {
		t.Fatalf("New(%q): %v", link, err)
	}
	return r
}

func TestRegisterPanics(t *testing.T) {
	newRule := rule.Rules()[0].New
	for _, test := range []struct {
		name string
		info rule.Info
	}{
		{"empty key", rule.Info{New: newRule}},
		{"bad key", rule.Info{Key: "Bad Key", New: newRule}},
		{"nil New", rule.Info{Key: "fresh"}},
		{"duplicate", rule.Info{Key: "bp", New: newRule}},
		{"default out of bounds", rule.Info{Key: "fresh2", New: newRule, Params: []rule.Param{{Key: "x", Default: 2, Min: 0, Max: 1}}}},
	} {
		t.Run(test.name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Errorf("Register did not panic")
				}
			}()
			rule.Register(test.info)
		})
	}
}

func TestParamCheck(t *testing.T) {
	p := rule.Param{Key: "k", Min: 0, Max: 10, Integer: true}
	c := rule.Param{Key: "c", Max: 2, Choices: []string{"a", "b", "c"}}
	for _, test := range []struct {
		p  rule.Param
		v  float64
		ok bool
	}{
		{p, 3, true}, {p, 3.5, false}, {p, -1, false}, {p, 11, false}, {p, math.NaN(), false}, {p, math.Inf(1), false},
		{c, 0, true}, {c, 2, true}, {c, 3, false}, {c, 0.5, false},
	} {
		if err := test.p.Check(test.v); (err == nil) != test.ok {
			t.Errorf("%s.Check(%v) = %v, want ok=%v", test.p.Key, test.v, err, test.ok)
		}
	}
}
