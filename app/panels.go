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
	return goapp.Div().Class("app").Body(
		goapp.Header().Class("topbar").Body(
			goapp.Div().Class("brand").Body(
				goapp.Img().Class("brand-logo").Src("/web/icon.svg").Alt("").Width(36).Height(36),
				goapp.Div().Body(
					goapp.H1().Class("brand-name").Text("Plasticity"),
					goapp.P().Class("brand-tag").Text("How networks learn, rule by rule"),
				),
			),
			&components.PlayBar{Playing: m.playing, CanTrain: m.canTrain(), Speeds: speedOptions(), Speed: strconv.Itoa(p.loop.speed)},
			p.view.fig.statusBar(),
			&share,
		),
		&components.Notice{Kind: n.kind, Title: n.title, Items: n.items},
		goapp.Main().Class("workspace").Body(
			p.dataPanel(),
			p.networkPanel(r),
			p.resultsPanel(r),
			p.learningPanel(),
		),
		goapp.Footer().Class("footer").Body(
			goapp.P().Body(
				goapp.Text("Everything on this page lives in its address: copy the link to share the exact experiment. "),
				goapp.Text("Space plays and pauses. "),
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
	return panel("data", "1", "Data", "What the network learns: the examples and their classes (or target values).",
		&components.DatasetPicker{Datasets: datasetChoices(), Selected: e.Data, Grid: thumbGrid},
		goapp.P().Class("data-summary").Body(
			goapp.Strong().Text(info.Title+". "),
			goapp.Text(info.Summary),
		),
		&components.ParamSlider{
			ID: "noise", Key: "noise", Label: "Noise", Value: e.Noise,
			Help:  "How much the examples stray from the clean pattern: noisy data blurs the boundary and invites overfitting.",
			Scale: components.SliderScale{Min: 0, Max: run.MaxNoise},
		},
		goapp.Div().Class("field-pair").Body(
			&components.SelectField{
				ID: "train", Key: "train", Label: "Training set", Value: strconv.Itoa(e.Train),
				Help:    "Examples the rule learns from.",
				Options: sizeOptions(trainSizes, e.Train),
			},
			&components.SelectField{
				ID: "test", Key: "test", Label: "Test set", Value: strconv.Itoa(e.Test),
				Help:    "Held-out examples that measure generalisation.",
				Options: sizeOptions(testSizes, e.Test),
			},
		),
		goapp.If(info.MaxClasses > 0, func() goapp.UI {
			return &components.SelectField{
				ID: "classes", Key: "classes", Label: "Classes", Value: strconv.Itoa(classes),
				Help:    "How many classes the examples fall into.",
				Options: classOpts,
			}
		}),
	)
}

func (p *Playground) learningPanel() goapp.UI {
	e := p.m.exp
	info, _ := rule.Lookup(e.Rule)
	hyper := e.RuleHyper()
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
			params = append(params, &components.SelectField{ID: id, Key: key, Label: prm.Label, Help: prm.Help, Options: opts, Value: v})
			continue
		}
		params = append(params, &components.ParamSlider{
			ID: id, Key: key, Label: prm.Label, Help: prm.Help, Value: hyper[prm.Key],
			Scale: components.SliderScale{Min: prm.Min, Max: prm.Max, Log: prm.Log, Integer: prm.Integer},
		})
	}
	return panel("learning", "3", "Learning", "How the weights change: the rule, its settings, and the optimiser that applies its updates.",
		goapp.Div().Class("learning-grid").Body(
			goapp.Div().Class("learning-rule").Body(
				&components.RulePanel{
					Rules: ruleOptions(), Selected: e.Rule,
					Title: info.Title, Cite: info.Cite, Summary: info.Summary, Equation: info.Equation,
					Suggested: info.Suggested, SuggestedApplied: p.m.suggestedApplied(),
				},
				goapp.If(len(params) > 0, func() goapp.UI {
					return goapp.Div().Class("field-group").Body(
						append([]goapp.UI{goapp.H3().Class("group-title").Text(info.Title + " settings")}, params...)...,
					)
				}),
			),
			goapp.Div().Class("field-group").Body(
				goapp.H3().Class("group-title").Text("Optimiser"),
				&components.SelectField{
					ID: "opt", Key: "opt", Label: "Optimiser", Value: e.Opt,
					Help:    "How the rule's update is applied: plain steps, steps with momentum, or Adam's per-weight step sizes.",
					Options: options(methodKeys(), optimizerLabels),
				},
				&components.ParamSlider{
					ID: "lr", Key: "lr", Label: "Learning rate η", Value: e.LR,
					Help:  "Size of each update. Too small and nothing happens; too large and training diverges.",
					Scale: components.SliderScale{Min: run.MinLearnRate, Max: run.MaxLearnRate, Log: true},
				},
				&components.ParamSlider{
					ID: "batch", Key: "batch", Label: "Batch size", Value: float64(e.Batch),
					Help:  "Examples averaged into each update: small batches are noisy, large ones smooth but fewer.",
					Scale: components.SliderScale{Min: 1, Max: 512, Log: true, Integer: true},
				},
				&components.ParamSlider{
					ID: "l2", Key: "l2", Label: "L2 penalty", Value: e.L2,
					Help:  "Pulls every weight towards zero in proportion to its size: smoother boundaries.",
					Scale: components.SliderScale{Min: 0, Max: run.MaxPenalty, Log: true},
				},
				&components.ParamSlider{
					ID: "l1", Key: "l1", Label: "L1 penalty", Value: e.L1,
					Help:  "Pulls every weight towards zero by a constant amount: many weights end at exactly zero.",
					Scale: components.SliderScale{Min: 0, Max: run.MaxPenalty, Log: true},
				},
			),
			goapp.Div().Class("field-group").Body(
				goapp.H3().Class("group-title").Text("Run"),
				&components.SeedField{Seed: e.Seed, Max: run.MaxSeed},
				&components.ParamSlider{
					ID: "epochs", Key: "epochs", Label: "Stop after (epochs)", Value: float64(e.Epochs),
					Help:     "Pause by itself after this many epochs; 0 trains until you pause.",
					Scale:    components.SliderScale{Min: 0, Max: run.MaxEpochs, Integer: true},
					NoSlider: true,
				},
			),
		),
	)
}

