package lesson

import (
	"fmt"
	"math"
	"strings"

	"plasticity/core/run"
)

// Lesson 9. Measured (seed 1, four Gaussian clusters, noise 0.3, labels
// moving on every 5 epochs for 40 epochs, 2-16-16-4 tanh, momentum 0.003):
// mean training accuracy over the epochs after the first shift 60.3 % at
// the fixed rate, 74.3 % with homeostasis (gain 2), 74.7 % at the fixed
// rate 0.006; test accuracy just before the shifts 93.0, 93.4 and 94.2 %.
// Seed 2: 59.9, 74.1 and 72.5 %. A fixed rate of 0.03 reached 77.8 %.
func init() {
	Register(Lesson{
		Key:   "homeostasis",
		Title: "Concept shift and homeostasis",
		Cite:  "Man, Damasio & Neven (2022). Need is all you need: homeostatic neural networks adapt to concept shift. arXiv.",
		Text: []string{
			"A concept shift keeps the inputs and changes what they mean. Here every five epochs each cluster's label moves on to the next class: " +
				"the network that was right is now wrong everywhere, and must relearn.",
			"Man, Damasio and Neven give a network a need: how badly it is doing now compared with how it usually does, and let that need modulate " +
				"its learning. In this playground the need sets the learning rate: η_t = η · (ℒ_recent / ℒ_usual)², never below η, up to 10η. " +
				"When nothing changes the rate is the usual one; after a shift it rises for a while (the diagnostics chart it).",
			"Does that adapt faster than a fixed rate? Than the same fixed rate, yes. But a fixed rate twice as high adapts as fast here: " +
				"in this miniature the need mostly supplies a higher rate when it is useful, and costs nothing in between.",
		},
		Steps: []Step{
			{Text: "Run 1 learns at a fixed rate, run 2 with the homeostatic rate from the same base, run 3 at a fixed rate twice as high. " +
				"Press play: every five epochs the accuracy collapses (the labels moved) and climbs back; compare how fast.",
				Link: "data=gauss&classes=4&noise=0.3&epochs=40&opt=momentum&lr=0.003&drift=5&cmp=bp,bp&r2.homeostasis=2&r3.lr=0.006"},
			{Text: "Make the shifts rarer or more frequent (drift in the link), or raise the gain: the slower the base rate, the more the need helps."},
		},
		Claims: []Claim{
			{Text: "After the concept shifts, the homeostatic run's mean training accuracy beats the same fixed rate's by more than 10 points.",
				Step: 0, Check: homeoFaster},
			{Text: "A fixed rate twice as high adapts about as well: within 3 points of the homeostatic run.",
				Step: 0, Check: doubleRateMatches},
		},
		Figures: driftFigure,
	})
}

// afterDrift returns r's mean training accuracy over its history points
// after the first drift.
func afterDrift(r *run.Run) float64 {
	sum, n := 0.0, 0
	for _, p := range r.History() {
		if r.Exp.Drift > 0 && p.Epoch > r.Exp.Drift {
			sum += p.TrainAcc
			n++
		}
	}
	if n == 0 {
		return math.NaN()
	}
	return sum / float64(n)
}

func driftDetail(runs []*run.Run) string {
	parts := make([]string, len(runs))
	for i, r := range runs {
		name := fmt.Sprintf("fixed η = %g", r.Exp.LR)
		if r.Exp.Homeostasis > 0 {
			name = fmt.Sprintf("homeostatic from η = %g", r.Exp.LR)
		}
		parts[i] = fmt.Sprintf("%s %s", name, pct1(afterDrift(r)))
	}
	return "mean training accuracy after the first shift: " + strings.Join(parts, ", ") + fmt.Sprintf(" (epoch %d)", runs[0].Epoch())
}

func homeoFaster(runs []*run.Run) Verdict {
	if v, ok := need(runs, 2); !ok {
		return v
	}
	d := driftDetail(runs)
	if !stopped(runs) {
		return Verdict{Status: Pending, Detail: d}
	}
	if afterDrift(runs[1])-afterDrift(runs[0]) > 0.1 {
		return Verdict{Status: Holds, Detail: d}
	}
	return Verdict{Status: Fails, Detail: d}
}

func doubleRateMatches(runs []*run.Run) Verdict {
	if v, ok := need(runs, 3); !ok {
		return v
	}
	d := driftDetail(runs)
	if !stopped(runs) {
		return Verdict{Status: Pending, Detail: d}
	}
	if math.Abs(afterDrift(runs[2])-afterDrift(runs[1])) < 0.03 {
		return Verdict{Status: Holds, Detail: d}
	}
	return Verdict{Status: Fails, Detail: d}
}

// driftFigure plots each run's training accuracy by epoch (the point just
// after each shift included).
func driftFigure(runs []*run.Run) []Figure {
	f := Figure{
		ID: "drift", Title: "Training accuracy through the shifts", XLabel: "epoch", Percent: true,
		Help: "Each run's training accuracy; it collapses at every shift of the labels and climbs back.",
	}
	h := runs[0].History()
	for _, p := range h {
		f.X = append(f.X, float64(p.Epoch))
	}
	for _, r := range runs {
		s := Series{Label: fmt.Sprintf("fixed %g", r.Exp.LR)}
		if r.Exp.Homeostasis > 0 {
			s.Label = "homeostatic"
		}
		for i := range h {
			v := math.NaN()
			if i < len(r.History()) {
				v = r.History()[i].TrainAcc
			}
			s.Y = append(s.Y, v)
		}
		f.Series = append(f.Series, s)
	}
	return []Figure{f}
}
