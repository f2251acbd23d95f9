package lesson

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sort"

	"plasticity/core/run"
)

// Lesions is the result of LesionStudy.
type Lesions struct {
	K         int     // units lesioned
	Base      float64 // test accuracy without lesions
	Selective float64 // with the K most class-selective units silenced
	Least     float64 // with the K least selective (active) units silenced
	Random    float64 // mean over random sets of K units
}

// LesionStudy silences units of hidden layer layer (from 1) of r in
// three ways and measures the test accuracy: the k most class-selective
// units (run.Selectivity), the k least selective, and k units drawn at
// random (the mean over draws sets, from a fixed stream so that the
// study is reproducible). Units that are never active count as least
// selective (they have no selectivity). The network is left as it was.
func LesionStudy(r *run.Run, layer, k, draws int) Lesions {
	sel, _ := r.Selectivity(layer)
	n := len(sel)
	k = min(k, n)
	ls := Lesions{K: k, Base: r.AccuracyWithout(nil)}
	order := make([]int, n)
	for j := range order {
		order[j] = j
	}
	key := func(j int) float64 {
		if math.IsNaN(sel[j]) {
			return -1
		}
		return sel[j]
	}
	sort.SliceStable(order, func(a, b int) bool { return key(order[a]) > key(order[b]) })
	units := func(js []int) []run.Unit {
		us := make([]run.Unit, len(js))
		for i, j := range js {
			us[i] = run.Unit{Layer: layer, Unit: j + 1}
		}
		return us
	}
	ls.Selective = r.AccuracyWithout(units(order[:k]))
	ls.Least = r.AccuracyWithout(units(order[n-k:]))
	rnd := rand.New(rand.NewPCG(uint64(k), uint64(draws)))
	sum := 0.0
	for d := 0; d < draws; d++ {
		sum += r.AccuracyWithout(units(rnd.Perm(n)[:k]))
	}
	ls.Random = sum / float64(draws)
	return ls
}

// Lesson 12. Measured (seed 1, MNIST 14×14, 2000 training and 1000 test
// images, 196-32-10 ReLU, Adam 0.003, 10 epochs): test accuracy 89.5 %;
// silencing the 8 most class-selective units leaves 77.7 %, 8 random units
// (mean of 20 draws) 78.9 %, the 8 least selective 69.6 %. At Adam 0.03 with
// 64 units, 24 units are dead (never active on the test set); silencing
// them all leaves the accuracy at 85.4 % exactly.
func init() {
	const data = "data=mnist14&train=2000&test=1000&act=relu&epochs=10"
	Register(Lesson{
		Key:   "lesions",
		Title: "Lesions and selectivity",
		Cite: "Morcos, Barrett, Rabinowitz & Botvinick (2018). On the importance of single directions for generalization. ICLR; " +
			"after the lesion studies of neuroscience.",
		Text: []string{
			"Neuroscientists find neurons that respond to one kind of stimulus and ask what the brain loses without them. " +
				"We can do the same to a network: find hidden units that respond to one digit more than to the others (class selectivity), " +
				"silence them, and measure what the network loses.",
			"The intuition says that the most selective units matter most. Morcos and colleagues found otherwise: a unit's selectivity " +
				"says little about how much the network needs it. Silencing the most selective units costs about as much as silencing random ones.",
			"Some units need no lesion: with a large learning rate many ReLU units die, never active for any input, and the network does without them already.",
		},
		View: ViewUnits,
		Steps: []Step{
			{Text: "A 196-32-10 ReLU network learns the 14×14 digits for 10 epochs. The grid beside the text shows each hidden unit in the colour of the digit " +
				"it prefers, darker when more selective. When the run stops, the lesson silences the 8 most selective units, then 8 random ones, and compares.",
				Link: data + "&hidden=32&lr=0.003"},
			{Text: "The same with 64 units and a ten times larger learning rate: many units die (struck through in the grid). Silencing all the dead units costs nothing.",
				Link: data + "&hidden=64&lr=0.03"},
			{Text: "Lesion units yourself, on four clusters in the plane: train, then click a unit in the grid. The link records it (lesion=1:5&lesionat=…), " +
				"the run is replayed to this epoch and the unit silenced there; watch the decision map and the accuracy, then raise “Stop after” and press play: " +
				"the network relearns around the lesion.",
				Link: "data=gauss&classes=4&noise=0.3&hidden=16&act=relu&epochs=30"},
		},
		Claims: []Claim{
			{Text: "Silencing the 8 most class-selective of the 32 units costs more than 5 points of test accuracy, and within 5 points of what silencing 8 random units costs: selectivity is a poor guide to importance.",
				Step: 0, Check: selectivityPoorGuide},
			{Text: "With the large learning rate more than a fifth of the 64 units die, and silencing all of them leaves the test accuracy unchanged.",
				Step: 1, Check: deadCostNothing},
		},
	})
}

// selectivityPoorGuide runs the lesion study once the run has stopped.
func selectivityPoorGuide(runs []*run.Run) Verdict {
	if !stopped(runs) {
		return Verdict{Status: Pending, Detail: "measured when the run stops"}
	}
	r := runs[0]
	ls := LesionStudy(r, 1, 8, 20)
	dSel, dRand := ls.Base-ls.Selective, ls.Base-ls.Random
	d := fmt.Sprintf("test accuracy %s; without the 8 most selective units %s, without 8 random units %s (mean of 20 draws)",
		pct1(ls.Base), pct1(ls.Selective), pct1(ls.Random))
	if dSel > 0.05 && math.Abs(dSel-dRand) < 0.05 {
		return Verdict{Status: Holds, Detail: d}
	}
	return Verdict{Status: Fails, Detail: d}
}

// deadCostNothing holds when the stopped run has more than a fifth of its
// first hidden layer dead and silencing them changes no test prediction's
// accuracy.
func deadCostNothing(runs []*run.Run) Verdict {
	if !stopped(runs) {
		return Verdict{Status: Pending, Detail: "measured when the run stops"}
	}
	r := runs[0]
	dead := r.DeadUnits()[0]
	var us []run.Unit
	for _, j := range dead {
		us = append(us, run.Unit{Layer: 1, Unit: j + 1})
	}
	base, without := r.AccuracyWithout(nil), r.AccuracyWithout(us)
	n := r.Net.Sizes[1]
	d := fmt.Sprintf("%d of %d units dead; test accuracy %s, %s without them", len(dead), n, pct1(base), pct1(without))
	if 5*len(dead) > n && without == base {
		return Verdict{Status: Holds, Detail: d}
	}
	return Verdict{Status: Fails, Detail: d}
}
