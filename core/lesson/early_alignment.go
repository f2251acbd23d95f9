package lesson

import (
	"fmt"
	"math"

	"plasticity/core/run"
)

// Lesson 6. Measured (seed 1, two Gaussian clusters, 2-32-2 ReLU, SGD
// 0.1): with initial scale 0.001 the length-weighted mean |cos| between
// the first layer's weight vectors and the class directions rises from 0.58
// to 0.97 by epoch 5 while the training loss is still 0.690 (ln 2 = 0.693:
// nothing fitted yet) and ‖W₁‖² is 0.007; by epoch 30 the network fits. At
// initial scale 1 it stays at 0.59 (0.58 at the start).
func init() {
	const net = "data=gauss&hidden=32&act=relu&opt=sgd&lr=0.1"
	Register(Lesson{
		Key:   "early-alignment",
		Title: "Neurons align early when they start small",
		Cite:  "Min, Mallada & Vidal (2024). Early neuron alignment in two-layer ReLU networks with small initialization. ICLR.",
		Text: []string{
			"Start a two-layer ReLU network with tiny weights and train it by gradient descent on two classes. For a long while the loss hardly moves: " +
				"the weights are too small for the output to change much.",
			"But the directions of the first-layer neurons change a lot. Each neuron turns until it points along the data of one class or the other, " +
				"and only then do the aligned neurons grow and fit the data. The paper proves this for data whose classes are separated by angle; " +
				"here the two classes are Gaussian clusters in opposite corners.",
			"With the usual (large) initial scale there is no such phase: the neurons stay where they started and the network fits the data " +
				"with whatever directions it was given (the \"lazy\" regime).",
		},
		View: ViewNeurons,
		Steps: []Step{
			{Text: "Initial scale 0.001. Press play and watch the arrows (the first-layer neurons) beside the text: in five epochs they swing " +
				"towards the dashed class directions, while the loss still sits at ln 2 ≈ 0.69.",
				Link: net + "&initscale=0.001&epochs=5"},
			{Text: "The same run for 30 epochs: once aligned, the neurons grow (thicker arrows) and the network fits the clusters.",
				Link: net + "&initscale=0.001&epochs=30"},
			{Text: "Initial scale 1, the usual one: the network fits at once, and the arrows barely turn.",
				Link: net + "&initscale=1&epochs=5"},
		},
		Claims: []Claim{
			{Text: "From initial scale 0.001, the neurons' length-weighted alignment with the class directions rises above 0.9 within 5 epochs, " +
				"while the training loss is still above 0.68 (nothing fitted yet).",
				Step: 0, Check: alignsEarly},
			{Text: "After 30 epochs the network has fitted the clusters (training accuracy ≥ 99 %) with its neurons still aligned (above 0.95).",
				Step: 1, Check: fitsAligned},
			{Text: "From initial scale 1 the alignment stays below 0.65 over the same 5 epochs.",
				Step: 2, Check: staysLazy},
		},
	})
}

// alignsEarly holds once the weighted alignment exceeds 0.9 while the loss
// is above 0.68; it fails if the loss falls first.
func alignsEarly(runs []*run.Run) Verdict {
	r := runs[0]
	a, loss := WeightedAlignment(r), last(r).TrainLoss
	d := fmt.Sprintf("alignment %.2f, training loss %.3f at epoch %d", a, loss, r.Epoch())
	switch {
	case math.IsNaN(a):
		return Verdict{Status: Fails, Detail: "needs data in the plane and a hidden layer"}
	case a > 0.9 && loss > 0.68:
		return Verdict{Status: Holds, Detail: d}
	case loss <= 0.68:
		return Verdict{Status: Fails, Detail: d}
	}
	return pending(runs, d)
}

func fitsAligned(runs []*run.Run) Verdict {
	r := runs[0]
	a, acc := WeightedAlignment(r), last(r).TrainAcc
	d := fmt.Sprintf("alignment %.2f, training accuracy %s at epoch %d", a, pct(acc), r.Epoch())
	if acc >= 0.99 && a > 0.95 {
		return Verdict{Status: Holds, Detail: d}
	}
	return pending(runs, d)
}

// staysLazy holds when the run has finished with the alignment below 0.65
// all along (it is checked whenever the page looks).
func staysLazy(runs []*run.Run) Verdict {
	r := runs[0]
	a := WeightedAlignment(r)
	d := fmt.Sprintf("alignment %.2f at epoch %d", a, r.Epoch())
	switch {
	case math.IsNaN(a) || a >= 0.65:
		return Verdict{Status: Fails, Detail: d}
	case stopped(runs) && r.Epoch() >= 5:
		return Verdict{Status: Holds, Detail: d}
	}
	return Verdict{Status: Pending, Detail: d}
}
