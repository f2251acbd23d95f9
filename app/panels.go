package app

import (
	"fmt"
	"strconv"

	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"

	"plasticity/components"
	"plasticity/core/data"
	"plasticity/core/rule"
	"plasticity/core/run"
)

// The page's layout: a top bar (brand, playback, #status, the link), the
// notice, and four panels: data, network, results and learning (numbered
// in the order a lesson goes through them; the stylesheet places them).

// Render implements goapp.Composer.
func (p *Playground) Render() goapp.UI {
	m := p.m
	n := m.notice()
	r := m.run
	share := p.share
	share.Link = pageAddress()
	status := p.view.fig.statusBar()
	status.Summary = p.a11y.summary // a11y.go
	return goapp.Div().Class(p.appClasses()...).Body(
		goapp.Header().Class("topbar").Body(
			goapp.Div().Class("brand").Body(
				goapp.Img().Class("brand-logo").Src("/web/icon.svg").Alt("").Role("presentation").Width(36).Height(36),
				goapp.Div().Body(
					goapp.H1().Class("brand-name").Text("Plasticity"),
					goapp.P().Class("brand-tag").Text("How networks learn, rule by rule"),
				),
			),
			&components.PlayBar{Playing: m.playing, CanTrain: m.canTrain(), Speeds: speedOptions(), Speed: strconv.Itoa(p.loop.speed)},
			status,
			goapp.Div().Class("topbar-tools").Body(
				&share,
				&components.ViewBar{Projector: m.exp.HasView("projector")}, // a11y.go
			),
		),
		&components.Notice{Kind: n.kind, Title: n.title, Items: n.items},
		p.lessonPanel(goapp.Main().Class("workspace").Body( // lesson.go: the lesson beside it
			// In the order of their numbers, which Tab follows; the
			// stylesheet places them on the screen.
			p.dataPanel(),
			p.networkPanel(r),
			p.learningPanel(),
			p.resultsPanel(r),
		)),
		p.shareDialog(pageBase(share.Link)),
		p.helpOverlay(), // a11y.go
		goapp.Footer().Class("footer").Body(
			goapp.P().Body(
				goapp.Text("Everything on this page lives in its address: copy the link to share the exact experiment. "),
				goapp.Text("Space plays and pauses, S steps, R resets, and ? lists every key and explains each picture. "),
				goapp.A().Href("/lessons").Text("Lessons"), // lesson.go
				goapp.Text(": the papers' findings, step by step. "),
				goapp.If(p.loop.stepsPerSec > 0, func() goapp.UI {
					return goapp.Span().Class("meter").Text(
						"Training at " + components.FormatCount(int(p.loop.stepsPerSec)) + " steps/s, " +
							strconv.Itoa(int(p.loop.fps+0.5)) + " frames/s; the maps take " +
							components.FormatNumber(float64(p.loop.paintCost.Microseconds())/1000) + " ms to draw.")
				}),
			),
		),
	)
}

// panel is one of the page's four areas.
func panel(id, num, title, help string, body ...goapp.UI) goapp.HTMLSection {
	return goapp.Section().ID("panel-%s", id).Class("panel", "panel-"+id).Aria("labelledby", "h-"+id).Body(
		append([]goapp.UI{
			goapp.Div().Class("panel-head").Body(
				goapp.H2().ID("h-%s", id).Body(
					goapp.Span().Class("panel-num").Aria("hidden", "true").Text(num),
					goapp.Text(title),
				),
				goapp.P().Class("panel-help").Text(help),
			),
		}, body...)...,
	)
}

