package lesson

import (
	"fmt"

	"plasticity/core/run"
)

// Lesson 1. What non-negative weights cannot do, and what Dale's law
// keeps. Measured (seed 1, 60 epochs): on XOR all three networks reach
// 100 % training accuracy; on the bumps the free network's training loss
// falls to 0.004 and Dale's to 0.002, while the non-negative one stays at
// 0.127, no better than predicting the mean (0.133 before training).
func init() {
	const runs = "&cmp=bp,bp&r2.constraint=nonneg&r3.constraint=dale&epochs=60"
	Register(Lesson{
		Key:   "negative-weights",
		Title: "Why negative weights?",
		Cite: "Dale's principle: Eccles, Fatt & Koketsu (1954), J. Physiol. 126, 524–562; " +
			"on learning under sign constraints, Cornford et al. (2021), Learning to live with Dale's principle: ANNs with separate excitatory and inhibitory units, ICLR.",
		Text: []string{
			"A real synapse cannot change its sign: a neuron is excitatory or inhibitory for all its targets (Dale's principle). " +
				"What does a network lose if no weight may be negative at all?",
			"With weights ≥ 0 (and increasing activations such as tanh), every unit's response can only rise when any input rises: " +
				"each hidden unit's map brightens towards the top-right corner, and so does each output's score. " +
				"A single output therefore computes a monotone function. Two outputs that compete are another matter: " +
				"the softmax compares their scores, and the difference of two rising functions can take any shape.",
			"Dale's law is milder: the inputs and four in five hidden units are excitatory, every fifth hidden unit inhibitory. " +
				"Its few inhibitory units give back the subtraction the network needs.",
		},
		Steps: []Step{
			{Text: "Run 1 has free weights, run 2 non-negative ones, run 3 obeys Dale's law. Press play: on XOR all three reach full accuracy, " +
				"non-negative weights too, because the two outputs' scores are subtracted by the softmax.",
				Link: "data=xor" + runs},
			{Text: "Now a task with one output: fit the bumps (regression). The non-negative network can only draw a surface that rises " +
				"towards the top right, so its loss stays where it started; Dale's network, with a few inhibitory units, fits as well as the free one.",
				Link: "data=multi-gauss" + runs},
			{Text: "Here is the non-negative network alone, on XOR again. Look at the Network panel: every hidden unit's map, and each output's, " +
				"brightens towards the top right; yet the decision map is XOR's, because the outputs are compared with each other.",
				Link: "data=xor&constraint=nonneg&epochs=60"},
		},
		Claims: []Claim{
			{Text: "On XOR the free, the non-negative and Dale's network all reach at least 95 % training accuracy.",
				Step: 0, Check: allFit(0.95)},
			{Text: "On the bumps the non-negative network's loss stays above 0.1 while the free network's and Dale's fall below 0.02.",
				Step: 1, Check: nonnegFails},
		},
	})
}

// allFit holds once every run has reached training accuracy acc.
func allFit(acc float64) func([]*run.Run) Verdict {
	return func(runs []*run.Run) Verdict {
		best := make([]float64, len(runs))
		ok := true
		for i, r := range runs {
			for _, p := range r.History() {
				best[i] = max(best[i], p.TrainAcc)
			}
			ok = ok && best[i] >= acc
		}
		d := "best training accuracy"
		for i, b := range best {
			d += fmt.Sprintf(" %s run %d", pct(b), i+1)
			if i < len(best)-1 {
				d += ","
			}
		}
		if ok {
			return Verdict{Status: Holds, Detail: d}
		}
		return pending(runs, d)
	}
}

// nonnegFails holds when runs 1 (free) and 3 (Dale) have fitted the bumps
// (loss < 0.02) and run 2 (non-negative) has trained at least as long
// without reaching 0.1.
func nonnegFails(runs []*run.Run) Verdict {
	if v, ok := need(runs, 3); !ok {
		return v
	}
	free, nonneg, dale := last(runs[0]), last(runs[1]), last(runs[2])
	d := fmt.Sprintf("loss %.3f free, %.3f non-negative, %.3f Dale after %d epochs", free.TrainLoss, nonneg.TrainLoss, dale.TrainLoss, nonneg.Epoch)
	switch {
	case nonneg.TrainLoss < 0.1:
		return Verdict{Status: Fails, Detail: d}
	case free.TrainLoss < 0.02 && dale.TrainLoss < 0.02 && nonneg.Epoch >= max(free.Epoch, dale.Epoch):
		return Verdict{Status: Holds, Detail: d}
	}
	return pending(runs, d)
}
