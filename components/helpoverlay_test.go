package components

import (
	"math"
	"strings"
	"testing"

	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"
)

func TestHelpOverlay(t *testing.T) {
	t.Parallel()
	closed := &HelpOverlay{}
	load(t, closed)
	match(t, goapp.Div().ID(HelpOverlayID).Class("dialog-root").Hidden(true), closed, 0)

	h := &HelpOverlay{
		Open:      true,
		Shortcuts: []Shortcut{{Keys: []string{"S", "→"}, Does: "Step"}},
		Plots:     []PlotHelp{{Title: "Loss", Help: "Lower is better."}},
		Projector: true, ContrastAuto: true,
	}
	load(t, h)
	got := html(t, h)
	// A modal dialog, labelled, that the page can focus.
	contains(t, "the overlay", got, `role="dialog"`, `aria-modal`, `aria-labelledby="help-title"`, `tabindex="-1"`,
		`<kbd>S</kbd>`, `<kbd>→</kbd>`, ">Step<", ">Loss<", ">Lower is better.<", `id="help-close"`)
	// The display options: projector on; contrast on and fixed by the
	// system.
	for _, want := range []string{`id="view-projector"`, `id="view-contrast"`} {
		i := strings.Index(got, want)
		if i < 0 {
			t.Fatalf("no %s in\n%s", want, got)
		}
		tag := got[strings.LastIndex(got[:i], "<"):]
		tag = tag[:strings.Index(tag, ">")]
		if !strings.Contains(tag, "checked") {
			t.Errorf("%s is not checked: %s", want, tag)
		}
		if want == `id="view-contrast"` && !strings.Contains(tag, "disabled") {
			t.Errorf("the contrast the system asks for can be unticked: %s", tag)
		}
	}
}

func TestViewBar(t *testing.T) {
	t.Parallel()
	v := &ViewBar{Projector: true}
	load(t, v)
	match(t, goapp.Div().Class("viewbar").Role("group").Aria("label", "Display"), v, 0)
	got := html(t, v)
	contains(t, "the view bar", got, `id="projector"`, `aria-pressed`, `id="help"`, `aria-haspopup="dialog"`)
}

func TestMarksPath(t *testing.T) {
	t.Parallel()
	sx := Linear{D0: 0, D1: 10, R0: 0, R1: 100}
	sy := Linear{D0: 0, D1: 1, R0: 100, R1: 0}
	x := []float64{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10}
	y := []float64{0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1}
	for _, test := range []struct {
		name  string
		x, y  []float64
		n, k  int
		marks int // "M" commands: one per marker of shape 1 (a square)
	}{
		{"five along", x, y, 5, 0, 5},
		{"another series", x, y, 5, 1, 5},
		{"one point", x[:1], y[:1], 5, 0, 0},
		{"none asked", x, y, 0, 0, 0},
		{"fewer points than markers", x[:2], y[:2], 5, 0, 2},
		// Of the markers at points 0, 2, 4, 6 and 8, only the first is
		// not in the gap.
		{"gaps skipped", x, []float64{0, math.Inf(1), math.Inf(1), math.Inf(1), math.Inf(1), math.Inf(1), math.Inf(1), math.Inf(1), math.Inf(1), math.Inf(1), 1}, 5, 0, 1},
	} {
		got := MarksPath(1, test.x, test.y, sx, sy, test.n, test.k)
		if m := strings.Count(got, "M"); m != test.marks {
			t.Errorf("%s: %d markers, want %d: %q", test.name, m, test.marks, got)
		}
	}
}