func (p *Playground) dataPanel() goapp.UI {
	e := p.m.exp
	info, _ := data.Lookup(e.Data)
	classes := e.Classes
	if classes == 0 {
		classes = info.Classes
	}
	var classOpts []components.Option
	for c := 2; c <= info.MaxClasses; c++ {
		classOpts = append(classOpts, components.Option{Value: strconv.Itoa(c), Label: strconv.Itoa(c)})
	}
	locked, hidden := e.IsLocked("data"), e.IsHidden("data")
	return panel("data", "1", "Data", "What the network learns: the examples and their classes (or target values).",
		goapp.If(!hidden, func() goapp.UI {
			return &components.DatasetPicker{Datasets: datasetChoices(), Selected: e.Data, Grid: thumbGrid, Locked: locked}
		}),
		goapp.P().Class("data-summary").Body(
			goapp.Strong().Text(info.Title+". "),
			goapp.Text(info.Summary),
		),
		goapp.If(!hidden && e.IsOwnData(), func() goapp.UI { return testShareField(e, locked) }), // owndata.go
		goapp.If(!hidden && !e.IsOwnData(), func() goapp.UI {
			return goapp.Div().Body(
				&components.ParamSlider{
					ID: "noise", Key: "noise", Label: "Noise", Value: e.Noise,
					Help:   "How much the examples stray from the clean pattern: noisy data blurs the boundary and invites overfitting.",
					Scale:  components.SliderScale{Min: 0, Max: run.MaxNoise},
					Locked: locked,
				},
				goapp.Div().Class("field-pair").Body(
					&components.SelectField{
						ID: "train", Key: "train", Label: "Training set", Value: strconv.Itoa(e.Train),
						Help:    "Examples the rule learns from.",
						Options: sizeOptions(setSizes(trainSizes, info.MaxTrain), e.Train),
						Locked:  locked,
					},
					&components.SelectField{
						ID: "test", Key: "test", Label: "Test set", Value: strconv.Itoa(e.Test),
						Help:    "Held-out examples that measure generalisation.",
						Options: sizeOptions(setSizes(testSizes, info.MaxTest), e.Test),
						Locked:  locked,
					},
				),
				goapp.If(info.MaxClasses > 0, func() goapp.UI {
					return &components.SelectField{
						ID: "classes", Key: "classes", Label: "Classes", Value: strconv.Itoa(classes),
						Help:    "How many classes the examples fall into.",
						Options: classOpts,
						Locked:  locked,
					}
				}),
			)
		}),
		goapp.If(!hidden, func() goapp.UI { return p.csvUpload() }), // owndata.go
	)
}

