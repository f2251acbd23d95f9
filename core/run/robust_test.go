package run

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"plasticity/core/data"
	"plasticity/core/nn"
	"plasticity/core/probe"
	"plasticity/core/rule"
)

// paniky is a rule with a bug on purpose: it trains as backprop until it
// panics where its hyperparameter "at" says. It is registered by this test
// package only (a _test.go init), so it exists in core/run's test binary
// and in no other registry.
type paniky struct {
	net   *nn.Net
	at    string
	steps int
}

const panikyTitle = "Paniky (a rule that panics, for core/run's tests)"

var panikyAt = []string{"none", "step", "predict", "probe", "paint", "new"}

func init() {
	rule.Register(rule.Info{
		Key: "paniky-test", Title: panikyTitle,
		Params: []rule.Param{{Key: "at", Label: "Panics in", Help: "where the rule panics",
			Choices: panikyAt, Max: float64(len(panikyAt) - 1)}},
		New: func(net *nn.Net, h rule.Hyper, _ *rand.Rand) rule.Rule {
			return &paniky{net: net, at: panikyAt[int(h["at"])]}
		},
	})
}

// Step implements rule.Rule; at=step panics at the fourth step.
func (p *paniky) Step(b *data.Batch) {
	if p.at == "step" && p.steps >= 3 {
		panic("paniky: a bug in Step")
	}
	p.steps++
	p.net.Forward(b.X, b.N)
	p.net.Backward(b.Y, nil)
}

// Predict implements rule.Predictor. at=new panics at once (in New's first
// evaluation), at=predict once the rule has stepped (in the evaluation at
// the end of the first epoch), at=paint only for more points than an
// evaluation forwards at once: the maps of Paint at a grid above 16.
func (p *paniky) Predict(out, x []float64, N int) {
	switch {
	case p.at == "new", p.at == "predict" && p.steps > 0:
		panic("paniky: a bug in Predict")
	case p.at == "paint" && N > evalChunk:
		panic("paniky: a bug in Predict, while painting")
	}
	p.net.Forward(x, N)
	copy(out, p.net.Output())
}

// Probe implements rule.Prober; at=probe panics once the rule has stepped.
func (p *paniky) Probe(dst []probe.Metric) []probe.Metric {
	if p.at == "probe" && p.steps > 0 {
		panic("paniky: a bug in Probe")
	}
	return dst
}

// TestPanicBecomesFailed: a panic in the rule's Step, in its prediction
// (Evaluate, Metrics), in its probes or while painting stops the run as
// Failed with the rule named and the panic's words, and nothing panics
// out of the run afterwards: not Step, Metrics, Probes nor Paint.
func TestPanicBecomesFailed(t *testing.T) {
	for _, test := range []struct {
		at, words string
	}{
		{"step", "a bug in Step"},
		{"predict", "a bug in Predict"},
		{"probe", "a bug in Probe"},
		{"paint", "a bug in Predict, while painting"},
	} {
		t.Run(test.at, func(t *testing.T) {
			r := mustRun(t, "rule=paniky-test&epochs=3&paniky-test.at="+test.at)
			var stepErr error
			for r.State() == Ready {
				if err := r.Step(); err != nil && stepErr == nil {
					stepErr = err
				}
				if test.at == "paint" && r.StepCount() == 5 {
					var s Snapshot
					r.Paint(&s, 16) // 256 points: no panic yet
					if s.State != Ready {
						t.Fatalf("Paint at grid 16: %s %q", s.State, s.Message)
					}
					r.Paint(&s, 20)
				}
			}
			if r.State() != Failed {
				t.Fatalf("state %s (%q), want %s", r.State(), r.Message(), Failed)
			}
			msg := r.Message()
			if !strings.Contains(msg, panikyTitle) || !strings.Contains(msg, test.words) {
				t.Errorf("message %q; want the rule's title and %q", msg, test.words)
			}
			if test.at != "paint" && (stepErr == nil || stepErr.Error() != msg) {
				t.Errorf("Step returned %v; want the message %q", stepErr, msg)
			}
			// Nothing panics out of a failed run, and it keeps its first
			// message however often the rule panics again.
			step := r.StepCount()
			if err := r.Step(); err != nil || r.StepCount() != step {
				t.Errorf("a failed run stepped: %v, step %d → %d", err, step, r.StepCount())
			}
			if m := r.Metrics(); math.IsNaN(m.TrainLoss) {
				t.Error("a failed run's training loss is NaN; want the last one known")
			}
			r.Probes()
			var s Snapshot
			r.Paint(&s, 20)
			if s.State != Failed || s.Message != msg || r.Message() != msg {
				t.Errorf("snapshot %s %q, run %q; want %s %q", s.State, s.Message, r.Message(), Failed, msg)
			}
		})
	}
}

// TestPanicInNew: a rule that panics in the run's first evaluation is an
// error of New naming the rule, not a panic and not a half-built run.
func TestPanicInNew(t *testing.T) {
	e, err := Decode("rule=paniky-test&paniky-test.at=new")
	if err != nil {
		t.Fatal(err)
	}
	r, err := New(e)
	if err == nil || r != nil {
		t.Fatalf("New = %v, %v; want an error", r, err)
	}
	if !strings.Contains(err.Error(), panikyTitle) || !strings.Contains(err.Error(), "a bug in Predict") {
		t.Errorf("error %q; want the rule's title and the panic", err)
	}
}

