package rule_test

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"plasticity/core/rule"
	"plasticity/core/run"
)

// divergeRecipes are links that make a rule's training blow up, tried in
// order until one does. Measured on the default spiral (400 examples,
// batches of 16, so 25 steps an epoch):
//
//   - An absurd learning rate with plain SGD and ReLU (no Adam to
//     normalise the step, no saturating unit) diverges most rules within 90
//     steps: the loss passes 10·ℒ₀ + 1, or the weights overflow (Oja and
//     Sanger within 4 steps).
//   - Forward-forward (ff, cff) normalises each layer's input, and ReLU
//     goodness keeps their updates bounded: at lr=100 they train on to the
//     end. Linear units with weights 100 times the usual size make the
//     goodness, and so the update, grow without bound: the outputs
//     overflow at step 48 while the weights are still finite (Metrics
//     catches that), the weights at step 49.
//   - The energy-based rules (ep, chl) clip their units' states to [0, 1],
//     and for classification their outputs too: an update is at most η/β,
//     so the weights grow only linearly and the loss stays bounded; they
//     train on to the end of both recipes above. Regression (data=plane)
//     makes their output units linear and unbounded: the loss grows to
//     10¹⁶¹ within the first epoch.
//
// A rule that none of these recipes makes diverge must at least stay
// finite: TestDiverge then checks that and logs it.
var divergeRecipes = []string{
	"lr=100&opt=sgd&act=relu",
	"lr=100&opt=sgd&act=linear&initscale=100",
	"lr=100&opt=sgd&data=plane",
}

// TestDiverge drives every registered rule to divergence and checks what a
// user then sees: the run stops as diverged with a message, nothing NaN
// reaches a snapshot (weights, figures, the predictions behind the maps)
// at any step on the way, a diverged run does not step on, and a new run
// of the same link (the page's reset) starts afresh and runs the same
// course. Rules whose New refuses a recipe's experiment skip that recipe.
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
				// Find the recipe without painting (cheap), then run it
				// again painted at every step, as the page may paint.
				r, err := run.New(e)
				if err != nil {
					t.Logf("%s refuses %s: %v", info.Key, link, err)
					continue
				}
				for r.State() == run.Ready {
					r.Step()
					if r.State() == run.Ready {
						checkParams(t, fmt.Sprintf("%s at step %d", link, r.StepCount()), r)
					}
				}
				last = r
				switch r.State() {
				case run.Diverged:
					checkDiverged(t, link, e)
					return
				case run.Finished:
				default:
					t.Fatalf("%s: state %s: %s", link, r.State(), r.Message())
				}
			}
			if last == nil {
				t.Skipf("%s refuses every recipe", info.Key)
			}
			// No recipe made it diverge: it must have stayed finite.
			checkFinite(t, "after the last recipe", last)
			t.Logf("no recipe made %s diverge; it stayed finite at step %d", info.Key, last.StepCount())
		})
	}
}

// paintedRun runs e to its end, painting after every step, and returns it.
func paintedRun(t *testing.T, what string, e run.Experiment) *run.Run {
	t.Helper()
	r, err := run.New(e)
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	checkFinite(t, what+" at step 0", r)
	for r.State() == run.Ready {
		r.Step()
		checkFinite(t, fmt.Sprintf("%s at step %d", what, r.StepCount()), r)
	}
	return r
}

func checkDiverged(t *testing.T, link string, e run.Experiment) {
	t.Helper()
	r := paintedRun(t, link, e)
	if r.State() != run.Diverged {
		t.Fatalf("%s painted at every step: %s at step %d (%q); want diverged", link, r.State(), r.StepCount(), r.Message())
	}
	if !strings.Contains(r.Message(), "diverged") || !strings.Contains(r.Message(), "learning rate") {
		t.Errorf("%s: message %q; want one that says it diverged and suggests a smaller learning rate", link, r.Message())
	}
	step := r.StepCount()
	if err := r.Step(); err != nil || r.State() != run.Diverged || r.StepCount() != step {
		t.Errorf("%s: a diverged run stepped on: %v, state %s, step %d → %d", link, err, r.State(), step, r.StepCount())
	}
	checkFinite(t, link+" diverged", r)

	// The page's reset: a new run of the same experiment starts where the
	// first did and runs the same course.
	again := paintedRun(t, link+" after reset", e)
	if !sameMetrics(again.History()[0].Metrics, r.History()[0].Metrics) {
		t.Errorf("%s: reset starts from %+v, the first run from %+v", link, again.History()[0].Metrics, r.History()[0].Metrics)
	}
	if again.State() != run.Diverged || again.StepCount() != step || again.Message() != r.Message() {
		t.Errorf("%s: after reset: %s at step %d (%q); the first run diverged at step %d (%q)",
			link, again.State(), again.StepCount(), again.Message(), step, r.Message())
	}
}

// checkParams checks that a run still Ready after a step has only finite
// parameters: the step itself must stop a run whose weights overflow, not
// only the evaluation at the epoch's end.
func checkParams(t *testing.T, what string, r *run.Run) {
	t.Helper()
	params := r.Net.Params()
	if po, ok := r.Rule.(rule.ParamOwner); ok {
		params = append(params, po.Params()...)
	}
	for _, p := range params {
		for i, v := range p.Value {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				t.Fatalf("%s: the run is %s with %s[%d] = %v", what, r.State(), p.Name, i, v)
			}
		}
	}
}

// sameMetrics compares figures, NaN (no accuracy for regression) equal to NaN.
func sameMetrics(a, b run.Metrics) bool {
	eq := func(x, y float64) bool { return x == y || math.IsNaN(x) && math.IsNaN(y) }
	return a.Step == b.Step && a.Epoch == b.Epoch && eq(a.Passes, b.Passes) &&
		eq(a.TrainLoss, b.TrainLoss) && eq(a.TestLoss, b.TestLoss) && eq(a.TrainAcc, b.TrainAcc) && eq(a.TestAcc, b.TestAcc)
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
	figures := map[string]float64{"train loss": s.TrainLoss, "test loss": s.TestLoss}
	if r.Train.Classes > 0 { // regression has no accuracy (NaN by design)
		figures["train accuracy"], figures["test accuracy"] = s.TrainAcc, s.TestAcc
	}
	for name, v := range figures {
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
