package components

import (
	"math"
	"testing"

	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"
)

func TestConfusionShade(t *testing.T) {
	t.Parallel()
	for _, test := range []struct {
		frac float64
		diag bool
		want string
	}{
		{0, true, "transparent"},
		{math.NaN(), false, "transparent"},
		{1, true, "color-mix(in srgb, var(--pos) 85%, transparent)"},
		{0.25, false, "color-mix(in srgb, var(--neg) 43%, transparent)"}, // 85·√0.25 = 42.5
		{1e-6, false, "color-mix(in srgb, var(--neg) 1%, transparent)"},  // never invisible
		{2, false, "color-mix(in srgb, var(--neg) 85%, transparent)"},
	} {
		if got := ConfusionShade(test.frac, test.diag); got != test.want {
			t.Errorf("ConfusionShade(%v, %v) = %q, want %q", test.frac, test.diag, got, test.want)
		}
	}
}

func TestConfusionMatrix(t *testing.T) {
	t.Parallel()
	m := &ConfusionMatrix{
		Labels:   []string{"0", "1", "2"},
		Counts:   [][]int{{8, 2, 0}, {0, 5, 0}, {1, 0, 0}},
		PerClass: []float64{0.8, 1, 0},
		Accuracy: 13.0 / 16, Set: "test", Step: 40,
	}
	load(t, m)
	match(t, goapp.Figure().ID("confusion").Class("confusion").DataSet("accuracy", "0.8125").DataSet("step", 40), m, 0)
	// Row 0 (tbody's first tr): the header cell, then the counts.
	match(t, goapp.Text("0"), m, 0, 0, 0, 2, 0, 0, 0)
	match(t, goapp.Td().Class("cm-cell", "cm-diag", "cm-strong").DataSet("true", 0).DataSet("pred", 0).
		Style("background", ConfusionShade(0.8, true)).
		Title("8 of 10 examples of 0 predicted 0"), m, 0, 0, 0, 2, 0, 1)
	match(t, goapp.Text("8"), m, 0, 0, 0, 2, 0, 1, 0)
	match(t, goapp.Td().Class("cm-cell", "cm-miss", "").DataSet("true", 0).DataSet("pred", 1).
		Style("background", ConfusionShade(0.2, false)).
		Title("2 of 10 examples of 0 predicted 1"), m, 0, 0, 0, 2, 0, 2)
	match(t, goapp.Text("80 %"), m, 0, 0, 0, 2, 0, 4, 0)
	match(t, goapp.Text("0 %"), m, 0, 0, 0, 2, 2, 4, 0)
	match(t, goapp.Text("Confusion matrix on the test set: 81 % right"), m, 0, 0, 0, 0, 0)
}
