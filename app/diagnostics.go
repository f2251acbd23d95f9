package app

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"

	"plasticity/components"
	"plasticity/core/data"
	"plasticity/core/probe"
	"plasticity/core/rule"
	"plasticity/core/run"
)

// The rule's own diagnostics, beyond its curves: what a rule's optional
// interfaces (core/rule) let the page look inside.
//
//   - rule.Feedbacker (feedback alignment and its family): the forward
//     weights and the feedback matrix of one layer side by side;
//   - rule.LabelScorer (forward-forward): each hidden layer's goodness under
//     every label for the picked input;
//   - rule.Modulator (PEPITA): the picked input next to its modulated
//     version, and for data in the plane an arrow from every example to
//     its own.
//
// The picked input is the point under the pointer on the decision map (for
// data in the plane) or a training example (for other data). Everything
// here is a pure function of a run and the pick, except that the rules'
// methods run the network.

// pick is the input the diagnostics look at.
type pick struct {
	set   bool    // picked by the user; else the first training example
	x, y  float64 // a point of the plane, for data in the plane
	index int     // a training example, for other data
}

// pickedInput returns the input the diagnostics look at in r's data, the
// training example nearest to it (whose target stands for the input's),
// and a phrase saying where it is.
func pickedInput(r *run.Run, pk pick) (x []float64, near int, where string) {
	s := r.Train
	if s.N == 0 {
		return nil, -1, ""
	}
	if r.DataInfo.Plane && s.Dim == 2 {
		if !pk.set {
			x0 := s.Row(0)
			pk.x, pk.y = x0[0], x0[1]
		}
		near = nearestExample(s, pk.x, pk.y)
		return []float64{pk.x, pk.y}, near, "at (" + components.FormatNumber(pk.x) + ", " + components.FormatNumber(pk.y) + ")"
	}
	i := ((pk.index % s.N) + s.N) % s.N
	return slices.Clone(s.Row(i)), i, "for training example " + strconv.Itoa(i+1)
}

// nearestExample returns the index of the example of s (in the plane)
// nearest to (x, y).
func nearestExample(s *data.Set, x, y float64) int {
	best, bestD := 0, math.Inf(1)
	for i := 0; i < s.N; i++ {
		dx, dy := s.X[2*i]-x, s.X[2*i+1]-y
		if d := dx*dx + dy*dy; d < bestD {
			best, bestD = i, d
		}
	}
	return best
}

// feedbackLayers returns the weight layers of r whose rule has a feedback
// matrix (none when the rule is no Feedbacker).
func feedbackLayers(r *run.Run) []int {
	fb, ok := r.Rule.(rule.Feedbacker)
	if !ok {
		return nil
	}
	var out []int
	for l := range r.Net.Layers {
		if _, _, ok := fb.Feedback(l); ok {
			out = append(out, l)
		}
	}
	return out
}

// subscript writes n with subscript digits: 12 → ₁₂.
func subscript(n int) string {
	s := []rune(strconv.Itoa(n))
	for i, r := range s {
		s[i] = '₀' + (r - '0')
	}
	return string(s)
}

// feedbackView returns the inputs of the heatmaps of layer l (−1 or a
// layer without feedback: the first that has one), and the layer shown;
// nil for a rule without feedback matrices.
func feedbackView(r *run.Run, l int) (*components.FeedbackView, int) {
	layers := feedbackLayers(r)
	if len(layers) == 0 {
		return nil, -1
	}
	if !slices.Contains(layers, l) {
		l = layers[0]
	}
	L := r.Net.NumLayers()
	opts := make([]components.Option, len(layers))
	for i, k := range layers {
		opts[i] = components.Option{Value: strconv.Itoa(k), Label: "Layer " + strconv.Itoa(k+1) + ": into " + layerName(k, L)}
	}
	b, w, _ := r.Rule.(rule.Feedbacker).Feedback(l)
	angle, ratio := "–", "–"
	if a := probe.Angle(b, w); !math.IsNaN(a) {
		angle = strconv.Itoa(int(math.Round(a))) + "°"
	}
	if nw := probe.Norm(w); nw > 0 {
		ratio = components.FormatNumber(probe.Norm(b) / nw)
	}
	ly := r.Net.Layers[l]
	from := "the inputs"
	if l > 0 {
		from = layerName(l-1, L)
	}
	return &components.FeedbackView{
		Layers: opts, Layer: strconv.Itoa(l), Rows: ly.Out, Cols: ly.In,
		ForwardTitle: "W" + subscript(l+1), FeedbackTitle: "B" + subscript(l+1),
		RowsName: layerName(l, L), ColsName: from,
		Angle: angle, Ratio: ratio,
	}, l
}

