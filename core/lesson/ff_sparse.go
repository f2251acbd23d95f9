package lesson

import (
	"fmt"
	"math"

	"plasticity/core/run"
)

// Lesson 3. Measured (seed 1): on MNIST 14×14 (1000 training images,
// 196-64-64-10 ReLU, Adam 0.01, 6 epochs) forward-forward's first hidden
// layer has Hoyer sparseness 0.88 and 11 % of its units active per image,
// backprop's 0.61 and 34 %; the second layers are alike (0.54 and 0.56).
// On the circle (2-16-16-2, 50 epochs) it is the other way round: FF's
// first layer 0.52 against backprop's 0.60, its second 0.62 against 0.43.
func init() {
	const ff = "&act=relu&opt=adam&lr=0.01&ff.peer=0.003&rule=ff&cmp=bp"
	Register(Lesson{
		Key:   "ff-sparse",
		Title: "Forward-forward learns sparse codes",
		Cite: "Hinton (2022). The forward-forward algorithm: some preliminary investigations. arXiv:2212.13345; " +
			"Tosato, Basile, Tuci & Zaccagnini (2023). Emergent representations in networks trained with the forward-forward algorithm. arXiv:2305.18353.",
		Text: []string{
			"Forward-forward trains each layer on its own: make the sum of squared activities (the goodness) high for real data and low for " +
				"negative data. Nothing in that asks for sparse codes, yet Tosato and colleagues found that forward-forward layers end up far sparser " +
				"than backprop's: few units carry each example, in ensembles specific to a class.",
			"Sparseness here is Hoyer's: 0 when all units of a layer are equally active for an example, 1 when one unit carries it all. " +
				"The rule's diagnostics chart it per layer, with the share of active units beside it.",
			"The effect depends on the data and the layer. On digits it is the first layer that becomes sparse; on a 2-D toy it is the second, " +
				"and the first is less sparse than backprop's. This lesson checks both, as measured.",
		},
		Steps: []Step{
			{Text: "Forward-forward (run 1) and backprop (run 2) on the 14×14 digits, from the same weights. Open the diagnostics and compare " +
				"their Hoyer sparseness and active units, layer by layer (choose the run in “Show the diagnostics of”).",
				Link: "data=mnist14&train=1000&test=500&hidden=64,64&epochs=6" + ff},
			{Text: "The same rules on the circle, a 2-D toy: now forward-forward's second layer is the sparse one, and its first is less sparse than backprop's.",
				Link: "data=circle&hidden=16,16&epochs=50" + ff},
		},
		Claims: []Claim{
			{Text: "On digits, forward-forward's first hidden layer is sparser than backprop's by more than 0.15 (Hoyer), with fewer units active per image.",
				Step: 0, Check: ffSparser(0, 0.15, true)},
			{Text: "On the circle, forward-forward's second hidden layer is sparser than backprop's by more than 0.1, while its first is less sparse.",
				Step: 1, Check: ffSecondSparser},
		},
	})
}

// sparsity returns run r's Hoyer sparseness and active fraction of weight
// layer l at its last history point.
func sparsity(r *run.Run, l int) (hoyer, active float64) {
	p := last(r)
	return metric(p, "sparsity", l), metric(p, "active_fraction", l)
}

// ffSparser holds when the stopped runs (1: forward-forward, 2: backprop)
// show layer l of run 1 sparser by more than margin, and with a smaller
// active fraction when fewer is set.
func ffSparser(l int, margin float64, fewer bool) func([]*run.Run) Verdict {
	return func(runs []*run.Run) Verdict {
		if v, ok := need(runs, 2); !ok {
			return v
		}
		hf, af := sparsity(runs[0], l)
		hb, ab := sparsity(runs[1], l)
		d := fmt.Sprintf("layer %d: Hoyer %.2f forward-forward, %.2f backprop; active %s and %s (epoch %d)", l+1, hf, hb, pct(af), pct(ab), runs[0].Epoch())
		if !stopped(runs) {
			return Verdict{Status: Pending, Detail: d}
		}
		if !math.IsNaN(hf) && hf-hb > margin && (!fewer || af < ab) {
			return Verdict{Status: Holds, Detail: d}
		}
		return Verdict{Status: Fails, Detail: d}
	}
}

func ffSecondSparser(runs []*run.Run) Verdict {
	if v, ok := need(runs, 2); !ok {
		return v
	}
	h1f, _ := sparsity(runs[0], 0)
	h1b, _ := sparsity(runs[1], 0)
	h2f, _ := sparsity(runs[0], 1)
	h2b, _ := sparsity(runs[1], 1)
	d := fmt.Sprintf("Hoyer layer 1: %.2f forward-forward, %.2f backprop; layer 2: %.2f and %.2f (epoch %d)", h1f, h1b, h2f, h2b, runs[0].Epoch())
	if !stopped(runs) {
		return Verdict{Status: Pending, Detail: d}
	}
	if h2f-h2b > 0.1 && h1f < h1b {
		return Verdict{Status: Holds, Detail: d}
	}
	return Verdict{Status: Fails, Detail: d}
}
