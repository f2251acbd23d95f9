package components

import (
	"math"
	"strconv"

	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"
)

// ConfusionMatrix is #confusion: how the network classifies each class of a
// set, as a table with a row per true class and a column per predicted
// class, each cell shaded by the share of its row; and each class's
// accuracy (the diagonal over the row) in a last column. app/ computes the
// counts once per evaluation.
//
// The automation contract: #confusion carries data-accuracy (the set's
// accuracy, as data-test-acc writes it) and data-step; each cell is a td
// with data-true, data-pred and its count as text.
type ConfusionMatrix struct {
	goapp.Compo

	Labels []string // the classes' names, in order
	// Counts[t][p] is how many examples of true class t were predicted p.
	Counts   [][]int
	PerClass []float64 // accuracy on each true class; NaN for none
	Accuracy float64   // over the whole set; NaN for an empty set
	Set      string    // the set counted: "test" or "training"
	Step     int       // the step the counts were taken at
}

// Render implements goapp.Composer.
func (m *ConfusionMatrix) Render() goapp.UI {
	k := len(m.Labels)
	head := []goapp.UI{goapp.Th().Scope("col").Class("cm-corner").Body(
		goapp.Span().Class("cm-axis").Text("true ↓ predicted →"),
	)}
	for p := 0; p < k; p++ {
		head = append(head, goapp.Th().Scope("col").Text(m.Labels[p]))
	}
	head = append(head, goapp.Th().Scope("col").Class("cm-acc").Text("accuracy"))
	rows := make([]goapp.UI, 0, k)
	for t := 0; t < k; t++ {
		var row []int
		if t < len(m.Counts) {
			row = m.Counts[t]
		}
		sum := 0
		for _, c := range row {
			sum += c
		}
		cells := []goapp.UI{goapp.Th().Scope("row").Text(m.Labels[t])}
		for p := 0; p < k; p++ {
			c := 0
			if p < len(row) {
				c = row[p]
			}
			frac := 0.0
			if sum > 0 {
				frac = float64(c) / float64(sum)
			}
			strong := ""
			if frac > 0.3 {
				strong = "cm-strong" // light text on a dark shade
			}
			cells = append(cells, goapp.Td().Class("cm-cell", cellClass(t == p, c), strong).
				DataSet("true", t).DataSet("pred", p).
				Style("background", ConfusionShade(frac, t == p)).
				Title("%s", strconv.Itoa(c)+" of "+strconv.Itoa(sum)+" examples of "+m.Labels[t]+" predicted "+m.Labels[p]).
				Text(strconv.Itoa(c)))
		}
		acc := math.NaN()
		if t < len(m.PerClass) {
			acc = m.PerClass[t]
		}
		cells = append(cells, goapp.Td().Class("cm-acc").Text(percent(acc)))
		rows = append(rows, goapp.Tr().Body(cells...))
	}
	return goapp.Figure().ID("confusion").Class("confusion").
		DataSet("accuracy", formatData(m.Accuracy)).DataSet("step", m.Step).
		Body(
			goapp.Div().Class("cm-scroll").Body(
				goapp.Table().Class("cm-table").Body(
					goapp.Caption().Text("Confusion matrix on the "+m.Set+" set: "+percent(m.Accuracy)+" right"),
					goapp.THead().Body(goapp.Tr().Body(head...)),
					goapp.TBody().Body(rows...),
				),
			),
			goapp.FigCaption().Class("help").Text(
				"Each row is a true class and each column the class the network predicted; a cell's shade is its share of the row. "+
					"The diagonal (blue) is right, the rest (orange) are the mistakes, and the last column is each class's accuracy. "+
					"It is counted again at each epoch's end, and after every step taken by hand."),
		)
}

func cellClass(diag bool, c int) string {
	switch {
	case diag:
		return "cm-diag"
	case c > 0:
		return "cm-miss"
	default:
		return "cm-zero"
	}
}

// ConfusionShade returns the CSS background of a cell holding the share
// frac (0 … 1) of its row: the palette's positive colour (var(--pos)) on
// the diagonal, its negative colour (var(--neg)) off it, mixed into the
// transparent cell in proportion to the square root of the share (at most
// 85 %), so that a few mistakes among many examples still show and the
// counts stay readable. An empty cell has no shade. The variables follow
// the page's palette (light, dark, high contrast).
func ConfusionShade(frac float64, diag bool) string {
	if !(frac > 0) {
		return "transparent"
	}
	pct := int(math.Round(85 * math.Sqrt(math.Min(1, frac))))
	v := "--neg"
	if diag {
		v = "--pos"
	}
	return "color-mix(in srgb, var(" + v + ") " + strconv.Itoa(max(pct, 1)) + "%, transparent)"
}

// percent writes a share as a whole percentage, or "–" for NaN.
func percent(v float64) string {
	if math.IsNaN(v) {
		return "–"
	}
	return strconv.Itoa(int(math.Round(100*v))) + " %"
}

// formatData writes a figure for a data- attribute: empty for NaN.
func formatData(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return ""
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}