// heatmapPixels writes v (rows×cols, row-major) into pix as RGBA on the
// diverging palette, scaled by its largest |value|, and returns pix (grown
// when too small).
func heatmapPixels(pix []byte, v []float64) []byte {
	if cap(pix) < 4*len(v) {
		pix = make([]byte, 4*len(v))
	}
	pix = pix[:4*len(v)]
	m := 0.0
	for _, x := range v {
		if !math.IsNaN(x) && !math.IsInf(x, 0) {
			m = math.Max(m, math.Abs(x))
		}
	}
	if m == 0 {
		m = 1
	}
	for i, x := range v {
		setPixel(pix, i, run.Diverging(x/m))
	}
	return pix
}

// goodnessView returns forward-forward's goodness per label of each hidden
// layer at the picked input, with the layers' thresholds from the last
// history point; nil for a rule that is no LabelScorer.
func goodnessView(r *run.Run, pk pick) *components.GoodnessBars {
	ls, ok := r.Rule.(rule.LabelScorer)
	if !ok {
		return nil
	}
	x, near, where := pickedInput(r, pk)
	if x == nil {
		return nil
	}
	g := ls.LabelGoodness(x)
	var thresholds []float64
	if h := r.History(); len(h) > 0 {
		for _, m := range h[len(h)-1].Probes {
			if m.Key == "goodness_threshold" {
				thresholds = m.Values
			}
		}
	}
	L := r.Net.NumLayers()
	out := &components.GoodnessBars{Truth: -1, Where: where}
	for l, vals := range g {
		layer := components.GoodnessLayer{Title: "Hidden " + strconv.Itoa(l+1), Values: make([]float64, len(vals)), Threshold: components.Gap}
		for k, v := range vals {
			layer.Values[k] = gap(v)
		}
		if l < len(thresholds) && l < L-1 {
			layer.Threshold = gap(thresholds[l])
		}
		out.Layers = append(out.Layers, layer)
	}
	if len(g) > 0 {
		for k := range g[0] {
			out.Labels = append(out.Labels, strconv.Itoa(k))
			out.Colors = append(out.Colors, hexColor(run.ClassColor(k)))
		}
	}
	if r.Train.Labels != nil && near >= 0 {
		out.Truth = r.Train.Labels[near]
	}
	return out
}

// arrowsShown is the most examples a ModulationView draws arrows for.
const arrowsShown = 160

// modulation is what a Modulator does to the picked input: the view's
// inputs, and for images the two pictures' values.
type modulation struct {
	view         *components.ModulationView
	clean, input []float64 // images only
	side         int
}

// modulationView returns PEPITA's modulated input next to the clean one
// for the picked input (whose target is the nearest training example's)
// and, for data in the plane, the arrows of up to arrowsShown training
// examples; nil view for a rule that is no Modulator.
func modulationView(r *run.Run, pk pick) modulation {
	mod, ok := r.Rule.(rule.Modulator)
	if !ok {
		return modulation{}
	}
	x, near, where := pickedInput(r, pk)
	if x == nil {
		return modulation{}
	}
	s := r.Train
	xm := mod.Modulate(x, s.Target(near))
	shift := 0.0
	for i := range x {
		shift += (xm[i] - x[i]) * (xm[i] - x[i])
	}
	readout := fmt.Sprintf("‖x̃ − x‖ = %s %s (target: the nearest training example's, %s)",
		components.FormatNumber(math.Sqrt(shift)), where, targetName(s, near))
	if !r.DataInfo.Plane || s.Dim != 2 {
		k := imageSide(s)
		return modulation{
			view:  &components.ModulationView{Side: k, Readout: readout},
			clean: x, input: xm, side: k,
		}
	}
	v := &components.ModulationView{Plane: true, Readout: readout}
	v.Focus = components.Arrows{X0: []float64{x[0]}, Y0: []float64{x[1]}, X1: []float64{xm[0]}, Y1: []float64{xm[1]}}
	groups := map[int]*components.Arrows{}
	var keys []int
	var lengths []float64
	// An odd stride, so that classes generated in turn (0, 1, 0, 1 …) are
	// all drawn.
	every := max(1, s.N/arrowsShown)
	if every > 1 && every%2 == 0 {
		every++
	}
	for i := 0; i < s.N; i += every {
		xi := s.Row(i)
		yi := mod.Modulate(xi, s.Target(i))
		c := 0
		if s.Labels != nil {
			c = s.Labels[i]
		}
		g := groups[c]
		if g == nil {
			g = &components.Arrows{Color: hexColor(run.ClassColor(c))}
			if s.Labels == nil {
				g.Color = hexColor(run.Positive)
			}
			groups[c] = g
			keys = append(keys, c)
		}
		g.X0, g.Y0 = append(g.X0, xi[0]), append(g.Y0, xi[1])
		g.X1, g.Y1 = append(g.X1, gap(yi[0])), append(g.Y1, gap(yi[1]))
		lengths = append(lengths, math.Hypot(yi[0]-xi[0], yi[1]-xi[1]))
	}
	sort.Ints(keys)
	for _, c := range keys {
		v.Groups = append(v.Groups, *groups[c])
	}
	v.Scale = arrowScale(lengths)
	return modulation{view: v}
}

