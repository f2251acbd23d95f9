package components

import goapp "github.com/maxence-charriere/go-app/v10/pkg/app"

// PlayBar holds the playback buttons: reset (#reset), play/pause (#play,
// one toggling button whose label says what a click does) and step
// (#step). Shift-click on step finishes the current epoch.
type PlayBar struct {
	goapp.Compo

	Playing bool
	// CanTrain is false when the run cannot go on (diverged, failed,
	// finished): play and step are disabled and reset is the way on.
	CanTrain bool
	// Speeds are the choices of training speed, Speed the current one.
	Speeds []Option
	Speed  string
}

// Render implements goapp.Composer.
func (p *PlayBar) Render() goapp.UI {
	playLabel, playHelp, playIcon := "Play", "Start training (Space)", iconPlay
	if p.Playing {
		playLabel, playHelp, playIcon = "Pause", "Pause training (Space)", iconPause
	}
	return goapp.Div().Class("playbar").Role("group").Aria("label", "Playback").Body(
		goapp.Button().ID("reset").Class("btn", "btn-round").
			Aria("label", "Reset").
			Title("Restart this experiment from its seed: the same data, weights and batches, so the same curves again").
			OnClick(p.onReset).
			Body(icon(iconReset...)),
		goapp.Button().ID("play").Class("btn", "btn-play").
			Aria("label", playLabel).
			Title("%s", playHelp).
			Disabled(!p.CanTrain && !p.Playing).
			OnClick(p.onPlay).
			Body(icon(playIcon...)),
		goapp.Button().ID("step").Class("btn", "btn-round").
			Aria("label", "Step").
			Title("Train on one minibatch (Shift-click: to the end of the epoch)").
			Disabled(!p.CanTrain).
			OnClick(p.onStep).
			Body(icon(iconStep...)),
		goapp.If(len(p.Speeds) > 0, func() goapp.UI {
			return goapp.Select().ID("speed").Class("select", "select-speed").
				Aria("label", "Training speed").
				Title("How many training steps each animation frame takes: slow to watch each update, fast to get results").
				OnChange(p.onSpeed).
				Body(goapp.Range(p.Speeds).Slice(func(i int) goapp.UI {
					o := p.Speeds[i]
					return goapp.Option().Value(o.Value).Selected(o.Value == p.Speed).Text(o.Label)
				}))
		}),
	)
}

func (p *PlayBar) onSpeed(ctx goapp.Context, e goapp.Event) {
	post(ctx, ActionView, ViewOption{Key: "speed", Value: ctx.JSSrc().Get("value").String()})
}

func (p *PlayBar) onPlay(ctx goapp.Context, e goapp.Event) { post(ctx, ActionPlay, nil) }

func (p *PlayBar) onReset(ctx goapp.Context, e goapp.Event) { post(ctx, ActionReset, nil) }

func (p *PlayBar) onStep(ctx goapp.Context, e goapp.Event) {
	post(ctx, ActionStep, StepRequest{Epoch: e.Get("shiftKey").Bool()})
}
