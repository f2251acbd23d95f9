package app

import (
	"cmp"
	"math"
	"slices"
	"strconv"
	"time"

	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"

	"plasticity/components"
	"plasticity/core/data"
	"plasticity/core/probe"
	"plasticity/core/rule"
	"plasticity/core/run"
)

// The classification views of the results panel: a confusion matrix with
// each class's accuracy (for every classification with three classes or
// more), and for images a gallery of test examples with the network's
// prediction, the true label and its confidence, mistakes first; picking
// one shows the activity it causes layer by layer.
//
// They cost one pass over the test set, so they are computed once per
// evaluation, not per frame: when the run has recorded a new epoch while
// training, and after any step taken by hand (publishClasses).

// galleryMax is how many examples the gallery shows.
const galleryMax = 24

// maxActivationUnits is the most units of a layer the activation view
// draws (the first ones).
const maxActivationUnits = 256

// classReport is what a run's classifier does on one of its sets.
type classReport struct {
	set     string // "test" or "training": the set it describes
	classes int
	// counts[t][p] is how many examples of true class t were predicted p.
	counts [][]int
	// perClass[t] is the accuracy on class t (NaN for a class without
	// examples); accuracy is over the whole set.
	perClass []float64
	accuracy float64
	gallery  []galleryItem
}

// galleryItem is one example of the gallery.
type galleryItem struct {
	index       int // in the set
	label, pred int
	confidence  float64 // the predicted class's probability, in [0, 1]
}

func (g galleryItem) wrong() bool { return g.pred != g.label }

// classify builds the report of N examples whose outputs (N×k class
// probabilities, row-major) and true labels are given. The gallery holds up
// to max examples: the misclassified ones first, the most confident
// mistakes first, then the correctly classified ones, the least confident
// first; ties go to the lower index, so the order is deterministic.
func classify(out []float64, labels []int, k, max int) classReport {
	n := len(labels)
	rep := classReport{classes: k, counts: make([][]int, k), perClass: make([]float64, k)}
	for t := range rep.counts {
		rep.counts[t] = make([]int, k)
	}
	items := make([]galleryItem, n)
	right := 0
	for i := 0; i < n; i++ {
		row := out[i*k : (i+1)*k]
		p := probe.Argmax(row)
		conf := row[p]
		if math.IsNaN(conf) {
			conf = 0
		}
		items[i] = galleryItem{index: i, label: labels[i], pred: p, confidence: math.Max(0, math.Min(1, conf))}
		if labels[i] >= 0 && labels[i] < k {
			rep.counts[labels[i]][p]++
		}
		if p == labels[i] {
			right++
		}
	}
	for t, row := range rep.counts {
		sum := 0
		for _, c := range row {
			sum += c
		}
		rep.perClass[t] = math.NaN()
		if sum > 0 {
			rep.perClass[t] = float64(row[t]) / float64(sum)
		}
	}
	rep.accuracy = math.NaN()
	if n > 0 {
		rep.accuracy = float64(right) / float64(n)
	}
	slices.SortStableFunc(items, func(a, b galleryItem) int {
		if a.wrong() != b.wrong() {
			if a.wrong() {
				return -1
			}
			return 1
		}
		if a.confidence != b.confidence {
			if a.wrong() {
				return -cmp.Compare(a.confidence, b.confidence) // surest mistakes first
			}
			return cmp.Compare(a.confidence, b.confidence) // closest calls first
		}
		return cmp.Compare(a.index, b.index)
	})
	rep.gallery = items[:min(max, n)]
	return rep
}

// reportOf returns the report of r's classifier on its test set (on its
// training set when it has no test set), or nil when r does not classify.
func reportOf(r *run.Run, max int) *classReport {
	c := newClassifying(r)
	if c == nil {
		return nil
	}
	for !c.next(r) {
	}
	return c.report(max)
}

// classifyChunk is how many examples a classification predicts at a time,
// as the run's own evaluation: 256 MNIST images take about 3 ms of the
// page's thread.
const classifyChunk = 256

// classifying is a classification of a run's test set (or training set)
// under way, one chunk at a time, so that while training no frame of the
// page waits for the whole set.
type classifying struct {
	set  *data.Set
	name string
	out  []float64 // N×k class probabilities
	done int       // examples predicted so far
	step int       // the run's step when it began
	gen  int       // the workers' parameters it began with
}

// newClassifying starts classifying r's examples, or returns nil when r
// does not classify.
func newClassifying(r *run.Run) *classifying {
	s, name := r.Test, "test"
	if s.N == 0 {
		s, name = r.Train, "training"
	}
	k := s.Outputs
	if s.Labels == nil || s.Classes < 2 || s.N == 0 || k != s.Classes {
		return nil
	}
	return &classifying{set: s, name: name, out: make([]float64, s.N*k), step: r.StepCount()}
}

// next predicts the next chunk of examples and reports whether all are.
func (c *classifying) next(r *run.Run) bool {
	s, k := c.set, c.set.Outputs
	n := min(classifyChunk, s.N-c.done)
	r.Predict(c.out[c.done*k:(c.done+n)*k], s.X[c.done*s.Dim:(c.done+n)*s.Dim], n)
	c.done += n
	return c.done >= s.N
}