// targetName names example i's target: its class, or its value.
func targetName(s *data.Set, i int) string {
	if s.Labels != nil {
		return components.ClassName(s.Labels[i])
	}
	return "value " + components.FormatNumber(s.Target(i)[0])
}

// arrowVisible is the length, in units of the plane [−1, 1]², below which
// a typical arrow is hard to see (4% of the map's width).
const arrowVisible = 0.08

// arrowScale returns how many times longer than they are to draw arrows of
// the given lengths so that the median one is visible: 1 when it already
// is, else a round number (1, 2 or 5 × 10ᵏ), at most 1000.
func arrowScale(lengths []float64) float64 {
	var ls []float64
	for _, l := range lengths {
		if l > 0 && !math.IsInf(l, 0) {
			ls = append(ls, l)
		}
	}
	if len(ls) == 0 {
		return 1
	}
	sort.Float64s(ls)
	med := ls[len(ls)/2]
	if med >= arrowVisible {
		return 1
	}
	raw := arrowVisible / med
	p := math.Pow(10, math.Floor(math.Log10(raw)))
	var s float64
	switch f := raw / p; {
	case f <= 1:
		s = p
	case f <= 2:
		s = 2 * p
	case f <= 5:
		s = 5 * p
	default:
		s = 10 * p
	}
	return math.Min(s, 1000)
}

// imagePixels draws the k×k image x (values in [0, 1]) as RGBA.
func imagePixels(x []float64, k int) []byte {
	pix := make([]byte, 4*k*k)
	drawTile(pix, k, 0, 0, 1, k, x)
	return pix
}

// paintDiagnostics paints the canvases of the rule's views: the feedback
// heatmaps (from the rule's current matrices) and, for images, the clean
// and modulated input.
func (p *Playground) paintDiagnostics() {
	d := p.view.diag
	runs := p.m.runs()
	if len(runs) == 0 {
		return
	}
	r := runs[min(p.diagRun, len(runs)-1)]
	if d.feedback != nil && d.fbLayer >= 0 {
		if fb, ok := r.Rule.(rule.Feedbacker); ok {
			if b, w, ok := fb.Feedback(d.fbLayer); ok {
				ly := r.Net.Layers[d.fbLayer]
				p.heatPix = heatmapPixels(p.heatPix, w)
				p.paint.putRect(components.FeedbackForwardID, ly.In, ly.Out, p.heatPix)
				p.heatPix = heatmapPixels(p.heatPix, b)
				p.paint.putRect(components.FeedbackMatrixID, ly.In, ly.Out, p.heatPix)
			}
		}
	}
	if m := d.modulation; m.view != nil && m.side > 0 {
		p.paint.put(components.ModulationCleanID, m.side, imagePixels(m.clean, m.side))
		p.paint.put(components.ModulationInputID, m.side, imagePixels(m.input, m.side))
		diff := make([]float64, len(m.input))
		for i := range diff {
			diff[i] = m.input[i] - m.clean[i]
		}
		p.paint.put(components.ModulationDiffID, m.side, heatmapPixels(nil, diff))
	}
}

// settleView returns how a rule that settles (rule.Settler) relaxes on the
// picked input with the nearest training example's target: the energy and
// every layer's states over the settling steps; nil for other rules. gen
// restarts the view's drawing (see components.SettleView).
func settleView(r *run.Run, pk pick, gen int) *components.SettleView {
	st, ok := r.Rule.(rule.Settler)
	if !ok {
		return nil
	}
	x, near, where := pickedInput(r, pk)
	if x == nil {
		return nil
	}
	tr := st.Settle(x, slices.Clone(r.Train.Target(near)))
	v := &components.SettleView{Where: where + " (target: " + targetName(r.Train, near) + ")", Gen: gen, Phases: slices.Clone(tr.Phase)}
	v.Energy = make([]float64, len(tr.Energy))
	for t, e := range tr.Energy {
		v.Energy[t] = gap(e)
	}
	L := len(tr.States)
	for l, states := range tr.States {
		if len(states) == 0 {
			continue
		}
		n := len(states[0])
		layer := components.SettleLayer{Title: "Hidden " + strconv.Itoa(l+1), Lines: make([][]float64, n)}
		for j := range layer.Lines {
			line := make([]float64, len(states))
			for t, s := range states {
				line[t] = components.Gap
				if j < len(s) {
					line[t] = gap(s[j])
				}
			}
			layer.Lines[j] = line
		}
		if l == L-1 {
			layer.Title = "Output"
			if r.Train.Classes > 0 {
				layer.Title = "Output (class probabilities)"
				for c := range n {
					layer.Colors = append(layer.Colors, hexColor(run.ClassColor(c)))
				}
			}
		}
		v.Layers = append(v.Layers, layer)
	}
	return v
}