func (p *Playground) networkPanel(r *run.Run) goapp.UI {
	e := p.m.exp
	net := *p.view.net
	help := "Each square is a unit's response over the input plane; each line a weight, orange negative, blue positive, thicker when larger."
	if net.MapKind == "field" {
		help = "The first hidden layer's squares are its units' receptive fields, their weights from each pixel; each line a weight, orange negative, blue positive, thicker when larger."
	} else if r != nil && !r.DataInfo.Plane {
		help = "Each line is a weight, orange negative, blue positive, thicker when larger."
	}
	return panel("network", "2", "Network", help,
		goapp.Div().Class("panel-tools").Body(
			&components.LayerControls{Layers: len(e.Hidden), MaxLayers: run.MaxLayers},
		),
		&net,
		goapp.Div().Class("field-row3").Body(
			&components.SelectField{
				ID: "act", Key: "act", Label: "Activation", Value: e.Act,
				Help:    "The hidden units' nonlinearity: which shapes their maps can take.",
				Options: options(activationKeys(), activationLabels),
			},
			&components.SelectField{
				ID: "init", Key: "init", Label: "Initial weights", Value: e.Init,
				Help:    "How the starting weights are drawn, scaled to each layer's size.",
				Options: options(initKeys(), initLabels),
			},
			&components.ParamSlider{
				ID: "initscale", Key: "initscale", Label: "Initial scale", Value: e.InitScale,
				Help:  "Multiplies the starting weights: small starts learn slowly, large ones saturate.",
				Scale: components.SliderScale{Min: run.MinInitScale, Max: run.MaxInitScale, Log: true},
			},
		),
	)
}

func (p *Playground) resultsPanel(r *run.Run) goapp.UI {
	c := p.view.charts
	hasTest := r != nil && r.Test.N > 0
	var charts []goapp.UI
	if c.loss != nil {
		loss := *c.loss
		charts = append(charts, &loss)
	}
	if c.acc != nil {
		acc := *c.acc
		charts = append(charts, &acc)
	}
	probes := make([]goapp.UI, len(c.probes))
	for i, pc := range c.probes {
		cp := *pc
		probes[i] = &cp
	}
	return panel("results", "4", "Results", "What the network predicts, and how training went.",
		p.dataView(r, hasTest),
		goapp.Div().Class("charts").Body(charts...),
		goapp.If(len(probes) > 0, func() goapp.UI {
			return goapp.Details().Class("probes").Open(true).Body(
				goapp.Summary().Text("Diagnostics of the rule"),
				goapp.P().Class("help").Text("Measured every epoch, one line per layer."),
				goapp.Div().Class("charts").Body(probes...),
			)
		}),
	)
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
	case r == nil:
		return goapp.P().Class("help").Text("No run: see the message above.")
	case r.DataInfo.Plane:
		return &components.DecisionView{
			Grid: p.mapGrid(), Groups: p.view.points, ShowTest: p.showTest && hasTest, HasTest: hasTest,
			Legend: mapLegend(r),
		}
	case imageSide(r.Train.Dim) > 0 && r.Train.Classes > 0:
		k := imageSide(r.Train.Dim)
		return &components.ExamplesView{
			Classes: exampleClasses(r), Grid: mosaicGrid(k),
			Note: fmt.Sprintf("These examples are %d×%d images, not points in the plane, so there is no map to draw: the curves below tell how the network does, and the first hidden layer's pictures show what each unit looks for.", k, k),
		}
	default:
		return goapp.P().Class("help").Text("These examples are not points in the plane: the curves below tell how the network does.")
	}
}