func (p *Playground) learningPanel() goapp.UI {
	e := p.m.exp
	info, _ := rule.Lookup(e.Rule)
	hyper := e.RuleHyper()
	ruleLocked := e.IsLocked("rule")
	params := make([]goapp.UI, 0, len(info.Params))
	for _, prm := range info.Params {
		key := info.Key + "." + prm.Key
		id := "hp-" + info.Key + "-" + prm.Key
		if prm.Choices != nil {
			opts := make([]components.Option, len(prm.Choices))
			for i, c := range prm.Choices {
				opts[i] = components.Option{Value: c, Label: c}
			}
			v := prm.Choices[min(len(prm.Choices)-1, max(0, int(hyper[prm.Key])))]
			params = append(params, &components.SelectField{ID: id, Key: key, Label: prm.Label, Help: prm.Help, Options: opts, Value: v, Locked: ruleLocked})
			continue
		}
		params = append(params, &components.ParamSlider{
			ID: id, Key: key, Label: prm.Label, Help: prm.Help, Value: hyper[prm.Key],
			Scale:  components.SliderScale{Min: prm.Min, Max: prm.Max, Log: prm.Log, Integer: prm.Integer},
			Locked: ruleLocked,
		})
	}
	trainLocked := e.IsLocked("train")
	return panel("learning", "3", "Learning", "How the weights change: the rule, its settings, and the optimiser that applies its updates.",
		goapp.Div().Class("learning-grid").Body(
			goapp.Div().Class("learning-rule").Body(
				&components.RulePanel{
					Rules: ruleOptions(), Selected: e.Rule,
					Title: info.Title, Cite: info.Cite, Summary: info.Summary, Plausibility: info.Plausibility, Equation: info.Equation,
					Suggested: info.Suggested, SuggestedApplied: p.m.suggestedApplied(),
					Locked: ruleLocked, NoSelect: e.IsHidden("rule"),
				},
				goapp.If(len(params) > 0 && !e.IsHidden("rule"), func() goapp.UI {
					return goapp.Div().Class("field-group").Body(
						append([]goapp.UI{goapp.H3().Class("group-title").Text(info.Title + " settings")}, params...)...,
					)
				}),
			),
			goapp.If(!e.IsHidden("train"), func() goapp.UI {
				return goapp.Div().Class("field-group").Body(
					goapp.H3().Class("group-title").Text("Optimiser"),
					&components.SelectField{
						ID: "opt", Key: "opt", Label: "Optimiser", Value: e.Opt,
						Help:    "How the rule's update is applied: plain steps, steps with momentum, or Adam's per-weight step sizes.",
						Options: options(methodKeys(), optimizerLabels),
						Locked:  trainLocked,
					},
					&components.ParamSlider{
						ID: "lr", Key: "lr", Label: "Learning rate η", Value: e.LR,
						Help:   "Size of each update. Too small and nothing happens; too large and training diverges.",
						Scale:  components.SliderScale{Min: run.MinLearnRate, Max: run.MaxLearnRate, Log: true},
						Locked: trainLocked,
					},
					&components.ParamSlider{
						ID: "batch", Key: "batch", Label: "Batch size", Value: float64(e.Batch),
						Help:   "Examples averaged into each update: small batches are noisy, large ones smooth but fewer.",
						Scale:  components.SliderScale{Min: 1, Max: 512, Log: true, Integer: true},
						Locked: trainLocked,
					},
					&components.ParamSlider{
						ID: "l2", Key: "l2", Label: "L2 penalty", Value: e.L2,
						Help:   "Pulls every weight towards zero in proportion to its size: smoother boundaries.",
						Scale:  components.SliderScale{Min: 0, Max: run.MaxPenalty, Log: true},
						Locked: trainLocked,
					},
					&components.ParamSlider{
						ID: "l1", Key: "l1", Label: "L1 penalty", Value: e.L1,
						Help:   "Pulls every weight towards zero by a constant amount: many weights end at exactly zero.",
						Scale:  components.SliderScale{Min: 0, Max: run.MaxPenalty, Log: true},
						Locked: trainLocked,
					},
				)
			}),
			goapp.If(!e.IsHidden("seed") || !e.IsHidden("epochs"), func() goapp.UI {
				return goapp.Div().Class("field-group").Body(
					goapp.H3().Class("group-title").Text("Run"),
					goapp.If(!e.IsHidden("seed"), func() goapp.UI {
						return &components.SeedField{Seed: e.Seed, Max: run.MaxSeed, Locked: e.IsLocked("seed")}
					}),
					goapp.If(!e.IsHidden("epochs"), func() goapp.UI {
						return &components.ParamSlider{
							ID: "epochs", Key: "epochs", Label: "Stop after (epochs)", Value: float64(e.Epochs),
							Help:     "Pause by itself after this many epochs; 0 trains until you pause.",
							Scale:    components.SliderScale{Min: 0, Max: run.MaxEpochs, Integer: true},
							NoSlider: true,
							Locked:   e.IsLocked("epochs"),
						}
					}),
				)
			}),
		),
	)
}

func (p *Playground) networkPanel(r *run.Run) goapp.UI {
	e := p.m.exp
	net := *p.view.net
	netLocked, netHidden := e.IsLocked("net"), e.IsHidden("net")
	net.Locked, net.NoEdit = netLocked, netHidden
	const weights = "each line a weight, blue when positive, orange and dashed when negative, thicker when larger."
	help := "Each square is a unit's response over the input plane; " + weights
	if net.MapKind == "field" {
		help = "The first hidden layer's squares are its units' receptive fields, their weights from each pixel; " + weights
	} else if r != nil && !r.DataInfo.Plane {
		help = "Each line is a weight, blue when positive, orange and dashed when negative, thicker when larger."
	}
	return panel("network", "2", "Network", help,
		goapp.If(!netHidden, func() goapp.UI {
			return goapp.Div().Class("panel-tools").Body(
				&components.LayerControls{Layers: len(e.Hidden), MaxLayers: run.MaxLayers, Locked: netLocked},
			)
		}),
		goapp.If(len(p.m.runs()) > 1, func() goapp.UI {
			return goapp.P().Class("help", "net-of-run").Text("The network of run 1 (" + p.m.run.RuleInfo.Title + "); every run starts from the same weights.")
		}),
		&net,
		p.fieldsView(r), // gallery.go
		goapp.If(!netHidden, func() goapp.UI {
			return goapp.Div().Class("field-row3").Body(
				&components.SelectField{
					ID: "act", Key: "act", Label: "Activation", Value: e.Act,
					Help:    "The hidden units' nonlinearity: which shapes their maps can take.",
					Options: options(activationKeys(), activationLabels),
					Locked:  netLocked,
				},
				&components.SelectField{
					ID: "init", Key: "init", Label: "Initial weights", Value: e.Init,
					Help:    "How the starting weights are drawn, scaled to each layer's size.",
					Options: options(initKeys(), initLabels),
					Locked:  netLocked,
				},
				&components.ParamSlider{
					ID: "initscale", Key: "initscale", Label: "Initial scale", Value: e.InitScale,
					Help:   "Multiplies the starting weights: small starts learn slowly, large ones saturate.",
					Scale:  components.SliderScale{Min: run.MinInitScale, Max: run.MaxInitScale, Log: true},
					Locked: netLocked,
				},
			)
		}),
		goapp.If(!netHidden, func() goapp.UI { return spikingFields(e, netLocked) }), // spiking.go
	)
}

