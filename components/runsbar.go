package components

import (
	"math"
	"strconv"

	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"
)

// RunChip is one run of a comparison, as the RunsBar shows it.
type RunChip struct {
	Rule  string // the rule's key
	Title string // the rule's title
	Color int    // chart palette index: the run's colour in every chart
	// State is the run's own state: ready, running, paused, diverged or
	// error (as #status's data-state).
	State       string
	Step, Epoch int
	// The run's figures; Gap (or any value that is not finite) when it
	// has none (NaN is not allowed: see Series).
	TrainLoss, TestLoss, TrainAcc, TestAcc float64
}

// RunsBar lists the runs of a comparison (run 1 is the experiment of the
// panels) and adds or removes runs (ActionCompare). Each run is an
// element .run-status carrying its figures for automation:
//
//	data-run          1, 2, … (run 1 is the one #status shows)
//	data-rule         the rule's key
//	data-state        as #status's
//	data-step, data-epoch, data-train-loss, data-test-loss,
//	data-train-acc, data-test-acc   as #status's; empty when missing
//
// A rule picked in the select (#add-rule) joins at once; the + button
// (#add-run) adds Next, a rule not yet compared.
type RunsBar struct {
	goapp.Compo

	Runs  []RunChip
	Rules []Option // every rule that can join
	Next  string   // the rule #add-run adds; "" when none is left
	Max   int      // most runs a comparison holds
	// Locked disables adding and removing runs (a link's lock=compare).
	Locked bool
}

const runsHelp = "Compare rules: every run trains the same network from the same initial weights on the same batches, in lockstep, so their curves line up."

// Render implements goapp.Composer.
func (b *RunsBar) Render() goapp.UI {
	canAdd := len(b.Runs) < b.Max && !b.Locked
	nextTitle := b.Next
	for _, o := range b.Rules {
		if o.Value == b.Next {
			nextTitle = o.Label
		}
	}
	addHelp := "Add a run of " + nextTitle + " to the comparison"
	if b.Locked {
		addHelp = lockedHelp
	} else if len(b.Runs) >= b.Max {
		addHelp = "A comparison holds at most " + strconv.Itoa(b.Max) + " runs"
	}
	return goapp.Div().Class("runs").Role("group").Aria("label", "Runs compared").Body(
		goapp.Ul().Class("run-list").Body(
			goapp.Range(b.Runs).Slice(func(i int) goapp.UI { return b.chip(i) }),
		),
		goapp.Div().Class("add-run").Title("%s", runsHelp).Body(
			goapp.Select().ID("add-rule").Class("select", "select-add").
				Aria("label", "Add a run of another rule to the comparison").
				Title("%s", runsHelp).
				Disabled(!canAdd).
				OnChange(b.onPick).
				Body(
					goapp.Option().Value("").Selected(true).Text("Compare with…"),
					goapp.Range(b.Rules).Slice(func(i int) goapp.UI {
						o := b.Rules[i]
						return goapp.Option().Value(o.Value).Text(o.Label)
					}),
				),
			goapp.Button().ID("add-run").Class("btn", "btn-icon").
				Aria("label", addHelp).Title("%s", addHelp).
				Disabled(!canAdd || b.Next == "").
				OnClick(b.onAdd).
				Body(icon(iconPlus...)),
		),
	)
}

func (b *RunsBar) chip(i int) goapp.UI {
	r := b.Runs[i]
	color := "series-" + strconv.Itoa(r.Color)
	figure, figHelp := FormatPercent(r.TrainAcc), "training accuracy"
	if !finite(r.TrainAcc) {
		figure, figHelp = FormatNumber(r.TrainLoss), "training loss"
		if !finite(r.TrainLoss) {
			figure = "–"
		}
	}
	state := r.State
	if state == "" {
		state = "loading"
	}
	return goapp.Li().Class("run-status", "run-chip", "state-"+state).
		DataSet("run", i+1).
		DataSet("rule", r.Rule).
		DataSet("state", state).
		DataSet("step", strconv.Itoa(r.Step)).
		DataSet("epoch", strconv.Itoa(r.Epoch)).
		DataSet("train-loss", dataFinite(r.TrainLoss)).
		DataSet("test-loss", dataFinite(r.TestLoss)).
		DataSet("train-acc", dataFinite(r.TrainAcc)).
		DataSet("test-acc", dataFinite(r.TestAcc)).
		Title("Run %d: %s (%s %s)", i+1, r.Title, figHelp, figure).
		Body(
			goapp.Span().Class("swatch", color).Aria("hidden", "true"),
			goapp.Span().Class("run-title").Text(r.Title),
			goapp.If(state == "diverged" || state == "error", func() goapp.UI {
				return goapp.Span().Class("run-flag").Text(StateLabel(state))
			}).Else(func() goapp.UI {
				return goapp.Span().Class("run-figure", "num").Text(figure)
			}),
			goapp.If(len(b.Runs) > 1 && !b.Locked, func() goapp.UI {
				return goapp.Button().Class("btn", "btn-mini", "remove-run").
					DataSet("run", i).
					Aria("label", "Remove run "+strconv.Itoa(i+1)+" ("+r.Title+")").
					Title("Remove this run from the comparison").
					OnClick(b.onRemove, goapp.EventScope(strconv.Itoa(i))).
					Body(icon(iconClose...))
			}),
		)
}

func (b *RunsBar) onPick(ctx goapp.Context, e goapp.Event) {
	v := ctx.JSSrc().Get("value").String()
	ctx.JSSrc().Set("value", "") // back to "Compare with…"
	if v != "" {
		post(ctx, ActionCompare, CompareEdit{Add: v})
	}
}

func (b *RunsBar) onAdd(ctx goapp.Context, e goapp.Event) {
	if b.Next != "" {
		post(ctx, ActionCompare, CompareEdit{Add: b.Next})
	}
}

func (b *RunsBar) onRemove(ctx goapp.Context, e goapp.Event) {
	i, err := strconv.Atoi(ctx.JSSrc().Get("dataset").Get("run").String())
	if err == nil {
		post(ctx, ActionCompare, CompareEdit{Remove: i})
	}
}

// dataFinite writes v for a data- attribute like #status does: the
// shortest decimal that reads back as v, or "" when v is not finite.
func dataFinite(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return ""
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}