// report returns the finished classification's report.
func (c *classifying) report(max int) *classReport {
	rep := classify(c.out, c.set.Labels, c.set.Outputs, max)
	rep.set = c.name
	return &rep
}

// reportSet returns the set a report describes.
func reportSet(r *run.Run, rep *classReport) *data.Set {
	if rep.set == "training" {
		return r.Train
	}
	return r.Test
}

// classesState is the page's copy of the classification views, computed
// in publishClasses and onGallery (never while rendering).
type classesState struct {
	run    *run.Run // the report's run and step
	step   int
	epochs int       // history points when computed
	at     time.Time // when computed
	// pending is the classification under way while training (one chunk
	// per publish; the workers send no parameters meanwhile, so that
	// every chunk sees the same network), nil when none is.
	pending *classifying
	report  *classReport
	pick    int // the gallery's picked example (index in the set), −1 none
	// The components' inputs.
	confusion *components.ConfusionMatrix
	gallery   *components.Gallery
}

// showClasses reports whether r gets the classification views: three
// classes or more, or images.
func showClasses(r *run.Run) bool {
	return r != nil && r.Train.Classes >= 2 && (r.Train.Classes >= 3 || imageSide(r.Train) > 0)
}

// showGallery reports whether r gets the gallery: labelled k×k images.
func showGallery(r *run.Run) bool {
	return showClasses(r) && imageSide(r.Train) > 0
}

// classesEvery is how often, at most, the report is recomputed while
// training: classifying MNIST's 2,000 test images takes about 25 ms of the
// page's thread in WebAssembly, a dropped frame or two, and the epochs of
// MNIST end three times a second in the workers.
const classesEvery = 2 * time.Second

// publishClasses recomputes the report of run 1 when it is stale: for a
// new run, after a new epoch while training (at most every classesEvery),
// and after any step when paused. The gallery's pictures are painted once
// the page has its canvases.
func (p *Playground) publishClasses() {
	c := &p.classes
	r := p.m.run
	if !showClasses(r) || r.State() == run.Failed {
		*c = classesState{pick: -1}
		return
	}
	if c.run != r {
		c.pick = -1
	}
	step, epochs := r.StepCount(), len(r.History())
	// While the workers train, the page's replica changes only when their
	// parameters arrive; on the page's thread it changes at every step.
	training := c.run == r && c.report != nil && p.m.playing && p.workersOn()
	if !training || c.pending != nil && c.pending.gen != p.work.paramsGen {
		c.pending = nil // paused, a new run, or parameters arrived: at once
	}
	fresh := c.run == r && c.step == step
	if training && c.pending == nil && (epochs == c.epochs || time.Since(c.at) < classesEvery) {
		fresh = true // wait for the epoch's end
	}
	if fresh && c.report != nil {
		return
	}
	var rep *classReport
	if !p.m.protect("classifying the test set", func() {
		if !training {
			rep = reportOf(r, galleryMax)
			return
		}
		if c.pending == nil {
			if c.pending = newClassifying(r); c.pending != nil {
				c.pending.gen = p.work.paramsGen
			}
		}
		if c.pending != nil && c.pending.next(r) {
			rep, c.pending = c.pending.report(galleryMax), nil
		}
	}) {
		p.stopLoop()
		*c = classesState{pick: -1}
		return
	}
	if c.pending != nil {
		return // the next chunk at the next publish
	}
	c.run, c.step, c.epochs, c.report, c.at = r, step, epochs, rep, time.Now()
	p.classViews()
}

// classViews makes the components' inputs from the report and the pick,
// and has the gallery painted after the next render.
func (p *Playground) classViews() {
	c := &p.classes
	c.confusion, c.gallery = confusionView(c.report, c.step), nil
	r := c.run
	if c.report == nil || !showGallery(r) {
		return
	}
	s := reportSet(r, c.report)
	items := make([]components.GalleryItem, len(c.report.gallery))
	for i, g := range c.report.gallery {
		items[i] = components.GalleryItem{
			Index: g.index, Label: strconv.Itoa(g.label), Pred: strconv.Itoa(g.pred), Confidence: g.confidence,
		}
	}
	c.gallery = &components.Gallery{Items: items, Grid: imageSide(s), Set: c.report.set, Selected: -1}
	if c.pick >= 0 && c.pick < s.N {
		c.gallery.Selected = c.pick
		p.m.protect("showing the activity", func() { c.gallery.Detail = activationView(r, s, c.pick) })
	}
	if p.client {
		p.ctx.Defer(func(goapp.Context) { p.paintGallery(true) })
	}
}

// confusionView returns the confusion matrix's input, or nil.
func confusionView(rep *classReport, step int) *components.ConfusionMatrix {
	if rep == nil {
		return nil
	}
	labels := make([]string, rep.classes)
	for c := range labels {
		labels[c] = strconv.Itoa(c)
	}
	counts := make([][]int, len(rep.counts))
	for t := range counts {
		counts[t] = slices.Clone(rep.counts[t])
	}
	return &components.ConfusionMatrix{
		Labels: labels, Counts: counts, PerClass: slices.Clone(rep.perClass),
		Accuracy: rep.accuracy, Set: rep.set, Step: step,
	}
}