func (p *Playground) resultsPanel(r *run.Run) goapp.UI {
	c := p.view.charts
	e := p.m.exp
	runs := p.m.runs()
	hasTest := r != nil && r.Test.N > 0
	copies := func(cs ...*components.LineChart) []goapp.UI {
		var out []goapp.UI
		for _, c := range cs {
			if c != nil {
				cp := *c
				out = append(out, &cp)
			}
		}
		return out
	}
	charts := copies(append([]*components.LineChart{c.loss, c.acc}, c.overlays...)...)
	probes := copies(c.probes...)
	diag := p.diagnosticViews()
	help := "What the network predicts, and how training went."
	if len(runs) > 1 {
		help = "What each run's network predicts, and how their training went: one colour per run."
	}
	return panel("results", "4", "Results", help,
		goapp.If(r != nil && !e.IsHidden("compare"), func() goapp.UI {
			return &components.RunsBar{
				Runs: p.view.chips, Rules: ruleOptionsOf(p.view.joinable), Next: nextRule(p.m.spec.Runs, p.view.joinable),
				Max: run.MaxRuns, Locked: e.IsLocked("compare"),
			}
		}),
		p.dataView(r, hasTest),
		goapp.If(len(charts) > 0, func() goapp.UI {
			return goapp.Div().Class("charts-head").Body(
				goapp.If(len(runs) > 1, func() goapp.UI { return runLegend(runs, hasTest) }),
				&components.AxisSwitch{Options: axisOptions(), Value: p.axis.String()},
			)
		}),
		goapp.Div().Class("charts").Body(charts...),
		p.classViewsUI(), // gallery.go: confusion matrix, gallery
		goapp.If(len(probes) > 0 || len(diag) > 0, func() goapp.UI {
			title := "Diagnostics of the rule"
			if len(runs) > 1 {
				title = "Diagnostics of " + runTitles(runs)[min(p.diagRun, len(runs)-1)]
			}
			return goapp.Details().ID("diagnostics").Class("probes").Open(true).Body(
				// A heading, so that the views' own (h4) follow in order.
				goapp.Summary().Body(goapp.H3().Class("probes-title").Text(title)),
				goapp.If(len(runs) > 1, func() goapp.UI {
					return &components.ViewSelect{
						ID: "diag-run", Key: "diag", Label: "Show the diagnostics of",
						Help: "Which run's rule the views and curves below look inside", Options: runOptions(runs),
						Value: strconv.Itoa(min(p.diagRun, len(runs)-1)),
					}
				}),
				goapp.Div().Class("diag-views").Body(diag...),
				goapp.If(len(probes) > 0, func() goapp.UI {
					return goapp.Div().Body(
						goapp.P().Class("help").Text("Measured every epoch, one line per layer."),
						goapp.Div().Class("charts").Body(probes...),
					)
				}),
			)
		}),
	)
}

// diagnosticViews returns the rule's own views (diagnostics.go) that its
// rule has.
func (p *Playground) diagnosticViews() []goapp.UI {
	d := p.view.diag
	var out []goapp.UI
	if d.feedback != nil {
		f := *d.feedback
		out = append(out, &f)
	}
	if d.goodness != nil {
		g := *d.goodness
		out = append(out, &g)
	}
	if d.modulation.view != nil {
		m := *d.modulation.view
		out = append(out, &m)
	}
	if d.settle != nil {
		s := *d.settle
		out = append(out, &s)
	}
	out = append(out, p.spikingViews()...) // spiking.go
	return out
}

