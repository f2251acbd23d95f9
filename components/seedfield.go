package components

import (
	"strconv"
	"strings"

	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"
)

// SeedField shows the experiment's seed, lets the user type another, and
// offers a fresh one (ActionNewSeed).
type SeedField struct {
	goapp.Compo

	Seed uint64
	Max  uint64 // the largest seed a link accepts
	// Locked shows the field disabled: a link locks it (lock=seed).
	Locked bool
}

const seedHelp = "One number fixes the data, the initial weights and the order of the batches: the same seed gives the same run."

// Render implements goapp.Composer.
func (s *SeedField) Render() goapp.UI {
	return lockable(goapp.Div().Class("field").DataSet("key", "seed"), s.Locked).Body(
		goapp.Div().Class("field-head").Body(
			goapp.Label().For("seed").Title(seedHelp).Text("Seed"),
		),
		goapp.Div().Class("field-row").Body(
			disabledIf(goapp.Input().Type("number").ID("seed").Class("num-input", "seed-input"), s.Locked).
				Min(0).Max(strconv.FormatUint(s.Max, 10)).Attr("step", "1").Attr("inputmode", "numeric").
				Value(strconv.FormatUint(s.Seed, 10)).
				Title(lockedOr(seedHelp, s.Locked)).Aria("describedby", "seed-help").
				OnChange(s.onChange),
			disabledIf(goapp.Button().ID("new-seed").Class("btn", "btn-text"), s.Locked).
				Title(lockedOr("Draw new data and new initial weights with another seed", s.Locked)).
				OnClick(s.onNew).
				Body(icon(iconDice...), goapp.Span().Text("New seed")),
		),
		goapp.P().ID("seed-help").Class("help").Text(seedHelp),
	)
}

func (s *SeedField) onChange(ctx goapp.Context, e goapp.Event) {
	v := strings.TrimSpace(ctx.JSSrc().Get("value").String())
	n, err := strconv.ParseUint(v, 10, 64)
	if err != nil || n == s.Seed {
		return
	}
	post(ctx, ActionSet, Setting{Key: "seed", Value: strconv.FormatUint(n, 10)})
}

func (s *SeedField) onNew(ctx goapp.Context, e goapp.Event) { post(ctx, ActionNewSeed, nil) }
