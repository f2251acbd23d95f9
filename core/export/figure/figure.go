package figure

import (
	"fmt"
	"image/color"
	"io"
	"slices"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgsvg"

	"plasticity/core/run"
)

// Options change how a figure looks. The zero value is usable.
type Options struct {
	Axis          run.Axis  // the x-axis; the zero value is steps, PlotSVG uses epochs
	Width, Height vg.Length // 0 means 16 cm × 10 cm
	Title         string    // "" means the metric's name
}

// PlotSVG writes an SVG figure of metric over epochs for runs (run 1
// first), one colour per run. metric is "loss" (the default when empty:
// training loss solid, test loss dashed), "acc" (accuracies, likewise), or
// one figure named as run.Columns names them (e.g. "update_angle_l1"), or
// several of them separated by commas.
func PlotSVG(w io.Writer, runs []*run.Run, metric string) error {
	return Plot(w, runs, metric, &Options{Axis: run.AxisEpoch})
}

// Plot writes an SVG figure of metric for runs with the given options (nil
// means PlotSVG's).
func Plot(w io.Writer, runs []*run.Run, metric string, o *Options) error {
	if o == nil {
		o = &Options{Axis: run.AxisEpoch}
	}
	if len(runs) == 0 {
		return fmt.Errorf("figure: no runs to plot")
	}
	names, err := metricNames(runs, metric)
	if err != nil {
		return err
	}
	p := plot.New()
	p.Title.Text = o.Title
	if p.Title.Text == "" {
		switch yLabel(names) {
		case "Loss":
			p.Title.Text = "Training (solid) and test (dashed) loss"
		case "Accuracy":
			p.Title.Text = "Training (solid) and test (dashed) accuracy"
		default:
			p.Title.Text = strings.Join(names, ", ")
		}
	}
	p.X.Label.Text = o.Axis.Label()
	p.Y.Label.Text = yLabel(names)
	p.Add(plotter.NewGrid())
	// The legend goes in a column right of the chart, never over a curve.
	legend := plot.NewLegend()
	legend.Top, legend.Left = true, true
	legendWidth := vg.Length(0)
	drawn := 0
	for i, r := range runs {
		c := run.ClassColor(i)
		col := color.RGBA{c.R, c.G, c.B, 255}
		for j, name := range names {
			xs, ys := run.Series(r, o.Axis, name)
			if len(xs) == 0 {
				continue
			}
			pts := make(plotter.XYs, len(xs))
			for k := range xs {
				pts[k].X, pts[k].Y = xs[k], ys[k]
			}
			line, err := plotter.NewLine(pts)
			if err != nil {
				return fmt.Errorf("figure: run %d %s: %v", i+1, name, err)
			}
			line.Color = col
			line.Width = vg.Points(1.5)
			if j > 0 {
				line.Dashes = [][]vg.Length{{vg.Points(6), vg.Points(3)}, {vg.Points(2), vg.Points(3)}}[min(j-1, 1)]
			}
			p.Add(line)
			label := fmt.Sprintf("%d %s", i+1, r.Exp.Rule)
			if len(names) > 1 {
				label += " " + name
			}
			legend.Add(label, line)
			legendWidth = max(legendWidth, legend.TextStyle.Width(label))
			drawn++
		}
	}
	if drawn == 0 {
		return fmt.Errorf("figure: no finite values of %s to plot", strings.Join(names, ", "))
	}
	width, height := o.Width, o.Height
	if width == 0 {
		width = 16 * vg.Centimeter
	}
	if height == 0 {
		height = 10 * vg.Centimeter
	}
	canvas := vgsvg.New(width, height)
	dc := draw.New(canvas)
	legendWidth += legend.ThumbnailWidth + 3*legend.TextStyle.Font.Size/2
	p.Draw(draw.Crop(dc, 0, -legendWidth, 0, 0))
	legend.YOffs = -legend.TextStyle.Font.Size // level with the chart's top
	legend.Draw(draw.Crop(dc, width-legendWidth, 0, 0, 0))
	_, err = canvas.WriteTo(w)
	return err
}

// metricNames expands metric into figure names that some run has.
func metricNames(runs []*run.Run, metric string) ([]string, error) {
	var names []string
	switch metric {
	case "", "loss":
		names = []string{run.TrainLoss, run.TestLoss}
	case "acc", "accuracy":
		names = []string{run.TrainAcc, run.TestAcc}
	default:
		names = strings.Split(metric, ",")
	}
	var known []string
	for _, r := range runs {
		for _, p := range r.History() {
			for _, c := range run.Columns(p) {
				if !slices.Contains(known, c) {
					known = append(known, c)
				}
			}
		}
	}
	for i, n := range names {
		names[i] = strings.TrimSpace(n)
		if !slices.Contains(known, names[i]) {
			return nil, fmt.Errorf("figure: no figure %q (want loss, acc or one of %s)", names[i], strings.Join(known, ", "))
		}
	}
	return names, nil
}

// yLabel names the y-axis: the common kind of the figures.
func yLabel(names []string) string {
	all := func(suffix string) bool {
		for _, n := range names {
			if !strings.HasSuffix(n, suffix) {
				return false
			}
		}
		return true
	}
	switch {
	case all("_loss"):
		return "Loss"
	case all("_acc"):
		return "Accuracy"
	}
	return ""
}
