package lesson

import (
	"fmt"
	"math"
	"strings"

	"plasticity/core/run"
)

// MeanUpdateAngle returns, per weight layer, the mean of the run's
// update_angle probe over its history points after the first (the angle
// between the rule's update and backprop's gradient on the same batch,
// sampled once per epoch); NaN for a layer that never had one.
func MeanUpdateAngle(r *run.Run) []float64 {
	L := r.Net.NumLayers()
	sum, n := make([]float64, L), make([]int, L)
	for _, p := range r.History()[1:] {
		for l := 0; l < L; l++ {
			if a := metric(p, "update_angle", l); !math.IsNaN(a) {
				sum[l] += a
				n[l]++
			}
		}
	}
	for l := range sum {
		if n[l] == 0 {
			sum[l] = math.NaN()
		} else {
			sum[l] /= float64(n[l])
		}
	}
	return sum
}

// Lesson 5. Measured (seed 1, circle, 2-16-16-2 tanh, Adam 0.01, 10
// epochs; update angles averaged over the epochs): with 50 inference steps
// the angles of the three weight layers are 14°, 50° and 102° at γ = 1,
// 7°, 30° and 68° at γ = 0.1, 7°, 9° and 8° at γ = 0.01 and 7°, 7° and
// 0.3° at γ = 0.001. At γ = 0.01 with 1 step the first layer gets no
// update; with 3 steps 2.6°, 6.2° and 0.6°; with 10 steps 8.7°, 12.7° and
// 1.7°; with 100 steps 3.4°, 9.4° and 13.2°. At the initial weights,
// averaged over 8 seeds, the angles grow with the steps at every γ until
// the relaxation settles (γ = 1: last layer 46° at 1 step, 81° at 50).
func init() {
	const pc = "data=circle&rule=pc&cmp=pc,pc,pc&opt=adam&lr=0.01&epochs=10"
	Register(Lesson{
		Key:   "pc-approx",
		Title: "Predictive coding approximates backprop, with a weak nudge",
		Cite: "Whittington & Bogacz (2017). An approximation of the error backpropagation algorithm in a predictive coding network with local " +
			"Hebbian synaptic plasticity. Neural Computation 29(5), 1229–1262; Millidge, Tschantz & Buckley (2022). Predictive coding approximates " +
			"backprop along arbitrary computation graphs. Neural Computation 34(6), 1329–1368.",
		Text: []string{
			"In a predictive coding network every unit has an error neuron: the difference between its value and the prediction from the layer below. " +
				"With the input clamped and the output nudged towards the target, the values relax for T inference steps to lower the total error; " +
				"then each weight changes by its error neuron's activity times its input, a local Hebbian product.",
			"Whittington and Bogacz showed that at equilibrium the error neurons carry backprop's errors, provided the nudge at the output is weak " +
				"(γ small, the output's variance large). The update angle to backprop, in the rule's diagnostics, measures how close they come.",
			"What about the number of inference steps? Errors climb one layer per step, so the bottom layers need at least as many steps as there are " +
				"layers above them. Beyond that, more steps let the values settle: towards backprop's errors if the nudge is weak, away from them if it is strong. " +
				"The first steps, starting from the feed-forward values, are already close to backprop; more relaxation does not bring the update closer.",
		},
		Steps: []Step{
			{Text: "Four predictive coding runs with 50 inference steps and an output weight γ of 1, 0.1, 0.01 and 0.001. Compare their update angles " +
				"(choose each run in “Show the diagnostics of”): the weaker the nudge, the closer to backprop.",
				Link: pc + "&pc.steps=50&pc.nudge=1&r2.pc.nudge=0.1&r3.pc.nudge=0.01&r4.pc.nudge=0.001"},
			{Text: "Now γ = 0.01 and 1, 3, 10 and 100 inference steps. With one step the error never reaches the first layer, which does not learn; " +
				"three steps suffice for this network, and more steps do not bring the update closer to backprop's.",
				Link: pc + "&pc.nudge=0.01&pc.steps=1&r2.pc.steps=3&r3.pc.steps=10&r4.pc.steps=100"},
		},
		Claims: []Claim{
			{Text: "The update angle to backprop, averaged over layers and epochs, falls as the output weight γ falls from 1 to 0.001, and is below 10° at γ = 0.001.",
				Step: 0, Check: pcNudge},
			{Text: "With one inference step the first layer gets no update; with three, every layer's update is within 15° of backprop's; 100 steps are no closer than 3 in the last layer.",
				Step: 1, Check: pcSteps},
		},
		Figures: pcFigure,
	})
}

