package run

import "plasticity/core/rule"

// selfReference reports whether the rule's own update this step is
// backprop's gradient bit for bit, so that the update-angle probe can take
// its reference from the rule instead of a second forward and backward
// pass on the same batch: the rule is backprop itself, on a network of
// ordinary units, learning with labels (not adapting after a shift). The
// angles are unchanged (0°, or NaN where the gradient is zero); a probe
// step of backprop then costs no more than any other step, an eighth of
// the training time saved.
func (r *Run) selfReference() bool {
	_, bp := r.Rule.(*rule.Backprop)
	return bp && r.Net.Spiking == nil && !r.adapting()
}
