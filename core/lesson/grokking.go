package lesson

import (
	"fmt"

	"plasticity/core/run"
)

// Lesson 10. Measured (seed 1, modular addition mod 23, 470 training and 59
// test pairs, 46-128-23 ReLU, initial scale 3, SGD 1, batch 16): with L2
// 0.002 the training accuracy passes 90 % at epoch 14 and the test accuracy
// at epoch 71 (it is 0 % when the training accuracy reaches 99 %); without
// L2 the test accuracy is still 0 % after 100 epochs.
func init() {
	const task = "data=modadd&train=470&test=59&hidden=128&act=relu&initscale=3&opt=sgd&lr=1&batch=16&epochs=100"
	Register(Lesson{
		Key:   "grokking",
		Title: "Grokking: memorise first, generalise much later",
		Cite: "Lyu, Jin, Li, Du, Lee & Hu (2024). Dichotomy of early and late phase implicit biases can provably induce grokking. ICLR; " +
			"after Power, Burda, Edwards, Babuschkin & Misra (2022). Grokking: generalization beyond overfitting on small algorithmic datasets. arXiv:2201.02177.",
		Text: []string{
			"The task: given two numbers a and b from 0 to 22, each as a one-hot vector, output (a + b) mod 23. The network sees 470 of the 529 pairs; " +
				"the test set is the other 59. Nothing in a pair's one-hot code says that 5 is next to 6: to answer unseen pairs the network must " +
				"discover the cyclic structure of the numbers.",
			"With a large initialisation the network first memorises: it fits the training pairs in a few epochs, like a kernel machine, and " +
				"gets the unseen ones wrong. Then weight decay slowly shrinks the weights, and the training dynamics leave the kernel regime for a " +
				"solution of small norm that generalises: long after the training accuracy, the test accuracy jumps. Lyu and colleagues prove this " +
				"dichotomy of early and late implicit biases for large initialisation and small weight decay.",
		},
		Steps: []Step{
			{Text: "Initial scale 3, L2 0.002. Press play and watch the accuracy chart: the training accuracy reaches 100 % within about 15 epochs " +
				"while the test accuracy stays at zero; some 50 epochs later the test accuracy climbs too.",
				Link: task + "&l2=0.002"},
			{Text: "The same without L2: the network memorises just as fast, and never generalises: there is nothing to pull it out of the kernel regime.",
				Link: task},
		},
		Claims: []Claim{
			{Text: "With L2, the test accuracy passes 90 % at least 3 times later (in epochs) than the training accuracy, and is below 20 % when the training accuracy first reaches 99 %.",
				Step: 0, Check: groks},
			{Text: "Without L2, the training accuracy reaches 100 % and the test accuracy stays below 10 % for 100 epochs.",
				Step: 1, Check: neverGroks},
		},
	})
}

func groks(runs []*run.Run) Verdict {
	r := runs[0]
	train := firstEpoch(r, func(p run.Point) bool { return p.TrainAcc >= 0.9 })
	test := firstEpoch(r, func(p run.Point) bool { return p.TestAcc >= 0.9 })
	testAtFit := -1.0
	for _, p := range r.History() {
		if p.TrainAcc >= 0.99 {
			testAtFit = p.TestAcc
			break
		}
	}
	d := fmt.Sprintf("training accuracy ≥ 90 %% at epoch %d, test accuracy ≥ 90 %% at epoch %d; test accuracy %s when the training accuracy reached 99 %%",
		train, test, pct(testAtFit))
	switch {
	case train < 0 || test < 0:
		d = fmt.Sprintf("training accuracy %s, test accuracy %s at epoch %d", pct(last(r).TrainAcc), pct(last(r).TestAcc), r.Epoch())
		if train >= 0 {
			d += fmt.Sprintf(" (training ≥ 90 %% since epoch %d)", train)
		}
		return pending(runs, d)
	case test >= 3*train && testAtFit >= 0 && testAtFit < 0.2:
		return Verdict{Status: Holds, Detail: d}
	}
	return Verdict{Status: Fails, Detail: d}
}

func neverGroks(runs []*run.Run) Verdict {
	r := runs[0]
	best := 0.0
	for _, p := range r.History() {
		best = max(best, p.TestAcc)
	}
	d := fmt.Sprintf("training accuracy %s, best test accuracy %s by epoch %d", pct(last(r).TrainAcc), pct(best), r.Epoch())
	switch {
	case best >= 0.1:
		return Verdict{Status: Fails, Detail: d}
	case stopped(runs) && r.Epoch() >= 100 && last(r).TrainAcc >= 0.999:
		return Verdict{Status: Holds, Detail: d}
	}
	return pending(runs, d)
}
