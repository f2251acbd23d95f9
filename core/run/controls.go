package run

import (
	"fmt"
	"slices"
	"strings"
)

// Controls are the groups of the page's controls that a link can lock or
// hide, for a class: a teacher's link with lock=data,rule opens with the
// dataset and the rule shown but disabled, and one with hide=net shows no
// network editor at all, like TensorFlow Playground's _hide flags. They
// change nothing in the run; the page reads them.
//
//	data     the dataset, its noise, sizes and classes
//	rule     the learning rule and its settings
//	train    the optimiser, learning rate, batch size and penalties
//	net      the network's layers, units, activation and initialisation
//	seed     the seed
//	epochs   the "stop after" length
//	compare  adding and removing runs of a comparison
//
// The order is the order links write them in.
var Controls = []string{"data", "rule", "train", "net", "seed", "epochs", "compare"}

// IsLocked reports whether the link locks the control group c (see
// Controls): the page shows it disabled.
func (e Experiment) IsLocked(c string) bool { return slices.Contains(e.Lock, c) }

// IsHidden reports whether the link hides the control group c (see
// Controls): the page does not show it.
func (e Experiment) IsHidden(c string) bool { return slices.Contains(e.Hide, c) }

// parseControls reads a comma-separated list of Controls ("data,rule")
// into dst, in the order of Controls and without repeats. Unknown names
// are a problem of key k and are left out; the known ones are kept.
func parseControls(dst *[]string, k, s string, bad func(string, string, ...any)) {
	var out, unknown []string
	for _, c := range strings.Split(s, ",") {
		c = strings.TrimSpace(c)
		switch {
		case c == "":
		case slices.Contains(Controls, c):
			out = append(out, c)
		default:
			unknown = append(unknown, fmt.Sprintf("%q", c))
		}
	}
	if len(unknown) > 0 {
		bad(k, "unknown control %s (known: %s); ignored", strings.Join(unknown, ", "), strings.Join(Controls, ", "))
	}
	*dst = canonicalControls(out)
}

// canonicalControls returns cs in the order of Controls, without repeats
// and unknown names; nil when none is left.
func canonicalControls(cs []string) []string {
	var out []string
	for _, c := range Controls {
		if slices.Contains(cs, c) {
			out = append(out, c)
		}
	}
	return out
}

// validateControls reports lists that Decode would not return: unknown
// names, repeats, or another order than that of Controls.
func validateControls(k string, cs []string, bad func(string, string, ...any)) {
	if len(cs) == 0 {
		return
	}
	if !slices.Equal(cs, canonicalControls(cs)) {
		bad(k, "%q is not a list of distinct controls in the order %s", strings.Join(cs, ","), strings.Join(Controls, ","))
	}
}