// meanAngle averages MeanUpdateAngle over the layers that have one.
func meanAngle(r *run.Run) float64 {
	sum, n := 0.0, 0
	for _, a := range MeanUpdateAngle(r) {
		if !math.IsNaN(a) {
			sum += a
			n++
		}
	}
	if n == 0 {
		return math.NaN()
	}
	return sum / float64(n)
}

func pcNudge(runs []*run.Run) Verdict {
	if v, ok := need(runs, 4); !ok {
		return v
	}
	parts := make([]string, len(runs))
	ok := true
	for i, r := range runs {
		a := meanAngle(r)
		parts[i] = fmt.Sprintf("%s at γ = %g", deg(a), hyper(r, "nudge"))
		if math.IsNaN(a) || i > 0 && (a >= meanAngle(runs[i-1]) || hyper(r, "nudge") >= hyper(runs[i-1], "nudge")) {
			ok = false
		}
	}
	ok = ok && meanAngle(runs[len(runs)-1]) < 10
	d := strings.Join(parts, ", ") + fmt.Sprintf(" (epoch %d)", runs[0].Epoch())
	if !stopped(runs) {
		return Verdict{Status: Pending, Detail: d}
	}
	if ok {
		return Verdict{Status: Holds, Detail: d}
	}
	return Verdict{Status: Fails, Detail: d}
}

func pcSteps(runs []*run.Run) Verdict {
	if v, ok := need(runs, 4); !ok {
		return v
	}
	one, three, many := MeanUpdateAngle(runs[0]), MeanUpdateAngle(runs[1]), MeanUpdateAngle(runs[3])
	L := len(one)
	d := fmt.Sprintf("1 step: first layer %s; 3 steps: %s; 100 steps: last layer %s", angleOrNone(one[0]), angles(three), deg(many[L-1]))
	if !stopped(runs) {
		return Verdict{Status: Pending, Detail: d}
	}
	ok := math.IsNaN(one[0]) && !math.IsNaN(three[0]) && many[L-1] >= three[L-1]
	for _, a := range three {
		ok = ok && a < 15
	}
	if ok {
		return Verdict{Status: Holds, Detail: d}
	}
	return Verdict{Status: Fails, Detail: d}
}

func angleOrNone(a float64) string {
	if math.IsNaN(a) {
		return "no update"
	}
	return deg(a)
}

func angles(as []float64) string {
	s := make([]string, len(as))
	for i, a := range as {
		s[i] = angleOrNone(a)
	}
	return strings.Join(s, ", ")
}

// pcFigure plots each run's mean update angle per layer.
func pcFigure(runs []*run.Run) []Figure {
	f := Figure{
		ID: "pc-angles", Title: "Update angle to backprop by run", XLabel: "run", Unit: "°",
		Help: "Each run's update angle, averaged over the epochs so far, one line per weight layer (the runs differ as the step says).",
	}
	L := runs[0].Net.NumLayers()
	series := make([]Series, L)
	for l := range series {
		series[l].Label = fmt.Sprintf("layer %d", l+1)
	}
	for i, r := range runs {
		f.X = append(f.X, float64(i+1))
		m := MeanUpdateAngle(r)
		for l := range series {
			v := math.NaN()
			if l < len(m) {
				v = m[l]
			}
			series[l].Y = append(series[l].Y, v)
		}
	}
	f.Series = series
	return []Figure{f}
}
