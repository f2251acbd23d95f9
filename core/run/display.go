package run

import (
	"fmt"
	"slices"
	"strings"
)

// Views are the display options a link can ask for with view=…: how the
// page looks, never what the run computes.
//
//	projector  large type, thick lines and only the controls a lecture
//	           needs, readable from the back of a room
//	contrast   the high-contrast palette (the page also follows the
//	           system's prefers-contrast setting)
//
// The order is the order links write them in.
var Views = []string{"projector", "contrast"}

// HasView reports whether the link asks for the display option v (see
// Views).
func (e Experiment) HasView(v string) bool { return slices.Contains(e.View, v) }

// SetView turns the display option v (see Views) on or off, keeping
// e.View in the order of Views.
func (e *Experiment) SetView(v string, on bool) {
	vs := slices.DeleteFunc(slices.Clone(e.View), func(x string) bool { return x == v })
	if on {
		vs = append(vs, v)
	}
	e.View = canonicalViews(vs)
}

// parseViews reads a comma-separated list of Views ("projector,contrast")
// into dst, in the order of Views and without repeats. Unknown names are a
// problem of key k and are left out; the known ones are kept.
func parseViews(dst *[]string, k, s string, bad func(string, string, ...any)) {
	var out, unknown []string
	for _, v := range strings.Split(s, ",") {
		v = strings.TrimSpace(v)
		switch {
		case v == "":
		case slices.Contains(Views, v):
			out = append(out, v)
		default:
			unknown = append(unknown, fmt.Sprintf("%q", v))
		}
	}
	if len(unknown) > 0 {
		bad(k, "unknown view %s (known: %s); ignored", strings.Join(unknown, ", "), strings.Join(Views, ", "))
	}
	*dst = canonicalViews(out)
}

// canonicalViews returns vs in the order of Views, without repeats and
// unknown names; nil when none is left.
func canonicalViews(vs []string) []string {
	var out []string
	for _, v := range Views {
		if slices.Contains(vs, v) {
			out = append(out, v)
		}
	}
	return out
}

// validateViews reports a list that Decode would not return: unknown
// names, repeats, or another order than that of Views.
func validateViews(vs []string, bad func(string, string, ...any)) {
	if len(vs) > 0 && !slices.Equal(vs, canonicalViews(vs)) {
		bad("view", "%q is not a list of distinct views in the order %s", strings.Join(vs, ","), strings.Join(Views, ","))
	}
}
