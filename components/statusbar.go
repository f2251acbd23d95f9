package components

import (
	"math"
	"strconv"

	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"
)

// StatusBar shows what the run is doing and its figures. Its root is
// #status, which carries them for automation as well:
//
//	data-state       loading (server-rendered), fetching (the data are on their way), ready,
//	                 running, paused, diverged, error
//	data-step        minibatch updates so far
//	data-epoch       whole passes over the training set so far
//	data-train-loss, data-test-loss, data-train-acc, data-test-acc
//	                 strconv.FormatFloat(v, 'g', -1, 64); empty for NaN
//
// The figures change several times a second while training, so they are
// not a live region; Summary (#status-summary, visible to screen readers
// only) is: a sentence the parent refreshes at a calm pace (on a change of
// state, a step by hand, and every few seconds while training), which a
// screen reader announces politely.
type StatusBar struct {
	goapp.Compo

	State         string // one of the data-state values
	Step, Epoch   int
	StepsPerEpoch int
	TrainLoss     float64
	TestLoss      float64
	TrainAcc      float64 // NaN for regression
	TestAcc       float64 // NaN without test data or for regression
	Summary       string  // what a screen reader announces
}

// stateLabels are the words shown for each state.
var stateLabels = map[string]string{
	"loading":  "Loading",
	"fetching": "Loading data",
	"ready":    "Ready",
	"running":  "Running",
	"paused":   "Paused",
	"diverged": "Diverged",
	"error":    "Error",
}

// StateLabel returns the word shown for a state.
func StateLabel(state string) string {
	if l, ok := stateLabels[state]; ok {
		return l
	}
	return state
}

// Render implements goapp.Composer.
func (s *StatusBar) Render() goapp.UI {
	state := s.State
	if state == "" {
		state = "loading"
	}
	perEpoch := ""
	if s.StepsPerEpoch > 0 {
		perEpoch = FormatCount(s.StepsPerEpoch) + " per epoch"
	}
	return goapp.Div().ID("status").Class("status", "state-"+state).
		DataSet("state", state).
		DataSet("step", strconv.Itoa(s.Step)).
		DataSet("epoch", strconv.Itoa(s.Epoch)).
		DataSet("train-loss", dataFloat(s.TrainLoss)).
		DataSet("test-loss", dataFloat(s.TestLoss)).
		DataSet("train-acc", dataFloat(s.TrainAcc)).
		DataSet("test-acc", dataFloat(s.TestAcc)).
		Body(
			goapp.Span().Class("state-badge").Body(
				goapp.Span().Class("state-dot").Aria("hidden", "true"),
				goapp.Text(StateLabel(state)),
			),
			goapp.Dl().Class("figures").Body(
				figure("Epoch", FormatCount(s.Epoch), "Whole passes over the training set."),
				goapp.Div().Class("figure").Title("Minibatch updates so far (%s)", perEpoch).Body(
					goapp.Dt().Body(goapp.Text("Step"), goapp.Span().Class("fig-note").Text(perEpoch)),
					goapp.Dd().Class("num").Text(FormatCount(s.Step)),
				),
				figurePair("Loss", FormatNumber(s.TrainLoss), FormatNumber(s.TestLoss),
					"Mean loss on the training set and on the held-out test set: lower is better."),
				goapp.If(!math.IsNaN(s.TrainAcc), func() goapp.UI {
					return figurePair("Accuracy", FormatPercent(s.TrainAcc), FormatPercent(s.TestAcc),
						"Share of examples whose most probable class is the right one, on the training and test sets.")
				}),
			),
			goapp.P().ID("status-summary").Class("sr-only").Role("status").
				Aria("live", "polite").Aria("atomic", "true").Text(s.Summary),
		)
}

func figure(label, value, help string) goapp.UI {
	return goapp.Div().Class("figure").Title("%s", help).Body(
		goapp.Dt().Text(label),
		goapp.Dd().Class("num").Text(value),
	)
}

func figurePair(label, train, test, help string) goapp.UI {
	return goapp.Div().Class("figure").Title("%s", help).Body(
		goapp.Dt().Text(label),
		goapp.Dd().Class("num").Body(
			goapp.Span().Class("fig-train").Title("training set").Text(train),
			goapp.Span().Class("fig-sep").Aria("hidden", "true").Text(" / "),
			goapp.Span().Class("fig-test").Title("test set").Text(test),
		),
	)
}

// dataFloat writes v for a data- attribute: the shortest decimal that reads
// back as v, or "" for NaN.
func dataFloat(v float64) string {
	if math.IsNaN(v) {
		return ""
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}