// TestPanicHeadless: `plasticity run` (Headless) on a rule that panics
// writes the records up to the failure, then one with state "error" and
// the message, and returns the message as its error. In a comparison the
// other runs go on to the end.
func TestPanicHeadless(t *testing.T) {
	var out bytes.Buffer
	err := Headless(&out, "rule=paniky-test&paniky-test.at=step", 2)
	if err == nil || !strings.Contains(err.Error(), panikyTitle) {
		t.Fatalf("Headless: error %v; want one naming the rule", err)
	}
	recs := records(t, out.Bytes())
	if last := recs[len(recs)-1]; last.State != Failed || last.Message != err.Error() {
		t.Errorf("last record %+v; want state %s and the message", last, Failed)
	}

	out.Reset()
	err = HeadlessCompare(&out, "cmp=paniky-test&r2.paniky-test.at=predict", 2)
	if err == nil || !strings.Contains(err.Error(), "run 2 (paniky-test)") || !strings.Contains(err.Error(), panikyTitle) {
		t.Fatalf("HeadlessCompare: error %v; want one naming run 2 and its rule", err)
	}
	done := false
	for _, rec := range records(t, out.Bytes()) {
		done = done || rec.Run == 1 && rec.Epoch == 2
		if rec.Run == 1 && rec.State != "" {
			t.Errorf("run 1 stopped: %+v", rec)
		}
	}
	if !done {
		t.Error("run 1 did not reach epoch 2 beside the failed run")
	}
}

func records(t *testing.T, out []byte) []Record {
	t.Helper()
	var recs []Record
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		var rec Record
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			t.Fatalf("%q: %v", sc.Text(), err)
		}
		recs = append(recs, rec)
	}
	if len(recs) == 0 {
		t.Fatal("no records")
	}
	return recs
}

// TestLinkCaps: a link cannot ask for more arithmetic at once than a phone
// does in a moment (workcap.go). Decode lowers the split sizes or the
// batch and names the key; links within the caps pass untouched.
func TestLinkCaps(t *testing.T) {
	for _, test := range []struct {
		link    string
		badKeys []string
	}{
		{"hidden=1024,1024&train=60000&test=10000", []string{"train"}},
		{"hidden=1024,1024&batch=1024", []string{"batch"}},
		{"hidden=1024,1024,900&train=60000&test=10000&batch=1024", []string{"train", "batch"}},
		{"data=mnist&neuron=lif&hidden=128&snn.t=32&train=10000&test=2000", []string{"train"}},
		{"data=mnist&hidden=1024&train=10000&test=2000", []string{"train"}},
		// Within the caps: the heaviest links the lessons and rules use.
		{"data=mnist&hidden=128&train=10000&test=2000&batch=1024", nil},
		{"hidden=1024,1024", nil},
		{"data=mnist&hidden=256&batch=64", nil},
	} {
		t.Run(test.link, func(t *testing.T) {
			e, err := Decode(test.link)
			var keys []string
			if le, ok := err.(*LinkError); ok {
				keys = le.Keys()
			} else if err != nil {
				t.Fatalf("Decode: %v", err)
			}
			if strings.Join(keys, ",") != strings.Join(test.badKeys, ",") {
				t.Errorf("problems with %v (%v), want %v", keys, err, test.badKeys)
			}
			if err := e.Validate(); err != nil {
				t.Errorf("Decode gave an invalid experiment: %v", err)
			}
			c := e.ExampleCost()
			if (e.Train+e.Test)*c > MaxEvalWork || e.Batch*c > MaxStepWork {
				t.Errorf("train %d, test %d, batch %d at %d an example: over the caps", e.Train, e.Test, e.Batch, c)
			}
			if test.badKeys != nil {
				if f, err := Decode(e.Encode()); err != nil || !f.Equal(e) {
					t.Errorf("the lowered link %q does not read back unchanged: %v", e.Encode(), err)
				}
			}
		})
	}
	// An experiment built in code is checked as well.
	e := Default()
	e.Hidden, e.Train, e.Test, e.Batch = []int{1024, 1024}, 60000, 10000, 1024
	var le *LinkError
	if err := e.Validate(); !errors.As(err, &le) || strings.Join(le.Keys(), ",") != "train,batch" {
		t.Errorf("Validate: %v; want train and batch named", err)
	}
}

// BenchmarkHeaviestLink measures the heaviest link that Decode lets
// through: building it (its first evaluation), one step and one paint.
// Without the caps this link took 42 s to build on the 2-core build
// machine; with them about 3 s, most of it the first evaluation (MaxEvalWork).
// (A benchmark, not a timed test: a busy
// machine must not fail the build.)
func BenchmarkHeaviestLink(b *testing.B) {
	e, _ := Decode("hidden=1024,1024,900&train=60000&test=10000&batch=1024")
	for b.Loop() {
		r, err := New(e)
		if err != nil {
			b.Fatal(err)
		}
		r.Step()
		var s Snapshot
		r.Paint(&s, 16)
	}
	b.Logf("train %d, test %d, batch %d", e.Train, e.Test, e.Batch)
}
