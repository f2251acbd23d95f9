package lesson

import (
	"fmt"
	"math"

	"plasticity/core/run"
)

// Lesson 2. Measured (seed 1, circle, 2-16-16-2 tanh, Adam 0.03): FA's
// last-layer alignment angle falls from 84° to 56° in 20 epochs (its middle
// layer's only from 90° to 82°); Kolen–Pollack with decay 0.001 reaches 29°
// and 28° by epoch 8 and 19° and 17° by epoch 20.
func init() {
	Register(Lesson{
		Key:   "fa-aligns",
		Title: "Feedback alignment aligns",
		Cite: "Lillicrap, Cownden, Tweed & Akerman (2016). Random synaptic feedback weights support error backpropagation for deep learning. Nature Communications 7, 13276; " +
			"Akrout, Wilson, Humphreys, Lillicrap & Tweed (2019). Deep learning without weight transport. NeurIPS 32.",
		Text: []string{
			"Backprop sends each layer's error back through the transpose of the forward weights: a synapse would have to know the strength of another one (weight transport). " +
				"Feedback alignment sends it back through fixed random matrices B instead.",
			"That should not work, and at first it does not: B's errors are unrelated to the gradient. But the forward weights W learn from those errors, " +
				"and in doing so come to agree with B: the alignment angle between B and Wᵀ falls below 90°, and the errors start pointing downhill.",
			"Kolen–Pollack learns B too, with the same local update as W and the same weight decay, so that B − Wᵀ shrinks every step: it aligns much faster and much further.",
		},
		Steps: []Step{
			{Text: "Train feedback alignment on the circle and open the rule's diagnostics: watch the alignment angle, one line per layer. " +
				"The top layer's angle falls well below 90° as the network learns; the middle layer's hardly moves.",
				Link: "data=circle&rule=fa&epochs=20"},
			{Text: "Run 2 is Kolen–Pollack on the same data from the same weights. Choose it in “Show the diagnostics of”: its angles fall within a few epochs, far below feedback alignment's.",
				Link: "data=circle&rule=fa&cmp=kp&kp.decay=0.001&epochs=20"},
			{Text: "Raise Kolen–Pollack's decay λ (the alignment takes about 1/λ steps) or lower it to 1e-5 and reset: the speed of alignment follows λ."},
		},
		Claims: []Claim{
			{Text: "Feedback alignment's last-layer alignment angle falls from about 84° to below 65° within 20 epochs.",
				Step: 0, Check: faAligns},
			{Text: "Kolen–Pollack aligns faster: by epoch 10 both its angles are below 35°, while feedback alignment's are still above 50°.",
				Step: 1, Check: kpFaster},
		},
	})
}

// faAligns holds once the last layer's alignment angle is below 65° and
// at least 15° below where it started.
func faAligns(runs []*run.Run) Verdict {
	r := runs[0]
	L := r.Net.NumLayers()
	start := metric(r.History()[0], "alignment_angle", L-1)
	now := metric(last(r), "alignment_angle", L-1)
	if math.IsNaN(now) {
		return Verdict{Status: Fails, Detail: "this rule has no alignment angle"}
	}
	d := fmt.Sprintf("last layer %s at epoch 0, %s at epoch %d", deg(start), deg(now), last(r).Epoch)
	if now < 65 && start-now >= 15 {
		return Verdict{Status: Holds, Detail: d}
	}
	return pending(runs, d)
}

// kpFaster holds at epoch 10 when run 2's angles are all below 35° and run
// 1's all above 55°.
func kpFaster(runs []*run.Run) Verdict {
	if v, ok := need(runs, 2); !ok {
		return v
	}
	const at = 10
	fa, kp := pointAt(runs[0], at), pointAt(runs[1], at)
	if fa == nil || kp == nil {
		return pending(runs, fmt.Sprintf("checked at epoch %d", at))
	}
	faMin, kpMax := math.Inf(1), math.Inf(-1)
	for l := 0; l < runs[0].Net.NumLayers(); l++ {
		if a := metric(*fa, "alignment_angle", l); !math.IsNaN(a) {
			faMin = min(faMin, a)
		}
		if a := metric(*kp, "alignment_angle", l); !math.IsNaN(a) {
			kpMax = max(kpMax, a)
		}
	}
	d := fmt.Sprintf("at epoch %d: Kolen–Pollack's largest angle %s, feedback alignment's smallest %s", at, deg(kpMax), deg(faMin))
	if kpMax < 35 && faMin > 50 {
		return Verdict{Status: Holds, Detail: d}
	}
	return Verdict{Status: Fails, Detail: d}
}

// pointAt returns r's history point at epoch e (the first, before any
// shift or lesion point of that epoch), or nil before it.
func pointAt(r *run.Run, e int) *run.Point {
	for i, p := range r.History() {
		if p.Epoch == e {
			return &r.History()[i]
		}
	}
	return nil
}