// pickable reports whether the decision map picks the input of a
// diagnostic view (the pointer over it moves what the view shows).
func (p *Playground) pickable() bool {
	d := p.view.diag
	return d.goodness != nil || d.modulation.view != nil || d.settle != nil || p.spike.raster != nil
}

// runLegend is the legend the overlaid charts of a comparison share: a
// colour and a marker shape per run, and dashed lines for the test set.
func runLegend(runs []*run.Run, hasTest bool) goapp.UI {
	titles := runTitles(runs)
	items := make([]goapp.UI, 0, len(runs)+1)
	for i := range runs {
		items = append(items, goapp.Li().Body(
			goapp.Span().Class("swatch", "series-"+strconv.Itoa(runColor(i))),
			components.SeriesMark(runColor(i), false), // its marker on the curves
			goapp.Text(titles[i]),
		))
	}
	if hasTest {
		items = append(items, goapp.Li().Class("legend-kind").Body(
			goapp.Span().Class("swatch", "swatch-dashed"),
			goapp.Text("test set"),
		))
	}
	return goapp.Ul().Class("chart-legend", "shared-legend").Aria("label", "Runs").Body(items...)
}

// axisOptions are the choices of the charts' x axis.
func axisOptions() []components.Option {
	labels := map[run.Axis]string{run.AxisStep: "Steps", run.AxisEpoch: "Epochs", run.AxisPasses: "Cost"}
	var out []components.Option
	for _, a := range run.Axes() {
		out = append(out, components.Option{Value: a.String(), Label: labels[a]})
	}
	return out
}

// runOptions are the runs of a comparison, for a select.
func runOptions(runs []*run.Run) []components.Option {
	titles := runTitles(runs)
	out := make([]components.Option, len(runs))
	for i := range runs {
		out[i] = components.Option{Value: strconv.Itoa(i), Label: "Run " + strconv.Itoa(i+1) + ": " + titles[i]}
	}
	return out
}

// speedOptions are the choices of the speed select.
func speedOptions() []components.Option {
	out := make([]components.Option, len(speeds))
	for i, s := range speeds {
		out[i] = components.Option{Value: strconv.Itoa(s.steps), Label: s.label}
	}
	return out
}

// dataView is the top of the results panel: the decision map for data in
// the plane, examples of each class for images.
func (p *Playground) dataView(r *run.Run, hasTest bool) goapp.UI {
	switch {
	case r == nil && p.m.awaitingData:
		return p.load.view() // mnist.go
	case r == nil:
		if v, ok := p.ownDataView(); ok { // owndata.go: a blank drawing, a file to upload
			return v
		}
		return goapp.P().Class("help").Text("No run: see the message above.")
	case r.DataInfo.Plane:
		d := &components.DecisionView{
			Grid: p.mapGrid(), Groups: p.view.points, ShowTest: p.showTest && hasTest, HasTest: hasTest,
			Legend: mapLegend(r), Tiles: p.view.tiles,
		}
		if p.pickable() {
			x, _, _ := pickedInput(r, p.pick)
			d.Pickable, d.Mark = true, len(x) == 2
			if d.Mark {
				d.MarkX, d.MarkY = x[0], x[1]
			}
		}
		if p.drawable() && len(p.m.runs()) == 1 { // owndata.go
			d.Draw, d.Erasing = true, p.own.eraser
			d.KeyFocus, d.KeyX, d.KeyY = p.own.keyFocus, p.own.keyX, p.own.keyY
			return goapp.Div().Class("own-data").Body(p.drawTools(), d)
		}
		return d
	case r.Exp.Data == data.CSVKey:
		return goapp.P().ID("plane-note").Class("help").Text(planeNote(r)) // owndata.go
	case imageSide(r.Train) > 0 && r.Train.Classes > 0:
		k := imageSide(r.Train)
		return &components.ExamplesView{
			Classes: exampleClasses(r), Grid: mosaicGrid(k),
			Note: fmt.Sprintf("These examples are %d×%d images, not points in the plane, so there is no map to draw: the curves below tell how the network does, and the first hidden layer's pictures show what each unit looks for.", k, k),
		}
	default:
		return goapp.P().Class("help").Text("These examples are not points in the plane: the curves below tell how the network does.")
	}
}
