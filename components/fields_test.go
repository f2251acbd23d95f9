package components

import (
	"testing"

	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"
)

func TestParamSlider(t *testing.T) {
	t.Parallel()
	noop := func(goapp.Context, goapp.Event) {}
	p := &ParamSlider{
		ID: "lr", Key: "lr", Label: "Learning rate", Help: "Size of each update.",
		Value: 0.03, Scale: SliderScale{Min: 1e-6, Max: 100, Log: true},
	}
	load(t, p)
	match(t, goapp.Label().For("lr").Title("Size of each update."), p, 0, 0, 0)
	match(t, goapp.Text("Learning rate"), p, 0, 0, 0, 0)
	match(t, goapp.Input().Type("range").ID("lr-range").Class("slider").
		Min(0).Max(SliderSteps).Step(1).Value("560").
		Aria("label", "Learning rate (logarithmic slider)").Aria("valuetext", "0.03").
		Title("Size of each update.").OnInput(noop).OnChange(noop), p, 0, 1, 0)
	match(t, goapp.Input().Type("number").ID("lr").Class("num-input").
		Attr("step", "any").Attr("inputmode", "decimal").Min("1e-06").Max("100").Value("0.03").
		Title("Size of each update.").Aria("describedby", "lr-help").OnChange(noop), p, 0, 1, 1)
	match(t, goapp.Text("Size of each update."), p, 0, 2, 0)
}

func TestParamSliderNoSlider(t *testing.T) {
	t.Parallel()
	p := &ParamSlider{ID: "epochs", Key: "epochs", Label: "Stop after", Value: 30,
		Scale: SliderScale{Min: 0, Max: 1000, Integer: true}, NoSlider: true}
	load(t, p)
	match(t, goapp.Input().Type("number").ID("epochs").Class("num-input").
		Attr("step", "1").Attr("inputmode", "decimal").Min("0").Max("1000").Value("30").
		Title("").Aria("describedby", "epochs-help").OnChange(func(goapp.Context, goapp.Event) {}), p, 0, 1, 0)
}

func TestSelectField(t *testing.T) {
	t.Parallel()
	s := &SelectField{ID: "opt", Key: "opt", Label: "Optimiser", Help: "How updates apply.",
		Options: []Option{{"sgd", "plain SGD"}, {"adam", "Adam"}}, Value: "adam"}
	load(t, s)
	match(t, goapp.Option().Value("sgd").Selected(false), s, 0, 1, 0)
	match(t, goapp.Option().Value("adam").Selected(true), s, 0, 1, 1)
	match(t, goapp.Text("Adam"), s, 0, 1, 1, 0)
}

func TestSeedField(t *testing.T) {
	t.Parallel()
	s := &SeedField{Seed: 42, Max: 1<<53 - 1}
	load(t, s)
	match(t, goapp.Input().Type("number").ID("seed").Class("num-input", "seed-input").
		Min(0).Max("9007199254740991").Attr("step", "1").Attr("inputmode", "numeric").
		Value("42").Title(seedHelp).Aria("describedby", "seed-help").
		OnChange(func(goapp.Context, goapp.Event) {}), s, 0, 1, 0)
}

func TestRulePanel(t *testing.T) {
	t.Parallel()
	r := &RulePanel{
		Rules:    []Option{{"bp", "Backpropagation"}, {"fa", "Feedback alignment"}},
		Selected: "fa", Title: "Feedback alignment", Cite: "Lillicrap et al. (2016).",
		Summary: "Errors travel back through fixed random matrices.", Equation: "δ_l = (B_{l+1} δ_{l+1}) ⊙ f′(a_l)",
		Plausibility: "Plausible: no weight transport. Not plausible: a separate backward sweep.",
	}
	load(t, r)
	match(t, goapp.Option().Value("fa").Selected(true), r, 0, 0, 1, 1)
	match(t, goapp.Text("Feedback alignment"), r, 0, 1, 0, 0)
	// The equation in MathML: δ with the subscript l, "=", "(", B with
	// the subscript l+1 …
	m := func(tag string) goapp.HTMLElem { return goapp.Elem(tag).XMLNS(mathNS) }
	match(t, goapp.Div().Class("eq-line"), r, 0, 1, 2, 0)
	match(t, m("math"), r, 0, 1, 2, 0, 0)
	match(t, m("msub"), r, 0, 1, 2, 0, 0, 0, 0)
	match(t, goapp.Text("δ"), r, 0, 1, 2, 0, 0, 0, 0, 0, 0)
	match(t, goapp.Text("l"), r, 0, 1, 2, 0, 0, 0, 0, 1, 0, 0)
	match(t, goapp.Text("="), r, 0, 1, 2, 0, 0, 0, 1, 0)
	match(t, goapp.Text("B"), r, 0, 1, 2, 0, 0, 0, 3, 0, 0)
	match(t, goapp.Text("+"), r, 0, 1, 2, 0, 0, 0, 3, 1, 1, 0)
	// Under the equation, the paragraph on biological plausibility, titled.
	match(t, goapp.Div().Class("plausibility"), r, 0, 1, 3)
	match(t, goapp.Text("Biologically plausible?"), r, 0, 1, 3, 0, 0)
	match(t, goapp.Text("Plausible: no weight transport. Not plausible: a separate backward sweep."), r, 0, 1, 3, 1, 0)
	match(t, goapp.Text("Lillicrap et al. (2016)."), r, 0, 1, 4, 0, 0)
	// Without a paragraph the block is left out and the citation follows the equation.
	r2 := &RulePanel{Rules: r.Rules, Selected: "fa", Title: "Feedback alignment", Cite: "Lillicrap et al. (2016).", Equation: "δ"}
	load(t, r2)
	match(t, goapp.P().Class("cite"), r2, 0, 1, 3)
}

func TestDatasetPicker(t *testing.T) {
	t.Parallel()
	d := &DatasetPicker{Grid: 72, Selected: "spiral", Datasets: []Dataset{
		{"moons", "Two moons", "Two interleaved half circles."},
		{"spiral", "Spiral", "Interleaved arms."},
	}}
	load(t, d)
	noop := func(goapp.Context, goapp.Event) {}
	match(t, goapp.Button().ID("data-moons").Class("thumb").Role("radio").Aria("checked", false).TabIndex(-1).
		Title("Two moons: Two interleaved half circles.").DataSet("key", "moons").
		OnClick(noop).OnKeyDown(noop), d, 0, 0)
	match(t, goapp.Button().ID("data-spiral").Class("thumb").Role("radio").Aria("checked", true).TabIndex(0).
		Title("Spiral: Interleaved arms.").DataSet("key", "spiral").
		OnClick(noop).OnKeyDown(noop), d, 0, 1)
	match(t, goapp.Canvas().ID("thumb-spiral").Class("map", "thumb-map").Width(72).Height(72).Aria("hidden", "true"), d, 0, 1, 0, 0)
}

func TestLayerControls(t *testing.T) {
	t.Parallel()
	c := &LayerControls{Layers: 0, MaxLayers: 8}
	load(t, c)
	noop := func(goapp.Context, goapp.Event) {}
	match(t, goapp.Button().ID("remove-layer").Class("btn", "btn-icon").
		Aria("label", "Remove a hidden layer").Title("Remove the last hidden layer").
		Disabled(true).OnClick(noop), c, 0, 0)
	match(t, goapp.Text(" hidden layers"), c, 0, 1, 1)
}
