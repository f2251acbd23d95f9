package app

import (
	"fmt"
	"math"
	"strconv"

	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"

	"plasticity/components"
	"plasticity/core/lesson"
	"plasticity/core/run"
)

// lessonExtras are a lesson's own views of the runs: its figures and the
// views its View names, computed when the runs record a point.
type lessonExtras struct {
	figures []*components.LineChart
	arrows  *components.LessonArrows
	units   *components.LessonUnits
}

// lessonExtrasOf computes l's views of runs. A view that cannot be drawn
// for these runs (changed beyond what the lesson expects) is left out.
func lessonExtrasOf(l lesson.Lesson, runs []*run.Run) (x lessonExtras) {
	defer func() {
		if recover() != nil {
			x = lessonExtras{}
		}
	}()
	if l.Figures != nil {
		for _, f := range l.Figures(runs) {
			x.figures = append(x.figures, lessonChart(f))
		}
	}
	switch l.View {
	case lesson.ViewNeurons:
		x.arrows = neuronArrows(runs[0])
	case lesson.ViewUnits:
		x.units = lessonUnits(runs[0])
	}
	return x
}

// lessonChart turns a lesson's figure into a chart.
func lessonChart(f lesson.Figure) *components.LineChart {
	c := &components.LineChart{
		ID: "lesson-fig-" + f.ID, Title: f.Title, Help: f.Help, XLabel: f.XLabel,
		X: append([]float64(nil), f.X...), Unit: f.Unit, Percent: f.Percent, Height: 130,
	}
	if f.Percent {
		c.YMin, c.YMax, c.FixMin, c.FixMax = 0, 1, true, true
	}
	for i, s := range f.Series {
		y := make([]float64, len(s.Y))
		for j, v := range s.Y {
			y[j] = v
			if math.IsNaN(v) || math.IsInf(v, 0) {
				y[j] = math.Inf(1) // components.LineChart's gap
			}
		}
		c.Series = append(c.Series, components.Series{Label: s.Label, Y: y, Color: i + 2})
	}
	return c
}

// lessonExtraViews renders the lesson's views under its text.
func (p *Playground) lessonExtraViews() goapp.UI {
	x := p.lesson.extra
	var out []goapp.UI
	if x.arrows != nil {
		a := *x.arrows
		out = append(out, &a)
	}
	if x.units != nil {
		u := *x.units
		out = append(out, &u)
	}
	for _, c := range x.figures {
		cp := *c
		out = append(out, &cp)
	}
	return goapp.Div().Class("lesson-views").Body(out...)
}

// neuronArrows draws the first layer's weight vectors of r as arrows of
// unit length (their direction), thicker as they are longer, coloured by
// the class whose data they point along or against; the classes' mean
// directions are the guides.
func neuronArrows(r *run.Run) *components.LessonArrows {
	neurons, classes := lesson.Directions(r)
	if neurons == nil {
		return nil
	}
	a := &components.LessonArrows{
		Title: "First-layer neurons in the input plane",
		Help: "Each arrow is a hidden unit's weight vector, drawn at unit length (thicker when longer); dashed: the direction of each class's data. " +
			"The faint lines are where the arrows' tips have been.",
	}
	for c := 0; c+1 < len(classes); c += 2 {
		a.Guides = append(a.Guides, components.Arrow{X: classes[c], Y: classes[c+1], Color: hexColor(run.ClassColor(c / 2)), Weight: 1,
			Label: "class " + strconv.Itoa(c/2+1) + " data"})
	}
	longest := 0.0
	for j := 0; j+1 < len(neurons); j += 2 {
		longest = max(longest, math.Hypot(neurons[j], neurons[j+1]))
	}
	for j := 0; j+1 < len(neurons); j += 2 {
		x, y := neurons[j], neurons[j+1]
		n := math.Hypot(x, y)
		if n == 0 {
			continue
		}
		best, cls := -1.0, 0
		for c := 0; c+1 < len(classes); c += 2 {
			if v := math.Abs(x*classes[c]+y*classes[c+1]) / n; v > best {
				best, cls = v, c/2
			}
		}
		a.Arrows = append(a.Arrows, components.Arrow{X: x / n, Y: y / n, Color: hexColor(run.ClassColor(cls)), Weight: n / longest,
			Label: fmt.Sprintf("unit %d: length %.3g, |cos| %.2f to class %d's data", j/2+1, n, best, cls+1)})
	}
	return a
}

// trails adds the arrows' tips to the trails of run r (restarting them for
// another run) and hands them to the view.
func (s *lessonState) trails(r *run.Run, a *components.LessonArrows) {
	if a == nil {
		return
	}
	if s.trailRun != r || len(s.trailTips) != len(a.Arrows) {
		s.trailRun, s.trailTips = r, make([][]float64, len(a.Arrows))
	}
	for i, ar := range a.Arrows {
		s.trailTips[i] = append(s.trailTips[i], ar.X, ar.Y)
	}
	a.Trails = make([][]float64, len(s.trailTips))
	for i, t := range s.trailTips {
		a.Trails[i] = append([]float64(nil), t...)
	}
}

// lessonUnits shows the hidden units of r: class selectivity, preferred
// class, dead and lesioned units.
func lessonUnits(r *run.Run) *components.LessonUnits {
	u := &components.LessonUnits{
		Title: "Hidden units: selectivity and lesions",
		Help: "Each cell is a hidden unit, coloured by the class it prefers and darker the more selective it is; struck-through units are dead " +
			"(never active on the test set). Click a unit to lesion it (the run replays to this epoch and silences it there), click again to restore it.",
	}
	dead := r.DeadUnits()
	lesioned := map[run.Unit]bool{}
	for _, x := range r.Exp.Lesion {
		lesioned[x] = true
	}
	for l := 1; l < r.Net.NumLayers(); l++ {
		sel, pref := r.Selectivity(l)
		cells := make([]components.UnitCell, r.Net.Sizes[l])
		for j := range cells {
			c := components.UnitCell{Selectivity: -1, Lesioned: lesioned[run.Unit{Layer: l, Unit: j + 1}]}
			if j < len(sel) && !math.IsNaN(sel[j]) {
				c.Selectivity = math.Max(0, math.Min(1, sel[j]))
				c.Color = hexColor(run.ClassColor(pref[j]))
			}
			cells[j] = c
		}
		if l-1 < len(dead) {
			for _, j := range dead[l-1] {
				cells[j].Dead = true
			}
		}
		u.Layers = append(u.Layers, cells)
	}
	return u
}
