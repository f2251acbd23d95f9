package components

import (
	"math"
	"testing"

	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"
)

func TestStatusBar(t *testing.T) {
	t.Parallel()
	s := &StatusBar{
		State: "running", Step: 1234, Epoch: 49, StepsPerEpoch: 25,
		TrainLoss: 0.25, TestLoss: 0.3125, TrainAcc: 0.9, TestAcc: math.NaN(),
		Summary: "Running: epoch 49.",
	}
	load(t, s)
	// The automation contract: data- attributes with exact floats, empty
	// for NaN.
	match(t, goapp.Div().ID("status").Class("status", "state-running").
		DataSet("state", "running").DataSet("step", "1234").DataSet("epoch", "49").
		DataSet("train-loss", "0.25").DataSet("test-loss", "0.3125").
		DataSet("train-acc", "0.9").DataSet("test-acc", ""), s, 0)
	// The state label, its text one level down; the summary is the live
	// region.
	match(t, goapp.Span().Class("state-badge"), s, 0, 0)
	match(t, goapp.Text("Running"), s, 0, 0, 1)
	match(t, goapp.P().ID("status-summary").Class("sr-only").Role("status").Aria("live", "polite").Aria("atomic", "true"), s, 0, 2)
	match(t, goapp.Text("Running: epoch 49."), s, 0, 2, 0)
	// Figures: epoch, then step.
	match(t, goapp.Text("49"), s, 0, 1, 0, 1, 0)
	match(t, goapp.Text("1\u2009234"), s, 0, 1, 1, 1, 0)
}

func TestStatusBarLoading(t *testing.T) {
	t.Parallel()
	// The zero value is what the server renders before the client runs.
	s := &StatusBar{TrainLoss: math.NaN(), TestLoss: math.NaN(), TrainAcc: math.NaN(), TestAcc: math.NaN()}
	load(t, s)
	match(t, goapp.Div().ID("status").Class("status", "state-loading").
		DataSet("state", "loading").DataSet("step", "0").DataSet("epoch", "0").
		DataSet("train-loss", "").DataSet("test-loss", "").
		DataSet("train-acc", "").DataSet("test-acc", ""), s, 0)
	match(t, goapp.Text("Loading"), s, 0, 0, 1)
}

func TestDataFloat(t *testing.T) {
	t.Parallel()
	for _, test := range []struct {
		v    float64
		want string
	}{{0.1, "0.1"}, {0.6931471805599453, "0.6931471805599453"}, {1e-7, "1e-07"}, {math.NaN(), ""}, {0, "0"}} {
		if got := dataFloat(test.v); got != test.want {
			t.Errorf("dataFloat(%g) = %q, want %q", test.v, got, test.want)
		}
	}
}
