package components

import (
	"math"
	"strconv"
	"strings"

	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"
)

// Series is one line of a LineChart.
type Series struct {
	Label string
	// Y holds one value per X; a value that is not finite leaves a gap.
	// Write gaps as Gap (+Inf), not NaN: go-app tells whether a chart's
	// inputs changed with reflect.DeepEqual, for which NaN never equals
	// NaN, so a series holding NaN would redraw at every update.
	Y      []float64
	Color  int // index into the chart palette (CSS classes series-0 …)
	Dashed bool
	Dotted bool // a reference line (a threshold)
	// X, when set, holds the series' own x positions (runs of a
	// comparison on a cost axis); otherwise the series uses the chart's X.
	X []float64
	// NoLegend leaves the series out of the legend (a comparison's test
	// curves, dashed in their run's colour, which the help line explains).
	NoLegend bool
}

// LineChart draws series over a shared x axis as an SVG line chart with
// axes, ticks, a legend and a one-line explanation of how to read it.
//
// Colour is never the only cue: every series but a reference line also
// carries a marker shape of its own (chartMarks of them along the line,
// and one in its legend), filled on a solid line and outlined on a dashed
// one, as the decision map draws training and test points.
type LineChart struct {
	goapp.Compo

	ID     string
	Title  string
	Help   string // how to read it, one line
	XLabel string
	X      []float64
	Series []Series
	// YMin and YMax fix the ends of the y axis when FixMin and FixMax are
	// set; otherwise the data decide (from 0 when all values are positive
	// and ZeroBased is set).
	YMin, YMax     float64
	FixMin, FixMax bool
	ZeroBased      bool
	Percent        bool   // values are fractions, labelled as percentages
	Unit           string // appended to y tick labels (e.g. "°")
	// YStep, when positive, puts the y ticks at its multiples (30 for
	// degrees) instead of round numbers chosen from the data.
	YStep float64
	// Height is the chart's height in view box units, for a width of 320;
	// 0 means 150.
	Height float64
}

// Chart geometry in view box units: the SVG scales to its box.
const (
	chartW, chartH0    = 320.0, 150.0
	chartL, chartR     = 40.0, 10.0 // left and right margins
	chartT, chartB     = 8.0, 24.0  // top and bottom margins
	chartMaxPoints     = 400
	chartXTicks        = 5
	chartYTicks        = 4
	chartTickLabelSize = "10"
	chartMarks         = 5   // markers along each line
	chartMarkRadius    = 2.6 // in view box units
)

// SeriesMark is the legend marker of the series of colour index color: its
// shape, filled for a solid line or outlined for a dashed one, in the
// series' colour.
func SeriesMark(color int, dashed bool) goapp.UI {
	return goapp.Span().Class("swatch-mark", "series-"+strconv.Itoa(color)).
		Body(marker(markShape(Series{Color: color}), "currentColor", !dashed))
}

// markShape returns the marker shape of series s: one per colour, so that a
// run or a layer keeps its shape on every chart.
func markShape(s Series) int { return s.Color % len(shapeNames) }

// Render implements goapp.Composer.
func (c *LineChart) Render() goapp.UI {
	plot := c.plot()
	return goapp.Figure().ID("%s", c.ID).Class("chart").Body(
		goapp.FigCaption().Class("chart-head").Body(
			goapp.Span().Class("chart-title").Text(c.Title),
			goapp.Ul().Class("chart-legend").Body(c.legend()...),
		),
		plot,
		goapp.P().Class("help").Text(c.Help),
	)
}

// legend returns an item per series with a legend.
func (c *LineChart) legend() []goapp.UI {
	var items []goapp.UI
	for _, s := range c.Series {
		if s.NoLegend {
			continue
		}
		swatch := goapp.Span().Class("swatch", "series-"+strconv.Itoa(s.Color))
		if s.Dashed {
			swatch = swatch.Class("swatch-dashed")
		}
		if s.Dotted {
			swatch = swatch.Class("swatch-dotted")
			items = append(items, goapp.Li().Body(swatch, goapp.Text(s.Label)))
			continue
		}
		items = append(items, goapp.Li().Body(swatch, SeriesMark(s.Color, s.Dashed), goapp.Text(s.Label)))
	}
	return items
}

