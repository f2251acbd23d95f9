package app

import (
	"math/rand/v2"
	"strings"
	"testing"

	"plasticity/core/data"
	"plasticity/core/nn"
	"plasticity/core/rule"
	"plasticity/core/run"
)

// panicky is a rule whose prediction panics once armed, like a rule with a
// bug the core does not guard: the page must stop with a message, not die.
type panicky struct {
	net   *nn.Net
	armed *bool
}

func (r *panicky) Step(b *data.Batch) {
	r.net.Forward(b.X, b.N)
	r.net.Backward(b.Y, nil)
}

func (r *panicky) Predict(out, x []float64, N int) {
	if *r.armed {
		panic("test: broken prediction")
	}
	r.net.Forward(x, N)
	copy(out, r.net.Output())
}

var panickyArmed bool

func init() {
	rule.Register(rule.Info{
		Key: "test-panicky", Title: "A rule that panics (app tests)",
		New: func(net *nn.Net, _ rule.Hyper, _ *rand.Rand) rule.Rule {
			return &panicky{net: net, armed: &panickyArmed}
		},
	})
}

func TestProtect(t *testing.T) {
	// Not parallel: it arms the rule.
	m := newModel("rule=test-panicky")
	if m.run == nil {
		t.Fatal(m.failure)
	}
	m.play()
	panickyArmed = true
	defer func() { panickyArmed = false }()
	m.step(true) // the epoch's end evaluates, and so predicts
	var s run.Snapshot
	m.protect("drawing the maps", func() { m.run.Paint(&s, 16) })
	// The run guards every call into the rule (core/run): it stops as
	// failed, with the rule named, and nothing panics up to the page.
	if m.run.State() != run.Failed || !strings.Contains(m.run.Message(), "broken prediction") {
		t.Fatalf("run %s %q", m.run.State(), m.run.Message())
	}
	if m.state() != stateError || m.canTrain() || m.playing {
		t.Errorf("state %q, can train %v, playing %v", m.state(), m.canTrain(), m.playing)
	}
	if n := m.notice(); n.kind != "error" || !strings.Contains(n.title, "A rule that panics (app tests)") || !strings.Contains(n.title, "broken prediction") {
		t.Errorf("notice %+v", n)
	}
	// A panic outside the run (the page's own drawing) stops the page with
	// an internal error, and the tab lives on.
	m = newModel("")
	m.play()
	if m.protect("drawing the charts", func() { panic("test: broken chart") }) {
		t.Error("protect reported a panicking function as returned")
	}
	if m.state() != stateError || m.canTrain() || m.playing || !strings.Contains(m.failure, "broken chart") {
		t.Errorf("state %q, can train %v, playing %v, failure %q", m.state(), m.canTrain(), m.playing, m.failure)
	}
	if n := m.notice(); n.kind != "error" || !strings.Contains(n.title, "internal error") {
		t.Errorf("notice %+v", n)
	}
	// Building a run whose first evaluation panics is a failure too.
	m = newModel("rule=test-panicky")
	if m.run != nil || m.state() != stateError || !strings.Contains(m.failure, "A rule that panics (app tests)") {
		t.Errorf("run %v, state %q, failure %q", m.run != nil, m.state(), m.failure)
	}
	panickyArmed = false
	m.reset()
	if m.run == nil || m.state() != stateReady {
		t.Errorf("after reset: %q %s", m.state(), m.failure)
	}
}
