package run

import (
	"fmt"
	"strings"

	"plasticity/core/nn"
)

// A sign constraint on the weights (link key constraint=nonneg|dale),
// enforced by projection: after every optimizer step each weight that has
// crossed its allowed sign is set to zero, the nearest allowed value. The
// initial weights are made to comply by taking their magnitude with the
// allowed sign, so that the network starts from weights of the usual size.
// Biases are free: a neuron's threshold is not a synapse.
//
//	nonneg  every weight of every layer is ≥ 0: no synapse inhibits.
//	dale    Dale's law: all the outgoing weights of a neuron share one sign.
//	        The inputs are excitatory (their weights ≥ 0), and among the
//	        hidden units of each layer every fifth, counting from the first
//	        (units 0, 5, 10 …), is inhibitory (its outgoing weights ≤ 0):
//	        about the 4 : 1 ratio of excitatory to inhibitory neurons in
//	        cortex, with at least one inhibitory unit in every layer.
//
// Like the optimizer, the projection acts on every run whatever its rule;
// a rule that changes weights after the optimizer (rule.AfterStepper) acts
// before it.

// Constraints are the sign constraints a link may name.
var Constraints = []string{"nonneg", "dale"}

// constraintHelp describes each constraint, for problems and the page.
var constraintHelp = map[string]string{
	"nonneg": "every weight ≥ 0",
	"dale":   "Dale's law: inputs excitatory, every fifth hidden unit inhibitory",
}

// ConstraintHelp returns a one-line description of constraint c.
func ConstraintHelp(c string) string { return constraintHelp[c] }

// parseConstraint reads the constraint key.
func parseConstraint(dst *string, k, s string, bad func(string, string, ...any)) {
	if err := checkConstraint(s); err != nil {
		bad(k, "%v; no constraint", err)
		return
	}
	*dst = s
}

func checkConstraint(s string) error {
	if s == "" {
		return nil
	}
	for _, c := range Constraints {
		if c == s {
			return nil
		}
	}
	return fmt.Errorf("unknown constraint %q (known: %s)", s, strings.Join(Constraints, ", "))
}

// Inhibitory reports whether hidden unit j is inhibitory under Dale's law.
func Inhibitory(j int) bool { return j%5 == 0 }

// signs holds the allowed sign of every weight column: signs[l][i] is
// +1 when the weights from input i of layer l must be ≥ 0 and −1 when they
// must be ≤ 0.
type signs [][]float64

// newSigns returns the signs constraint c imposes on net, or nil.
func newSigns(c string, net *nn.Net) signs {
	if c == "" {
		return nil
	}
	s := make(signs, net.NumLayers())
	for l, ly := range net.Layers {
		s[l] = make([]float64, ly.In)
		for i := range s[l] {
			s[l][i] = 1
			if c == "dale" && l > 0 && Inhibitory(i) {
				s[l][i] = -1
			}
		}
	}
	return s
}

// start gives every weight its allowed sign, keeping its magnitude.
func (s signs) start(net *nn.Net) {
	for l, ly := range net.Layers {
		if l >= len(s) {
			break
		}
		for o := 0; o < ly.Out; o++ {
			row := ly.W.Value[o*ly.In : (o+1)*ly.In]
			for i, w := range row {
				row[i] = s[l][i] * abs(w)
			}
		}
	}
}

// project sets every weight of the wrong sign to zero.
func (s signs) project(net *nn.Net) {
	for l, ly := range net.Layers {
		if l >= len(s) {
			break
		}
		for o := 0; o < ly.Out; o++ {
			row := ly.W.Value[o*ly.In : (o+1)*ly.In]
			for i, w := range row {
				if w*s[l][i] < 0 {
					row[i] = 0
				}
			}
		}
	}
}

// limits are what a run enforces on its weights after every update: the
// sign constraint and the lesions (lesion.go).
type limits struct {
	signs  signs
	lesion *lesion
}

// newLimits returns r's limits and applies them to the initial weights.
func newLimits(r *Run) limits {
	lm := limits{signs: newSigns(r.Exp.Constraint, r.Net), lesion: newLesion(r.Exp)}
	lm.signs.start(r.Net)
	lm.apply(r.Net)
	return lm
}

// apply enforces the limits on net's weights.
func (lm limits) apply(net *nn.Net) {
	if lm.signs != nil {
		lm.signs.project(net)
	}
	lm.lesion.apply(net)
}
