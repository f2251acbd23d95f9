package lesson

import (
	"fmt"
	"math"

	"plasticity/core/run"
)

// Lesson 11. The first attempt (deficit=drop:0.5 on ordinary fully
// connected networks) found no critical period: a deprived half of the
// inputs recovered completely. The paper's mechanism is competition
// between pathways, so the lesson splits the network in two (pathways.go)
// and feeds it two views of each example (data=eyes).
//
// Measured (eyes, 4 classes, linear units, SGD 0.1, L2 0.01, batch 16, 160
// epochs; pathway A's share of the output at epoch 160, then its accuracy
// alone and the test accuracy), seeds 1 / 2 / 3 / 4:
//
//	deep (16,16,16, pathways=3), no deficit           0.50 0.51 0.50 0.47; 66 %, 84 %
//	deep, deficit to A in epochs 0–40                 0.000 (all four); 25 % (chance), 72.5 %
//	deep, deficit to A in epochs 80–120               0.47 0.51 0.48 0.47; 64 %, 82 %
//	shallow (16, pathways=1), deficit in epochs 0–40  0.48 0.51 0.50 0.48; 66.5 %, 84.5 %
//
// It takes the weight decay: with L2 0.003 (or Adam, or no L2) the deep
// network's deprived pathway also recovered, within 40 epochs of the
// deficit's end. During the deficit L2 shrinks the unused pathway towards
// zero, a saddle of the loss from which a product of four weight matrices
// grows back only polynomially slowly, while a product of two (the
// shallow network) grows back exponentially fast.
func init() {
	const deep = "data=eyes&act=linear&opt=sgd&lr=0.1&l2=0.01&epochs=160&hidden=16,16,16&pathways=3"
	const shallow = "data=eyes&act=linear&opt=sgd&lr=0.1&l2=0.01&epochs=160&hidden=16&pathways=1"
	Register(Lesson{
		Key:   "critical-period",
		Title: "Critical learning periods: a deficit early does lasting harm",
		Cite:  "Kleinman, Achille & Soatto (2024). Critical learning periods emerge even in deep linear networks. ICLR.",
		Text: []string{
			"A kitten that cannot see through one eye during its first weeks stays nearly blind in that eye for life, although the eye itself is " +
				"fine; the same deprivation in an adult cat does no lasting harm. Kleinman, Achille and Soatto show that such critical periods need " +
				"no biology: they appear in deep linear networks trained by gradient descent, from competition between pathways.",
			"The network here has two pathways, like the two eyes: the first three weight layers are split so that the first half of the inputs " +
				"(pathway A) and the second half (pathway B) are processed apart; the last layer merges them. Each half is a noisy view of the " +
				"same example (data: Two eyes), so either alone tells the class fairly well and both together better. Activations are linear, " +
				"so the whole network computes a linear function: what matters is how learning unfolds.",
			"The deficit zeroes pathway A's inputs for 40 epochs. The chart of pathway A's share of the output (under the rule's diagnostics) " +
				"shows how much A moves the output compared with B; the charts of the accuracy through each pathway alone, how well each does on its own. In the measurements behind this lesson the " +
				"effect needed weight decay (L2 0.01): with less, the deprived pathway recovered. The comment above the lesson's code has the figures.",
		},
		Steps: []Step{
			{Text: "No deficit. Press play: both pathways learn, and each ends with about half of the output (pathway A's share near 50 %).",
				Link: deep},
			{Text: "A deficit early: pathway A sees nothing for the first 40 of 160 epochs. Pathway B learns the task alone; when A's inputs come " +
				"back at epoch 40, A never catches up: its share of the output stays near zero for the 120 epochs left, and the test accuracy " +
				"stays that of one eye.",
				Link: deep + "&deficit=drop:0.5&deficitat=0-40"},
			{Text: "The same 40 epochs of deficit late, from epoch 80 to 120, after both pathways have learned. A's share falls during the " +
				"deficit and comes back once it ends: no lasting harm.",
				Link: deep + "&deficit=drop:0.5&deficitat=80-120"},
			{Text: "Depth matters: the early deficit again, in a shallow network whose pathways are one layer deep (16 hidden units, split). " +
				"Pathway A recovers within a few epochs of the deficit's end.",
				Link: shallow + "&deficit=drop:0.5&deficitat=0-40"},
		},
		Claims: []Claim{
			{Text: "Without a deficit both pathways count: each has at least 40 % of the output at epoch 160.",
				Step: 0, Check: shareAtEnd(0.4, true)},
			{Text: "After an early deficit (epochs 0–40) pathway A never recovers: 120 epochs after the deficit ended its share of the output is below 5 % and alone it is at chance (below 30 %).",
				Step: 1, Check: neverRecovers},
			{Text: "After the same deficit late (epochs 80–120) pathway A recovers: at least 40 % of the output at epoch 160.",
				Step: 2, Check: shareAtEnd(0.4, false)},
			{Text: "In a shallow network the early deficit does no lasting harm: pathway A has at least 40 % of the output at epoch 160.",
				Step: 3, Check: shareAtEnd(0.4, false)},
		},
	})
}

// pathwayShare returns pathway A's share of the output and its accuracy
// alone at history point p (NaN without pathways).
func pathwayShare(p run.Point) (share, acc float64) {
	return metric(p, "pathway_share", 0), metric(p, "pathway_acc_a", 0)
}

// shareAtEnd holds once the run has stopped at its last epoch with the
// smaller pathway's share (both: the smaller of the two; else pathway A's)
// at least lo.
func shareAtEnd(lo float64, both bool) func(runs []*run.Run) Verdict {
	return func(runs []*run.Run) Verdict {
		r := runs[0]
		p := last(r)
		a, acc := pathwayShare(p)
		s := a
		if both {
			s = math.Min(a, 1-a)
		}
		d := fmt.Sprintf("pathway A: %s of the output, %s alone; test accuracy %s at epoch %d", pct(a), pct(acc), pct(p.TestAcc), r.Epoch())
		switch {
		case math.IsNaN(a):
			return Verdict{Status: Fails, Detail: "needs a network with two pathways (pathways=…)"}
		case !stopped(runs) || r.Epoch() < r.Exp.Epochs:
			return pending(runs, d)
		case s >= lo:
			return Verdict{Status: Holds, Detail: d}
		}
		return Verdict{Status: Fails, Detail: d}
	}
}

// neverRecovers holds once the run has trained 120 epochs past the
// deficit's end with pathway A below 5 % of the output and below 30 %
// accuracy alone; it fails as soon as A has recovered past that.
func neverRecovers(runs []*run.Run) Verdict {
	r := runs[0]
	end := r.Exp.Deficit.To
	p := last(r)
	a, acc := pathwayShare(p)
	d := fmt.Sprintf("pathway A: %s of the output, %s alone at epoch %d (deficit until epoch %d)", pct1(a), pct(acc), r.Epoch(), end)
	switch {
	case math.IsNaN(a) || r.Exp.Deficit.Kind == "":
		return Verdict{Status: Fails, Detail: "needs two pathways and a deficit"}
	case r.Epoch() > end && (a >= 0.05 || acc >= 0.3):
		return Verdict{Status: Fails, Detail: d + ": it recovered"}
	case r.Epoch() >= end+120:
		return Verdict{Status: Holds, Detail: d}
	}
	return pending(runs, d)
}