// activationView returns what example i of s causes in r's network, layer
// by layer: every hidden layer's activity (its first maxActivationUnits
// units) and the output's class probabilities.
func activationView(r *run.Run, s *data.Set, i int) *components.Activations {
	x := s.Row(i)
	a := &components.Activations{Index: i, Label: strconv.Itoa(s.Labels[i]), Grid: imageSide(s)}
	net := r.Net
	// Forward the example as the rule feeds its network (as Run.forward).
	switch {
	case isForwarder(r.Rule):
		r.Rule.(rule.Forwarder).Forward(x, 1)
	case isEncoder(r.Rule):
		net.Forward(r.Rule.(rule.Encoder).Encode(x, 1), 1)
	case net.Sizes[0] == len(x):
		net.Forward(x, 1)
	default:
		return a // the network's inputs are not the example's: no hidden view
	}
	L := net.NumLayers()
	for l := 1; l < L; l++ {
		h := net.H[l][:net.Sizes[l]]
		shown := min(len(h), maxActivationUnits)
		big := 0.0
		for _, v := range h {
			if !math.IsNaN(v) && !math.IsInf(v, 0) {
				big = math.Max(big, math.Abs(v))
			}
		}
		layer := components.ActivationLayer{
			Title:  "Hidden " + strconv.Itoa(l),
			Units:  len(h),
			Colors: make([]string, shown),
			Values: slices.Clone(h[:shown]),
		}
		for j, v := range h[:shown] {
			t := 0.0
			if big > 0 && !math.IsNaN(v) {
				t = v / big
			}
			layer.Colors[j] = hexColor(run.Diverging(t))
		}
		layer.Lo, layer.Hi = slices.Min(h), slices.Max(h)
		a.Layers = append(a.Layers, layer)
	}
	out := make([]float64, s.Outputs)
	r.Predict(out, x, 1)
	p := probe.Argmax(out)
	for c, v := range out {
		a.Outputs = append(a.Outputs, components.ClassBar{
			Label: strconv.Itoa(c), Value: math.Max(0, math.Min(1, v)),
			True: c == s.Labels[i], Pred: c == p,
		})
	}
	return a
}

func isForwarder(r rule.Rule) bool { _, ok := r.(rule.Forwarder); return ok }
func isEncoder(r rule.Rule) bool   { _, ok := r.(rule.Encoder); return ok }

// paintGallery paints the gallery's images and the picked one's: all of
// them when force is set (a new report or pick), else only those whose
// canvas go-app has made anew since (a paint frame calls it so).
func (p *Playground) paintGallery(force bool) {
	c := &p.classes
	if c.report == nil || c.gallery == nil || c.run != p.m.run {
		return
	}
	s := reportSet(c.run, c.report)
	k := imageSide(s)
	pix := make([]byte, 4*k*k)
	for _, g := range c.report.gallery {
		if id := components.GalleryID(g.index); force || !p.paint.painted(id) {
			drawTile(pix, k, 0, 0, 1, k, s.Row(g.index))
			p.paint.put(id, k, pix)
		}
	}
	if c.pick >= 0 && c.pick < s.N && (force || !p.paint.painted(components.GalleryDetailID)) {
		drawTile(pix, k, 0, 0, 1, k, s.Row(c.pick))
		p.paint.put(components.GalleryDetailID, k, pix)
	}
}

// onGallery picks an example of the gallery: the activity it causes shows
// layer by layer. Index −1 drops the pick.
func (p *Playground) onGallery(ctx goapp.Context, a goapp.Action) {
	g, ok := a.Value.(components.GalleryPick)
	if !ok || p.classes.report == nil {
		return
	}
	p.classes.pick = g.Index
	p.classViews()
}

// classViewsUI returns the confusion matrix and the gallery, where the run
// has them (publishClasses), for the results panel.
func (p *Playground) classViewsUI() goapp.UI {
	c := p.classes
	if c.confusion == nil && c.gallery == nil {
		return nil
	}
	var body []goapp.UI
	if c.confusion != nil {
		m := *c.confusion
		body = append(body, &m)
	}
	if c.gallery != nil {
		g := *c.gallery
		body = append(body, &g)
	}
	title := "How each class fares"
	if len(p.m.runs()) > 1 {
		title += " (run 1, " + p.m.run.RuleInfo.Title + ")"
	}
	return goapp.Details().ID("classes").Class("probes", "class-views").Open(true).Body(
		append([]goapp.UI{goapp.Summary().Text(title)}, body...)...,
	)
}

// fieldsView returns the receptive fields' view for image data, or nil.
func (p *Playground) fieldsView(r *run.Run) goapp.UI {
	layers := fieldsLayout(r)
	if len(layers) == 0 {
		return nil
	}
	return &components.FieldsView{Layers: layers, Scale: fieldScale(layers[0].Tile)}
}