func (c *LineChart) plot() goapp.UI {
	chartH := chartH0
	if c.Height > 0 {
		chartH = c.Height
	}
	box := svg("svg").Class("chart-svg").
		Attr("viewBox", "0 0 "+coord(chartW)+" "+coord(chartH)).
		Role("img").Aria("label", c.Title+": "+c.Help)
	ys := make([][]float64, len(c.Series))
	xsets := [][]float64{c.X}
	for i, s := range c.Series {
		ys[i] = s.Y
		if s.X != nil {
			xsets = append(xsets, s.X)
		}
	}
	xlo, xhi, okx := Extent(xsets...)
	ylo, yhi, oky := Extent(ys...)
	if !okx || !oky {
		return box.Body(
			svg("text").Class("chart-empty").Attr("x", coord(chartW/2)).Attr("y", coord(chartH/2)).
				Attr("text-anchor", "middle").Text("No data yet"),
		)
	}
	if c.ZeroBased && ylo > 0 {
		ylo = 0
	}
	if c.FixMin {
		ylo = c.YMin
	}
	if c.FixMax {
		yhi = math.Max(c.YMax, ylo)
	}
	if xhi == xlo {
		xhi = xlo + 1
	}
	xt := NiceTicks(xlo, xhi, chartXTicks)
	yt := NiceTicks(ylo, yhi, chartYTicks)
	if c.YStep > 0 {
		yt = StepTicks(ylo, yhi, c.YStep)
	}
	if !c.FixMin {
		ylo = yt[0]
	}
	if !c.FixMax {
		yhi = yt[len(yt)-1]
	}
	sx := Linear{D0: xlo, D1: xhi, R0: chartL, R1: chartW - chartR}
	sy := Linear{D0: ylo, D1: yhi, R0: chartH - chartB, R1: chartT}

	var parts []goapp.UI
	ystep := yt[min(1, len(yt)-1)] - yt[0]
	for _, v := range yt {
		if v < ylo-1e-12 || v > yhi+1e-12 {
			continue
		}
		y := coord(sy.At(v))
		parts = append(parts,
			svg("line").Class("grid").Attr("x1", coord(chartL)).Attr("x2", coord(chartW-chartR)).Attr("y1", y).Attr("y2", y),
			svg("text").Class("tick").Attr("x", coord(chartL-4)).Attr("y", y).
				Attr("text-anchor", "end").Attr("dominant-baseline", "middle").Attr("font-size", chartTickLabelSize).
				Text(TickLabel(v, ystep, c.Percent)+c.Unit),
		)
	}
	xstep := xt[min(1, len(xt)-1)] - xt[0]
	for _, v := range xt {
		if v < xlo-1e-12 || v > xhi+1e-12 {
			continue
		}
		x := coord(sx.At(v))
		parts = append(parts,
			svg("line").Class("tick-mark").Attr("x1", x).Attr("x2", x).
				Attr("y1", coord(chartH-chartB)).Attr("y2", coord(chartH-chartB+3)),
			svg("text").Class("tick").Attr("x", x).Attr("y", coord(chartH-chartB+13)).
				Attr("text-anchor", "middle").Attr("font-size", chartTickLabelSize).
				Text(TickLabel(v, xstep, false)),
		)
	}
	parts = append(parts,
		svg("line").Class("axis").Attr("x1", coord(chartL)).Attr("x2", coord(chartW-chartR)).
			Attr("y1", coord(chartH-chartB)).Attr("y2", coord(chartH-chartB)),
		svg("text").Class("axis-label").Attr("x", coord(chartW-chartR)).Attr("y", coord(chartH-2)).
			Attr("text-anchor", "end").Attr("font-size", chartTickLabelSize).Text(c.XLabel),
	)
	// The markers go under the lines (the lines stay the SVG's last
	// children).
	for i, s := range c.Series {
		if s.Dotted {
			continue
		}
		x := c.X
		if s.X != nil {
			x = s.X
		}
		if d := MarksPath(markShape(s), x, clampSeries(s.Y, ylo, yhi), sx, sy, chartMarks, i); d != "" {
			m := svg("path").Class("mark", "series-"+strconv.Itoa(s.Color)).Attr("d", d)
			if s.Dashed {
				m = m.Class("open")
			}
			parts = append(parts, m)
		}
	}
	for _, s := range c.Series {
		x := c.X
		if s.X != nil {
			x = s.X
		}
		idx := Decimate(len(x), chartMaxPoints)
		p := svg("path").Class("line", "series-"+strconv.Itoa(s.Color)).
			Attr("d", LinePath(pick(x, idx), pick(clampSeries(s.Y, ylo, yhi), idx), sx, sy))
		if s.Dashed {
			p = p.Class("dashed")
		}
		if s.Dotted {
			p = p.Class("dotted")
		}
		parts = append(parts, p)
	}
	return box.Body(parts...)
}

// Gap is the value that leaves a gap in a series.
var Gap = math.Inf(1)

// pick returns v at the indices idx (NaN past its end).
func pick(v []float64, idx []int) []float64 {
	out := make([]float64, len(idx))
	for i, j := range idx {
		out[i] = math.NaN()
		if j < len(v) {
			out[i] = v[j]
		}
	}
	return out
}

// clampSeries returns v with values outside [lo, hi] moved to the bound, so
// that a fixed axis clips a line at its edge instead of drawing outside.
func clampSeries(v []float64, lo, hi float64) []float64 {
	out := make([]float64, len(v))
	for i, x := range v {
		out[i] = x
		if finite(x) {
			out[i] = math.Max(lo, math.Min(hi, x))
		}
	}
	return out
}

// MarksPath returns the SVG path data of n markers of shape s along the
// series (x, y), spread evenly over its points and skipping gaps; the k-th
// series starts its markers a little further along, so that the markers of
// curves that lie on top of each other do not hide one another. A series of
// at most n points gets a marker on each; one of fewer than two points gets
// none ("").
func MarksPath(s int, x, y []float64, sx, sy Linear, n, k int) string {
	m := min(len(x), len(y))
	if m < 2 || n <= 0 {
		return ""
	}
	offset := 0.2 + 0.6*float64(k%4)/4 // of the interval between two markers
	var b strings.Builder
	last := -1
	for i := range n {
		j := int((float64(i) + offset) / float64(n) * float64(m-1))
		if m <= n { // a marker on every point
			j = min(i, m-1)
		}
		if j == last || !finite(x[j]) || !finite(y[j]) {
			continue
		}
		last = j
		writeShape(&b, s, sx.At(x[j]), sy.At(y[j]), chartMarkRadius)
	}
	return b.String()
}
