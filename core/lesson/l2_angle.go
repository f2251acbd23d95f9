package lesson

import (
	"fmt"
	"math"
	"strings"

	"plasticity/core/probe"
	"plasticity/core/run"
)

// Lesson 7. Measured (seed 1, elongated clusters, a linear classifier,
// Adam 0.03, 100 epochs): the angle between the classifier's normal and
// the centroid direction is 29° at the start and, after 100 epochs, 56.6°
// without L2, 39.4° at λ = 0.001, 16.8° at 0.01 and 3.6° at 0.1; training
// accuracy 100, 99.5, 98.8 and 96 %.
func init() {
	const data = "data=elongated&hidden=&epochs=100"
	Register(Lesson{
		Key:   "l2-angle",
		Title: "A new angle on L2 regularisation",
		Cite:  "Tanay & Griffin (2018). A new angle on L2 regularization. arXiv:1806.11186.",
		Text: []string{
			"A linear classifier's boundary can separate two classes in many directions. The simplest is the nearest-centroid classifier: " +
				"the boundary is perpendicular to the line joining the two classes' centres.",
			"Unregularised logistic regression goes elsewhere: on data that are thin in some direction, it tilts its boundary until it lies " +
				"along that thin direction, where the classes are apart by a small distance. Such a tilted boundary passes close to the data, " +
				"so that small changes of an input cross it: Tanay & Griffin's account of adversarial examples.",
			"L2 regularisation pulls the weights towards zero, and with them the boundary back towards the centroid direction: the stronger " +
				"the penalty, the smaller the tilt angle between the classifier's normal and the centroid direction.",
		},
		Steps: []Step{
			{Text: "A linear classifier (no hidden layer) on two long, thin clusters, without L2. Watch the decision map: the boundary keeps " +
				"turning towards the thin direction, the longer it trains.",
				Link: data},
			{Text: "Four runs from the same start, L2 = 0, 0.001, 0.01 and 0.1 (set per run). The chart beside the text plots each run's tilt angle: " +
				"it falls as L2 grows, and the stronger the penalty, the closer the boundary to the nearest-centroid classifier's.",
				Link: data + "&cmp=bp,bp,bp&r2.l2=0.001&r3.l2=0.01&r4.l2=0.1"},
		},
		Claims: []Claim{
			{Text: "Without L2 the boundary tilts: its normal ends more than 45° away from the centroid direction (it starts at 29°).",
				Step: 0, Check: tilts},
			{Text: "The tilt angle falls as L2 grows, run by run, from above 45° without L2 to below 10° at L2 = 0.1.",
				Step: 1, Check: tiltFalls},
		},
		Figures: tiltFigure,
	})
}

// TiltAngle returns, for a network without hidden layers on two classes
// in the plane, the angle in degrees between the classifier's normal
// (w₁ − w₀, the difference of the two output units' weights) and the
// direction from class 0's centre to class 1's (the nearest-centroid
// classifier's normal). NaN for other networks or data.
func TiltAngle(r *run.Run) float64 {
	if r.Net.NumLayers() != 1 || r.Net.Inputs() != 2 || r.Train.Classes != 2 {
		return math.NaN()
	}
	w := r.Net.Layers[0].W.Value // 2 outputs × 2 inputs
	normal := []float64{w[2] - w[0], w[3] - w[1]}
	var mu [2][2]float64
	var n [2]float64
	for i := 0; i < r.Train.N; i++ {
		c := r.Train.Labels[i]
		mu[c][0] += r.Train.X[2*i]
		mu[c][1] += r.Train.X[2*i+1]
		n[c]++
	}
	d := []float64{mu[1][0]/n[1] - mu[0][0]/n[0], mu[1][1]/n[1] - mu[0][1]/n[0]}
	return probe.Angle(normal, d)
}

func tilts(runs []*run.Run) Verdict {
	r := runs[0]
	a := TiltAngle(r)
	d := fmt.Sprintf("%s at epoch %d", deg(a), r.Epoch())
	switch {
	case math.IsNaN(a):
		return Verdict{Status: Fails, Detail: "needs a network without hidden layers on two classes in the plane"}
	case a > 45:
		return Verdict{Status: Holds, Detail: d}
	}
	return pending(runs, d)
}

// tiltFalls holds once the runs have stopped with angles that fall run by
// run, the first above 45° and the last below 10°.
func tiltFalls(runs []*run.Run) Verdict {
	if v, ok := need(runs, 4); !ok {
		return v
	}
	angles := make([]string, len(runs))
	ok := true
	for i, r := range runs {
		a := TiltAngle(r)
		angles[i] = fmt.Sprintf("%s at L2 = %g", deg(a), r.Exp.L2)
		if math.IsNaN(a) || i > 0 && (a >= TiltAngle(runs[i-1]) || r.Exp.L2 <= runs[i-1].Exp.L2) {
			ok = false
		}
	}
	ok = ok && TiltAngle(runs[0]) > 45 && TiltAngle(runs[len(runs)-1]) < 10
	d := strings.Join(angles, ", ") + fmt.Sprintf(" (epoch %d)", runs[0].Epoch())
	if !stopped(runs) {
		return Verdict{Status: Pending, Detail: d}
	}
	if ok {
		return Verdict{Status: Holds, Detail: d}
	}
	return Verdict{Status: Fails, Detail: d}
}

// tiltFigure plots each run's tilt angle against its L2 strength.
func tiltFigure(runs []*run.Run) []Figure {
	f := Figure{
		ID: "tilt", Title: "Tilt angle by run", XLabel: "run", Unit: "°",
		Help: "The angle between each run's boundary normal and the centroid direction; the runs' L2 strengths grow from left to right.",
	}
	s := Series{Label: "tilt angle"}
	for i, r := range runs {
		f.X = append(f.X, float64(i+1))
		s.Y = append(s.Y, TiltAngle(r))
	}
	f.Series = []Series{s}
	return []Figure{f}
}
