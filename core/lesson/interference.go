package lesson

import (
	"fmt"
	"math"
	"strings"

	"plasticity/core/run"
)

// Lesson 8. Measured (seed 1, eight Gaussian clusters, noise 0.2, split
// into four tasks of two classes, five epochs each, 2-16-16-8 tanh, Adam
// 0.03; replay 0.25): after the fourth task the accuracy on the tasks is
// 0, 14, 26 and 90 % without rehearsal (mean 32.5 %), 48, 82, 72 and 86 %
// with uniform rehearsal (72 %), 36, 58, 86 and 90 % with power-law
// rehearsal (67.5 %). Seeds 2 and 3: means 26, 61, 55 % and 22, 58, 58 %;
// power-law keeps the third task better than uniform in all three.
func init() {
	const tasks = "data=gauss&classes=8&noise=0.2&tasks=4&taskepochs=5&epochs=20"
	Register(Lesson{
		Key:   "interference",
		Title: "Catastrophic interference and power-law rehearsal",
		Cite: "McCloskey & Cohen (1989). Catastrophic interference in connectionist networks. Psychology of Learning and Motivation 24; " +
			"Gandhi, Shah, Marupudi & Varma (2024). Catastrophic interference is mitigated in naturalistic power-law learning environments. arXiv:2401.10393 " +
			"(there on permuted MNIST; here on classes split into tasks).",
		Text: []string{
			"Teach a network one task, then another, and it forgets the first: the updates that fit the new task overwrite what the old one needed. " +
				"Here the eight clusters come in four tasks of two classes, five epochs each, and the network keeps one output per class.",
			"People do not forget like that, partly because the world repeats itself: old tasks come back now and then. Rehearsal mixes examples of " +
				"earlier tasks into each epoch. In a naturalistic environment the chance of meeting a task again falls as a power of the time since " +
				"it was last met; the paper finds that training in such power-law environments mitigates interference.",
			"Here rehearsal replays a quarter as many old examples as new ones: drawn evenly from all earlier tasks (uniform), or from task k with " +
				"weight 1/(t − k), t the current task (power-law: the recent tasks more often). The per-task accuracy shows who remembers what.",
		},
		Steps: []Step{
			{Text: "Three runs from the same start: no rehearsal, uniform and power-law rehearsal. Press play and watch the decision map of run 1 " +
				"lose each old task's colours, and the chart beside the text: the accuracy on the first task, run by run.",
				Link: tasks + "&cmp=bp,bp&r2.rehearsal=uniform:0.25&r3.rehearsal=powerlaw:0.25"},
			{Text: "Open the diagnostics (“Test accuracy per task”, one line per task) for each run: without rehearsal each line falls as the next task starts; " +
				"with power-law rehearsal the recent tasks hold up best, with uniform rehearsal the oldest."},
		},
		Claims: []Claim{
			{Text: "Without rehearsal the first task is forgotten: its test accuracy falls from above 80 % to below 5 % by the end of the fourth task.",
				Step: 0, Check: forgets},
			{Text: "Rehearsal mitigates interference: with uniform and with power-law rehearsal the mean accuracy over the four tasks is at least twice that without.",
				Step: 0, Check: rehearsalHelps},
		},
		Figures: firstTaskFigure,
	})
}

// taskAcc returns the task accuracies of history point p.
func taskAcc(p run.Point) []float64 {
	return probeOf(p.Probes, "task_acc").Values
}

func forgets(runs []*run.Run) Verdict {
	r := runs[0]
	best := 0.0
	for _, p := range r.History() {
		if a := taskAcc(p); len(a) > 0 {
			best = max(best, a[0])
		}
	}
	a := taskAcc(last(r))
	if len(a) == 0 {
		return Verdict{Status: Fails, Detail: "the run has no tasks"}
	}
	d := fmt.Sprintf("first task: best %s, now %s (epoch %d)", pct(best), pct(a[0]), r.Epoch())
	if !stopped(runs) {
		return Verdict{Status: Pending, Detail: d}
	}
	if best > 0.8 && a[0] < 0.05 {
		return Verdict{Status: Holds, Detail: d}
	}
	return Verdict{Status: Fails, Detail: d}
}

func rehearsalHelps(runs []*run.Run) Verdict {
	if v, ok := need(runs, 3); !ok {
		return v
	}
	means := make([]float64, len(runs))
	parts := make([]string, len(runs))
	for i, r := range runs {
		a := taskAcc(last(r))
		s := 0.0
		for _, v := range a {
			s += v
		}
		means[i] = s / float64(max(len(a), 1))
		name := r.Exp.Tasks.Rehearsal
		if name == "" {
			name = "none"
		}
		parts[i] = fmt.Sprintf("%s %s (tasks %s)", name, pct(means[i]), pcts(a))
	}
	d := "mean accuracy over the tasks: " + strings.Join(parts, "; ")
	if !stopped(runs) {
		return Verdict{Status: Pending, Detail: d}
	}
	if means[1] >= 2*means[0] && means[2] >= 2*means[0] {
		return Verdict{Status: Holds, Detail: d}
	}
	return Verdict{Status: Fails, Detail: d}
}

func pcts(xs []float64) string {
	s := make([]string, len(xs))
	for i, x := range xs {
		s[i] = fmt.Sprintf("%.0f", 100*x)
	}
	return strings.Join(s, ", ")
}

// firstTaskFigure plots each run's accuracy on the first task by epoch.
func firstTaskFigure(runs []*run.Run) []Figure {
	f := Figure{
		ID: "first-task", Title: "Accuracy on the first task", XLabel: "epoch", Percent: true,
		Help: "Each run's test accuracy on the first task's classes: it is learnt in epochs 1–5, then the other tasks follow.",
	}
	h := runs[0].History()
	for _, p := range h {
		f.X = append(f.X, float64(p.Epoch))
	}
	for _, r := range runs {
		s := Series{Label: r.Exp.Tasks.Rehearsal}
		if s.Label == "" {
			s.Label = "no rehearsal"
		}
		for i := range h {
			v := math.NaN()
			if i < len(r.History()) {
				if a := taskAcc(r.History()[i]); len(a) > 0 {
					v = a[0]
				}
			}
			s.Y = append(s.Y, v)
		}
		f.Series = append(f.Series, s)
	}
	return []Figure{f}
}
