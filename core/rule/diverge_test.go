package rule_test

import (
	"math"
	"strings"
	"testing"
	"time"

	"plasticity/core/rule"
	"plasticity/core/run"
)

// divergeRecipes are links that make a rule's training blow up, tried in
// order until one does. Measured on the default spiral (400 examples,
// batches of 16, so 25 steps an epoch):
//
//   - An absurd learning rate with plain SGD and ReLU (no Adam to
//     normalise the step, no saturating unit) diverges every rule but the
//     forward-forward ones within 90 steps: the loss passes 10·ℒ₀ + 1, or
//     the weights overflow (Oja and Sanger within 4 steps).
//   - Forward-forward (ff, cff) normalises each layer's input, and ReLU
//     goodness keeps their updates bounded: at lr=100 they train on to the
//     end. Linear units with weights 100 times the usual size make the
//     goodness, and so the update, grow without bound: the weights overflow
//     within 50 steps.
//
// A rule that none of these recipes makes diverge must at least stay
// finite: TestDiverge then checks that and logs it.
var divergeRecipes = []string{
	"lr=100&opt=sgd&act=relu",
	"lr=100&opt=sgd&act=linear&initscale=100",
}

// TestDiverge drives every registered rule to divergence and checks what a
// user then sees: the run stops as diverged with a message, nothing NaN
// reaches a snapshot (weights, figures, the predictions behind the maps),
// a diverged run does not step on, and a new run of the same link (the
// page's reset) starts afresh, exactly as the first did.
func TestDiverge(t *testing.T) {
	for _, info := range rule.Rules() {
		t.Run(info.Key, func(t *testing.T) {
			t.Parallel()
			var last *run.Run
			for _, recipe := range divergeRecipes {
				link := "rule=" + info.Key + "&epochs=40&" + recipe
				if info.Spiking {
					link += "&neuron=lif"
				}
				e, err := run.Decode(link)
				if err != nil {
					t.Fatalf("Decode(%q): %v", link, err)
				}
				r, err := run.New(e)
				if err != nil {
					t.Skipf("%s refuses the experiment: %v", info.Key, err)
				}
				for r.State() == run.Ready {
					r.Step()
				}
				last = r
				if r.State() == run.Diverged {
					checkDiverged(t, link, e, r)
					return
				}
				if r.State() != run.Finished {
					t.Fatalf("%s: state %s: %s", link, r.State(), r.Message())
				}
			}
			// No recipe made it diverge: it must have stayed finite.
			checkFinite(t, "after the last recipe", last)
			t.Logf("no recipe made %s diverge; it stayed finite at step %d", info.Key, last.StepCount())
		})
	}
}

func checkDiverged(t *testing.T, link string, e run.Experiment, r *run.Run) {
	t.Helper()
	if !strings.Contains(r.Message(), "diverged") || !strings.Contains(r.Message(), "learning rate") {
		t.Errorf("%s: message %q; want one that says it diverged and suggests a smaller learning rate", link, r.Message())
	}
	checkFinite(t, link, r)
	step := r.StepCount()
	if err := r.Step(); err != nil || r.State() != run.Diverged || r.StepCount() != step {
		t.Errorf("%s: a diverged run stepped on: %v, state %s, step %d → %d", link, err, r.State(), step, r.StepCount())
	}

	again, err := run.New(e) // the page's reset
	if err != nil {
		t.Fatalf("%s: reset: %v", link, err)
	}
	if again.State() != run.Ready || again.StepCount() != 0 {
		t.Fatalf("%s: reset: state %s at step %d", link, again.State(), again.StepCount())
	}
	if got, want := again.History()[0].Metrics, r.History()[0].Metrics; got != want {
		t.Errorf("%s: reset starts from %+v, the first run from %+v", link, got, want)
	}
	if _, err := again.Advance(time.Minute, 3); err != nil || again.State() != run.Ready || again.StepCount() != 3 {
		t.Errorf("%s: after reset: %v, state %s at step %d", link, err, again.State(), again.StepCount())
	}
	checkFinite(t, link+" after reset", again)
}

// checkFinite paints r at grid 16 and checks that its snapshot holds no
// NaN or infinity: weights, loss and accuracy, and the predictions the
// decision map is coloured from.
func checkFinite(t *testing.T, what string, r *run.Run) {
	t.Helper()
	const grid = 16
	var s run.Snapshot
	r.Paint(&s, grid)
	if s.State != r.State() || s.Message != r.Message() {
		t.Errorf("%s: snapshot says %s %q, the run %s %q", what, s.State, s.Message, r.State(), r.Message())
	}
	for l, w := range s.Weights {
		for i, v := range w {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				t.Fatalf("%s: weight %d of layer %d is %v in the snapshot", what, i, l, v)
			}
		}
	}
	for name, v := range map[string]float64{
		"train loss": s.TrainLoss, "test loss": s.TestLoss,
		"train accuracy": s.TrainAcc, "test accuracy": s.TestAcc,
	} {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			t.Errorf("%s: %s is %v in the snapshot", what, name, v)
		}
	}
	if s.Grid != grid || len(s.Decision) != 4*grid*grid {
		t.Fatalf("%s: grid %d, %d decision bytes", what, s.Grid, len(s.Decision))
	}
	for p := 3; p < len(s.Decision); p += 4 {
		if s.Decision[p] != 255 {
			t.Fatalf("%s: decision pixel %d is not opaque", what, p/4)
		}
	}
	// The pixels are bytes, so look at what they were coloured from: the
	// predictions over the same lattice.
	pts := make([]float64, 0, 2*grid*grid)
	for i := range grid {
		for j := range grid {
			pts = append(pts, -1+2*(float64(j)+0.5)/grid, 1-2*(float64(i)+0.5)/grid)
		}
	}
	k := r.Net.Outputs()
	out := make([]float64, grid*grid*k)
	r.Predict(out, pts, grid*grid)
	for i, v := range out {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			t.Fatalf("%s: the decision map's prediction %d is %v", what, i, v)
		}
	}
}
