package components

import (
	"testing"

	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"
)

func TestPlayBar(t *testing.T) {
	t.Parallel()
	noop := func(goapp.Context, goapp.Event) {}
	for _, test := range []struct {
		playing, canTrain bool
		label, title      string
		playOff, stepOff  bool
	}{
		{false, true, "Play", "Start training (Space)", false, false},
		{true, true, "Pause", "Pause training (Space)", false, false},
		// A run that cannot go on: play and step are off, reset is the way on.
		{false, false, "Play", "Start training (Space)", true, true},
	} {
		p := &PlayBar{Playing: test.playing, CanTrain: test.canTrain}
		load(t, p)
		match(t, goapp.Button().ID("reset").Class("btn", "btn-round").Aria("label", "Reset").
			Title("Restart this experiment from its seed: the same data, weights and batches, so the same curves again").
			OnClick(noop), p, 0, 0)
		match(t, goapp.Button().ID("play").Class("btn", "btn-play").Aria("label", test.label).
			Title("%s", test.title).Disabled(test.playOff).OnClick(noop), p, 0, 1)
		match(t, goapp.Button().ID("step").Class("btn", "btn-round").Aria("label", "Step").
			Title("Train on one minibatch (Shift-click: to the end of the epoch)").
			Disabled(test.stepOff).OnClick(noop), p, 0, 2)
	}
}

func TestPlayBarSpeed(t *testing.T) {
	t.Parallel()
	p := &PlayBar{CanTrain: true, Speeds: []Option{{"1", "Slow"}, {"0", "Fast"}}, Speed: "0"}
	load(t, p)
	match(t, goapp.Option().Value("1").Selected(false), p, 0, 3, 0)
	match(t, goapp.Option().Value("0").Selected(true), p, 0, 3, 1)
	match(t, goapp.Text("Fast"), p, 0, 3, 1, 0)
}
